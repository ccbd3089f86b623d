"""A workshop session: its log, its state and the model run for every team.

    >>> session = Session.start("room.sqlite", load_scenario("isp-overbilling"), teams=4)
    >>> session.do("publish")
    >>> session.do("decide", {"team": 1, "round": 0, "actions": [...]})
    >>> session.do("lock")
    >>> session.results()[1].score_so_far

Every team's world is the same seed on common random numbers (one replication), so two
teams differ only by what they decided. A team's results after ``L`` locked rounds are its
plan of those rounds (:meth:`SessionState.plan`) run over the whole horizon and read up to
the hour the session has reached; since a kind's model does not look ahead, hours before an
action are the same as without it, which is what lets a round be a plan cut at its hour.
Results are cached by plan, so recomputing a session from its file costs one model run per
distinct plan.
"""

from __future__ import annotations

import copy
import math
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from casekit.errors import InputError
from casekit.kinds import kind_of
from casekit.montecarlo import default_workers, run_many
from casekit.outcomes import Outcome
from casekit.plan import Plan, no_response
from casekit.workshop.log import Event, SessionLog, WorkshopError
from casekit.workshop.rounds import MAX_ROUNDS, MAX_TEAMS, SessionState, Setup

__all__ = ["Session", "TeamResult", "HotWashRow"]

#: Below this many customer-runs in one step, a process pool costs more than it saves.
POOL_CUSTOMERS = 60_000


@dataclass(frozen=True)
class TeamResult:
    """Where one team stands: its plan, its run, the hour reached and its points so far."""

    team: int
    plan: Plan
    outcome: Outcome
    hour: float
    score_so_far: float
    baseline_so_far: float

    @property
    def run(self) -> Any:
        return self.outcome.runs[0]

    @property
    def scenario(self) -> Any:
        """The scenario the team's plan ran on: the session's, with the injects published
        so far in force."""
        return self.outcome.scenario


@dataclass(frozen=True)
class HotWashRow:
    """One team's round in the hot wash: what it decided, where it stood at the round's end
    and what its decisions bought (its final score minus the same plan without them)."""

    team: int
    round: int
    start: float
    end: float
    inject: str
    decisions: tuple[str, ...]
    by: str
    score_at_end: float
    bought: float
    final_score: float
    #: What each of the round's actions bought alone: final points minus the plan without it.
    each_bought: tuple[float, ...] = ()


