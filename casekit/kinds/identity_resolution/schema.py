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

from casekit.case import Case, Frozen, PopulationBase, Score, Text, bounded
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


# Bounds, named by what the number is (issue 15): a value or a variant range outside its
# field's bounds stops at load time with one line naming the field.
Share = bounded(0.0, 1.0)                  # a probability or a share of people
Minutes = bounded(0.0, 24 * 60)            # an agent's minutes on one task
Hours = bounded(0.0, 24 * 365)             # a delay before a reply
Money = bounded(0.0, 1e7)                  # TL per customer, minute, letter or incident
Mood = bounded(-1.0, 1.0)                  # a sentiment on the -1..1 scale


class Data(Frozen):
    """The shape of the synthetic bank (see casekit.kinds.identity_resolution.people)."""

    non_customer_share: Share
    double_first_name: Share
    surname_zipf: bounded(1e-3, 3.0)  # the Zipf exponent of surname frequencies
    tail_name_share: Share
    married_name_change: Share
    maiden_on_account: Share
    shared_phone: Share
    account_email_known: Share
    old_email: Share
    account_phone_known: Share
    location_given: Share
    moved_city: Share
    card_in_post: Share
    branch_in_post: Share
    ascii_name: Share
    short_name: Share
    typo: Share
    upper_name: Share
    nickname: Share

    #: The display-name styles: each account shows at most one, the rest the name as
    #: registered, so their shares add up to at most 1.
    DISPLAY_STYLES: ClassVar[tuple[str, ...]] = ("ascii_name", "short_name", "typo",
                                                 "upper_name", "nickname")

    @model_validator(mode="after")
    def _shares(self) -> Data:
        styles = sum(getattr(self, name).value for name in self.DISPLAY_STYLES)
        if styles > 1.0 + 1e-9:
            raise ValueError(f"nickname: expected {' + '.join(self.DISPLAY_STYLES)} to add up "
                             f"to at most 1 (each account shows one style), found {styles:.2f}")
        return self


class Replay(Frozen):
    """The complaints over months and what each kind of reply does."""

    months: int = Field(gt=0, le=12)
    #: Complaints per account holder per month (Poisson): at most one a day.
    complaints_per_month: bounded(0.0, 30.0)
    offer_call_share: Share
    written_request_share: Share
    refused_writing_complaint: Share
    disloyal_low_effort: Share
    disloyal_high_effort: Share
    disloyal_leave: Share
    asked_again_multiplier: bounded(0.0, 10.0)  # multiplies a churn hazard
    false_link_disclosure: Share
    incident_goes_public: Share
    reviewer_accuracy: Share
    review_minutes: Minutes
    dm_minutes: Minutes
    context_minutes: Minutes
    written_offer_cost: Money
    dm_delay_hours: Hours
    context_delay_hours: Hours
    mood_after_context: Mood
    mood_after_effort: Mood


class IdentityScore(Score):
    """What each part of the score is worth."""

    lifetime_value: Money
    agent_minute_cost: Money
    privacy_incident_cost: Money
    public_post_cost: Money


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
