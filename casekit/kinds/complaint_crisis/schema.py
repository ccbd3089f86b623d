"""The schema of a ``complaint_crisis`` scenario: a billing error among many customers.

Sections: ``population`` (who the customers are), ``incident`` (the error and how people find
it), ``thread`` (the viral post and its spread), ``operations`` (queues and staff),
``complaints`` (who complains where) and ``model`` (how people respond: docs/model.md).
``knowledge`` says when the company learns the cause and when its billing can pay refunds.
Every number is a :class:`~casekit.case.Sourced` with its source, bounded where it is
declared (:func:`~casekit.case.bounded`): a value outside its bounds stops at load time with
one line naming the field.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, field_validator, model_validator

from casekit.case import (Allowed, Case, Channel, Crisis, Frozen, MessageModel, MessageScore,
                          PopulationBase, PublicThreadNumbers, Sourced, bounded, read_only)
from casekit.kinds.messages import check_finite
from casekit.vocabulary import COMPLAINT_CHANNELS, MESSAGES, Vocabulary

__all__ = ["CrisisScenario", "Population", "Incident", "Thread", "Operations", "Complaints",
           "Model", "Knowledge", "check_message_model"]

# Bounds, named by what the number is.
Share = bounded(0.0, 1.0)                  # a probability or a share of customers
Positive = bounded(1e-6, 1e6)              # a scale that divides something
Money = bounded(0.0, 1e7)                  # TL per customer or per hour
Hours = bounded(0.0, 24 * 90)              # a time within the longest horizon
Days = bounded(0.0, 90.0)
Count = bounded(0.0, 1e6)                  # people, posts, agents
Factor = bounded(0.0, 100.0)               # a multiplier
Shock = bounded(0.0, 1.0)                  # a change of sentiment on the -1..1 scale
Sentiment = bounded(-1.0, 1.0)
Value = bounded(-1.0, 1.0)                 # a message part's worth


class Population(PopulationBase):
    """The ISP's customers: revenue, tenure, bill type, channels they can be reached on."""

    monthly_revenue_mean: bounded(1.0, 1e7)
    monthly_revenue_sd: Money
    tenure_months_mean: bounded(0.0, 1200.0)
    expected_lifetime_months: bounded(0.0, 1200.0)
    margin: Share
    e_bill_share: Share
    mobile_share: Share
    email_share: Share
    email_open_rate: Share
    follower_share: Share
    social_active_share: Share
    contract_share: Share
    vindictive_share: Share
    initial_sentiment_mean: Sentiment
    initial_sentiment_sd: bounded(0.0, 2.0)
    social_visibility: Share = Sourced(
        value=0.25, source="R: how much of the thread a socially active non-follower sees, "
                           "against a follower's 1")
    other_visibility: Share = Sourced(value=0.03, source="R: the same for everyone else")


class Incident(Frozen):
    overcharge_rate: bounded(0.0, 10.0)
    perceived_overcharge_rate: bounded(0.0, 10.0) | None = None
    e_bill_open_hours: bounded(1e-3, 24 * 90)
    paper_bill_first_day: Days
    paper_bill_last_day: Days
    notice_share: Share
    check_after_exposure: bounded(0.0, 1e3)


class Thread(PublicThreadNumbers):
    """The shared thread numbers, and where the viral post stands at hour 0."""

    start_negative_share: Share = Sourced(
        value=0.85, source="case: every quoted comment on the first post is hostile (R for "
                           "the share)")
    start_age_hours: bounded(1.0, 48.0, integer=True) = Sourced(
        value=4, source="R: how many hours old the viral post is at hour 0")


class Operations(Frozen):
    call_center_agents: Count
    calls_per_agent_hour: bounded(0.0, 1e3)
    agent_cost_per_hour: Money
    patience_minutes: bounded(0.0, 24 * 60 * 90)
    escalate_to_social_share: Share
    social_care_agents: Count
    replies_per_agent_hour: bounded(0.0, 1e3)
    back_office_emails_per_hour: Count
    refund_lag_hours: Hours
    quick_resolution_hours: bounded(1e-3, 24 * 90)


