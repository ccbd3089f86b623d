"""Workshop mode: a crisis played live, round by round, by teams in one room.

One server process (:mod:`casekit.workshop.server`) holds the session; the facilitator's
page goes on the projector and each team opens its own page on a laptop. A round is a plan
cut at the round's hour: the facilitator publishes the round's inject, teams enter actions
for the hours until the next round within a countdown, the facilitator locks the round and
every team's plan (its decisions so far) is run from the session's seed on common random
numbers, so any kind of case can be played. The session is an append-only log in SQLite
(:mod:`casekit.workshop.log`): the state (:mod:`casekit.workshop.rounds`) and the results
(:mod:`casekit.workshop.session`) are recomputed from it, so a session survives a restart
and its hot wash is reproducible from the file alone.

    >>> from casekit.workshop import Session
    >>> session = Session.start("room.sqlite", load_scenario("isp-overbilling"), teams=4)

Names are imported when first used, so ``casekit --help`` does not load the engine.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["Session", "SessionLog", "SessionState", "Setup", "Round", "TeamResult",
           "HotWashRow", "Event", "WorkshopError", "round_hours"]

_HOMES = {"Session": "session", "TeamResult": "session", "HotWashRow": "session",
          "SessionLog": "log", "Event": "log", "WorkshopError": "log",
          "SessionState": "rounds", "Setup": "rounds", "Round": "rounds",
          "round_hours": "rounds"}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(f"casekit.workshop.{_HOMES[name]}"), name)
    raise AttributeError(name)
