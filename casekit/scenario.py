"""Scenarios: a case's text and every number the engine needs, loaded into frozen objects.

A scenario file is YAML. Each model number is written either as a bare number or as
``{value: 0.45, source: "Coombs 2007 (R)", range: [0.3, 0.6]}``: the source says where the
number comes from (``R`` marks a reasoned guess), the range is what seeded variants may
draw from. A file may start from another with ``extends: other-id`` and override fields.
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from casekit.errors import ScenarioError
from casekit.files import read_mapping, validation_error
from casekit.vocabulary import AUDIENCES, CHANNELS, COMPLAINT_CHANNELS, MESSAGE_PARTS, TONES

__all__ = [
    "Case", "Scenario", "Sourced", "Text", "Channel", "load_scenario", "list_scenarios",
    "scenario_dir", "scenario_paths",
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


def _read_only(value: dict) -> ReadOnlyDict:
    return ReadOnlyDict(value)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Sourced(_Frozen):
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
                raise ValueError(f"value {self.value} lies outside its range [{low}, {high}]")
        return self

    @property
    def guess(self) -> bool:
        """True when the source marks the number as a reasoned guess: an ``R`` standing
        alone, as in ``R: ...``, ``(R)``, ``R; ...`` or ``(R for the factor)``."""
        return _GUESS.search(self.source) is not None

    def __float__(self) -> float:
        return float(self.value)


class Text(_Frozen):
    """A text in both teaching languages."""

    en: str
    tr: str

    def in_(self, language: str) -> str:
        return self.tr if language == "tr" else self.en


class Questions(_Frozen):
    A: Text
    B: Text


class Crisis(_Frozen):
    cluster: Literal["victim", "accidental", "preventable"]
    history: bool
    prior_reputation: Literal["good", "neutral", "poor"]
    real_failure: bool = True
    source: str = ""


class Population(_Frozen):
    customers: int = Field(gt=0, le=5_000_000)
    #: The population size the case's capacities and thread are written for; set by
    #: ``with_customers`` so that a resized case keeps them in proportion.
    reference_customers: int | None = Field(default=None, gt=0)

    @property
    def reference(self) -> int:
        return self.reference_customers or self.customers
    monthly_revenue_mean: Sourced
    monthly_revenue_sd: Sourced
    tenure_months_mean: Sourced
    expected_lifetime_months: Sourced
    margin: Sourced
    e_bill_share: Sourced
    mobile_share: Sourced
    email_share: Sourced
    email_open_rate: Sourced
    follower_share: Sourced
    social_active_share: Sourced
    contract_share: Sourced
    vindictive_share: Sourced
    initial_sentiment_mean: Sourced
    initial_sentiment_sd: Sourced


class Incident(_Frozen):
    overcharge_rate: Sourced
    perceived_overcharge_rate: Sourced | None = None
    e_bill_open_hours: Sourced
    paper_bill_first_day: Sourced
    paper_bill_last_day: Sourced
    notice_share: Sourced
    check_after_exposure: Sourced


class Thread(_Frozen):
    platform: Literal["facebook", "twitter"]
    start_likes: int = Field(ge=0)
    start_comments: int = Field(ge=0)
    likes_per_comment: Sourced
    shares_per_comment: Sourced
    branching: Sourced
    angry_branching_multiplier: Sourced
    kernel_flat_minutes: Sourced
    kernel_theta: Sourced
    kernel_share_within_5h: Sourced
    angry_speedup: Sourced
    attention_reference: Sourced
    exposure_shock: Sourced
    stance_half_life_hours: Sourced
    stance_damping: Sourced
    defensive_inflaming: Sourced
    reexposure_per_reply: Sourced


class Channel(_Frozen):
    """How one channel carries a company message."""

    reach: Sourced
    requires: Literal["none", "mobile", "email", "follower", "social"] = "none"
    public: bool = False
    persistent: bool = False
    delay_hours: Sourced
    credibility: Sourced
    tau_hours: Sourced
    cost_per_contact: Sourced
    fixed_cost: Sourced = Sourced(value=0.0)
    capacity: Literal["none", "call_center", "social_care", "back_office"] = "none"


class Operations(_Frozen):
    call_center_agents: Sourced
    calls_per_agent_hour: Sourced
    agent_cost_per_hour: Sourced
    patience_minutes: Sourced
    escalate_to_social_share: Sourced
    social_care_agents: Sourced
    replies_per_agent_hour: Sourced
    back_office_emails_per_hour: Sourced
    refund_lag_hours: Sourced
    quick_resolution_hours: Sourced


class Complaints(_Frozen):
    rate_per_hour: Sourced
    attention_hours: Sourced
    channel_mix: dict[str, float]

    @field_validator("channel_mix")
    @classmethod
    def _mix(cls, mix: dict[str, float]) -> dict[str, float]:
        unknown = set(mix) - set(COMPLAINT_CHANNELS)
        if unknown:
            raise ValueError(f"unknown complaint channel {sorted(unknown)[0]!r}; "
                             f"expected some of {', '.join(COMPLAINT_CHANNELS)}")
        if any(v < 0 for v in mix.values()) or abs(sum(mix.values()) - 1) > 1e-6:
            raise ValueError("expected non-negative shares that add up to 1")
        return _read_only(mix)


class MessageModel(_Frozen):
    """What a company message is worth to a customer: attributed responsibility (SCCT), the
    message parts, tone, compensation and corrections. ``casekit.engine.response.evaluate``
    reads these, whichever kind of case it values a message for."""

    responsibility_victim: Sourced
    responsibility_accidental: Sourced
    responsibility_preventable: Sourced
    velcro_multiplier: Sourced
    loss_aversion: Sourced
    timeliness_floor: Sourced
    part_values: dict[str, Sourced]
    mixed_deny_penalty: Sourced
    diminish_fit_high_threat: Sourced
    human_tone: Sourced
    defensive_tone: Sourced
    defensive_shock: Sourced
    compensation_max: Sourced
    compensation_scale: Sourced
    correction_efficacy: Sourced

    @field_validator("part_values")
    @classmethod
    def _parts(cls, values: dict[str, Sourced]) -> dict[str, Sourced]:
        return check_part_values(values)


class Model(MessageModel):
    """Behavioural parameters: how people respond. docs/model.md explains each one."""

    tenure_scale_months: Sourced
    discovery_shock: Sourced
    loss_reference: Sourced
    stealing_thunder_severity: Sourced
    refund_gain: Sourced
    queue_wait_shock: Sourced
    abandon_shock: Sourced
    baseline_monthly_churn: Sourced
    churn_sentiment_slope: Sourced
    churn_unresolved_multiplier: Sourced
    churn_complainer_unresolved_multiplier: Sourced
    churn_resolved_slow_multiplier: Sourced
    switching_cost_damping: Sourced
    ultimatum_share: Sourced
    ultimatum_hours: Sourced
    ultimatum_follow_through: Sourced


def check_part_values(values: dict[str, Sourced]) -> dict[str, Sourced]:
    """A value for every message part and no other, as a read-only mapping."""
    unknown = set(values) - set(MESSAGE_PARTS)
    missing = set(MESSAGE_PARTS) - set(values)
    if unknown:
        raise ValueError(f"unknown message part {sorted(unknown)[0]!r}")
    if missing:
        raise ValueError(f"missing a value for message part {sorted(missing)[0]!r}")
    return _read_only(values)


class Score(_Frozen):
    lifetime_value_lost: Sourced
    response_cost: Sourced
    negative_post_cost: Sourced
    complaint_cost: Sourced
    scale: float = Field(gt=0, default=1000.0)


class Allowed(_Frozen):
    channels: tuple[str, ...]
    audiences: tuple[str, ...]
    message_parts: tuple[str, ...] = MESSAGE_PARTS
    tones: tuple[str, ...] = TONES

    @model_validator(mode="after")
    def _known(self) -> "Allowed":
        for field, vocabulary in (("channels", CHANNELS), ("audiences", AUDIENCES),
                                  ("message_parts", MESSAGE_PARTS), ("tones", TONES)):
            for name in getattr(self, field):
                if name not in vocabulary:
                    raise ValueError(f"{field}: unknown name {name!r}; expected one of "
                                     f"{', '.join(vocabulary)}")
        return self


class Case(_Frozen):
    """What every kind of case shares: its id and texts, the crisis, the channels it offers,
    the score weights, what plans may use, a fingerprint and a resizable population.
    Subclasses add ``kind``, ``horizon_hours``, ``population`` and their own sections."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    version: int = Field(ge=1)
    title: Text
    narrative: Text
    questions: Questions
    hour0: Text | None = None
    currency: str = "TL"
    crisis: Crisis
    channels: dict[str, Channel]
    score: Score
    allowed: Allowed
    source_path: str = Field(default="", exclude=True)

    @field_validator("channels")
    @classmethod
    def _channels_read_only(cls, channels: dict[str, Channel]) -> dict[str, Channel]:
        return _read_only(channels)

    @model_validator(mode="after")
    def _channels_cover_allowed(self) -> "Case":
        for name in self.channels:  # type: ignore[attr-defined]
            if name not in CHANNELS:
                raise ValueError(f"channels: unknown channel {name!r}")
        for name in self.allowed.channels:  # type: ignore[attr-defined]
            if name not in self.channels:  # type: ignore[attr-defined]
                raise ValueError(f"allowed.channels: {name!r} has no entry under channels")
        return self

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