class Complaints(Frozen):
    rate_per_hour: bounded(0.0, 100.0)
    attention_hours: bounded(1e-3, 24 * 90)
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
        return read_only(mix)


class Model(MessageModel):
    """Behavioural parameters: how people respond. docs/model.md explains each one.

    The shared message fields (:class:`~casekit.case.MessageModel`) are declared again with
    their bounds; the fields with defaults were constants in the engine until issue 10, and
    the shipped scenario files write them out so the fingerprint covers them.
    """

    responsibility_victim: Share
    responsibility_accidental: Share
    responsibility_preventable: Share
    velcro_multiplier: bounded(0.0, 10.0)
    loss_aversion: bounded(0.0, 10.0)
    timeliness_floor: Share
    mixed_deny_penalty: Share
    diminish_fit_high_threat: Factor
    human_tone: bounded(0.0, 10.0)
    defensive_tone: bounded(0.0, 10.0)
    defensive_shock: Shock
    compensation_max: Shock
    compensation_scale: Positive
    correction_efficacy: Share

    tenure_scale_months: bounded(1e-3, 1200.0)
    discovery_shock: Shock
    loss_reference: Positive
    stealing_thunder_severity: Factor
    refund_gain: Shock
    queue_wait_shock: Shock
    abandon_shock: Shock
    baseline_monthly_churn: bounded(0.0, 0.99)
    churn_sentiment_slope: Factor
    churn_unresolved_multiplier: Factor
    churn_complainer_unresolved_multiplier: Factor
    churn_resolved_slow_multiplier: Factor
    switching_cost_damping: Share
    ultimatum_share: Share
    ultimatum_hours: Hours
    ultimatum_follow_through: Share

    @field_validator("part_values")
    @classmethod
    def _part_bounds(cls, values: dict[str, Sourced]) -> dict[str, Sourced]:
        return check_message_model(values)


    # Messages: what more of them is worth (issue 11).
    repeat_value: Share = Sourced(value=0.15, source="R: what a message that tells a customer "
                                  "nothing new is worth, as a share of its first telling")
    contact_tolerance: bounded(0.0, 1000.0) = Sourced(
        value=3, source="R: company messages a customer takes before more feel intrusive "
                        "(van Noort & Willemsen 2012: unsolicited contact can feel intrusive)")
    contact_annoyance: Shock = Sourced(value=0.03, source="R: sentiment lost per contact "
                                       "beyond the tolerance")
    mixed_diminish_penalty: Share = Sourced(
        value=0.6, source="R: an apology that carries an excuse or a justification reads as "
                          "self-serving; Coombs 2007 advises rebuild alone at high threat")
    sincere_parts: bounded(1.0, 20.0) = Sourced(
        value=6, source="R: parts a message can carry before it reads as everything at once")
    overload_penalty: Share = Sourced(value=0.15, source="R: share of a message's worth lost "
                                      "per part beyond sincere_parts")
    # Formerly engine constants (issue 10).
    defensive_extra_wom: Factor = Sourced(
        value=0.75, source="Weitzl 2019: negative word of mouth x1.5-2 after a defensive "
                           "reply; each reached complainer posts 0.75 more (R)")
    thanks_share: Share = Sourced(value=0.15, source="R: share of customers pleased by a "
                                  "public reply who thank publicly")
    pleased_threshold: Sentiment = Sourced(value=0.3, source="R: sentiment above which a "
                                           "replied-to customer counts as pleased")
    reply_weight_half: bounded(1e-3, 1e6) = Sourced(
        value=10, source="R: replies at which the thread weighs a reply campaign half as "
                         "much as a statement")
    max_exposure: bounded(0.0, 1e3) = Sourced(
        value=3.0, source="R: the most thread exposure a customer takes in per hour "
                          "(attention is finite: Wiselytics)")
    retry_decay: Share = Sourced(value=0.5, source="R: each failed attempt to get through "
                                 "multiplies the urge to try again by this")
    first_post_mood: Sentiment = Sourced(value=0.3, source="R: how much more hostile than "
                                         "the customers' mean the first post's crowd is")
    severity_cap: bounded(0.0, 100.0) = Sourced(
        value=2.0, source="R: the most a loss can weigh against loss_reference")
    wait_cap_hours: Hours = Sourced(value=4.0, source="R: waits beyond this hurt no more")
    # After the window (issue 11).
    after_window_discovery: Share = Sourced(
        value=0.5, source="R: chance that a customer who has not found out by the end "
                          "finds out afterwards (the next bill, the story told by others)")
    after_window_days: Days = Sourced(
        value=30, source="R: until the next bill shows whether the error is fixed; the "
                         "score counts the churn each customer's end state would still cause")
    reassurance_gap_hours: Hours = Sourced(
        value=1, source="R: hours between two messages for the second to reassure; closer "
                        "together they read as one message (only its new parts count)")
    # Targeted audiences (issue 11).
    #: The targeted audiences (``overcharged_most``, ``churn_risk``): this share of the
    #: customers, ranked by the overcharge or by how far their sentiment has fallen.
    targeted_share: Share = Sourced(
        value=0.25, source="R: the group a targeted credit would name, ranked from the "
                           "billing data or the churn-risk list")



