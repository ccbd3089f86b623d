"""The shared base of every scenario, whatever its kind: a case's text and numbers, frozen.

A scenario file is YAML. Each model number is written either as a bare number or as
``{value: 0.45, source: "Coombs 2007 (R)", range: [0.3, 0.6]}``: the source says where the
number comes from (``R`` marks a reasoned guess), the range is what seeded variants may
draw from. Every number is finite and, where no range is given, must still lie in the bounds
its field declares.

:class:`Case` holds what every kind has (id, version, texts in both languages, horizon,
population size, currency, score weights, the channels and the choices plans may use);
each kind's schema (``casekit/kinds/<kind>/schema.py``) extends it with its own sections.
:class:`Crisis` and :class:`MessageModel` are sections the kinds that value company messages
(SCCT) share. Loading a file into the right kind is :func:`casekit.scenario.load_scenario`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (BaseModel, ConfigDict, Field, GetCoreSchemaHandler, field_validator,
                      model_validator)
from pydantic_core import CoreSchema, core_schema

from casekit.errors import ScenarioError
from casekit.text.errors import Said, number_g, said
from casekit.vocabulary import MESSAGES, Vocabulary

__all__ = [
    "Case", "PopulationBase", "Sourced", "Text", "Questions", "Channel", "Crisis",
    "MessageModel", "Score", "MessageScore", "Allowed", "Frozen", "ReadOnlyDict", "read_only",
    "check_part_values",
    "LANGUAGES", "Bounds", "bounded", "PublicThreadNumbers", "Inject", "InjectEffect", "SecondPost",
]

LANGUAGES = ("en", "tr")
_GUESS = re.compile(r"(?:^|[\s(;,])R(?=$|[\s:;),])")


class ReadOnlyDict(dict):
    """A mapping inside a frozen scenario: reading works as for a dict, changing raises.

    Without it ``scenario.channels["sms"] = ...`` would quietly change a "frozen" scenario
    (and leave its fingerprint stale). It pickles, so scenarios still reach worker processes.
    """

    def _read_only(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("a scenario is read-only; change it with load_scenario(..., "
                        "overrides={...}) or a scenario file that extends it")

    __setitem__ = __delitem__ = __ior__ = _read_only  # type: ignore[assignment]
    clear = pop = popitem = setdefault = update = _read_only  # type: ignore[assignment]

    def __reduce__(self) -> tuple:
        return (ReadOnlyDict, (dict(self),))

    def __copy__(self) -> "ReadOnlyDict":
        return self

    def __deepcopy__(self, memo: dict) -> "ReadOnlyDict":
        import copy
        return ReadOnlyDict(copy.deepcopy(dict(self), memo))


def read_only(value: dict) -> ReadOnlyDict:
    return ReadOnlyDict(value)


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Sourced(Frozen):
    """A number with where it comes from and, optionally, the range variants may draw from."""

    value: float
    source: str = ""
    range: tuple[float, float] | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_bare_number(cls, data: Any) -> Any:
        if isinstance(data, bool):
            raise ValueError("expected a number, not true/false")
        if isinstance(data, (int, float)):
            return {"value": data}
        if not isinstance(data, (dict, Sourced)):
            raise ValueError("expected a number or {value: ..., source: ...}")
        return data

    @model_validator(mode="after")
    def _range_holds_value(self) -> "Sourced":
        if self.range is not None:
            low, high = self.range
            if not low <= self.value <= high:
                raise ValueError(said("outside_range", value=_as_written(self.value),
                                      low=_as_written(low), high=_as_written(high)))
        return self

    @property
    def guess(self) -> bool:
        """True when the source marks the number as a reasoned guess: an ``R`` standing
        alone, as in ``R: ...``, ``(R)``, ``R; ...`` or ``(R for the factor)``."""
        return _GUESS.search(self.source) is not None

    def __float__(self) -> float:
        return float(self.value)


@dataclass(frozen=True)
class Bounds:
    """The bounds of a :class:`Sourced` field, kept on the field as ``Annotated`` metadata
    (``Annotated[Sourced, Bounds(0, 1)]``, or :func:`bounded`): pydantic checks the value
    and the variant range against them at load time, and tools and tests can read them
    from the schema (``ServiceScenario.model_fields[...].metadata``)."""

    low: float
    high: float
    integer: bool = False

    def __get_pydantic_core_schema__(self, source: Any,
                                     handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_after_validator_function(
            _bounds(self.low, self.high, self.integer), handler(source))


def bounded(low: float, high: float, integer: bool = False) -> Any:
    """A :class:`Sourced` field whose value, and the range variants draw from, must lie in
    ``[low, high]`` (and be a whole number when ``integer``): written where the field is
    declared, ``ultimatum_hours: bounded(0, 24 * 90)``, so a file that sets -1 or ``.inf``
    stops at load time with a line naming the field instead of crashing a run."""
    return Annotated[Sourced, Bounds(low, high, integer)]


def _bounds(low: float, high: float, integer: bool = False) -> Any:
    """The check :func:`bounded` attaches (written out where mypy must read the type)."""

    def check(number: Sourced) -> Sourced:
        values = (number.value,) + tuple(number.range or ())
        for v in values:
            if not math.isfinite(v) or not low <= v <= high:
                raise ValueError(said("out_of_bounds", low=number_g(low), high=number_g(high),
                                      value=number_g(v)))
            if integer and v != int(v):
                raise ValueError(said("not_whole", low=number_g(low), high=number_g(high),
                                      value=number_g(v)))
        return number

    return check


#: The bounds the shared sections below use, by what a number is.
_Share = Annotated[Sourced, Bounds(0.0, 1.0)]      # a probability, a share, a reach
_Factor = Annotated[Sourced, Bounds(0.0, 10.0)]    # a multiplier
_Money = Annotated[Sourced, Bounds(0.0, 1e7)]      # currency units per contact or per unit


def _as_written(value: float) -> Said:
    """A number as Python writes it (``0.05``), with a decimal comma in Turkish."""
    return Said(str(value), str(value).replace(".", ","))


class Text(Frozen):
    """A text in both teaching languages."""

    en: str
    tr: str

    def in_(self, language: str) -> str:
        return self.tr if language == "tr" else self.en


class Questions(Frozen):
    A: Text
    B: Text


class PopulationBase(Frozen):
    """Who the case is about: every kind has a population size; a kind's own population
    section adds the rest. ``reference_customers`` is set by ``with_customers`` so that a
    resized case keeps its capacities in proportion."""

    customers: int = Field(gt=0, le=5_000_000)
    reference_customers: int | None = Field(default=None, gt=0, le=5_000_000)

    @property
    def reference(self) -> int:
        return self.reference_customers or self.customers


class Crisis(Frozen):
    cluster: Literal["victim", "accidental", "preventable"]
    history: bool
    prior_reputation: Literal["good", "neutral", "poor"]
    real_failure: bool = True
    source: str = ""


class Channel(Frozen):
    """How one channel carries a company message."""

    reach: _Share
    requires: Literal["none", "mobile", "email", "follower", "social"] = "none"
    public: bool = False
    persistent: bool = False
    delay_hours: Annotated[Sourced, Bounds(0.0, 24 * 90)]
    credibility: _Share
    tau_hours: Annotated[Sourced, Bounds(1e-3, 24 * 90)]  # a time constant: it divides
    cost_per_contact: _Money
    fixed_cost: Annotated[Sourced, Bounds(0.0, 1e9)] = Sourced(value=0.0)
    capacity: Literal["none", "call_center", "social_care", "back_office"] = "none"


class PublicThreadNumbers(Frozen):
    """The public thread's numbers, as ``casekit.engine.spread.PublicThread`` reads them:
    shared by every kind with a public post (a kind adds its own fields by subclassing)."""

    platform: Literal["facebook", "twitter"]
    start_likes: int = Field(ge=0)
    start_comments: int = Field(ge=0)
    likes_per_comment: Annotated[Sourced, Bounds(0.0, 1e6)]
    shares_per_comment: Annotated[Sourced, Bounds(0.0, 1e6)]
    branching: Annotated[Sourced, Bounds(0.0, 0.99)]
    angry_branching_multiplier: _Factor
    kernel_flat_minutes: Annotated[Sourced, Bounds(1e-3, 600.0)]
    kernel_theta: Annotated[Sourced, Bounds(1e-3, 5.0)]
    kernel_share_within_5h: Annotated[Sourced, Bounds(0.01, 0.99)]
    angry_speedup: Annotated[Sourced, Bounds(0.01, 10.0)]
    attention_reference: Annotated[Sourced, Bounds(1e-6, 1e6)]  # it divides
    exposure_shock: _Share
    stance_half_life_hours: Annotated[Sourced, Bounds(1e-3, 24 * 7 * 52)]
    stance_damping: Annotated[Sourced, Bounds(0.0, 100.0)]
    defensive_inflaming: Annotated[Sourced, Bounds(0.0, 100.0)]
    reexposure_per_reply: Annotated[Sourced, Bounds(0.0, 100.0)]


class MessageModel(Frozen):
    """What a company message is worth to a customer: attributed responsibility (SCCT), the
    message parts, tone, compensation and corrections. ``casekit.engine.response.evaluate``
    reads these, whichever kind of case it values a message for."""

    responsibility_victim: _Share
    responsibility_accidental: _Share
    responsibility_preventable: _Share
    velcro_multiplier: _Factor
    loss_aversion: _Factor
    timeliness_floor: _Share
    part_values: dict[str, Annotated[Sourced, Bounds(-1.0, 1.0)]]
    mixed_deny_penalty: _Share
    diminish_fit_high_threat: Annotated[Sourced, Bounds(0.0, 100.0)]
    human_tone: _Factor
    defensive_tone: _Factor
    defensive_shock: _Share  # a change of sentiment on the -1..1 scale
    compensation_max: _Share
    compensation_scale: Annotated[Sourced, Bounds(1e-6, 1e7)]  # money; it divides
    correction_efficacy: _Share

    @field_validator("part_values")
    @classmethod
    def _parts(cls, values: dict[str, Sourced]) -> dict[str, Sourced]:
        return check_part_values(values)


def check_part_values(values: dict[str, Sourced],
                      parts: tuple[str, ...] = MESSAGES.message_parts) -> dict[str, Sourced]:
    """A value for every message part and no other, as a read-only mapping."""
    unknown = set(values) - set(parts)
    missing = set(parts) - set(values)
    if unknown:
        raise ValueError(f"unknown message part {sorted(unknown)[0]!r}")
    if missing:
        raise ValueError(f"missing a value for message part {sorted(missing)[0]!r}")
    return read_only(values)


class Score(Frozen):
    """Score weights every kind has: the points a thousand currency units are worth
    (``scale``). A kind's schema extends it with the weight of each of its score parts."""

    scale: float = Field(gt=0, le=1e9, default=1000.0)


