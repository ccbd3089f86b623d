"""Rounds: the state of a session, folded from its log, one event at a time.

A workshop of K rounds cuts the scenario's horizon at the rounds' hours: round ``r`` starts
at ``hours[r]`` (its inject's hour) and a team's decisions in it are actions timed from
``hours[r]`` to just before ``hours[r + 1]`` (the horizon after the last). Locking a round
appends every team's decisions to its plan; the model then runs each plan from the seed
(:mod:`casekit.workshop.session`), so any kind of case can be played.

Every event goes through :meth:`SessionState.apply`, live or replayed from a stranger's
file: a payload of the wrong shape, a decision a plan file could not hold, or a step the
session's phase does not allow raises :class:`~casekit.workshop.log.WorkshopError` naming
the event and the field. An undo is an event too: locking a round keeps a snapshot of the
state before it, and undo goes back to it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from casekit.case import Inject, Text
from casekit.errors import InputError
from casekit.plan import Action, Plan
from casekit.workshop.log import Event, WorkshopError

__all__ = ["Setup", "Round", "Decision", "Timer", "SessionState", "round_hours", "EVENTS",
           "MAX_TEAMS", "MAX_ROUNDS", "MAX_ACTIONS_PER_ROUND"]

MAX_TEAMS = 24
MAX_ROUNDS = 12
MAX_ACTIONS_PER_ROUND = 30
MAX_TEXT = 2000

Phase = Literal["briefing", "open", "results", "hotwash"]


class _Payload(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class _Decide(_Payload):
    team: int = Field(ge=1, le=MAX_TEAMS)
    round: int = Field(ge=0, lt=MAX_ROUNDS)
    actions: list[dict[str, Any]] = Field(default=[], max_length=MAX_ACTIONS_PER_ROUND)
    settings: dict[str, Any] | None = None
    by: Literal["team", "facilitator"] = "team"


class _Team(_Payload):
    team: int = Field(ge=1, le=MAX_TEAMS)


class _Claim(_Team):
    token: str = Field(pattern=r"^[0-9a-f]{64}$")


class _Seconds(_Payload):
    seconds: float = Field(ge=-3600, le=3600)


class _Edit(_Payload):
    round: int = Field(ge=0, lt=MAX_ROUNDS)
    en: str = Field(min_length=1, max_length=MAX_TEXT)
    tr: str = Field(min_length=1, max_length=MAX_TEXT)


class _Reserve(_Payload):
    reserve: int = Field(ge=0, lt=50)


class _Show(_Payload):
    show: bool


class _Empty(_Payload):
    pass


#: Every event a session's log may hold, with the shape of its payload.
EVENTS: dict[str, type[_Payload]] = {
    "publish": _Empty, "lock": _Empty, "undo": _Empty,
    "decide": _Decide, "claim": _Claim, "release": _Team,
    "team_lock": _Team, "team_unlock": _Team,
    "pause": _Empty, "resume": _Empty, "extend": _Seconds,
    "edit_inject": _Edit, "add_reserve": _Reserve, "leaderboard": _Show,
}


@dataclass(frozen=True)
class Setup:
    """What a session is: the scenario (validated), seed, teams, rounds and countdown."""

    scenario: Any
    seed: int
    teams: int
    rounds: int
    minutes: float
    customers: int

    @property
    def hours(self) -> tuple[float, ...]:
        return round_hours(self.scenario, self.rounds)


def round_hours(scenario: Any, rounds: int) -> tuple[float, ...]:
    """The hour each round starts: the hours of the scenario's first ``rounds`` injects (not
    those held in reserve), then, if it has fewer, hours spread evenly between the last of
    them and the horizon. Round 0 always starts at hour 0."""
    hours = sorted({float(i.hour) for i in scenario.injects if not i.reserve})
    if not hours or hours[0] > 0:
        hours = [0.0] + hours
    hours = hours[:rounds]
    horizon = float(scenario.horizon_hours)
    missing = rounds - len(hours)
    if missing > 0:
        last = hours[-1]
        step = (horizon - last) / (missing + 1)
        hours += [float(int(last + step * (i + 1))) for i in range(missing)]
    out = tuple(hours)
    if len(set(out)) != len(out):
        raise WorkshopError(scenario.id, "--rounds", f"{rounds} rounds do not fit in the "
                            f"{scenario.horizon_hours}h horizon; expected fewer")
    return out


@dataclass(frozen=True)
class Round:
    """One round: its hours, its inject (as edited) and the reserve injects added to it."""

    index: int
    start: float
    end: float
    title: Text
    text: Text
    extras: tuple[Inject, ...] = ()
    #: What the round's own inject changes in the model once the round is locked (None:
    #: it only informs).
    effect: Any = None


@dataclass(frozen=True)
class Decision:
    """One team's actions for one round, as last entered."""

    actions: tuple[Action, ...]
    settings: dict[str, Any] | None
    by: str
    at: float


