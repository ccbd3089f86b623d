"""Running the tournament's replications: in this process, a process pool or any executor
(a Dask cluster's), storing every batch as it finishes.

The pool's workers never outlive the tournament's process. Each worker, as it starts
(:func:`watch_parent`), asks Linux to kill it when its parent dies (``prctl`` death signal)
and also watches, on a thread, whether the tournament's process and its own parent are still
there, ending itself within a quarter of a second once they are not. So a main process that
is killed (``SIGKILL`` included), crashes or is stopped with Ctrl-C leaves nothing running
and nothing hangs; an interrupted run stops its workers at once instead of waiting for their
batches.
"""

from __future__ import annotations

import functools
import sys
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from typing import Any

from casekit.kinds import kind_of
from casekit.pool import stop_now as _stop_now
from casekit.pool import watch_parent, worker_pool
from casekit.plan import Plan
from casekit.simulation import simulate_batch
from casekit.tournament.result import Entry
from casekit.tournament.store import ResultStore, pack_series

__all__ = ["TextProgress", "execute", "replications", "watch_parent", "worker_pool"]

def replications(task: tuple[Any, Plan, int, list[int], int]
                 ) -> list[tuple[int, dict[str, float], bytes]]:
    """A batch of replications in a worker: for each, its totals and packed hourly series
    (those its kind keeps for the debrief)."""
    scenario, plan, seed, reps, customers = task
    kind = kind_of(scenario)
    results = simulate_batch(scenario, plan, seed=seed, replications=reps,
                             customers=customers, keep_final=False)
    return [(r.replication, r.totals, pack_series(kind.hourly_series(r, scenario)))
            for r in results]


class TextProgress:
    """A plain-text progress bar on stderr: ``[#####-----] 120/600 20% 0:45, ~3:00 left``."""

    def __init__(self, label: str = "tournament", stream: Any = None, width: int = 30) -> None:
        self.label, self.width = label, width
        self.stream = stream if stream is not None else sys.stderr
        self.start = time.monotonic()
        self.last = 0.0

    @staticmethod
    def _clock(seconds: float) -> str:
        seconds = int(seconds)
        return f"{seconds // 60}:{seconds % 60:02d}"

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.last < 0.25:
            return
        self.last = now
        share = done / total if total else 1.0
        filled = round(self.width * share)
        elapsed = now - self.start
        left = f", ~{self._clock(elapsed / share - elapsed)} left" if 0 < share < 1 else ""
        self.stream.write(f"\r{self.label} [{'#' * filled}{'-' * (self.width - filled)}] "
                          f"{done}/{total} {100 * share:3.0f}% {self._clock(elapsed)}{left}  ")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def execute(tasks: list[tuple[Entry, list[int]]], store: ResultStore, seed: int,
             customers: int, workers: int, executor: Executor | None,
             progress: Callable[[int, int], None] | None) -> dict[tuple[str, str], str]:
    """Run the tasks (a plan and a batch of its replications each), storing every batch as
    it finishes; returns failures by key."""
    failures: dict[tuple[str, str], str] = {}
    total = sum(len(reps) for _, reps in tasks)
    done = 0

    def finish(entry: Entry, reps: list[int],
               outcome: Callable[[], list[tuple[int, dict, bytes]]]) -> None:
        nonlocal done
        try:
            results = outcome()
        except Exception as exc:  # noqa: BLE001 - one plan that breaks the engine
            failures.setdefault(entry.key, f"simulation failed: {type(exc).__name__}: {exc}")
        else:
            store.put_many(entry.plan.digest, entry.scenario.fingerprint, seed, customers,
                           results)
        done += len(reps)
        if progress:
            progress(done, total)

    if progress:
        progress(0, total)
    if executor is None and workers <= 1:
        for entry, reps in tasks:
            job = (entry.scenario, entry.plan, seed, reps, customers)
            finish(entry, reps, functools.partial(replications, job))
        return failures

    own = executor is None
    pool: Executor = executor or worker_pool(workers)
    # Enough tasks in flight to keep every worker busy, few enough that an interruption
    # loses little; a cluster's executor may have far more workers than this machine.
    cap = max(2, 2 * workers) if own else max(256, 4 * workers)
    queue = deque(tasks)
    running: dict[Future, tuple[Entry, list[int]]] = {}
    try:
        while queue or running:
            while queue and len(running) < cap:
                entry, reps = queue.popleft()
                future = pool.submit(replications,
                                     (entry.scenario, entry.plan, seed, reps, customers))
                running[future] = (entry, reps)
            finished, _ = wait(list(running), return_when=FIRST_COMPLETED)
            for future in finished:
                entry, reps = running.pop(future)
                finish(entry, reps, future.result)
    except BaseException:
        for future in running:
            future.cancel()
        if own:
            own = False
            _stop_now(pool)  # type: ignore[arg-type]
        raise
    finally:
        if own:
            pool.shutdown(wait=True, cancel_futures=True)
    return failures
