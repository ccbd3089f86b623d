"""The class tournament: every student's plan on the same random numbers, a leaderboard and
a debrief.

    submissions/  ->  collect_submissions  ->  Submission | Rejection
                  ->  run_tournament       ->  ResultStore (out/results.sqlite)
                  ->  TournamentResult     ->  leaderboard.csv, rejected.csv, debrief.html

Fairness: every plan runs replications ``0..reps-1`` of the same seed (common random numbers,
see :mod:`casekit.montecarlo`); with a class seed, each plan runs on its student's variant
(:mod:`casekit.variants`). Everything the tournament writes has a fixed name inside
``out_dir``. It works on every scenario of every kind, through the kind's contract.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from pathlib import Path
from typing import Any, Literal, Union

import pandas as pd

from casekit.case import Case
from casekit.montecarlo import POOL_THRESHOLD, batches, default_workers
from casekit.plan import no_response
from casekit.scenario import load_scenario
from casekit.tournament.intake import Rejection, collect_submissions, reference_plans
from casekit.tournament.phases import phase_rows
from casekit.tournament.result import (BASELINE, REFERENCE, STUDENT, Entry, TournamentResult,
                                       csv_safe, summary, with_scores)
from casekit.tournament.scheduler import TextProgress, execute
from casekit.tournament.store import ResultStore, engine_version

__all__ = ["run_tournament", "ProgressArg"]

ProgressArg = Union[Callable[[int, int], None], None, Literal[False]]


def run_tournament(scenario: Any, submissions_dir: str | Path, reps: int = 30,
                   seed: int = 0, out_dir: str | Path = "tournament", workers: int | None = None,
                   class_seed: int | None = None, progress: ProgressArg = None,
                   customers: int | None = None, executor: Executor | None = None,
                   debrief: bool = True) -> TournamentResult:
    """Run every valid plan in ``submissions_dir`` and write the leaderboard and debrief.

    ``progress``: a callable ``(done, total)``; None draws a text bar on stderr; False is
    silent. ``executor``: any ``concurrent.futures.Executor`` (for example
    ``distributed.Client(...).get_executor()``); without one, a process pool of ``workers``
    (default: all cores for large runs) or, with ``workers=1``, this process.
    """
    if reps < 1:
        raise ValueError("reps must be at least 1")
    base = scenario if isinstance(scenario, Case) else load_scenario(scenario)
    if customers is not None:
        base = base.with_customers(customers)
    n = int(base.population.customers)
    out = Path(out_dir)
    submissions, rejections = collect_submissions(submissions_dir, base)
    out.mkdir(parents=True, exist_ok=True)

    entries: list[Entry] = []
    if class_seed is not None:
        from casekit.variants import make_variant
    for sub in submissions:
        sc = make_variant(base, sub.student, class_seed) if class_seed is not None else base
        entries.append(Entry(STUDENT, sub.student, sub.plan, sc, sub.file))
    for plan in reference_plans(base):
        entries.append(Entry(REFERENCE, plan.name, plan, base))
    entries.append(Entry(BASELINE, "baseline", no_response(base.id), base))

    store = ResultStore(out / "results.sqlite", engine_version(base))
    engine = store.engine
    try:
        missing: list[tuple[Entry, list[int]]] = []
        queued: set[tuple[str, str]] = set()
        reused = 0
        for entry in entries:
            have = store.finished(*entry.key, seed)
            reused += sum(rep in have for rep in range(reps))
            todo = [rep for rep in range(reps) if rep not in have]
            if todo and entry.key not in queued:  # two students with the same plan: run once
                queued.add(entry.key)
                missing.append((entry, todo))
        computed = sum(len(todo) for _, todo in missing)
        if workers is None:
            workers = default_workers() if n * computed >= POOL_THRESHOLD else 1
        # Each plan's replications run side by side in batches; with few plans left, smaller
        # batches keep every worker busy.
        parts = -(-workers // max(len(missing), 1)) if workers > 1 else 1
        tasks = [(entry, chunk) for entry, todo in missing
                 for chunk in batches(todo, n, parts)]
        bar: Callable[[int, int], None] | None
        bar = TextProgress() if progress is None else (progress or None)
        failures = execute(tasks, store, seed, n, workers, executor, bar) if tasks else {}

        rows, reference_rows, phases = [], [], []
        kept: list[Entry] = []
        for entry in entries:
            if entry.key in failures:
                rejections.append(Rejection(entry.file or entry.label, failures[entry.key]))
                continue
            totals, series = store.load(*entry.key, seed, reps)
            per_run = with_scores(totals, entry.scenario)
            kept.append(entry)
            (rows if entry.role == STUDENT else reference_rows).append(summary(entry, per_run))
            phases.extend(phase_rows(entry, series))
    finally:
        store.close()

    leaderboard = pd.DataFrame(rows)
    if not leaderboard.empty:
        leaderboard = leaderboard.sort_values(["score", "student"], ascending=[False, True])
        leaderboard.insert(0, "rank", leaderboard["score"].rank(ascending=False, method="min")
                           .astype(int))
        leaderboard = leaderboard.drop(columns=["role"]).reset_index(drop=True)
    references = pd.DataFrame(reference_rows).drop(columns=["student", "file"])
    rejected = pd.DataFrame([{"file": r.file, "reason": r.reason} for r in rejections],
                            columns=["file", "reason"])
    result = TournamentResult(base, leaderboard, references, rejected, pd.DataFrame(phases),
                              out, seed, reps, n, class_seed, computed, reused, kept,
                              engine)
    csv_safe(leaderboard).to_csv(result.leaderboard_path, index=False)
    csv_safe(rejected).to_csv(result.rejected_path, index=False)
    csv_safe(references).to_csv(out / "references.csv", index=False)
    csv_safe(result.phase_scores).to_csv(out / "phases.csv", index=False)
    if debrief:
        from casekit.report.debrief import write_debrief
        write_debrief(result, result.debrief_path)
    return result
