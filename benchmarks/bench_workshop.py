"""How long advancing one workshop round takes.

    python benchmarks/bench_workshop.py                 # 8 teams, ISP case at 20,000 customers
    python benchmarks/bench_workshop.py --teams 12 --scenario dark-horse-cafe

Plays the first round of a session: every team enters a different decision (so no two
plans share a cached run), then the facilitator locks the round. Reports the time from the
lock to every team's results (the model re-run from the seed plus the log for each team and
the no-response baseline), then the same after reopening the session file (a server
restart: the whole session replayed, nothing cached), and the hot wash. It then plays on to
the first round whose inject changes the model (the ISP case's second viral post at hour
48) and times its lock too: the injects in force are part of every run's input, so every
team's plan and the baseline run again. Load from other
processes slows it; the load average is printed beside the figures.
Target (issue 14): one round for 8 teams at the default scenario size in under 2 s.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path


def _first_message(scenario: object) -> tuple[str, str]:
    """The first channel and audience of the case that make a valid message."""
    from casekit.errors import InputError
    from casekit.plan import Plan
    from pydantic import ValidationError
    for channel in scenario.allowed.channels:               # type: ignore[attr-defined]
        for audience in scenario.allowed.audiences:         # type: ignore[attr-defined]
            try:
                Plan(name="x", scenario=scenario.id, actions=[{   # type: ignore[attr-defined]
                    "at": 0, "channel": channel, "audience": audience,
                    "message": ["acknowledge", "apology"], "tone": "human"}]).check(scenario)
            except (ValidationError, InputError):
                continue
            return channel, audience
    raise SystemExit("this case has no message channel; the benchmark sends messages")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scenario", default="isp-overbilling")
    parser.add_argument("--teams", type=int, default=8)
    parser.add_argument("--customers", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from casekit.scenario import load_scenario
    from casekit.simulation import simulate
    from casekit.plan import no_response
    from casekit.workshop import Session

    scenario = load_scenario(args.scenario)
    simulate(scenario, no_response(scenario.id), seed=99, customers=2000)   # warm caches
    channel, audience = _first_message(scenario)
    best = []
    for repeat in range(args.repeat):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "bench.sqlite"
            session = Session.start(path, scenario, teams=args.teams, seed=repeat,
                                    customers=args.customers)
            session.do("publish")
            session.results()   # what the open pages already show: the baseline is cached
            end = session.state.round_info(0).end
            for team in session.state.teams:
                at = (team - 1) * end / (args.teams + 1)
                action = {"at": round(at, 2), "channel": channel, "audience": audience,
                          "message": ["acknowledge", "apology"], "tone": "human"}
                session.do("decide", {"team": team, "round": 0, "actions": [action]})
            start = time.perf_counter()
            session.do("lock")
            session.results()
            advance = time.perf_counter() - start
            # CPU seconds of one team's run alone, less sensitive to other load than wall time
            session._outcomes.clear()
            cpu = time.process_time()
            session.outcomes([session.state.plan(1, 1)])    # one run, in this process
            one = time.process_time() - cpu
            session.close()
            start = time.perf_counter()
            again = Session.open(path)
            again.results()
            replay = time.perf_counter() - start
            start = time.perf_counter()
            again.hot_wash()
            wash = time.perf_counter() - start
            effect = _advance_to_effect(again)
            again.close()
        best.append((advance, replay, wash, one, effect))
        print(f"run {repeat + 1}: advance one round {advance:.2f} s, reopen and replay "
              f"{replay:.2f} s, hot wash after one round {wash:.2f} s; one team's run "
              f"{one:.2f} CPU s; lock of the round whose inject changes the model "
              + (f"{effect:.2f} s" if effect == effect else "(none in this case)"))
    advance, replay, wash, one, effect = (min(column) for column in zip(*best))
    workers = min(os.cpu_count() or 1, 8)
    print(f"idle-machine estimate for {args.teams} teams on {workers} cores: "
          f"{args.teams * one / workers:.2f} s plus the pool's start")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    customers = args.customers or scenario.population.customers
    print(f"{args.scenario}, {args.teams} teams, {customers:,} customers, "
          f"{os.cpu_count()} cores, load {load:.1f}: best advance {advance:.2f} s "
          f"(target < 2 s), replay {replay:.2f} s, hot wash {wash:.2f} s, round with an "
          f"inject effect {effect:.2f} s")


def _advance_to_effect(session: object) -> float:
    """Publish and lock rounds (no new decisions) up to the first whose own inject changes
    the model, and time that lock to every team's results (nan if no round has one)."""
    state = session.state                                   # type: ignore[attr-defined]
    rounds = session.setup.rounds                           # type: ignore[attr-defined]
    for r in range(state.locked, rounds):
        session.do("publish")                               # type: ignore[attr-defined]
        if session.state.round_info(r).effect is not None:  # type: ignore[attr-defined]
            start = time.perf_counter()
            session.do("lock")                              # type: ignore[attr-defined]
            session.results()                               # type: ignore[attr-defined]
            return time.perf_counter() - start
        session.do("lock")                                  # type: ignore[attr-defined]
        session.results()                                   # type: ignore[attr-defined]
    return float("nan")


if __name__ == "__main__":
    main()
