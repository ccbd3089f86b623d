"""The ``service_operations`` kind: its scenario file and the student's settings.

A scenario describes the customers with a problem (when they notice it, what it is about,
what they are worth), the firm's intake channels in the order customers climb them, its
departments and the behavioural numbers (patience, anger, repurchase). Every number is a
``Sourced`` value: its source, or ``R`` for a reasoned guess, lives in the YAML file.

The student's decisions (staffing per channel and hour, acknowledgement and tracking
numbers, form fields, the routing table, SLA, proactive notices, merging, survey and
win-back gifts) are ``ServiceSettings``, read from a plan file's ``settings:`` mapping and
laid over the scenario's ``defaults`` (the firm's starting state).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from casekit.case import (Case, Frozen, PopulationBase, PublicThreadNumbers, Score, Sourced,
                          Text, bounded)
from casekit.errors import PlanError, ScenarioError
from casekit.files import read_mapping, validation_error
from casekit.scenario import deep_merge

__all__ = [
    "FORM_FIELDS",
    "KIND",
    "ChannelSettings",
    "ServiceScenario",
    "ServiceSettings",
    "load_service_scenario",
    "load_settings",
    "service_scenario_from_mapping",
    "settings_from_mapping",
]

KIND = "service_operations"
#: What an intake form (or a call-centre script) may ask (source 001).
FORM_FIELDS = ("order_number", "product", "date", "subject")
FormField = Literal["order_number", "product", "date", "subject"]
DAYS = ("all", "weekdays")

# Bounds, named by what the number is (issue 15): a value or a variant range outside its
# field's bounds stops at load time with one line naming the field.
Share = bounded(0.0, 1.0)                  # a probability or a share of customers
Chance = bounded(0.0, 0.999)               # a chance turned into odds, p / (1 - p)
Hours = bounded(0.0, 1e4)                  # a time or a mean time: 10,000 h, over a year
Money = bounded(0.0, 1e7)                  # TL per hour, per contact or per case
Rate = bounded(0.0, 1e3)                   # cases or replies per person-hour
Staff = bounded(0.0, 1e4)                  # people on duty
Count = bounded(0.0, 1e6)                  # likes, shares, reached people
Factor = bounded(0.0, 10.0)                # an odds multiplier or a lift
Anger = bounded(0.0, 10.0)                 # a step of anger on the satisfaction logit
Slope = bounded(0.0, 10.0)                 # satisfaction logit lost per unit
Shock = bounded(0.0, 1.0)                  # a change of sentiment on the -1..1 scale


class Category(Frozen):
    """One kind of problem: how common, whose job, how long the fix takes."""

    label: Text
    share: Share
    department: str
    fix_hours: Hours
    first_contact_share: Share
    #: True when the firm can know of the problem before the customer asks (a late parcel).
    notice_eligible: bool = False


class Product(Frozen):
    """One line of what the firm sells: the product a customer's problem is about."""

    label: Text
    share: Share


class Department(Frozen):
    label: Text
    staff: Staff
    cases_per_staff_hour: Rate
    cost_per_staff_hour: Money
    people: tuple[str, ...] = Field(min_length=1)
    hours: tuple[float, float] = (9.0, 18.0)
    days: Literal["all", "weekdays"] = "weekdays"

    @field_validator("hours", mode="before")
    @classmethod
    def _hours(cls, value: Any) -> tuple[float, float]:
        return _hours_pair(value)


class IntakeChannel(Frozen):
    """One rung of the ladder customers climb."""

    label: Text
    queue: Literal["phone", "backlog"]
    public: bool = False
    start_share: Share
    patience_hours: bounded(0.001, 24 * 7 * 52)  # a mean wait: it divides
    #: Replies (backlog) or calls (phone) one agent handles in an hour.
    per_agent_hour: Rate
    cost_per_agent_hour: Money
    routing_accuracy: Share
    #: How far an intake agent on this channel can resolve at first contact (0-1).
    first_contact_factor: Share


