"""Per-phase scores for the debrief: how each plan did in each of its kind's phases.

A kind gives, for every replication, the points lost in each hour (``Kind.hourly_points``:
the same weights as the score, applied to what happened in that hour); the tournament keeps
them as the stored series ``points``. A phase ``[a, b)`` in hours scores the sum of its
hours' points, with a 95% interval over replications. Over ``[0, horizon)`` the phase score
equals the score the kind's engine counts within the horizon.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from casekit.kinds import kind_of
from casekit.outcomes import interval
from casekit.tournament.result import STUDENT, Entry

__all__ = ["phase_rows"]


def phase_rows(entry: Entry, series: dict[str, np.ndarray], language: str = "en"
               ) -> list[dict[str, Any]]:
    """One row per phase of the entry's kind: the phase's score with its interval."""
    points = series.get("points")
    if points is None or points.size == 0:
        return []
    rows = []
    for phase in kind_of(entry.scenario).phases(entry.scenario):
        if phase.end <= phase.start:
            continue
        m = interval(points[:, phase.start:phase.end].sum(axis=1))
        rows.append({"student": entry.label if entry.role == STUDENT else "",
                     "plan": entry.plan.name, "role": entry.role,
                     "phase": phase.label.get(language) or phase.label["en"],
                     "phase_key": phase.key, "from_hour": phase.start, "to_hour": phase.end,
                     "score": m.mean, "score_low": m.low, "score_high": m.high})
    return rows