class MessageScore(Score):
    """Score weights of the kinds that send company messages: what a lost customer's value,
    a unit spent, a negative public post and a complaint contact each cost."""

    lifetime_value_lost: _Money
    response_cost: _Money
    negative_post_cost: _Money
    complaint_cost: _Money


class Allowed(Frozen):
    """The words of its kind's vocabulary that plans for this case may use; message parts
    and tones default to all of the kind's."""

    channels: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    message_parts: tuple[str, ...] | None = None
    tones: tuple[str, ...] | None = None

    def check(self, vocabulary: Vocabulary) -> "Allowed":
        """The same choices with defaults filled in; unknown names raise ValueError."""
        for what in ("channels", "audiences", "message_parts", "tones"):
            words = vocabulary.words(what)
            for name in getattr(self, what) or ():
                if name not in words:
                    raise ValueError(f"allowed.{what}: unknown name {name!r}; expected one "
                                     f"of {', '.join(words) or 'none (this kind has none)'}")
        return self.model_copy(update={
            "message_parts": self.message_parts if self.message_parts is not None
            else vocabulary.message_parts,
            "tones": self.tones if self.tones is not None else vocabulary.tones})


class SecondPost(Frozen):
    """An inject effect: a second viral post that restarts the thread. ``comments`` more
    comments (counted for the case's own population, scaled like the first post's) arrive
    over the hours after the inject's hour on the thread's own kernel, ``negative_share`` of
    them angry (angry ones arrive sooner and breed more); each then breeds offspring as any
    comment does, and what they say follows the crowd's mood (``casekit.engine.spread``)."""

    type: Literal["second_post"]
    comments: Annotated[Sourced, Bounds(1, 1_000_000)]
    negative_share: Annotated[Sourced, Bounds(0.0, 1.0)]


