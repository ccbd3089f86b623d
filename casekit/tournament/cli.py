"""``casekit tournament``: the tournament from the command line, and its text tables."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pandas as pd

from casekit.errors import ScenarioError
from casekit.escape import for_terminal
from casekit.scenario import load_scenario
from casekit.tournament.result import TournamentResult
from casekit.tournament.run import run_tournament

__all__ = ["tournament_cli", "rejected_table", "leaderboard_table"]


def rejected_table(rejected: pd.DataFrame) -> str:
    if rejected.empty:
        return "rejected: none"
    width = min(40, max(len(str(f)) for f in rejected["file"]))
    lines = [f"rejected: {len(rejected)} file(s)", f"  {'file':{width}}  reason"]
    for row in rejected.itertuples():
        lines.append(f"  {for_terminal(row.file)[:width]:{width}}  {for_terminal(row.reason)}")
    return "\n".join(lines)


def leaderboard_table(result: TournamentResult, n: int = 10) -> str:
    board = result.leaderboard
    if board.empty:
        return "leaderboard: no valid plans"
    lines = [f"leaderboard (top {min(n, len(board))} of {len(board)}; score higher is better, "
             f"{result.reps} reps, seed {result.seed})",
             f"  {'rank':>4}  {'student':20}  {'score':>9}  {'95% interval':>21}  "
             f"{'churn' if 'churn_rate' in board else '':>7}  plan"]
    for row in board.head(n).itertuples():
        churn = f"{100 * row.churn_rate:6.2f}%" if "churn_rate" in board else ""
        lines.append(f"  {row.rank:>4}  {for_terminal(row.student)[:20]:20}  {row.score:9.1f}  "
                     f"[{row.score_low:9.1f}, {row.score_high:9.1f}]  "
                     f"{churn:>7}  {for_terminal(row.plan)[:40]}")
    return "\n".join(lines)


def tournament_cli(args: Any) -> int:
    """``casekit tournament SCENARIO SUBMISSIONS --reps R --seed S --out DIR``."""
    try:
        scenario = load_scenario(args.scenario)
    except ScenarioError as exc:
        print(f"casekit: {for_terminal(exc)}", file=sys.stderr)
        return 2
    folder = Path(args.submissions)
    if not folder.is_dir():
        print(f"casekit: {for_terminal(folder)}: expected a folder of plan files", file=sys.stderr)
        return 2
    try:
        result = run_tournament(scenario, folder, reps=args.reps, seed=args.seed,
                                out_dir=args.out, workers=args.workers,
                                class_seed=args.class_seed, customers=args.customers)
    except OSError as exc:
        print(f"casekit: {for_terminal(exc.filename or args.out)}: {for_terminal(exc.strerror or exc)}",
              file=sys.stderr)
        return 2
    print(for_terminal(rejected_table(result.rejected), keep_newlines=True))
    print()
    print(for_terminal(leaderboard_table(result), keep_newlines=True))
    print()
    print(f"computed {result.computed} replications, reused {result.reused}; wrote "
          f"{result.leaderboard_path}, {result.rejected_path} and {result.debrief_path}")
    return 0