class Knowledge(Frozen):
    """What the company knows, and when (issue 11). Before ``cause_known_hours`` the cause
    is a guess: an explanation sent then is right with chance 1 - ``guess_wrong_share``,
    and its correction costs ``guess_wrong_shock`` of credibility. Refunds start to run
    at ``refund_ready_hours``, when the billing fix lets credits run, and land
    ``operations.refund_lag_hours`` after that (or after the promise, if later)."""

    cause_known_hours: Hours = Sourced(
        value=4, source="case: at hour 0 the root cause is not yet confirmed; the "
                        "practitioners' answer explains it once found, within hours (R)")
    refund_ready_hours: Hours = Sourced(
        value=12, source="R: the billing fix is found, tested and lets credits run (the "
                         "refund lag then counts from here)")
    guess_wrong_share: Share = Sourced(
        value=0.5, source="case: the first suspicion names two causes (an outdated tax "
                          "table or a software fault) (R)")
    guess_wrong_shock: Shock = Sourced(
        value=0.2, source="R: credibility lost when an explanation has to be corrected")


def check_message_model(part_values: dict[str, Sourced]) -> dict[str, Sourced]:
    for part, number in part_values.items():
        if not -1.0 <= number.value <= 1.0:
            raise ValueError(f"{part}: expected a number from -1 to 1, got {number.value:g}")
    return part_values


class CrisisScenario(Case):
    """A billing crisis among many customers: its bilingual text and every number the engine
    needs."""

    vocabulary: ClassVar[Vocabulary] = MESSAGES
    #: A second viral post restarts the thread (engine.py, ``_apply_injects``).
    inject_effects: ClassVar[tuple[str, ...]] = ("second_post",)

    kind: Literal["complaint_crisis"] = "complaint_crisis"
    horizon_hours: int = Field(gt=0, le=24 * 90)
    crisis: Crisis
    channels: dict[str, Channel]
    score: MessageScore
    allowed: Allowed
    population: Population
    incident: Incident
    thread: Thread
    operations: Operations
    complaints: Complaints
    model: Model
    knowledge: Knowledge = Knowledge()

    @model_validator(mode="after")
    def _paper_days(self) -> "CrisisScenario":
        check_finite(self)
        inc = self.incident
        if inc.paper_bill_last_day.value < inc.paper_bill_first_day.value:
            raise ValueError("incident.paper_bill_last_day: expected a day at or after "
                             "paper_bill_first_day")
        return self
