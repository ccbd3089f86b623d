"""``casekit export``: tables for the learning platform and for class work, from results.

    casekit export grades SUBMISSIONS_DIR --out grades.csv [--class-seed 7] [--attempts DIR]

Every exporter is one entry of :data:`EXPORTERS`, a subcommand of ``casekit export``:

    EXPORTERS["complaint-log"] = Exporter(add_arguments, run, "write ... as CSV")

``add_arguments(parser)`` declares its arguments on an ``argparse`` parser and
``run(args) -> int`` does the work and returns the exit status (raise an
:class:`~casekit.errors.InputError` for bad input: the command line prints it as one line and
exits with status 2). A plain ``(add_arguments, run)`` pair works too (its help is then the
first line of ``run``'s docstring). Import heavy modules inside ``run``, so that
``casekit --help`` stays fast.

**grades**: one row per student for the learning platform: who (decided by the file name, as
in the tournament), the plan file, the status (``ranked``, ``rejected`` or ``no_plan``: used
the workbench but handed in nothing), the rank, the score and each of its parts, the
improvement over doing nothing on the student's own variant (with its 95% interval, on
common random numbers), answers A and B from the student's attempts file (as ``casekit app``
keeps them: ``DIR/casekit-attempts/<scenario>/student-<id>.json``; read only, never
changed), and a note (why a file was rejected, a ``student:`` field naming someone else, an
attempts file that could not be read). The scores come from a tournament run with the same
settings (``--results DIR`` reuses one that has already run: nothing is computed twice).
Text cells a spreadsheet would read as a formula get a leading apostrophe.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from casekit.errors import InputError

__all__ = ["EXPORTERS", "GRADE_COLUMNS", "MESSAGES", "Exporter", "add_export_commands",
           "export_cli", "grades_table", "read_answers"]


class Exporter(NamedTuple):
    """One ``casekit export NAME`` subcommand."""

    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    help: str = ""


#: The columns of grades.csv before the score's parts (``score_<part>``) and after them.
GRADE_COLUMNS = ("student", "file", "status", "plan", "rank", "score", "score_low",
                 "score_high", "improvement", "improvement_low", "improvement_high",
                 "baseline_score")
_TAIL = ("answer_a", "answer_b", "note")

MESSAGES: dict[str, dict[str, str]] = {
    "wrote": {"en": "wrote {path}: {students} student(s), {ranked} ranked, {rejected} "
                    "rejected, {no_plan} without a plan; answers found for {answers}",
              "tr": "{path} yazıldı: {students} öğrenci; {ranked} sıralandı, {rejected} "
                    "reddedildi, {no_plan} plan teslim etmedi; {answers} öğrencinin yanıtları "
                    "bulundu"},
    "answers_damaged": {"en": "the attempts file could not be read ({error})",
                        "tr": "deneme dosyası okunamadı ({error})"},
    "no_plan": {"en": "used the workbench but handed in no plan",
                "tr": "çalışma masasını kullandı ama plan teslim etmedi"},
    "rejected": {"en": "plan not run: {reason}", "tr": "plan çalıştırılmadı: {reason}"},
}


def _text(key: str, language: str, **values: Any) -> str:
    texts = MESSAGES[key]
    return (texts.get(language) or texts["en"]).format(**values)


# -- answers from the workbench's attempts files ----------------------------------------------

def read_answers(workdir: str | Path, scenario_id: str, student: str
                 ) -> tuple[dict[str, str], str]:
    """Answers A and B of ``student`` as the workbench keeps them under ``workdir``, read
    only; (answers, "") or ({}, what went wrong) -- never raises on a damaged file."""
    from casekit.attempts import (MAX_ATTEMPTS_BYTES, AttemptsError, StudentIdError,
                                  attempts_file)
    from casekit.files import parse_mapping, shorten
    try:
        path = attempts_file(workdir, scenario_id, student)
    except StudentIdError:
        return {}, ""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_ATTEMPTS_BYTES + 1)
    except FileNotFoundError:
        return {}, ""
    except OSError as exc:
        return {}, shorten(exc.strerror or str(exc), 80)
    try:
        if len(raw) > MAX_ATTEMPTS_BYTES:
            raise AttemptsError(str(path), "", "too large")
        data = parse_mapping(raw.decode("utf-8"), path.name, AttemptsError, json_only=True,
                             max_bytes=MAX_ATTEMPTS_BYTES)
    except (AttemptsError, UnicodeDecodeError) as exc:
        return {}, shorten(str(exc), 120)
    answers = data.get("answers")
    if not isinstance(answers, dict):
        return {}, "answers: expected a mapping" if answers is not None else ""
    return {q: answers[q] for q in ("A", "B") if isinstance(answers.get(q), str)}, ""


def _workbench_students(workdir: Path, scenario_id: str) -> list[str]:
    """Students with an attempts file for the scenario under ``workdir`` (their ``student``
    field, checked; files without a usable one are skipped)."""
    from casekit.attempts import FOLDER, StudentIdError, attempts_file, check_student
    from casekit.files import parse_mapping
    folder = attempts_file(workdir, scenario_id, "x").parent
    if folder.parent.name != FOLDER or not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("student-*.json")):
        try:
            if path.is_symlink() or path.stat().st_size > 20_000_000:
                continue
            data = parse_mapping(path.read_text(encoding="utf-8"), path.name, InputError,
                                 json_only=True, max_bytes=20_000_000)
            student = check_student(data.get("student"))
        except (OSError, UnicodeDecodeError, InputError, StudentIdError):
            continue
        if attempts_file(workdir, scenario_id, student) == path:  # the file is theirs
            found.append(student)
    return found


# -- grades ------------------------------------------------------------------------------------

def grades_table(result: Any, attempts_dir: str | Path | None = None, language: str = "en"
                 ) -> Any:
    """One row per student from a :class:`~casekit.tournament.TournamentResult`: the ranked,
    the rejected and (with ``attempts_dir``) those who used the workbench without handing a
    plan in; with their answers A and B where the workbench kept them."""
    import pandas as pd

    from casekit.kinds import kind_of
    from casekit.tournament.intake import check_student_id
    scenario = result.scenario
    parts = [f"score_{p}" for p in kind_of(scenario).part_names]
    board = result.leaderboard
    rows: list[dict[str, Any]] = []
    for row in board.to_dict("records"):
        entry = result.entry(row["student"])
        note = entry.warning_tr if language == "tr" and entry.warning_tr else entry.warning
        rows.append({**{c: row.get(c) for c in GRADE_COLUMNS if c != "status"},
                     **{p: row.get(p) for p in parts}, "status": "ranked", "note": note})
    for rejected in result.rejections(language).to_dict("records"):
        stem = Path(str(rejected["file"])).stem.strip()
        student = stem if check_student_id(stem) is None else ""
        rows.append({"student": student, "file": rejected["file"], "status": "rejected",
                     "note": _text("rejected", language, reason=rejected["reason"])})
    handed = {str(r["student"]).casefold() for r in rows if r["student"]}
    if attempts_dir is not None:
        for student in _workbench_students(Path(attempts_dir), scenario.id):
            if student.casefold() not in handed:
                rows.append({"student": student, "file": "", "status": "no_plan",
                             "note": _text("no_plan", language)})
    for row in rows:
        answers, problem = (read_answers(attempts_dir, scenario.id, row["student"])
                            if attempts_dir is not None and row["student"] else ({}, ""))
        row["answer_a"], row["answer_b"] = answers.get("A", ""), answers.get("B", "")
        if problem:
            extra = _text("answers_damaged", language, error=problem)
            row["note"] = f"{row['note']}; {extra}" if row.get("note") else extra
    columns = [*GRADE_COLUMNS, *parts, *_TAIL]
    table = pd.DataFrame(rows, columns=columns)
    table["note"] = table["note"].fillna("")
    order = {"ranked": 0, "rejected": 1, "no_plan": 2}
    table = table.assign(_order=table["status"].map(order)).sort_values(
        ["_order", "rank", "student"], na_position="last", kind="stable")
    table["rank"] = table["rank"].astype("Int64")
    return table.drop(columns="_order").reset_index(drop=True)


def _grades_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("submissions", help="the folder of handed-in plan files")
    parser.add_argument("--out", required=True, help="the CSV file to write")
    parser.add_argument("--scenario", help="the scenario id (default: the one the plans name)")
    parser.add_argument("--reps", type=_positive, default=30)
    parser.add_argument("--seed", type=_non_negative, default=0)
    parser.add_argument("--class-seed", type=_non_negative, default=None,
                        help="the class seed the students' variants were made with")
    parser.add_argument("--customers", type=_positive, default=None)
    parser.add_argument("--workers", type=_positive, default=None)
    parser.add_argument("--results", help="a tournament's output folder to reuse (default: "
                        "a temporary one)")
    parser.add_argument("--attempts", default=".", help="the folder 'casekit app' served "
                        "from, holding casekit-attempts/ (default: this folder)")
    parser.add_argument("--lang", choices=("en", "tr"), default="en")


def _plans_scenario(folder: Path) -> str:
    """The one scenario id the plan files in ``folder`` name (read, never run)."""
    from casekit.files import read_mapping
    from casekit.tournament.intake import PLAN_SUFFIXES
    ids: Counter[str] = Counter()
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if path.suffix.lower() in PLAN_SUFFIXES and path.is_file() and not path.is_symlink():
            try:
                sid = read_mapping(path, InputError).get("scenario")
            except InputError:
                continue
            if isinstance(sid, str):
                ids[sid] += 1
    if len(ids) != 1:
        named = ", ".join(repr(s[:40]) for s in ids) or "none"
        from casekit.text.errors import said
        raise InputError(str(folder), "--scenario", said("plans_name_scenarios",
                                                         count=len(ids), named=named))
    return next(iter(ids))


def _grades(args: argparse.Namespace) -> int:
    """Write grades.csv: score, improvement and answers A and B for every student."""
    from casekit.scenario import load_scenario, scenario_paths
    from casekit.tournament.result import csv_safe
    from casekit.tournament.run import run_tournament
    folder = Path(args.submissions)
    if not folder.is_dir():
        from casekit.text.errors import said
        raise InputError(str(folder), "", said("no_plan_folder"))
    # --scenario is the instructor's: an id or a file; what plans name is an id, never a path
    sid = args.scenario or _plans_scenario(folder)
    if sid not in scenario_paths() and not (args.scenario and Path(sid).is_file()):
        from casekit.files import quote
        from casekit.text.errors import said
        raise InputError(str(folder) if not args.scenario else quote(sid), "--scenario",
                         said("no_scenario_named", value=quote(sid),
                              choices=", ".join(scenario_paths())))
    scenario = load_scenario(sid)
    with tempfile.TemporaryDirectory(prefix="casekit-grades-") as scratch:
        result = run_tournament(scenario, folder, reps=args.reps, seed=args.seed,
                                out_dir=args.results or scratch, workers=args.workers,
                                class_seed=args.class_seed, customers=args.customers,
                                debrief=False, language=args.lang)
        table = grades_table(result, args.attempts, args.lang)
    out = Path(args.out)
    try:
        csv_safe(table).to_csv(out, index=False, float_format="%.4f")
    except OSError as exc:
        from casekit.text.errors import os_reason, said
        raise InputError(str(out), "--out", said("cannot_write", error=os_reason(exc))
                         ) from None
    counts = Counter(table["status"])
    answers = int(((table["answer_a"] != "") | (table["answer_b"] != "")).sum())
    from casekit.escape import for_terminal
    print(for_terminal(_text("wrote", args.lang, path=out, students=len(table),
                             ranked=counts["ranked"], rejected=counts["rejected"],
                             no_plan=counts["no_plan"], answers=answers)))
    return 0


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected zero or more, got {value}")
    return value


def _positive(text: str) -> int:
    value = _non_negative(text)
    if value == 0:
        raise argparse.ArgumentTypeError("expected a number above zero")
    return value


#: ``casekit export NAME``: one entry per exporter (see the module's docstring).
EXPORTERS: dict[str, Exporter | tuple] = {
    "grades": Exporter(_grades_arguments, _grades,
                       "grades.csv for the learning platform: score, its parts, improvement "
                       "over doing nothing on the student's own variant, answers A and B"),
}


def _parts(entry: Exporter | tuple) -> tuple[Callable, Callable, str]:
    add, run = entry[0], entry[1]
    text = entry[2] if len(entry) > 2 and entry[2] else \
        ((run.__doc__ or "").strip().splitlines() or [""])[0]
    return add, run, text


def all_exporters() -> dict[str, Exporter | tuple]:
    """The shared exporters and every registered kind's own (``Kind.exporters``)."""
    from casekit.kinds import KINDS
    found: dict[str, Exporter | tuple] = dict(EXPORTERS)
    for kind in KINDS.values():
        found.update(kind.exporters)
    return found


def add_export_commands(parser: argparse.ArgumentParser,
                        parser_class: type[argparse.ArgumentParser] | None = None) -> None:
    """Give ``parser`` (the ``export`` subcommand's) one subcommand per exporter."""
    sub = parser.add_subparsers(dest="exporter", required=True, metavar="WHAT",
                                parser_class=parser_class or type(parser))
    for name, entry in all_exporters().items():
        add, _, text = _parts(entry)
        add(sub.add_parser(name, help=text, description=text))


def export_cli(args: argparse.Namespace) -> int:
    """Run the exporter ``args.exporter`` names."""
    exporters = all_exporters()
    entry = exporters.get(args.exporter)
    if entry is None:
        print(f"casekit: export: no exporter {args.exporter!r}; expected one of "
              f"{', '.join(exporters)}", file=sys.stderr)
        return 2
    return _parts(entry)[1](args)