@dataclass
class Timer:
    """The round's countdown: a deadline while it runs, the time left while paused."""

    deadline: float | None = None
    remaining: float | None = None

    def left(self, now: float) -> float:
        if self.deadline is not None:
            return max(0.0, self.deadline - now)
        return max(0.0, self.remaining or 0.0)

    @property
    def paused(self) -> bool:
        return self.deadline is None


@dataclass
class SessionState:
    """Where the session stands after the events so far."""

    setup: Setup
    round: int = 0
    phase: Phase = "briefing"
    decisions: dict[tuple[int, int], Decision] = field(default_factory=dict)
    edits: dict[int, Text] = field(default_factory=dict)
    extras: dict[int, tuple[int, ...]] = field(default_factory=dict)
    team_locked: set[int] = field(default_factory=set)
    leaderboard: bool = False
    timer: Timer = field(default_factory=Timer)
    claims: dict[int, str] = field(default_factory=dict)
    #: How many rounds are locked: their decisions are in the plans and their results out.
    locked: int = 0
    version: int = 0
    _snapshots: list["SessionState"] = field(default_factory=list, repr=False)

    # -- reading ---------------------------------------------------------------------------
    @property
    def teams(self) -> range:
        return range(1, self.setup.teams + 1)

    def round_info(self, index: int) -> Round:
        hours = self.setup.hours
        scenario = self.setup.scenario
        start = hours[index]
        end = hours[index + 1] if index + 1 < len(hours) else float(scenario.horizon_hours)
        main = [i for i in scenario.injects if not i.reserve and float(i.hour) == start]
        effect = None
        if main:
            title, text, effect = main[0].title, main[0].text, main[0].effect
        else:
            from casekit.workshop.texts import generic_inject
            title, text = generic_inject(start)
        text = self.edits.get(index, text)
        extras = tuple(self.reserves[i] for i in self.extras.get(index, ()))
        return Round(index, start, end, title, text, extras, effect)

    @property
    def reserves(self) -> tuple[Inject, ...]:
        return tuple(i for i in self.setup.scenario.injects if i.reserve)

    def in_force(self, rounds: int) -> tuple[Inject, ...]:
        """The scenario's injects as published in rounds ``0 .. rounds-1``, for a run: each
        of those rounds' own injects, scheduled at its hour, and a copy of every reserve
        inject the facilitator added to one of them, scheduled at the later of its own hour
        and the round's start (added twice, it acts twice). Injects not published (a round
        not reached, a reserve never added) keep their file's ``scheduled`` (false unless the
        file says so): they change nothing.

        The effect of the open round's inject starts at the hour the results are read to,
        so counting only locked rounds changes no number a page shows before the lock."""
        hours = self.setup.hours
        starts = {hours[r] for r in range(min(rounds, len(hours)))}
        injects: list[Inject] = []
        for inject in self.setup.scenario.injects:
            if not inject.reserve and float(inject.hour) in starts:
                inject = inject.model_copy(update={"scheduled": True})
            injects.append(inject)
        for r in range(min(rounds, len(hours))):
            for i in self.extras.get(r, ()):
                reserve = self.reserves[i]
                injects.append(reserve.model_copy(update={
                    "scheduled": True, "hour": max(float(reserve.hour), hours[r])}))
        return tuple(injects)

    def accepting(self, now: float) -> bool:
        """Whether teams may still enter decisions: the round is open and time is left."""
        return self.phase == "open" and self.timer.left(now) > 0

    def decision(self, team: int, index: int) -> Decision | None:
        return self.decisions.get((team, index))

    def plan(self, team: int, rounds: int, skip: int | None = None) -> Plan:
        """The team's plan: its decisions of rounds ``0 .. rounds-1`` (without round
        ``skip``), in order."""
        actions: list[Action] = []
        settings = None
        for index in range(rounds):
            decision = self.decisions.get((team, index))
            if decision is None or index == skip:
                continue
            actions.extend(decision.actions)
            if decision.settings is not None:
                settings = decision.settings
        return Plan(name=f"Team {team}", scenario=self.setup.scenario.id,
                    actions=tuple(actions), settings=settings)

    # -- changing --------------------------------------------------------------------------
    def apply(self, event: Event, source: str = "session") -> None:
        """Apply one event, or raise WorkshopError (the state is then unchanged)."""
        where = f"events.{event.seq}" if event.seq else event.type
        model = EVENTS.get(event.type)
        if model is None:
            raise WorkshopError(source, f"{where}.type", f"unknown event {event.type[:40]!r}; "
                                f"expected one of {', '.join(EVENTS)}")
        try:
            data = model.model_validate(event.payload)
        except ValidationError as exc:
            error = exc.errors()[0]
            loc = ".".join(str(p) for p in error["loc"])
            raise WorkshopError(source, f"{where}.{loc}" if loc else where,
                                error["msg"]) from None
        getattr(self, f"_on_{event.type}")(data, event, source, where)
        self.version += 1

    def _refuse(self, source: str, where: str, expected: str) -> None:
        raise WorkshopError(source, where, expected)

    def _on_publish(self, data: _Empty, event: Event, source: str, where: str) -> None:
        if self.phase == "results" and self.round + 1 < self.setup.rounds:
            self.round += 1
        elif self.phase != "briefing":
            self._refuse(source, where, f"cannot publish now (the round is {self.phase})")
        self.phase = "open"
        self.timer = Timer(deadline=event.at + 60 * self.setup.minutes)

    def _on_lock(self, data: _Empty, event: Event, source: str, where: str) -> None:
        if self.phase != "open":
            self._refuse(source, where, f"no open round to lock (the round is {self.phase})")
        snapshot = copy.copy(self)
        snapshot._snapshots = []
        snapshot.decisions = dict(self.decisions)
        snapshot.edits, snapshot.extras = dict(self.edits), dict(self.extras)
        snapshot.timer = Timer(None, self.timer.left(event.at))
        self._snapshots.append(snapshot)
        self.locked = self.round + 1
        self.timer = Timer(None, 0.0)
        self.phase = "hotwash" if self.locked == self.setup.rounds else "results"

    def _on_undo(self, data: _Empty, event: Event, source: str, where: str) -> None:
        if not self._snapshots:
            self._refuse(source, where, "nothing to undo: no round has been locked")
        back = self._snapshots.pop()
        # Undo goes back to the round as it was just before it was locked, countdown paused;
        # who claimed which team, team locks and the leaderboard switch stay as they are now.
        self.round, self.phase, self.locked = back.round, "open", back.locked
        self.decisions, self.edits = back.decisions, back.edits
        self.extras = back.extras
        self.timer = back.timer

    def _on_decide(self, data: _Decide, event: Event, source: str, where: str) -> None:
        if data.team > self.setup.teams:
            self._refuse(source, f"{where}.team", f"expected a team from 1 to "
                         f"{self.setup.teams}")
        if data.round != self.round or self.phase != "open":
            self._refuse(source, f"{where}.round", "decisions are taken only for the open "
                         f"round ({self.round + 1})")
        if data.by == "team":
            if data.team in self.team_locked:
                self._refuse(source, f"{where}.team", "the facilitator has locked this team")
            if not self.accepting(event.at):
                self._refuse(source, f"{where}.at", "the countdown has ended; no more "
                             "decisions this round")
        info = self.round_info(self.round)
        scenario = self.setup.scenario
        earlier = self.plan(data.team, self.round)
        from casekit.files import validation_error
        actions = []
        for i, raw in enumerate(data.actions):
            try:
                actions.append(Action.model_validate(raw))
            except ValidationError as exc:
                error = validation_error(exc, source, WorkshopError)
                raise WorkshopError(source, f"{where}.actions.{i}.{error.field}",
                                    error.expected) from None
        try:
            new = Plan(name=earlier.name, scenario=scenario.id, actions=tuple(actions),
                       settings=data.settings)
        except ValidationError as exc:
            error = validation_error(exc, source, WorkshopError)
            raise WorkshopError(source, f"{where}.{error.field}", error.expected) from None
        for i, action in enumerate(new.actions):
            if not info.start <= action.at < info.end:
                self._refuse(source, f"{where}.actions.{i}.at",
                             f"{action.at:g}h is outside this round; expected a time from "
                             f"{info.start:g} to before {info.end:g}")
        whole = earlier.model_copy(update={
            "actions": earlier.actions + new.actions,
            "settings": new.settings if new.settings is not None else earlier.settings})
        try:
            whole.check(scenario, source)
        except InputError as exc:
            field_ = exc.field
            if field_.startswith("actions."):
                number, _, rest = field_[len("actions."):].partition(".")
                if number.isdigit():
                    field_ = f"actions.{int(number) - len(earlier.actions)}" + \
                        (f".{rest}" if rest else "")
            raise WorkshopError(source, f"{where}.{field_}", exc.expected) from None
        self.decisions[data.team, data.round] = Decision(new.actions, new.settings, data.by,
                                                         event.at)

    def _on_claim(self, data: _Claim, event: Event, source: str, where: str) -> None:
        if data.team > self.setup.teams:
            self._refuse(source, f"{where}.team", f"expected a team from 1 to "
                         f"{self.setup.teams}")
        if data.team in self.claims:
            self._refuse(source, f"{where}.team", "this team is already taken by another "
                         "laptop; ask the facilitator to release it")
        self.claims[data.team] = data.token

    def _on_release(self, data: _Team, event: Event, source: str, where: str) -> None:
        self.claims.pop(data.team, None)

    def _on_team_lock(self, data: _Team, event: Event, source: str, where: str) -> None:
        self.team_locked.add(data.team)

    def _on_team_unlock(self, data: _Team, event: Event, source: str, where: str) -> None:
        self.team_locked.discard(data.team)

    def _on_pause(self, data: _Empty, event: Event, source: str, where: str) -> None:
        if self.phase != "open" or self.timer.paused:
            self._refuse(source, where, "no running countdown to pause")
        self.timer = Timer(None, self.timer.left(event.at))

    def _on_resume(self, data: _Empty, event: Event, source: str, where: str) -> None:
        if self.phase != "open" or not self.timer.paused:
            self._refuse(source, where, "no paused countdown to resume")
        self.timer = Timer(event.at + (self.timer.remaining or 0.0), None)

    def _on_extend(self, data: _Seconds, event: Event, source: str, where: str) -> None:
        if self.phase != "open":
            self._refuse(source, where, "no open round to extend")
        if self.timer.paused:
            self.timer = Timer(None, max(0.0, (self.timer.remaining or 0.0) + data.seconds))
        else:
            deadline = max(event.at, (self.timer.deadline or event.at) + data.seconds)
            self.timer = Timer(deadline, None)

    def _on_edit_inject(self, data: _Edit, event: Event, source: str, where: str) -> None:
        if data.round >= self.setup.rounds or data.round < self.locked:
            self._refuse(source, f"{where}.round", "only a round not yet locked can be edited")
        self.edits[data.round] = Text(en=data.en, tr=data.tr)

    def _on_add_reserve(self, data: _Reserve, event: Event, source: str, where: str) -> None:
        if data.reserve >= len(self.reserves):
            self._refuse(source, f"{where}.reserve", f"expected a reserve inject from 0 to "
                         f"{len(self.reserves) - 1}")
        if self.phase != "open":
            self._refuse(source, where, "a reserve inject is added to an open round")
        added = self.extras.get(self.round, ())
        if data.reserve not in added:
            self.extras[self.round] = added + (data.reserve,)

    def _on_leaderboard(self, data: _Show, event: Event, source: str, where: str) -> None:
        self.leaderboard = data.show
