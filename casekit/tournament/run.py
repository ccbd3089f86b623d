"""The class tournament: every student's plan on the same random numbers, a leaderboard and
a debrief.

    submissions/  ->  collect_submissions  ->  Submission | Rejection
                  ->  run_tournament       ->  ResultStore (out/results.sqlite)
                  ->  TournamentResult     ->  leaderboard.csv, rejected.csv, debrief.html

Fairness: every plan runs replications ``0..reps-1`` of the same seed (common random numbers,
see :mod:`casekit.montecarlo`); with a class seed, each plan runs on its student's variant
(:mod:`casekit.variants`) and the leaderboard ranks by each plan's improvement over doing
nothing on that same variant, so a lucky variant does not lift a plan that does nothing.
Everything the tournament writes has a fixed name inside
``out_dir``. It works on every scenario of every kind, through the kind's contract.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from concurrent.futures import Executor
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from casekit.case import Case
from casekit.escape import for_terminal
from casekit.montecarlo import POOL_THRESHOLD, batches, default_workers
from casekit.plan import no_response
from casekit.scenario import load_scenario
from casekit.tournament.intake import Rejection, collect_submissions, reference_plans
from casekit.tournament.phases import phase_rows
from casekit.tournament.result import (
    BASELINE,
    REFERENCE,
    REJECTED_COLUMNS,
    STUDENT,
    VARIANT_BASELINE,
    Entry,
    TournamentResult,
    csv_safe,
    summary,
    with_scores,
)
from casekit.tournament.scheduler import TextProgress, execute
from casekit.tournament.store import ResultStore, engine_version

__all__ = ["ProgressArg", "run_tournament"]

ProgressArg = Callable[[int, int], None] | None | Literal[False]


def run_tournament(scenario: Any, submissions_dir: str | Path, reps: int = 30,
                   seed: int = 0, out_dir: str | Path = "tournament", workers: int | None = None,
                   class_seed: int | None = None, progress: ProgressArg = None,
                   customers: int | None = None, executor: Executor | None = None,
                   debrief: bool = True, language: str = "en") -> TournamentResult:
    """Run every valid plan in ``submissions_dir`` and write the leaderboard and debrief.

    ``progress``: a callable ``(done, total)``; None draws a text bar on stderr; False is
    silent; with the text bar, what the intake and the result store noticed (a ``student:``
    field naming someone else, damaged stored rows, ...) is also said there, one line each,
    in ``language``, the language the debrief is written in. ``executor``: any
    ``concurrent.futures.Executor`` (for example ``distributed.Client(...).get_executor()``);
    without one, a process pool of ``workers``
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
    own_baselines: dict[str, Entry] = {}  # student -> doing nothing on their own variant
    if class_seed is not None:
        from casekit.variants import make_variant
    for sub in submissions:
        sc = make_variant(base, sub.student, class_seed) if class_seed is not None else base
        entries.append(Entry(STUDENT, sub.student, sub.plan, sc, sub.file,
                             sub.warning("en"), sub.warning("tr")))
        if class_seed is not None:
            own_baselines[sub.student] = Entry(VARIANT_BASELINE, sub.student,
                                               no_response(base.id), sc)
    for plan in reference_plans(base):
        entries.append(Entry(REFERENCE, plan.name, plan, base))
    baseline = Entry(BASELINE, "baseline", no_response(base.id), base)
    entries.append(baseline)

    store = ResultStore(out / "results.sqlite", engine_version(base))
    engine = store.engine
    try:
        missing: list[tuple[Entry, list[int]]] = []
        queued: set[tuple[str, str]] = set()
        reused = 0
        for entry in [*entries, *own_baselines.values()]:
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

        def scored(entry: Entry) -> pd.DataFrame | None:
            if entry.key in failures:
                return None
            totals, _ = store.load(*entry.key, seed, reps)
            return with_scores(totals, entry.scenario)

        common = scored(baseline)
        rows: list[dict[str, Any]] = []
        reference_rows: list[dict[str, Any]] = []
        phases: list[dict[str, Any]] = []
        kept: list[Entry] = []
        for entry in entries:
            if entry.key in failures:
                rejections.append(Rejection.of(
                    entry.file or entry.label, "run_failed",
                    error=failures[entry.key].removeprefix("simulation failed: ")))
                continue
            totals, series = store.load(*entry.key, seed, reps)
            per_run = with_scores(totals, entry.scenario)
            own = own_baselines.get(entry.label) if entry.role == STUDENT else None
            against = scored(own) if own is not None else common
            kept.append(entry)
            (rows if entry.role == STUDENT else reference_rows).append(
                summary(entry, per_run, against))
            phases.extend(phase_rows(entry, series))
        notices = list(store.notices)
    finally:
        if not store.in_memory:  # results kept in memory stay open for the result to read
            store.close()

    # With a class seed every student has their own case, so raw scores also measure how
    # lucky the variant was; the ranking is then by the improvement over doing nothing on
    # the student's own variant (common random numbers), with the score shown beside it.
    ranked_by = "improvement" if class_seed is not None else "score"
    leaderboard = pd.DataFrame(rows)
    if not leaderboard.empty:
        if ranked_by not in leaderboard:  # no student's own baseline could be run
            leaderboard[ranked_by] = float("nan")
        leaderboard = leaderboard.sort_values([ranked_by, "student"], ascending=[False, True],
                                              na_position="last")
        leaderboard.insert(0, "rank", leaderboard[ranked_by].rank(ascending=False,
                                                                  method="min",
                                                                  na_option="bottom")
                           .astype(int))
        leaderboard = leaderboard.drop(columns=["role"]).reset_index(drop=True)
    references = pd.DataFrame(reference_rows).drop(columns=["student", "file"])
    rejected = pd.DataFrame([{"file": r.file, "reason": r.reason, "code": r.code,
                              "reason_tr": r.text("tr")} for r in rejections],
                            columns=list(REJECTED_COLUMNS))
    result = TournamentResult(base, leaderboard, references, rejected, pd.DataFrame(phases),
                              out, seed, reps, n, class_seed, computed, reused, kept,
                              engine, ranked_by, notices,
                              store if store.in_memory else None)
    if progress is None:  # the text bar is on: say on the same terminal what it noticed
        for notice in notices:
            print(f"casekit: {for_terminal(notice.text(language))}", file=sys.stderr)
        for entry in kept:
            warning = entry.warning_tr if language == "tr" and entry.warning_tr else \
                entry.warning
            if warning:
                print(f"casekit: {for_terminal(entry.file)}: {for_terminal(warning)}",
                      file=sys.stderr)
    csv_safe(leaderboard).to_csv(result.leaderboard_path, index=False)
    csv_safe(rejected).to_csv(result.rejected_path, index=False)
    csv_safe(references).to_csv(out / "references.csv", index=False)
    csv_safe(result.phase_scores).to_csv(out / "phases.csv", index=False)
    if debrief:
        from casekit.report.debrief import write_debrief
        write_debrief(result, result.debrief_path, language)
    return result
