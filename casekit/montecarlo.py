"""Replications with common random numbers.

Replication ``r`` of seed ``s`` always draws the same customers, thresholds and thread
noise, whatever the plan and whichever process runs it; comparing two plans replication by
replication therefore removes most of the noise from the difference.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Callable

from casekit.engine import RunResult
from casekit.outcomes import Outcome
from casekit.plan import Plan, no_response
from casekit.pool import worker_pool
from casekit.scenario import Scenario
from casekit.simulation import simulate_batch

__all__ = ["run", "run_many", "compare", "default_workers", "batches"]

#: Below this many customer-replications a process pool costs more than it saves.
POOL_THRESHOLD = 200_000
#: Replications run side by side in one simulation share its hourly Python work; beyond
#: about this many customers in a batch the arrays outgrow the cache and gain nothing more.
BATCH_CUSTOMERS = 600_000


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def batches(reps: Sequence[int], customers: int, parts: int = 1) -> list[list[int]]:
    """Split replications into batches of at most BATCH_CUSTOMERS customers, and into at
    least ``parts`` batches (to keep that many workers busy) when there are enough."""
    reps = list(reps)
    if not reps:
        return []
    size = max(1, min(len(reps), BATCH_CUSTOMERS // max(customers, 1)))
    count = max(-(-len(reps) // size), min(parts, len(reps)))
    size = -(-len(reps) // count)
    return [reps[i:i + size] for i in range(0, len(reps), size)]


def _batch(args: tuple) -> list[RunResult]:
    scenario, plan, seed, reps, customers, keep_final = args
    return simulate_batch(scenario, plan, seed=seed, replications=reps, customers=customers,
                          keep_final=keep_final)


def run(scenario: Scenario, plan: Plan | None = None, seed: int = 0, reps: int = 10,
        customers: int | None = None, workers: int | None = None, keep_final: bool = True,
        progress: Callable[[int, int], None] | None = None) -> Outcome:
    """Run ``reps`` replications of ``plan`` (the no-response baseline if None)."""
    return run_many(scenario, [plan or no_response(scenario.id)], seed, reps, customers,
                    workers, keep_final, progress)[0]


def run_many(scenario: Scenario, plans: list[Plan], seed: int = 0, reps: int = 10,
             customers: int | None = None, workers: int | None = None,
             keep_final: bool = True,
             progress: Callable[[int, int], None] | None = None) -> list[Outcome]:
    """Several plans on the same random numbers; one Outcome per plan, in order.

    Replications run in batches (``simulate_batch``), in this process or a process pool;
    a replication's numbers are the same whichever batch or process runs it.
    """
    if reps < 1:
        raise ValueError("reps must be at least 1")
    n = int(customers or scenario.population.customers)
    total = len(plans) * reps
    if workers is None:
        workers = default_workers() if n * total >= POOL_THRESHOLD else 1
    parts = -(-workers // len(plans)) if workers > 1 else 1
    jobs = [(i, (scenario, plan, seed, chunk, n, keep_final)) for i, plan in enumerate(plans)
            for chunk in batches(range(reps), n, parts)]
    found: dict[tuple[int, int], RunResult] = {}

    def collect(i: int, results: list[RunResult]) -> None:
        for result in results:
            found[i, result.replication] = result
        if progress:
            progress(len(found), total)

    if workers <= 1 or len(jobs) == 1:
        for i, job in jobs:
            collect(i, _batch(job))
    else:
        with worker_pool(min(workers, len(jobs))) as pool:
            for (i, _), results in zip(jobs, pool.map(_batch, [job for _, job in jobs])):
                collect(i, results)
    return [Outcome(scenario, plan, seed, [found[i, rep] for rep in range(reps)], n)
            for i, plan in enumerate(plans)]


def compare(scenario: Scenario, plan: Plan, seed: int = 0, reps: int = 10,
            customers: int | None = None, workers: int | None = None) -> tuple[Outcome, Outcome]:
    """A plan and the no-response baseline, on common random numbers."""
    outcome, baseline = run_many(scenario, [plan, no_response(scenario.id)], seed, reps,
                                 customers, workers)
    return outcome, baseline