class Population(PopulationBase):
    """The customers with a problem over the horizon (``customers`` of them)."""

    #: Arrival weight of each hour of the day (24 numbers) and of each weekday (7, Monday
    #: first). The source of the shape is given beside it.
    hour_profile: tuple[float, ...] = Field(min_length=24, max_length=24)
    weekday_profile: tuple[float, ...] = Field(min_length=7, max_length=7)
    profile_source: str
    value_mean: bounded(1, 1e7)  # TL; the log-normal divides by it
    value_sd: bounded(0, 1e7)
    contact_share: Share

    @field_validator("hour_profile", "weekday_profile")
    @classmethod
    def _weights(cls, values: tuple[float, ...]) -> tuple[float, ...]:
        if any(v < 0 for v in values) or sum(values) <= 0:
            raise ValueError("expected non-negative weights with a positive sum")
        return values


class Behaviour(Frozen):
    """How customers react: patience, anger, chasing, satisfaction."""

    give_up_share: Share
    give_up_share_later: Share
    abandon_anger: Anger
    ack_patience_multiplier: bounded(0.01, 100)
    chase_per_day: bounded(0, 24)  # each chase is a drawn contact: bounded in memory
    tracking_chase_cut: Share
    transfer_delay_hours: Hours
    max_transfers: bounded(1, 10, integer=True)
    field_misroute_cut: dict[str, Share]
    inbox_pickup_hours: Hours
    escalation_hours: Hours
    notice_head_start_hours: Hours
    notice_prevents_honest: Share
    notice_prevents_optimistic: Share
    optimistic_miss_share: Share
    optimistic_miss_delay_hours: Hours
    broken_promise_anger: Anger
    notice_calm: Anger
    quick_hours: Hours
    #: The satisfaction logit before anger, waiting and transfers take their share.
    satisfaction_base: bounded(-10.0, 10.0)
    satisfaction_per_anger: Slope
    satisfaction_per_log_hour: Slope
    satisfaction_per_transfer: Slope
    ack_calm: Anger
    survey_response: Share
    call_back_lift: Factor

    @field_validator("field_misroute_cut")
    @classmethod
    def _fields(cls, cuts: dict[str, Sourced]) -> dict[str, Sourced]:
        unknown = set(cuts) - set(FORM_FIELDS)
        if unknown or set(cuts) != set(FORM_FIELDS):
            raise ValueError(f"expected one value for each of {', '.join(FORM_FIELDS)}")
        return cuts


class Repurchase(Frozen):
    """Chance of buying again by complaint outcome (TARP, Barlow & Maul 2000)."""

    did_not_complain: Chance
    notified: Chance
    unresolved: Chance
    resolved: Chance
    resolved_quickly: Chance
    abandon_odds: Factor
    gift_max_odds: Factor
    gift_scale: bounded(0.01, 1e7)  # TL; a gift is divided by it
    #: The share of a gift's and a call back's lift that reaches a customer already
    #: satisfied with the resolution (compensation repairs a loss; hers is repaired).
    satisfied_recovery_share: Share


class ThreadModel(PublicThreadNumbers):
    """The public thread's numbers (the shared :class:`casekit.case.PublicThreadNumbers`)."""


class ServiceScore(Score):
    """What each cost of the operation is, in the case's currency."""

    chase_contact: Money
    escalation: Money
    call_back: Money
    public_post: Money
    engagement: Money


