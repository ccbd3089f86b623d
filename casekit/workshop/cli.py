"""``casekit workshop``: start (or resume) a session and serve it, or export its hot wash.

    casekit workshop SCENARIO [--teams N] [--rounds K] [--minutes M] [--seed S]
                     [--session FILE] [--port P] [--lan] [--export DIR]
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from casekit.workshop.log import WorkshopError

__all__ = ["add_arguments", "workshop_cli"]


def add_arguments(parser: argparse.ArgumentParser, positive: Any, non_negative: Any) -> None:
    """The subcommand's options (``casekit/cli.py`` calls this)."""
    parser.add_argument("scenario", help="a scenario id or file (ignored when --session "
                        "names an existing session, which holds its scenario)")
    parser.add_argument("--teams", type=positive, default=4)
    parser.add_argument("--rounds", type=positive, default=None,
                        help="default: one round per inject of the scenario")
    parser.add_argument("--minutes", type=positive, default=10,
                        help="the countdown of each round")
    parser.add_argument("--seed", type=non_negative, default=0)
    parser.add_argument("--customers", type=positive, default=None,
                        help="population size (default: the scenario's)")
    parser.add_argument("--session", default=None,
                        help="the session file (SQLite); an existing one is resumed")
    parser.add_argument("--port", type=positive, default=8877)
    parser.add_argument("--lan", action="store_true",
                        help="listen on the local network, not only on this machine")
    parser.add_argument("--export", metavar="DIR", default=None,
                        help="write hotwash.html and hotwash.csv from the session file and "
                             "stop (no server)")
    parser.add_argument("--lang", choices=("en", "tr"), default="en",
                        help="language of the exported hot wash")


def workshop_cli(args: argparse.Namespace) -> int:
    from casekit.workshop.session import Session
    path = Path(args.session) if args.session else Path(f"{Path(args.scenario).stem}"
                                                        "-workshop.sqlite")
    if args.export:
        if not path.exists():
            raise WorkshopError(str(path), "--session", "no such session file")
        session = Session.open(path)
        try:
            from casekit.workshop.pages import hot_wash_csv, hot_wash_html
            out = Path(args.export)
            try:
                out.mkdir(parents=True, exist_ok=True)
                (out / "hotwash.html").write_text(hot_wash_html(session, args.lang),
                                                  encoding="utf-8")
                (out / "hotwash.csv").write_text(hot_wash_csv(session), encoding="utf-8")
            except OSError as exc:
                raise WorkshopError(str(out), "--export",
                                    f"cannot write ({exc.strerror or exc})") from None
            print(f"wrote {out / 'hotwash.html'} and {out / 'hotwash.csv'}")
        finally:
            session.close()
        return 0
    if path.exists() and path.stat().st_size > 0:
        session = Session.open(path)
        print(f"resuming {path} ({session.scenario.id}): round {session.state.round + 1}, "
              f"{session.state.phase}", flush=True)
    else:
        from casekit.scenario import load_scenario
        scenario = load_scenario(args.scenario)
        session = Session.start(path, scenario, teams=args.teams, rounds=args.rounds,
                                minutes=args.minutes, seed=args.seed, customers=args.customers)
    try:
        import tornado  # noqa: F401
    except ImportError:
        session.close()
        raise WorkshopError("casekit workshop", "", "needs the 'workshop' extra: pip install "
                            "'casekit[workshop]'") from None
    from casekit.workshop.server import serve
    return serve(session, port=args.port, lan=args.lan, announce=lambda line: print(line,
                                                                                    flush=True))