class Scenario(Case):
    """One case: its bilingual text and every number the engine needs."""

    kind: Literal["complaint_crisis"] = "complaint_crisis"
    horizon_hours: int = Field(gt=0, le=24 * 90)
    population: Population
    incident: Incident
    thread: Thread
    operations: Operations
    complaints: Complaints
    model: Model

def scenario_dir() -> Path:
    """Where the bundled scenarios live (``scenarios/`` beside the package)."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "scenarios", here / "scenarios"):
        if candidate.is_dir():
            return candidate
    return here.parent / "scenarios"


def scenario_paths() -> dict[str, Path]:
    """Scenario id -> file, for every bundled scenario."""
    return {p.stem: p for p in sorted(scenario_dir().glob("*.yaml")) if not p.stem.startswith("_")}


def list_scenarios() -> list[Scenario]:
    return [load_scenario(path) for path in scenario_paths().values()]


def load_scenario(name_or_path: str | Path, overrides: dict | None = None) -> Scenario:
    """Load a scenario by id (``isp-overbilling``) or by path, validated and frozen."""
    path = _resolve(name_or_path)
    data = _read_with_extends(path, seen=())
    if overrides:
        data = deep_merge(data, overrides)
    return scenario_from_mapping(data, str(path))


#: Kinds of case, each with its own schema and engine. ``complaint_crisis`` (the default)
#: is the many-customers crisis of this module; ``public_reply`` is one public complaint
#: and the crowd watching it (casekit.scenario_reply, casekit.engine.cascade).
SCENARIO_KINDS = ("complaint_crisis", "public_reply")


def scenario_from_mapping(data: dict, name: str) -> Any:
    kind = data.get("kind", "complaint_crisis")
    if kind not in SCENARIO_KINDS:
        raise ScenarioError(name, "kind", f"unknown kind {kind!r}; expected one of "
                            f"{', '.join(SCENARIO_KINDS)}")
    schema: type[BaseModel] = Scenario
    if kind == "public_reply":
        from casekit.scenario_reply import ReplyScenario
        schema = ReplyScenario
    try:
        scenario = schema.model_validate({**data, "source_path": name})
    except ValidationError as exc:
        raise validation_error(exc, name, ScenarioError) from None
    return scenario


def _resolve(name_or_path: str | Path) -> Path:
    text = str(name_or_path)
    known = scenario_paths()
    if text in known:
        return known[text]
    path = Path(text)
    if path.suffix.lower() in (".yaml", ".yml", ".json") or path.exists():
        return path
    choices = ", ".join(known) or "none found"
    raise ScenarioError(text, "", f"no such scenario; expected a file or one of: {choices}")


def _read_with_extends(path: Path, seen: tuple[str, ...]) -> dict:
    data = read_mapping(path, ScenarioError)
    parent = data.pop("extends", None)
    if parent is None:
        return data
    if not isinstance(parent, str):
        raise ScenarioError(str(path), "extends", "expected the id of another scenario")
    if parent in seen:
        raise ScenarioError(str(path), "extends", f"circular extends through {parent!r}")
    base_path = scenario_paths().get(parent) or path.with_name(f"{parent}.yaml")
    if not base_path.exists():
        raise ScenarioError(str(path), "extends", f"no scenario {parent!r} to extend")
    return deep_merge(_read_with_extends(base_path, seen + (parent,)), data)


def deep_merge(base: dict, override: dict) -> dict:
    """``override`` laid over ``base``; nested mappings merge, everything else replaces."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            # A bare number over a sourced one keeps the source and replaces the value.
            if set(merged[key]) >= {"value"} and "value" not in value and not value:
                continue
            merged[key] = deep_merge(merged[key], value)
        elif isinstance(merged.get(key), dict) and "value" in merged[key] and \
                isinstance(value, (int, float)) and not isinstance(value, bool):
            merged[key] = {**merged[key], "value": value}
        else:
            merged[key] = value
    return merged
