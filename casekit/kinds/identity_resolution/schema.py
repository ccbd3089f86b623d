"""The ``identity_resolution`` case: its scenario sections and a plan's settings.

A scenario holds the numbers of three things, each a ``Sourced`` with its source or ``R``:

``data``     the synthetic bank (how many customers have which kind of noise);
``replay``   the complaints over months: how often account holders complain, what each
             kind of reply costs them in effort, how effort turns into churn;
``score``    what a lost customer, a minute of agent time and a privacy incident cost.

A plan's ``settings:`` mapping (:class:`IdentitySettings`) holds the student's choices: the
blocking keys, the matching method (rules, or Fellegi-Sunter with thresholds and m/u set by
hand or estimated by EM), and three policies: look the complainer up before replying, send
offers in writing when asked, and never ask a known customer for details again.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, Literal

import numpy as np
from pydantic import BaseModel, Field, field_validator, model_validator

from casekit.case import Case, Frozen, PopulationBase, Score, Sourced, Text
from casekit.kinds.identity_resolution.matching import BLOCKING_KEYS, COMPARISONS
from casekit.kinds.identity_resolution.people import WorldSpec

__all__ = [
    "HOURS_PER_MONTH",
    "Data",
    "FellegiSunter",
    "IdentityPopulation",
    "IdentityScenario",
    "IdentityScore",
    "IdentitySettings",
    "Replay",
    "Rule",
    "load_identity_scenario",
    "load_settings",
    "world_spec",
]


class IdentityPopulation(PopulationBase):
    """The bank's customers and the social accounts that talk to it."""

    accounts: int = Field(gt=0, le=1_000_000)
    seed: int = Field(ge=0, le=2**32 - 1, default=2012)


def _share(where: str, value: Sourced) -> Sourced:
    if not 0.0 <= value.value <= 1.0:
        raise ValueError(f"{where}: expected a share between 0 and 1")
    return value


class Data(Frozen):
    """The shape of the synthetic bank (see casekit.kinds.identity_resolution.people)."""

    non_customer_share: Sourced
    double_first_name: Sourced
    surname_zipf: Sourced
    tail_name_share: Sourced
    married_name_change: Sourced
    maiden_on_account: Sourced
    shared_phone: Sourced
    account_email_known: Sourced
    old_email: Sourced
    account_phone_known: Sourced
    location_given: Sourced
    moved_city: Sourced
    card_in_post: Sourced
    branch_in_post: Sourced
    ascii_name: Sourced
    short_name: Sourced
    typo: Sourced
    upper_name: Sourced
    nickname: Sourced

    #: The display-name styles: each account shows at most one, the rest the name as
    #: registered, so their shares add up to at most 1.
    DISPLAY_STYLES: ClassVar[tuple[str, ...]] = ("ascii_name", "short_name", "typo",
                                                 "upper_name", "nickname")

    @model_validator(mode="after")
    def _shares(self) -> Data:
        for name in type(self).model_fields:
            if name != "surname_zipf":
                _share(name, getattr(self, name))
        if not 0.0 < self.surname_zipf.value <= 3.0:
            raise ValueError("surname_zipf: expected an exponent in (0, 3]")
        styles = sum(getattr(self, name).value for name in self.DISPLAY_STYLES)
        if styles > 1.0 + 1e-9:
            raise ValueError(f"nickname: expected {' + '.join(self.DISPLAY_STYLES)} to add up "
                             f"to at most 1 (each account shows one style), found {styles:.2f}")
        return self