class ServiceScenario(Case):
    """One service-operations case: its texts and every number the engine needs."""

    plan_settings: ClassVar[type[BaseModel] | None] = None  # set below (ServiceSettings)

    kind: Literal["service_operations"] = "service_operations"
    start: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    horizon_hours: int = Field(gt=0, le=24 * 7 * 12)
    population: Population
    score: ServiceScore
    categories: dict[str, Category] = Field(min_length=1)
    #: What the customers' orders are for (the product in the log); none: not recorded.
    products: dict[str, Product] = Field(default_factory=dict)
    departments: dict[str, Department] = Field(min_length=1)
    #: The intake channels, in the order customers climb them.
    intake: dict[str, IntakeChannel] = Field(min_length=1)
    behaviour: Behaviour
    repurchase: Repurchase
    thread: ThreadModel
    #: The firm's starting state, as settings; a plan's settings are laid over it.
    defaults: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> ServiceScenario:
        for name, category in self.categories.items():
            if category.department not in self.departments:
                raise ValueError(f"categories.{name}.department: unknown department "
                                 f"{category.department!r}; expected one of "
                                 f"{', '.join(self.departments)}")
        for where, group, field in (("categories", self.categories, "share"),
                                    ("intake", self.intake, "start_share"),
                                    ("products", self.products, "share")):
            values = [float(getattr(v, field)) for v in group.values()]
            if not values:
                continue
            if any(v < 0 for v in values) or abs(sum(values) - 1.0) > 1e-6:
                raise ValueError(f"{where}: the {field} values must be non-negative and add "
                                 f"up to 1 (they add up to {sum(values):g})")
        try:
            settings_from_mapping(self.defaults, self, "defaults")
        except PlanError as exc:
            raise ValueError(f"defaults: {exc.expected} ({exc.field})") from None
        return self

    def check_plan(self, plan: Any, settings: BaseModel | None, source: str) -> None:
        """Settings must name this case's channels, categories and departments."""
        settings_from_mapping(getattr(plan, "settings", None) or {}, self, source,
                              base=dict(self.defaults))


# --- the student's settings ----------------------------------------------------------------

def _hours_pair(value: Any) -> tuple[float, float]:
    if not (isinstance(value, (list, tuple)) and len(value) == 2 and
            all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)):
        raise ValueError("expected [opening hour, closing hour], such as [9, 18]")
    start, end = float(value[0]), float(value[1])
    if not (0 <= start < end <= 24):
        raise ValueError("expected 0 <= opening < closing <= 24")
    return start, end


