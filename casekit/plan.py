"""Response plans: the student's answer, as data.

A plan is a YAML or JSON file: a name, the scenario it answers, and a list of actions. Each
action either sends a message (``channel``, ``audience``, ``message``, ``tone``) or adds
staff (``staff: {channel, agents, hours}``). Nothing in a plan is ever executed.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from casekit.errors import PlanError
from casekit.files import parse_mapping, quote, read_mapping, validation_error
from casekit.text.errors import number_g, said
from casekit import vocabulary

__all__ = ["Plan", "Action", "Staffing", "load_plan", "plan_from_mapping", "parse_hours",
           "NO_RESPONSE"]

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(m|min|h|d)?\s*$")
_UNIT_HOURS = {"m": 1 / 60, "min": 1 / 60, "h": 1.0, "d": 24.0, None: 1.0}

#: Channels whose messages are capacity-limited replies to people who complained (in the
#: message kinds' vocabulary; each kind's own is ``scenario.vocabulary.reply_channels``).
REPLY_CHANNELS = vocabulary.MESSAGES.reply_channels
#: Channels that take extra staff, and what the staff are (message kinds).
STAFFABLE = vocabulary.MESSAGES.staffable
PUBLIC_AUDIENCES = ("public", "followers")
#: What a plan's ``settings:`` mapping may hold at most (it is checked by its kind's schema).
MAX_SETTINGS_BYTES = 100_000


def _known(what: str, field: str, value: str | None) -> str | None:
    """``value`` if some registered kind's vocabulary has it (the plan's own scenario then
    checks it applies to that case: :meth:`Plan.check`)."""
    if value is None:
        return value
    words = vocabulary.known(what)
    if value not in words:
        raise ValueError(said("unknown_word", field=field, value=repr(str(value)[:40]),
                              words=", ".join(words)))
    return value


def parse_hours(value: Any) -> float:
    """Hours from a number or a text such as ``90m``, ``2h`` or ``3d``."""
    if isinstance(value, bool):
        raise ValueError(said("time_form"))
    try:
        if isinstance(value, (int, float)):
            hours = float(value)
        elif isinstance(value, str) and len(value) <= 100 and \
                (match := _DURATION.match(value.lower())):
            hours = float(match.group(1)) * _UNIT_HOURS[match.group(2)]
        else:
            raise ValueError(said("time_form_got", value=quote(value)))
    except OverflowError:
        raise ValueError(said("time_negative_got", value=quote(value))) from None
    if not math.isfinite(hours) or hours < 0:
        raise ValueError(said("time_negative"))
    return hours


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Staffing(_Frozen):
    """Extra people on a channel for a while."""

    channel: str
    agents: int = Field(ge=0, le=10_000)
    hours: float = Field(gt=0)

    @field_validator("channel")
    @classmethod
    def _staffable(cls, channel: str) -> str:
        staffable = vocabulary.known("staffable")
        if channel not in staffable:
            raise ValueError(said("cannot_staff", channel=repr(channel[:40]),
                                  words=", ".join(staffable)))
        return channel

    @field_validator("hours", mode="before")
    @classmethod
    def _hours(cls, value: Any) -> float:
        return parse_hours(value)


class Action(_Frozen):
    """One step of a plan: a message on a channel to an audience, or extra staff."""

    at: float
    channel: str | None = None
    audience: str | None = None
    message: tuple[str, ...] = ()
    tone: str = "formal"
    compensation: float = Field(default=0.0, ge=0, le=100_000)
    until: float | None = None
    staff: Staffing | None = None
    text: str | None = Field(default=None, max_length=5000)
    note: str | None = Field(default=None, max_length=2000)

    @field_validator("at", "until", mode="before")
    @classmethod
    def _time(cls, value: Any) -> float | None:
        return None if value is None else parse_hours(value)

    @field_validator("channel")
    @classmethod
    def _channel(cls, value: str | None) -> str | None:
        return _known("channels", "channel", value)

    @field_validator("audience")
    @classmethod
    def _audience(cls, value: str | None) -> str | None:
        return _known("audiences", "audience", value)

    @field_validator("message", mode="before")
    @classmethod
    def _message(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, (list, tuple)):
            raise ValueError(said("parts_list"))
        parts = vocabulary.known("message_parts")
        for part in value:
            if part not in parts:
                raise ValueError(said("unknown_part", value=repr(str(part)[:40]),
                                      words=", ".join(parts)))
        if len(set(value)) != len(value):
            raise ValueError(said("part_twice"))
        return tuple(value)

    @field_validator("tone")
    @classmethod
    def _tone(cls, value: str) -> str:
        tones = vocabulary.known("tones")
        if value not in tones:
            raise ValueError(said("unknown_tone", value=repr(str(value)[:40]),
                                  words=", ".join(tones)))
        return value

    @model_validator(mode="after")
    def _shape(self) -> "Action":
        # Each message starts with the field it is about; files.validation_error moves that
        # field into the path, so the error line reads "plan.yaml: actions.2.audience: ...".
        if self.staff is not None:
            if self.channel or self.message or self.audience:
                raise ValueError(said("staff_or_message"))
            return self
        if self.channel is None:
            raise ValueError(said("no_channel"))
        if not self.message:
            raise ValueError(said("no_parts"))
        if self.audience is None:
            raise ValueError(said("no_audience"))
        public = self.channel in vocabulary.known("public_channels")
        if public and self.audience not in PUBLIC_AUDIENCES:
            raise ValueError(said("public_channel", channel=self.channel))
        if not public and self.audience == "public":
            raise ValueError(said("one_by_one", channel=self.channel))
        if self.channel in vocabulary.known("reply_channels") + ("call_center",) and \
                self.audience != "complainers":
            raise ValueError(said("reply_channel", channel=self.channel))
        if "compensation" in self.message and self.compensation <= 0:
            raise ValueError(said("compensation_amount"))
        if self.compensation > 0 and "compensation" not in self.message:
            raise ValueError(said("compensation_part"))
        if self.until is not None and self.until < self.at:
            raise ValueError(said("until_before_at"))
        return self

    @property
    def is_staffing(self) -> bool:
        return self.staff is not None

    def describe(self) -> str:
        """A short line a student can read, such as ``h2 sms -> paper_bill: apology+refund``."""
        if self.staff is not None:
            return (f"h{self.at:g} staff {self.staff.channel}: +{self.staff.agents} for "
                    f"{self.staff.hours:g}h")
        extra = f" ({self.compensation:g} each)" if self.compensation else ""
        return (f"h{self.at:g} {self.channel} -> {self.audience}: {'+'.join(self.message)}"
                f" [{self.tone}]{extra}")


class Plan(_Frozen):
    """A named list of actions answering one scenario."""

    name: str = Field(min_length=1, max_length=200)
    scenario: str = Field(min_length=1, max_length=200)
    student: str | None = Field(default=None, max_length=200)
    description: str | None = Field(default=None, max_length=5000)
    actions: tuple[Action, ...] = Field(default=(), max_length=200)
    #: Policies that are not timed actions (routing tables, thresholds, switches), for kinds
    #: whose plans have them; checked against the scenario's ``plan_settings`` schema.
    settings: dict[str, Any] | None = None

    @field_validator("settings")
    @classmethod
    def _settings_size(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        if value is not None and len(json.dumps(value, default=str)) > MAX_SETTINGS_BYTES:
            raise ValueError(said("settings_size", limit=MAX_SETTINGS_BYTES))
        return value

    @property
    def digest(self) -> str:
        """A hash of what the plan does (not its name): equal plans share stored results."""
        body: Any = [a.model_dump(exclude={"note", "text"}) for a in self.actions]
        if self.settings:
            body = {"actions": body, "settings": self.settings}
        return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()
                              ).hexdigest()[:16]

    def without(self, index: int) -> "Plan":
        """The same plan without action ``index`` (for 'what did this action buy?')."""
        actions = self.actions[:index] + self.actions[index + 1:]
        return self.model_copy(update={"actions": actions, "name": f"{self.name} - #{index + 1}"})

    def check(self, scenario: Any, source: str = "plan") -> "Plan":
        """Reject choices the scenario does not allow; returns the plan for chaining."""
        if self.scenario != scenario.id:
            raise PlanError(source, "scenario", said("plan_for_other",
                                                     claimed=repr(self.scenario),
                                                     expected=repr(scenario.id)))
        allowed = scenario.allowed
        horizon = scenario.horizon_hours
        words = scenario.vocabulary
        for i, action in enumerate(self.actions):
            where = f"actions.{i}"
            if action.at >= horizon:
                raise PlanError(source, f"{where}.at", said(
                    "beyond_horizon", at=number_g(action.at), horizon=str(horizon)))
            if action.staff is not None:
                if action.staff.channel not in words.staffable:
                    raise PlanError(source, f"{where}.staff.channel",
                                    said("cannot_staff_here",
                                         channel=repr(action.staff.channel),
                                         words=", ".join(words.staffable)))
                # A channel that carries messages must be offered by the case; one that only
                # takes staff (a help desk, a queue) is part of every case of its kind.
                if action.staff.channel in words.channels and \
                        action.staff.channel not in allowed.channels:
                    raise PlanError(source, f"{where}.staff.channel",
                                    said("not_in_case", value=repr(action.staff.channel)))
                continue
            if action.channel not in allowed.channels:
                raise PlanError(source, f"{where}.channel", said(
                    "not_in_case_expected", value=repr(action.channel),
                    words=", ".join(allowed.channels)))
            if action.audience not in allowed.audiences:
                raise PlanError(source, f"{where}.audience", said(
                    "not_in_case_expected", value=repr(action.audience),
                    words=", ".join(allowed.audiences)))
            for part in action.message:
                if part not in allowed.message_parts:
                    raise PlanError(source, f"{where}.message",
                                    said("not_in_case", value=repr(part)))
            if action.tone not in allowed.tones:
                raise PlanError(source, f"{where}.tone",
                                said("tone_not_here", value=repr(action.tone)))
        schema = getattr(scenario, "plan_settings", None)
        if self.settings is not None and schema is None:
            raise PlanError(source, "settings", said("no_settings"))
        if schema is not None:
            try:
                settings = schema.model_validate(self.settings or {})
            except ValidationError as exc:
                error = validation_error(exc, source, PlanError)
                raise PlanError(source, f"settings.{error.field}", error.expected,
                                error.expected_tr) from None
        else:
            settings = None
        scenario.check_plan(self, settings, source)
        return self


NO_RESPONSE_NAME = "No response (baseline)"


def no_response(scenario_id: str) -> Plan:
    """The baseline: the company does nothing beyond its normal staffing."""
    return Plan(name=NO_RESPONSE_NAME, scenario=scenario_id, actions=())


NO_RESPONSE = no_response


def plan_from_mapping(data: dict, source: str = "plan") -> Plan:
    try:
        return Plan.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, source, PlanError) from None


def load_plan(path: str | Path, scenario: Any = None) -> Plan:
    """Read and validate a plan file; with a scenario, also check it applies."""
    path = Path(path)
    plan = plan_from_mapping(read_mapping(path, PlanError), str(path))
    return plan.check(scenario, str(path)) if scenario is not None else plan


def plan_from_text(text: str, source: str = "plan") -> Plan:
    return plan_from_mapping(parse_mapping(text, source, PlanError), source)


def plan_to_yaml(plan: Plan) -> str:
    """The plan as a tidy YAML file a student can hand in."""
    import yaml
    data = plan.model_dump(exclude_none=True, exclude_defaults=False)
    for action in data.get("actions", []):
        for key in ("until", "text", "note", "staff"):
            if action.get(key) is None:
                action.pop(key, None)
        if action.get("staff"):
            for key in ("channel", "audience", "message", "tone", "compensation"):
                action.pop(key, None)
        else:
            action["message"] = list(action["message"])
            if not action.get("compensation"):
                action.pop("compensation", None)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