#: What an inject can change in the model. A kind applies the types it lists in its
#: schema's ``inject_effects``; a scenario whose inject carries another is refused at load.
InjectEffect = SecondPost


class Inject(Frozen):
    """A news item a workshop publishes at its hour (``casekit.workshop``): a journalist's
    call, a second viral post, a regulator's letter. ``reserve`` holds it back as a pressure
    inject the facilitator may add; ``effect`` is what it changes in the model (None: the
    inject only informs), one of the effects the case's kind applies.

    Which injects act on a run is part of the run's input: an inject acts when it is
    ``scheduled``. In a scenario file no inject is scheduled unless it says so, so
    ``casekit run``, notebooks and tournaments see the case without them; a workshop session
    schedules those it has published (:meth:`casekit.workshop.rounds.SessionState.in_force`)
    at the hour it published them."""

    hour: float = Field(ge=0, le=24 * 366)
    title: Text
    text: Text
    reserve: bool = False
    scheduled: bool = False
    effect: InjectEffect | None = None


class Case(Frozen):
    """What every kind of case shares: its id, version and texts in both languages, the
    horizon, the population, the currency, the score weights, the channels it offers and
    what plans may use; a fingerprint and a resizable population.

    A kind's schema subclasses it, sets ``kind: Literal["<kind>"]``, narrows ``population``
    and ``score`` to its own sections and names its :class:`Vocabulary` (``vocabulary``).
    """

    #: The words this kind's plans are written in (a class attribute, not a field).
    vocabulary: ClassVar[Vocabulary] = Vocabulary()
    #: The schema of a plan's ``settings:`` mapping, for kinds whose plans have one.
    plan_settings: ClassVar[type[BaseModel] | None] = None
    #: The inject effects (``effect.type``) this kind's engine applies; none by default.
    inject_effects: ClassVar[tuple[str, ...]] = ()
    #: Whether an effect's ``comments`` are counted for the case's own population and scaled
    #: with a run's customers (the crisis thread grows with the customer base), or act as
    #: written whatever the run's size (the café's thread does not).
    inject_comments_scale: ClassVar[bool] = True

    kind: str
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)
    version: int = Field(ge=1, le=1_000_000)
    title: Text
    narrative: Text
    questions: Questions
    hour0: Text | None = None
    currency: str = Field(default="TL", min_length=1, max_length=8)
    horizon_hours: int = Field(gt=0, le=24 * 366)
    population: PopulationBase
    crisis: Crisis | None = None
    channels: dict[str, Channel] = {}
    score: Score
    allowed: Allowed = Allowed()
    #: What a workshop publishes round by round (``casekit.workshop``); empty for most cases.
    injects: tuple[Inject, ...] = Field(default=(), max_length=50)
    source_path: str = Field(default="", exclude=True)

    def inject_comments(self, comments: float, customers: int) -> float:
        """How many of an inject effect's ``comments`` act in a run of ``customers``: scaled
        from the case's own population when the kind's ``inject_comments_scale`` says so
        (its engines and the workshop page both ask here)."""
        if not type(self).inject_comments_scale:
            return comments
        return comments * (customers / self.population.reference)

    @field_validator("channels")
    @classmethod
    def _channels_read_only(cls, channels: dict[str, Channel]) -> dict[str, Channel]:
        return read_only(channels)

    @model_validator(mode="after")
    def _vocabulary(self) -> "Case":
        vocabulary = type(self).vocabulary
        for name in self.channels:
            if name not in vocabulary.channels:
                raise ValueError(f"channels.{name}: not carried by {self.kind} cases; expected "
                                 f"some of {', '.join(vocabulary.channels) or 'none'}")
        object.__setattr__(self, "allowed", self.allowed.check(vocabulary))
        for i, inject in enumerate(self.injects):
            if inject.hour >= self.horizon_hours:
                raise ValueError(f"injects.{i}.hour: {inject.hour:g} is beyond the "
                                 f"{self.horizon_hours}h horizon")
            supported = type(self).inject_effects
            if inject.effect is not None and inject.effect.type not in supported:
                raise ValueError(f"injects.{i}.effect.type: {inject.effect.type!r} is not "
                                 f"applied by {self.kind} cases; expected "
                                 f"{' or '.join(supported) or 'no effect (remove it)'}")
        for name in self.allowed.channels:
            if name not in self.channels:
                raise ValueError(f"allowed.channels: {name!r} has no entry under channels")
        return self

    def check_plan(self, plan: Any, settings: BaseModel | None, source: str) -> None:
        """Rules a kind's plans must meet beyond the vocabulary (none by default); raise
        :class:`~casekit.errors.PlanError` naming the field."""

    @cached_property
    def fingerprint(self) -> str:
        """A short hash of every number and text: results are stored under it."""
        import hashlib
        blob = self.model_dump_json(exclude={"source_path"})
        return hashlib.sha256(blob.encode()).hexdigest()[:16]

    def with_customers(self, customers: int) -> Any:
        """The same case with another population size."""
        if customers <= 0:
            raise ScenarioError(self.id, "population.customers",  # type: ignore[attr-defined]
                                "expected a positive number")
        population = self.population  # type: ignore[attr-defined]
        update: dict[str, int] = {"customers": int(customers)}
        if "reference_customers" in type(population).model_fields:
            update["reference_customers"] = population.reference
        population = population.model_copy(update=update)
        return self._copy(population=population)

    def _copy(self, **update: object) -> Any:
        copy = self.model_copy(update=update)
        copy.__dict__.pop("fingerprint", None)  # model_copy carries the cached hash over
        return copy