class ChannelSettings(Frozen):
    """Staffing and intake choices on one channel."""

    #: Agents on duty: one number for every open hour, or 24 numbers, one per hour of day.
    staff: int | tuple[int, ...] = 0
    hours: tuple[float, float] = (0.0, 24.0)
    days: Literal["all", "weekdays"] = "all"
    acknowledge: bool = False
    tracking_number: bool = False
    #: What this channel's form (or call script) asks; None: the plan's ``form_fields``.
    form_fields: tuple[FormField, ...] | None = None

    @field_validator("staff", mode="before")
    @classmethod
    def _whole_staff(cls, value: Any) -> Any:
        def whole(v: Any) -> bool:
            return (isinstance(v, int) and not isinstance(v, bool)) or \
                (isinstance(v, float) and v.is_integer())
        if whole(value):
            return int(value)
        if isinstance(value, (list, tuple)) and all(whole(v) for v in value):
            return tuple(int(v) for v in value)
        raise ValueError("expected a whole number of agents, or a list of 24 whole numbers "
                         "(one per hour of day)")

    @field_validator("form_fields")
    @classmethod
    def _unique_fields(cls, fields: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if fields is not None and len(set(fields)) != len(fields):
            raise ValueError("a field is listed twice")
        return fields

    @field_validator("staff")
    @classmethod
    def _staff(cls, value: int | tuple[int, ...]) -> int | tuple[int, ...]:
        values = (value,) if isinstance(value, int) else value
        if isinstance(value, tuple) and len(value) != 24:
            raise ValueError("expected one number of agents, or 24 (one per hour of day)")
        if any(v < 0 or v > 500 for v in values):
            raise ValueError("expected between 0 and 500 agents")
        return value

    @field_validator("hours", mode="before")
    @classmethod
    def _hours(cls, value: Any) -> tuple[float, float]:
        return _hours_pair(value)

    @model_validator(mode="after")
    def _tracking_needs_ack(self) -> ChannelSettings:
        if self.tracking_number and not self.acknowledge:
            raise ValueError("tracking_number: a tracking number is sent in the "
                             "acknowledgement; set acknowledge: true too")
        return self

    def staff_by_hour(self) -> tuple[int, ...]:
        return self.staff if isinstance(self.staff, tuple) else (self.staff,) * 24


class Route(Frozen):
    """Where a category goes: a department, and who there owns it."""

    department: str
    #: ``inbox`` (the department's inbox), ``named`` (a named person of the department, in
    #: turn) or the name of one of the department's ``people``.
    assignee: str = Field(default="inbox", min_length=1, max_length=100)

    @property
    def named(self) -> bool:
        return self.assignee != "inbox"

    @property
    def person(self) -> str | None:
        """The person the table names, or None (the inbox, or whoever is next)."""
        return None if self.assignee in ("named", "inbox") else self.assignee


class SLA(Frozen):
    #: Resolution target from the ticket's creation; None: no SLA (no warning, no
    #: escalation) except for the departments named in ``departments``.
    target_hours: float | None = Field(default=None, gt=0, le=24 * 7 * 12)
    #: A department's own target, in place of ``target_hours`` for its tickets.
    departments: dict[str, float] = Field(default_factory=dict)
    warning_share: float = Field(default=0.75, gt=0, lt=1)
    escalate: bool = False

    @field_validator("departments")
    @classmethod
    def _targets(cls, targets: dict[str, float]) -> dict[str, float]:
        for name, hours in targets.items():
            if not (isinstance(hours, (int, float)) and 0 < hours <= 24 * 7 * 12):
                raise ValueError(f"{name}: expected a target in hours above 0")
        return targets

    def target_of(self, department: str) -> float | None:
        return self.departments.get(department, self.target_hours)

    @property
    def any_target(self) -> bool:
        return self.target_hours is not None or bool(self.departments)


class Notice(Frozen):
    """A delay message sent before the customer asks."""

    promise: Literal["none", "honest", "optimistic"] = "none"
    categories: tuple[str, ...] = ()
    #: Hours after the firm learns of the delay that the notice goes out; a customer who
    #: notices the problem first is not helped by it.
    after_hours: float = Field(default=0.0, ge=0, le=24 * 7 * 12)


class WinBack(Frozen):
    to: Literal["nobody", "dissatisfied", "all_complainants"] = "nobody"
    gift: float = Field(default=0.0, ge=0, le=100_000)
    budget: float = Field(default=0.0, ge=0, le=1e9)
    call_back: bool = False


class ServiceSettings(Frozen):
    """Every decision a student makes in this kind of case."""

    channels: dict[str, ChannelSettings] = Field(default_factory=dict)
    #: What every form asks, unless a channel lists its own (``channels.<name>.form_fields``).
    form_fields: tuple[FormField, ...] = ()
    routing: dict[str, Route] = Field(default_factory=dict)
    not_my_job_names_department: bool = False
    sla: SLA = SLA()
    notice: Notice = Notice()
    merge_contacts: bool = False
    survey: bool = False
    win_back: WinBack = WinBack()

    @field_validator("form_fields")
    @classmethod
    def _unique(cls, fields: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(fields)) != len(fields):
            raise ValueError("a field is listed twice")
        return fields

    @model_validator(mode="after")
    def _win_back_needs_survey(self) -> ServiceSettings:
        if self.sla.escalate and not self.sla.any_target:
            raise ValueError("sla.escalate: escalation happens at the SLA target; set "
                             "sla.target_hours too")
        if self.win_back.to == "dissatisfied" and not self.survey:
            raise ValueError("win_back.to: the firm learns who is dissatisfied from the "
                             "survey; set survey: true or give to all_complainants")
        if self.win_back.to != "nobody" and self.win_back.gift > 0 and \
                self.win_back.budget <= 0:
            raise ValueError("win_back.budget: expected a budget above 0 for the gifts")
        return self

    def channel(self, name: str) -> ChannelSettings:
        return self.channels.get(name, ChannelSettings())

    def fields_of(self, channel: str) -> tuple[str, ...]:
        """The fields the intake on ``channel`` asks: its own list, or the plan's."""
        own = self.channel(channel).form_fields
        return self.form_fields if own is None else own


ServiceScenario.plan_settings = ServiceSettings


def settings_from_mapping(data: Any, scenario: ServiceScenario, source: str = "settings",
                          base: dict | None = None) -> ServiceSettings:
    """Validate a plan's ``settings:`` mapping (laid over ``base``) against the scenario:
    channel, category and department names must exist; every error is one line."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise PlanError(source, "settings", "expected a mapping of settings")
    merged = deep_merge(base, data) if base else data
    try:
        settings = ServiceSettings.model_validate(merged)
    except ValidationError as exc:
        error = validation_error(exc, source, PlanError)
        raise PlanError(source, f"settings.{error.field}", error.expected) from None
    for name in settings.channels:
        if name not in scenario.intake:
            raise PlanError(source, f"settings.channels.{name}",
                            f"unknown channel; expected one of {', '.join(scenario.intake)}")
    for name, route in settings.routing.items():
        if name not in scenario.categories:
            raise PlanError(source, f"settings.routing.{name}", "unknown category; expected "
                            f"one of {', '.join(scenario.categories)}")
        if route.department not in scenario.departments:
            raise PlanError(source, f"settings.routing.{name}.department",
                            f"unknown department {route.department!r}; expected one of "
                            f"{', '.join(scenario.departments)}")
        people = scenario.departments[route.department].people
        if route.person is not None and route.person not in people:
            raise PlanError(source, f"settings.routing.{name}.assignee",
                            f"{route.person!r} is not in {route.department}; expected "
                            f"inbox, named or one of {', '.join(people)}")
    for name in settings.sla.departments:
        if name not in scenario.departments:
            raise PlanError(source, f"settings.sla.departments.{name}", "unknown department; "
                            f"expected one of {', '.join(scenario.departments)}")
    for name in settings.notice.categories:
        if name not in scenario.categories:
            raise PlanError(source, "settings.notice.categories", f"unknown category "
                            f"{name!r}; expected some of {', '.join(scenario.categories)}")
    return settings


def plan_settings(plan: Any, scenario: ServiceScenario, source: str = "plan"
                  ) -> ServiceSettings:
    """The settings a plan asks for, over the scenario's defaults. ``plan`` may be a
    ``ServiceSettings``, a mapping (a plan file's contents or its settings), an object with
    a ``settings`` attribute (``casekit.plan.Plan``) or None (the starting state)."""
    if isinstance(plan, ServiceSettings):
        return plan
    raw: Any = None
    if isinstance(plan, dict):
        raw = plan.get("settings", {}) if "settings" in plan or "name" in plan else plan
    elif plan is not None:
        raw = getattr(plan, "settings", None)
        if isinstance(raw, ServiceSettings):
            return raw
        if isinstance(raw, BaseModel):
            raw = raw.model_dump()
    return settings_from_mapping(raw or {}, scenario, source, base=dict(scenario.defaults))


def load_settings(path: str | Path, scenario: ServiceScenario) -> tuple[str, ServiceSettings]:
    """A plan file's name and settings (the file is data: read, never run)."""
    data = read_mapping(Path(path), PlanError)
    name = data.get("name", Path(path).stem)
    if not isinstance(name, str) or not name.strip():
        raise PlanError(str(path), "name", "expected a non-empty text")
    if data.get("scenario", scenario.id) != scenario.id:
        raise PlanError(str(path), "scenario", f"this plan is for {data.get('scenario')!r}, "
                        f"not {scenario.id!r}")
    return name, settings_from_mapping(data.get("settings", {}), scenario, str(path),
                                       base=dict(scenario.defaults))


def service_scenario_from_mapping(data: dict, name: str) -> ServiceScenario:
    try:
        return ServiceScenario.model_validate({**data, "source_path": name})
    except ValidationError as exc:
        raise validation_error(exc, name, ScenarioError) from None


def load_service_scenario(path: str | Path) -> ServiceScenario:
    path = Path(path)
    if not path.exists() and not path.suffix:
        from casekit.scenario import scenario_dir
        for candidate in (scenario_dir() / f"{path}.yaml", scenario_dir() / f"_draft-{path}.yaml"):
            if candidate.exists():
                path = candidate
                break
    data = read_mapping(path, ScenarioError)
    if data.get("kind") != KIND:
        raise ScenarioError(str(path), "kind", f"expected a {KIND} scenario (this one is "
                            f"{data.get('kind', 'complaint_crisis')!r})")
    return service_scenario_from_mapping(data, str(path))
