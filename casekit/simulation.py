"""Run a scenario through the engine of its kind: one replication or a batch.

    >>> from casekit.simulation import simulate
    >>> result = simulate(scenario, plan, seed=1, replication=0)

The same ``(seed, replication)`` gives the same customers, thresholds and luck whatever the
plan (common random numbers), and a batch gives each replication exactly as run alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from casekit.engine.result import RunResult
from casekit.kinds import kind_of
from casekit.plan import Plan

__all__ = ["simulate", "simulate_batch"]


def simulate(scenario: Any, plan: Plan, seed: int = 0, replication: int = 0,
             customers: int | None = None, keep_final: bool = True) -> RunResult:
    """Run one replication of ``plan`` on ``scenario``."""
    return simulate_batch(scenario, plan, seed, [replication], customers, keep_final)[0]


def simulate_batch(scenario: Any, plan: Plan, seed: int = 0,
                   replications: Sequence[int] = (0,), customers: int | None = None,
                   keep_final: bool = True) -> list[RunResult]:
    """Run several replications of ``plan`` side by side, one RunResult each, in order."""
    replications = [int(r) for r in replications]
    if not replications:
        return []
    return kind_of(scenario).simulate_batch(scenario, plan, seed, replications, customers,
                                            keep_final)
