"""The command line: a thin shell over casekit's public API.

    casekit scenarios
    casekit run SCENARIO [--plan FILE] [--seed N] [--reps R] [--customers N] [--json]
    casekit validate FILE...

Bad input exits with status 2 and one line on stderr naming the file and the field.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

from casekit.errors import InputError, PlanError, ScenarioError
from casekit.escape import for_terminal
from casekit.files import read_mapping

EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, status 2, no usage dump
        raise _UsageError(message)


class _UsageError(Exception):
    pass


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


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="casekit", description="Teaching simulations for social CRM, "
                     "complaint management and crisis communication.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    sub.add_parser("scenarios", help="list the bundled scenarios with their titles")
    k = sub.add_parser("kinds", help="list the kinds of case with their scenarios")
    k.add_argument("--lang", choices=("en", "tr"), default="en")
    p = sub.add_parser("run", help="run a scenario with a response plan (or none)")
    p.add_argument("scenario", help="a scenario id (see 'casekit scenarios') or a file")
    p.add_argument("--plan", help="a response plan file (YAML or JSON); none = no response")
    p.add_argument("--seed", type=_non_negative, default=0)
    p.add_argument("--reps", type=_positive, default=10)
    p.add_argument("--customers", type=_positive, default=None)
    p.add_argument("--workers", type=_positive, default=None,
                   help="processes to use (default: all cores for large runs)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--hourly-csv", metavar="FILE",
                   help="also write the tidy per-hour results (one row per replication and "
                        "hour) to this CSV file")
    p.add_argument("--lang", choices=("en", "tr"), default="en")
    v = sub.add_parser("validate", help="check scenario and plan files")
    v.add_argument("files", nargs="+")
    v.add_argument("--lang", choices=("en", "tr"), default="en",
                   help="language of the notes on a plan (why an action is early)")
    a = sub.add_parser("app", help="serve a case as a no-code page (Voila)")
    a.add_argument("scenario", nargs="?", default="isp-overbilling")
    a.add_argument("--port", type=_positive, default=8866)
    a.add_argument("--no-browser", action="store_true")
    va = sub.add_parser("variant", help="make a student's own seeded version of a case")
    va.add_argument("scenario")
    va.add_argument("--student", required=True)
    va.add_argument("--class-seed", type=_non_negative, required=True)
    va.add_argument("--out", help="write the variant scenario here (default: stdout)")
    t = sub.add_parser("tournament", help="run every student's plan and rank them")
    t.add_argument("scenario")
    t.add_argument("submissions")
    t.add_argument("--reps", type=_positive, default=30)
    t.add_argument("--seed", type=_non_negative, default=0)
    t.add_argument("--out", required=True)
    t.add_argument("--customers", type=_positive, default=None)
    t.add_argument("--workers", type=_positive, default=None)
    t.add_argument("--lang", choices=("en", "tr"), default="en",
                   help="language of the tables and the debrief")
    t.add_argument("--class-seed", type=_non_negative, default=None,
                   help="run each plan on its student's variant made with this class seed")
    rr = sub.add_parser("read-reply", help="read a reply: its message parts and tone, with "
                        "the words behind them")
    rr.add_argument("text", help="the reply, quoted")
    rr.add_argument("--lang", choices=("en", "tr"), default=None,
                    help="the reply's language (default: guessed from the text)")
    rr.add_argument("--json", action="store_true", help="print one JSON object")
    ex = sub.add_parser("export", help="write tables for the learning platform and the "
                        "class (casekit export grades SUBMISSIONS --out grades.csv)")
    from casekit.export import add_export_commands
    add_export_commands(ex, _Parser)
    nb = sub.add_parser("notebooks", help="copy the case notebooks into a folder of your own")
    nb.add_argument("--out", required=True, help="the folder to copy them into")
    nb.add_argument("--force", action="store_true", help="replace notebooks already there")
    nb.add_argument("--lang", choices=("en", "tr"), default="en")
    w = sub.add_parser("workshop", help="play a case live, round by round, with teams in one "
                       "room (a facilitator page and a page per team)")
    from casekit.workshop.cli import add_arguments as _workshop_arguments
    _workshop_arguments(w, _positive, _non_negative)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        commands = {"scenarios": _scenarios, "kinds": _kinds, "run": _run,
                    "validate": _validate, "app": _app, "variant": _variant,
                    "tournament": _tournament, "read-reply": _read_reply,
                    "workshop": _workshop, "export": _export, "notebooks": _notebooks}
        _check_supported(args)
        return commands[args.command](args)
    except _UsageError as exc:
        print(f"casekit: {for_terminal(exc)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except InputError as exc:
        print(f"casekit: {for_terminal(exc.text(_language(argv)))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("casekit: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into a command that stopped reading (head)
        import os
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _language(argv: Sequence[str] | None) -> str:
    """The ``--lang`` a command was given (its errors are then in that language)."""
    words = list(sys.argv[1:] if argv is None else argv)
    for i, word in enumerate(words):
        if word == "--lang" and i + 1 < len(words):
            return words[i + 1] if words[i + 1] in ("en", "tr") else "en"
        if word.startswith("--lang="):
            return word.split("=", 1)[1] if word.split("=", 1)[1] in ("en", "tr") else "en"
    return "en"


def _check_supported(args: argparse.Namespace) -> None:
    """A kind that cannot support a tool says so in one line (``Kind.unsupported``)."""
    name = getattr(args, "scenario", None)
    if not isinstance(name, str) or not name:
        return
    from casekit.kinds import kind_of
    from casekit.scenario import load_scenario
    try:
        kind = kind_of(load_scenario(name))
    except (InputError, LookupError):
        return  # the command itself reports a bad scenario
    message = kind.unsupported.get(args.command)
    if message:
        language = getattr(args, "lang", "en") or "en"
        raise InputError(name, args.command, message.get(language) or message["en"])


def _kinds(args: argparse.Namespace) -> int:
    """One line per registered kind: its name, what it is, and its bundled scenarios."""
    from casekit.kinds import KINDS
    from casekit.scenario import scenario_kinds
    found = scenario_kinds()
    for name, kind in KINDS.items():
        ids = ", ".join(sid for sid, k in found.items() if k == name) or "-"
        title = kind.title.get(args.lang) or kind.title["en"]
        print(for_terminal(f"{name:22} {title}  [{ids}]"))
    return 0


def _scenarios(args: argparse.Namespace) -> int:
    from casekit.scenario import load_scenario, scenario_paths
    for sid, path in scenario_paths().items():
        scenario = load_scenario(path)
        print(for_terminal(f"{sid:24} {scenario.title.en}"))
        print(for_terminal(f"{'':24} {scenario.title.tr}"))
    return 0


def _run(args: argparse.Namespace) -> int:
    from casekit import montecarlo
    from casekit.plan import load_plan, no_response
    from casekit.scenario import load_scenario
    scenario = load_scenario(args.scenario)
    plan = load_plan(args.plan, scenario) if args.plan else no_response(scenario.id)
    # the plan beside doing nothing, on the same random numbers (the README's comparison)
    plans = [plan, no_response(scenario.id)] if plan.actions or plan.settings else [plan]
    outcomes = montecarlo.run_many(scenario, plans, seed=args.seed, reps=args.reps,
                                   customers=args.customers, workers=args.workers,
                                   keep_final=True)
    outcome, baseline = outcomes[0], (outcomes[1] if len(outcomes) > 1 else outcomes[0])
    if args.hourly_csv:
        try:
            outcome.hourly().to_csv(args.hourly_csv, index=False, float_format="%.6g")
        except OSError as exc:
            raise InputError(args.hourly_csv, "--hourly-csv",
                             f"cannot write ({exc.strerror or exc})") from None
    if args.json:
        from casekit.report.text import baseline_json
        print(json.dumps({**outcome.to_json(), "baseline": baseline_json(outcome, baseline)}))
    else:
        from casekit.report.text import outcome_table
        print(for_terminal(outcome_table(outcome, args.lang, baseline), keep_newlines=True))
    return 0


def _plan_scenario(sid: str, name: str, files: Sequence[str]) -> object:
    """The scenario a plan names: an id (bundled, or of a scenario file also being
    validated), never a path."""
    from casekit.files import quote
    from casekit.scenario import SCENARIO_ID, load_scenario, scenario_paths
    if not SCENARIO_ID.fullmatch(sid):
        from casekit.text.errors import said
        raise PlanError(name, "scenario", said("plan_scenario_not_id", value=quote(sid)))
    if sid in scenario_paths():
        return load_scenario(sid)
    for other in files:  # a scenario file given beside the plan (a variant, a new case)
        try:
            data = read_mapping(Path(other), InputError)
        except InputError:
            continue
        if data.get("id") == sid and "actions" not in data:
            try:
                return load_scenario(Path(other))
            except ScenarioError:
                break
    raise PlanError(name, "scenario", f"no scenario {sid!r}; expected one of "
                    f"{', '.join(scenario_paths())} or a scenario file given beside the plan")


#: What ``casekit validate`` says of a file that passed.
VALIDATED = {
    "plan": {"en": "ok      {file}  plan '{plan}' for {scenario}, {what}",
             "tr": "tamam   {file}  {scenario} için '{plan}' planı, {what}"},
    "actions": {"en": "{n} actions", "tr": "{n} eylem"},
    "settings": {"en": "settings (no timed actions)", "tr": "ayarlar (zamanlı eylem yok)"},
    "scenario": {"en": "ok      {file}  scenario {scenario} v{version}",
                 "tr": "tamam   {file}  senaryo {scenario}, sürüm {version}"},
}


def _validate(args: argparse.Namespace) -> int:
    from casekit.kinds import kind_of
    from casekit.plan import plan_from_mapping
    from casekit.scenario import load_scenario
    from casekit.text.formats import fill
    lang = args.lang if args.lang in ("en", "tr") else "en"
    bad = 0
    for name in args.files:
        path = Path(name)
        try:
            data = read_mapping(path, InputError)
            if "horizon_hours" not in data and "id" not in data and \
                    any(k in data for k in ("actions", "settings", "scenario")):
                plan = plan_from_mapping(data, name)
                scenario = _plan_scenario(plan.scenario, name, args.files)
                plan.check(scenario, name)
                what = fill(VALIDATED["settings" if plan.settings is not None else "actions"]
                            [lang], lang, n=len(plan.actions))
                print(for_terminal(fill(VALIDATED["plan"][lang], lang, file=name,
                                        plan=plan.name, scenario=plan.scenario, what=what)))
                notes = kind_of(scenario).plan_notes
                for note in notes(scenario, plan) if notes is not None else ():
                    print(for_terminal(f"        {note.text(lang)}"))
            else:
                scenario = load_scenario(path)
                print(for_terminal(fill(VALIDATED["scenario"][lang], lang, file=name,
                                        scenario=scenario.id, version=scenario.version)))
        except InputError as exc:
            bad += 1
            print(f"casekit: {for_terminal(exc.text(lang))}", file=sys.stderr)
    return EXIT_BAD_INPUT if bad else 0


def _export(args: argparse.Namespace) -> int:
    from casekit.export import export_cli
    return export_cli(args)


def _notebooks(args: argparse.Namespace) -> int:
    from casekit.scenario import copy_notebooks
    copied, kept = copy_notebooks(args.out, replace=args.force)
    words = {"en": ("copied {n} notebook(s) into {out}",
                    "; kept {k} already there (--force replaces them)"),
             "tr": ("{n} defter {out} klasörüne kopyalandı",
                    "; zaten orada olan {k} defter korundu (--force ile değiştirilir)")}
    done, kept_text = words[args.lang]
    print(for_terminal(done.format(n=len(copied), out=args.out)
                       + (kept_text.format(k=len(kept)) if kept else "")))
    return 0


def _app(args: argparse.Namespace) -> int:
    from casekit.ui.app import serve  # needs the 'lab' extra
    return serve(args.scenario, port=args.port, open_browser=not args.no_browser)


def _variant(args: argparse.Namespace) -> int:
    from casekit.variants import variant_cli
    return variant_cli(args)


def _tournament(args: argparse.Namespace) -> int:
    from casekit.tournament.cli import tournament_cli
    return tournament_cli(args)


def _workshop(args: argparse.Namespace) -> int:
    from casekit.workshop.cli import workshop_cli
    return workshop_cli(args)


def _read_reply(args: argparse.Namespace) -> int:
    from casekit.reader_cli import read_reply_cli
    return read_reply_cli(args)


if __name__ == "__main__":
    sys.exit(main())
