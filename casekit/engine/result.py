"""What one replication of one plan produced, whichever kind of case ran it."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["RunResult", "SHARED_HOURLY"]

#: Hourly columns every kind records, one value per hour of the horizon: mean sentiment
#: (-1..1), customers lost so far and money spent so far (both cumulative). The shared
#: figures, the workbenches and the reports read them whatever the kind.
SHARED_HOURLY = ("sentiment_mean", "churned", "cost")


@dataclass
class RunResult:
    """One replication of one plan: hourly series, totals and final customer states.

    ``hourly`` maps a column name to one value per hour of the horizon; ``totals`` holds the
    replication's numbers (the kind's metrics among them); ``final`` optionally holds
    per-customer arrays at the end, for segment tables and what-if questions.
    """

    scenario_id: str
    plan_name: str
    seed: int
    replication: int
    customers: int
    hourly: dict[str, np.ndarray]
    totals: dict[str, float]
    actions: list[dict]
    final: dict[str, np.ndarray] = field(default_factory=dict, repr=False)
