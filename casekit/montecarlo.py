"""Replications with common random numbers.

Replication ``r`` of seed ``s`` always draws the same customers, thresholds and thread
noise, whatever the plan and whichever process runs it; comparing two plans replication by
replication therefore removes most of the noise from the difference.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable

from casekit.engine import RunResult, simulate
from casekit.outcomes import Outcome
from casekit.plan import Plan, no_response
from casekit.scenario import Scenario

__all__ = ["run", "run_many", "compare", "default_workers"]

#: Below this many customer-replications a process pool costs more than it saves.
POOL_THRESHOLD = 200_000


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def _one(args: tuple) -> RunResult:
    scenario, plan, seed, rep, customers, keep_final = args
    return simulate(scenario, plan, seed=seed, replication=rep, customers=customers,
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
    """Several plans on the same random numbers; one Outcome per plan, in order."""
    if reps < 1:
        raise ValueError("reps must be at least 1")
    n = int(customers or scenario.population.customers)
    jobs = [(scenario, plan, seed, rep, n, keep_final) for plan in plans for rep in range(reps)]
    if workers is None:
        workers = default_workers() if n * len(jobs) >= POOL_THRESHOLD else 1
    results: list[RunResult] = []
    if workers <= 1 or len(jobs) == 1:
        for job in jobs:
            results.append(_one(job))
            if progress:
                progress(len(results), len(jobs))
    else:
        with ProcessPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
            for result in pool.map(_one, jobs, chunksize=max(1, len(jobs) // (4 * workers))):
                results.append(result)
                if progress:
                    progress(len(results), len(jobs))
    return [Outcome(scenario, plan, seed, results[i * reps:(i + 1) * reps], n)
            for i, plan in enumerate(plans)]


def compare(scenario: Scenario, plan: Plan, seed: int = 0, reps: int = 10,
            customers: int | None = None, workers: int | None = None) -> tuple[Outcome, Outcome]:
    """A plan and the no-response baseline, on common random numbers."""
    outcome, baseline = run_many(scenario, [plan, no_response(scenario.id)], seed, reps,
                                 customers, workers)
    return outcome, baseline