class Session:
    """One workshop: the log on disk, the state folded from it, results computed from it."""

    def __init__(self, log: SessionLog, setup: Setup, state: SessionState) -> None:
        self.log = log
        self.setup = setup
        self.state = state
        self.scenario = setup.scenario
        self.kind = kind_of(setup.scenario)
        self._lock = threading.RLock()
        self._outcomes: dict[tuple[str, str], Outcome] = {}
        self._scenarios: dict[str, Any] = {}

    # -- starting and opening ---------------------------------------------------------------
    @classmethod
    def start(cls, path: str | Path, scenario: Any, teams: int = 4, rounds: int | None = None,
              minutes: float = 10.0, seed: int = 0, customers: int | None = None) -> "Session":
        """A new session in ``path`` (a file that already holds one is opened instead)."""
        path = Path(path)
        if path.exists() and path.stat().st_size > 0:
            return cls.open(path)
        main = [i for i in scenario.injects if not i.reserve]
        if rounds is None:
            rounds = max(len(main), 1)
        meta = {"scenario": scenario.model_dump(mode="json", exclude={"source_path"}),
                "seed": int(seed), "teams": int(teams), "rounds": int(rounds),
                "minutes": float(minutes),
                "customers": int(customers or scenario.population.customers),
                "facilitator_key": secrets.token_hex(16), "created": time.time()}
        setup = cls._setup(meta, str(path))   # checks the numbers before writing anything
        log = SessionLog.create(path, meta)
        return cls(log, setup, SessionState(setup))

    @classmethod
    def open(cls, path: str | Path) -> "Session":
        """Open a session file and replay it; a file that is not a valid session (broken,
        hostile, oversized) raises WorkshopError and nothing is run."""
        log = SessionLog.open(path)
        try:
            setup = cls._setup(log.meta, str(path))
            state = SessionState(setup)
            for event in log.events:
                state.apply(event, str(path))
        except InputError:
            log.close()
            raise
        return cls(log, setup, state)

    @staticmethod
    def _setup(meta: dict[str, Any], source: str) -> Setup:
        from pydantic import ValidationError

        from casekit.files import validation_error
        from casekit.kinds import scenario_adapter
        data = meta.get("scenario")
        if not isinstance(data, dict):
            raise WorkshopError(source, "meta.scenario", "expected the scenario as data")
        try:
            scenario = scenario_adapter().validate_python(data)
        except ValidationError as exc:
            error = validation_error(exc, source, WorkshopError)
            raise WorkshopError(source, f"meta.scenario.{error.field}", error.expected) from None

        def whole(key: str, low: int, high: int) -> int:
            value = meta.get(key)
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise WorkshopError(source, f"meta.{key}", f"expected a whole number from "
                                    f"{low} to {high}")
            return value

        minutes = meta.get("minutes")
        if isinstance(minutes, bool) or not isinstance(minutes, (int, float)) or \
                not math.isfinite(minutes) or not 0 < minutes <= 240:
            raise WorkshopError(source, "meta.minutes", "expected minutes from above 0 to 240")
        key = meta.get("facilitator_key")
        if not isinstance(key, str) or not 16 <= len(key) <= 64 or not key.isalnum():
            raise WorkshopError(source, "meta.facilitator_key", "expected a key of 16 to 64 "
                                "letters and digits")
        setup = Setup(scenario, whole("seed", 0, 2**32 - 1), whole("teams", 1, MAX_TEAMS),
                      whole("rounds", 1, MAX_ROUNDS), float(minutes),
                      whole("customers", 1, 1_000_000))
        setup.hours  # noqa: B018 - raises when the rounds do not fit the horizon
        return setup

    @property
    def facilitator_key(self) -> str:
        return str(self.log.meta["facilitator_key"])

    def close(self) -> None:
        self.log.close()

    # -- acting -----------------------------------------------------------------------------
    def do(self, type_: str, payload: dict[str, Any] | None = None,
           at: float | None = None) -> Event:
        """Check one step against the state and, if it is allowed, write it to the log."""
        at = time.time() if at is None else float(at)
        payload = dict(payload or {})
        with self._lock:
            trial = copy.deepcopy(self.state, memo={id(self.setup): self.setup})
            trial.apply(Event(0, at, type_, payload), str(self.log.path))
            event = self.log.append(type_, payload, at)
            self.state = trial
            return event

    # -- the model --------------------------------------------------------------------------
    def scenario_at(self, locked: int | None = None) -> Any:
        """The scenario a run with ``locked`` rounds locked is given: the session's, with
        the injects published in those rounds in force (``SessionState.in_force``). Which
        injects act is part of the run's input, as the plan is; without any effect in
        force it is the session's scenario itself."""
        with self._lock:
            locked = self.state.locked if locked is None else locked
            injects = self.state.in_force(locked)
            acting = [i for i in injects if i.scheduled and i.effect is not None]
            if not acting:
                return self.scenario
            key = _injects_key(acting)
            if key not in self._scenarios:
                copy_ = self.scenario.model_copy(update={"injects": injects})
                copy_.__dict__.pop("fingerprint", None)   # its own fingerprint
                self._scenarios[key] = copy_
            return self._scenarios[key]

    def outcomes(self, plans: list[Plan], scenario: Any = None) -> list[Outcome]:
        """One outcome per plan (one replication, the session's seed) on ``scenario`` (by
        default the one the rounds locked now give: :meth:`scenario_at`), cached by plan
        and injects in force."""
        with self._lock:
            scenario = self.scenario_at() if scenario is None else scenario
            inject_key = _injects_key([i for i in scenario.injects
                                       if i.scheduled and i.effect is not None])
            missing: dict[str, Plan] = {}
            for plan in plans:
                if (inject_key, plan.digest) not in self._outcomes:
                    missing.setdefault(plan.digest, plan)
            if missing:
                todo = list(missing.values())
                n = self.setup.customers
                workers = min(default_workers(), len(todo)) \
                    if n * len(todo) >= POOL_CUSTOMERS else 1
                found = run_many(scenario, todo, seed=self.setup.seed, reps=1,
                                 customers=n, workers=workers, keep_final=False)
                for plan, outcome in zip(todo, found):
                    self._outcomes[inject_key, plan.digest] = outcome
            return [self._outcomes[inject_key, plan.digest] for plan in plans]

    def hour_reached(self, locked: int | None = None) -> float:
        """The hour the model has reached with ``locked`` rounds locked."""
        locked = self.state.locked if locked is None else locked
        hours = self.setup.hours
        return hours[locked] if locked < len(hours) else float(self.scenario.horizon_hours)

    def so_far(self, outcome: Outcome, hour: float) -> float:
        points = self.kind.hourly_points(outcome.runs[0], outcome.scenario)
        return float(np.sum(points[:int(math.ceil(hour))]))

    def baseline(self, scenario: Any = None) -> Outcome:
        """Doing nothing, on ``scenario`` (by default :meth:`scenario_at` now)."""
        return self.outcomes([no_response(self.scenario.id)], scenario)[0]

    def results(self, locked: int | None = None) -> dict[int, TeamResult]:
        """Every team's standing after ``locked`` rounds (by default, those locked now)."""
        with self._lock:
            locked = self.state.locked if locked is None else locked
            plans = [self.state.plan(team, locked) for team in self.state.teams]
            outcomes = self.outcomes(plans + [no_response(self.scenario.id)],
                                     self.scenario_at(locked))
            baseline = outcomes[-1]
            hour = self.hour_reached(locked)
            base = self.so_far(baseline, hour)
            return {team: TeamResult(team, plan, outcome, hour, self.so_far(outcome, hour),
                                     base)
                    for team, plan, outcome in zip(self.state.teams, plans, outcomes)}

    def ranking(self, results: dict[int, TeamResult] | None = None) -> list[TeamResult]:
        """Teams best first by points so far (ties by team number)."""
        results = results or self.results()
        return sorted(results.values(), key=lambda r: (-r.score_so_far, r.team))

    def notes(self, result: TeamResult) -> list[Any]:
        """The consequence card's notes: the kind's feedback on the team's plan so far."""
        notes = self.kind.feedback(result.scenario, result.plan, result.outcome,
                                   self.baseline(result.scenario))
        order = {"problem": 0, "warning": 1, "good": 2, "info": 3}
        return sorted(notes, key=lambda n: order.get(n.level, 4))

    def hot_wash(self) -> list[HotWashRow]:
        """Each team's timeline: decisions, standing at each round's end, what they bought."""
        with self._lock:
            state = self.state
            rounds = state.locked
            plans: list[Plan] = []
            for team in state.teams:
                whole = state.plan(team, rounds)
                plans.append(whole)
                plans.extend(state.plan(team, rounds, skip=r) for r in range(rounds))
                plans.extend(whole.without(i) for i in range(len(whole.actions)))
            self.outcomes(plans)        # every run at once, in a pool when there are many

            def score(plan: Plan) -> float:
                return self.outcomes([plan])[0].metric("score").mean

            ends = [self.results(r + 1) for r in range(rounds)]
            rows = []
            for team in state.teams:
                whole = state.plan(team, rounds)
                final = score(whole)
                offset = 0
                for r in range(rounds):
                    decision = state.decision(team, r)
                    actions = decision.actions if decision else ()
                    info = state.round_info(r)
                    each = tuple(final - score(whole.without(offset + i))
                                 for i in range(len(actions)))
                    offset += len(actions)
                    rows.append(HotWashRow(
                        team, r, info.start, info.end, info.title.en,
                        tuple(a.describe() for a in actions),
                        decision.by if decision else "", ends[r][team].score_so_far,
                        final - score(state.plan(team, rounds, skip=r)), final, each))
            return rows


def _injects_key(injects: list[Any]) -> str:
    """What the injects acting on a run are, as a cache key: each one's hour and effect."""
    import json
    return json.dumps([[float(i.hour), i.effect.model_dump(mode="json")] for i in injects],
                      sort_keys=True)
