"""``casekit tournament``: the tournament from the command line, and its text tables."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pandas as pd

from casekit.errors import ScenarioError
from casekit.escape import for_terminal
from casekit.scenario import load_scenario
from casekit.text.errors import os_reason, said
from casekit.tournament.result import TournamentResult, rejection_reasons
from casekit.tournament.run import run_tournament

__all__ = ["WORDS", "leaderboard_table", "rejected_table", "tournament_cli"]


#: The tournament's terminal words, in both languages.
WORDS: dict[str, dict[str, str]] = {
    "rejected_none": {"en": "rejected: none", "tr": "reddedilen: yok"},
    "rejected": {"en": "rejected: {n} file(s)", "tr": "reddedilen: {n} dosya"},
    "file": {"en": "file", "tr": "dosya"},
    "reason": {"en": "reason", "tr": "neden"},
    "no_plans": {"en": "leaderboard: no valid plans", "tr": "sıralama: geçerli plan yok"},
    "board": {"en": "leaderboard (top {top} of {n}; {order}, {reps} replications, seed {seed})",
              "tr": "sıralama (ilk {top} / {n}; {order}, {reps} tekrar, tohum {seed})"},
    "by_score": {"en": "by score, higher is better", "tr": "puana göre, yüksek olan iyi"},
    "by_improvement": {"en": "by improvement over doing nothing on each student's own "
                             "variant", "tr": "her öğrencinin kendi vaka sürümünde hiçbir "
                                              "şey yapmamaya göre iyileşmeye göre"},
    "units": {"en": "points = thousands of {currency}, negated",
              "tr": "puan = bin {currency}, eksi işaretli"},
    "rank": {"en": "rank", "tr": "sıra"},
    "student": {"en": "student", "tr": "öğrenci"},
    "score": {"en": "score", "tr": "puan"},
    "ci": {"en": "95% interval", "tr": "%95 aralık"},
    "improvement": {"en": "vs nothing", "tr": "tepkisizliğe göre"},
    "plan": {"en": "plan", "tr": "plan"},
    "summary": {"en": "computed {computed:,} replications, reused {reused:,}; wrote {files}",
                "tr": "{computed:,} tekrar hesaplandı, {reused:,} tekrar yeniden kullanıldı; "
                      "yazılan dosyalar: {files}"},
}


def _w(key: str, language: str, **values: Any) -> str:
    from casekit.text.formats import fill
    texts = WORDS[key]
    return fill(texts.get(language) or texts["en"], language, **values)


def _clip(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters, with an ellipsis when it was cut."""
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def rejected_table(rejected: pd.DataFrame, language: str = "en") -> str:
    """The rejected files with their reasons, one line each."""
    if rejected.empty:
        return _w("rejected_none", language)
    width = min(40, max(len(str(f)) for f in rejected["file"]))
    lines = [_w("rejected", language, n=len(rejected)),
             f"  {_w('file', language):{width}}  {_w('reason', language)}"]
    for file, reason in zip(rejected["file"], rejection_reasons(rejected, language)):
        lines.append(f"  {for_terminal(file)[:width]:{width}}  {for_terminal(reason)}")
    return "\n".join(lines)


def leaderboard_table(result: TournamentResult, n: int = 10, language: str = "en") -> str:
    """The top ``n`` of the leaderboard: rank, student, score with its interval, the
    improvement over doing nothing when ranked by it, the kind's first headline metric."""
    from casekit.kinds import kind_of
    from casekit.text.formats import metric_value, number
    from casekit.text.strings import plan_name
    board = result.leaderboard
    if board.empty:
        return _w("no_plans", language)
    kind = kind_of(result.scenario)
    metric = next((m for m in kind.metrics if m.headline and m.name in board), None)
    by_improvement = getattr(result, "ranked_by", "score") == "improvement" and \
        "improvement" in board
    order = _w("by_improvement" if by_improvement else "by_score", language)
    head = _w("board", language, top=min(n, len(board)), n=len(board), order=order,
              reps=result.reps, seed=result.seed)
    units = _w("units", language, currency=result.scenario.currency)
    rows = []
    for row in board.head(n).itertuples():
        cells = [str(row.rank), for_terminal(row.student)[:20], number(row.score, language, 1),
                 f"[{number(row.score_low, language, 1)}; {number(row.score_high, language, 1)}]"]
        if by_improvement:
            cells.append(number(row.improvement, language, 1, sign=True))
        if metric is not None:
            cells.append(metric_value(metric.unit, getattr(row, metric.name), language))
        cells.append(_clip(for_terminal(plan_name(str(row.plan), language)), 48))
        rows.append(cells)
    heads = [_w("rank", language), _w("student", language), _w("score", language),
             _w("ci", language)]
    if by_improvement:
        heads.append(_w("improvement", language))
    if metric is not None:
        heads.append(metric.label.get(language) or metric.label["en"])
    heads.append(_w("plan", language))
    widths = [max(len(r[i]) for r in [heads, *rows]) for i in range(len(heads))]
    left = {1, len(heads) - 1}   # student and plan read left to right

    def line(cells: list[str]) -> str:
        return "  " + "  ".join(f"{c:{'<' if i in left else '>'}{widths[i]}}"
                                for i, c in enumerate(cells)).rstrip()
    return "\n".join([f"{head} ({units})", line(heads), *(line(r) for r in rows)])


def tournament_cli(args: Any) -> int:
    """``casekit tournament SCENARIO SUBMISSIONS --reps R --seed S --out DIR``."""
    language = getattr(args, "lang", "en") or "en"
    try:
        scenario = load_scenario(args.scenario)
    except ScenarioError as exc:
        print(f"casekit: {for_terminal(exc.text(language))}", file=sys.stderr)
        return 2
    folder = Path(args.submissions)
    if not folder.is_dir():
        print(f"casekit: {for_terminal(folder)}: {said('no_plan_folder').in_(language)}",
              file=sys.stderr)
        return 2
    try:
        result = run_tournament(scenario, folder, reps=args.reps, seed=args.seed,
                                out_dir=args.out, workers=args.workers,
                                class_seed=args.class_seed, customers=args.customers,
                                language=language)
    except OSError as exc:
        cannot = said("cannot_write_out", error=os_reason(exc))
        print(f"casekit: {for_terminal(exc.filename or args.out)}: --out: "
              f"{for_terminal(cannot.in_(language))}", file=sys.stderr)
        return 2
    print(for_terminal(rejected_table(result.rejected, language), keep_newlines=True))
    print()
    print(for_terminal(leaderboard_table(result, language=language), keep_newlines=True))
    print()
    files = ", ".join(str(p) for p in (result.leaderboard_path, result.rejected_path,
                                       result.debrief_path))
    print(for_terminal(_w("summary", language, computed=result.computed, reused=result.reused,
                          files=files)))
    return 0