class Replay(Frozen):
    """The complaints over months and what each kind of reply does."""

    months: int = Field(gt=0, le=12)
    complaints_per_month: Sourced
    offer_call_share: Sourced
    written_request_share: Sourced
    refused_writing_complaint: Sourced
    disloyal_low_effort: Sourced
    disloyal_high_effort: Sourced
    disloyal_leave: Sourced
    asked_again_multiplier: Sourced
    false_link_disclosure: Sourced
    incident_goes_public: Sourced
    reviewer_accuracy: Sourced
    review_minutes: Sourced
    dm_minutes: Sourced
    context_minutes: Sourced
    written_offer_cost: Sourced
    dm_delay_hours: Sourced
    context_delay_hours: Sourced
    mood_after_context: Sourced
    mood_after_effort: Sourced

    @model_validator(mode="after")
    def _check(self) -> Replay:
        for name in ("offer_call_share", "written_request_share", "refused_writing_complaint",
                     "disloyal_low_effort", "disloyal_high_effort", "disloyal_leave",
                     "false_link_disclosure", "incident_goes_public", "reviewer_accuracy"):
            _share(name, getattr(self, name))
        for name in ("mood_after_context", "mood_after_effort"):
            if not -1.0 <= getattr(self, name).value <= 1.0:
                raise ValueError(f"{name}: expected a sentiment between -1 and 1")
        for name in ("complaints_per_month", "asked_again_multiplier", "review_minutes",
                     "dm_minutes", "context_minutes", "written_offer_cost", "dm_delay_hours",
                     "context_delay_hours"):
            if getattr(self, name).value < 0:
                raise ValueError(f"{name}: expected a number of zero or more")
        return self


class IdentityScore(Score):
    """What each part of the score is worth."""

    lifetime_value: Sourced
    agent_minute_cost: Sourced
    privacy_incident_cost: Sourced
    public_post_cost: Sourced


class IdentityScenario(Case):
    """A bank, its customers' social accounts, and the complaints that test its matching."""

    #: A plan's ``settings:`` are :class:`IdentitySettings` (set below, once defined).
    plan_settings: ClassVar[type[BaseModel] | None] = None

    kind: Literal["identity_resolution"] = "identity_resolution"
    population: IdentityPopulation
    score: IdentityScore
    data: Data
    replay: Replay
    bank_handle: str = Field(default="kuzeybank_destek", pattern=r"^[a-z0-9_]{1,30}$")
    #: What the customer wrote and what the bank answered (shown in the notebook).
    exhibits: dict[str, Text] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _horizon(self) -> IdentityScenario:
        if self.horizon_hours != self.replay.months * HOURS_PER_MONTH:
            raise ValueError(f"horizon_hours: expected replay.months x {HOURS_PER_MONTH} = "
                             f"{self.replay.months * HOURS_PER_MONTH}")
        if self.population.accounts > self.population.customers:
            raise ValueError("population.accounts: expected no more accounts than customers")
        return self

    def with_customers(self, customers: int):  # type: ignore[no-untyped-def]
        """The same bank at another size: social accounts scale in proportion."""
        scaled = super().with_customers(customers)
        ratio = self.population.accounts / self.population.customers
        population = scaled.population.model_copy(
            update={"accounts": max(1, round(customers * ratio))})
        return scaled._copy(population=population)


#: A month of the replay, in hours (365 * 24 / 12).
HOURS_PER_MONTH = 730


def world_spec(scenario: IdentityScenario) -> WorldSpec:
    """The data generator's numbers from a scenario."""
    d = scenario.data
    return WorldSpec(
        customers=scenario.population.customers, accounts=scenario.population.accounts,
        **{name: float(getattr(d, name).value) for name in type(d).model_fields})


# --- the plan's settings ---------------------------------------------------------------

Level = str


class Rule(Frozen):
    """Link (or send to review) a pair when every condition holds: ``when`` maps a field to
    the worst level that still counts (``{first_name: close, surname: exact, city: exact}``)."""

    when: dict[str, Level] = Field(min_length=1, max_length=len(COMPARISONS))
    decide: Literal["link", "review"] = "link"

    @field_validator("when")
    @classmethod
    def _known(cls, when: dict[str, Level]) -> dict[str, Level]:
        for fname, level in when.items():
            if fname not in COMPARISONS:
                raise ValueError(f"unknown field {fname!r}; expected one of "
                                 f"{', '.join(COMPARISONS)}")
            if level not in COMPARISONS[fname]:
                raise ValueError(f"{fname}: unknown level {level!r}; expected one of "
                                 f"{', '.join(COMPARISONS[fname])}")
        return when


class FellegiSunter(Frozen):
    """The Fellegi-Sunter model: fields compared, m and u (by hand, or estimated), the
    thresholds on the match weight."""

    fields: tuple[str, ...] = tuple(COMPARISONS)
    estimate: Literal["em", "manual"] = "em"
    m: dict[str, dict[str, float]] = Field(default_factory=dict)
    u: dict[str, dict[str, float]] = Field(default_factory=dict)
    link_threshold: float = Field(default=6.0, ge=-60, le=60)
    review_threshold: float = Field(default=2.0, ge=-60, le=60)
    expected_linked_share: float = Field(default=0.8, gt=0, lt=1)
    em_max_iterations: int = Field(default=200, ge=1, le=5000)

    @model_validator(mode="after")
    def _check(self) -> FellegiSunter:
        for fname in self.fields:
            if fname not in COMPARISONS:
                raise ValueError(f"fields: unknown field {fname!r}; expected some of "
                                 f"{', '.join(COMPARISONS)}")
        if len(set(self.fields)) != len(self.fields) or not self.fields:
            raise ValueError("fields: expected one or more distinct fields")
        if self.review_threshold > self.link_threshold:
            raise ValueError("review_threshold: expected a value at or below link_threshold")
        for which in ("m", "u"):
            table = getattr(self, which)
            for fname, levels in table.items():
                if fname not in COMPARISONS:
                    raise ValueError(f"{which}: unknown field {fname!r}")
                if set(levels) != set(COMPARISONS[fname]):
                    raise ValueError(f"{which}.{fname}: expected a probability for each level "
                                     f"({', '.join(COMPARISONS[fname])})")
                values = np.array(list(levels.values()), dtype=float)
                if not np.all((values > 0) & (values < 1)):
                    raise ValueError(f"{which}.{fname}: expected probabilities above 0 and "
                                     "below 1")
                if abs(values.sum() - 1.0) > 0.01:
                    raise ValueError(f"{which}.{fname}: expected probabilities summing to 1, "
                                     f"found {values.sum():.3f}")
        if self.estimate == "manual":
            for fname in self.fields:
                if fname not in self.m or fname not in self.u:
                    raise ValueError(f"m: estimate is manual, so m and u need {fname!r}")
        return self


class IdentitySettings(Frozen):
    """A student's matching strategy and policies (a plan's ``settings:`` mapping)."""

    method: Literal["rules", "fellegi_sunter", "none"] = "rules"
    blocking: tuple[str, ...] = ("phone", "email", "surname_city")
    rules: tuple[Rule, ...] = Field(default=(), max_length=50)
    fellegi_sunter: FellegiSunter = FellegiSunter()
    one_to_one: bool = True
    look_up_before_reply: bool = True
    offers_in_writing: bool = False
    ask_known_again: bool = True

    @model_validator(mode="after")
    def _check(self) -> IdentitySettings:
        for key in self.blocking:
            if key not in BLOCKING_KEYS:
                raise ValueError(f"blocking: unknown key {key!r}; expected some of "
                                 f"{', '.join(BLOCKING_KEYS)}")
        if self.method != "none" and not self.blocking:
            raise ValueError("blocking: expected at least one key (without blocking no pair "
                             "is compared)")
        if self.method == "rules" and not self.rules:
            raise ValueError("rules: method is rules, so expected at least one rule")
        return self


IdentityScenario.plan_settings = IdentitySettings


def load_identity_scenario(path: str | Path) -> IdentityScenario:
    """Read and validate a scenario file of this kind (one-line ScenarioError on bad input).
    ``casekit.scenario.load_scenario`` does the same once the registry knows the kind."""
    from pydantic import ValidationError

    from casekit.errors import ScenarioError
    from casekit.files import read_mapping, validation_error

    path = Path(path)
    data = read_mapping(path, ScenarioError)
    try:
        return IdentityScenario.model_validate({**data, "source_path": str(path)})
    except ValidationError as exc:
        raise validation_error(exc, str(path), ScenarioError) from None


def load_settings(path: str | Path) -> tuple[str, IdentitySettings]:
    """A plan file's name and its ``settings:`` mapping, validated (one-line PlanError)."""
    from pydantic import ValidationError

    from casekit.errors import PlanError
    from casekit.files import read_mapping, validation_error

    path = Path(path)
    data = read_mapping(path, PlanError)
    raw = data.get("settings")
    if not isinstance(raw, dict):
        raise PlanError(str(path), "settings", "expected a mapping of the plan's choices")
    try:
        settings = IdentitySettings.model_validate(raw)
    except ValidationError as exc:
        err = validation_error(exc, str(path), PlanError)
        raise PlanError(str(path), f"settings.{err.field}", err.expected) from None
    return str(data.get("name") or path.stem), settings
