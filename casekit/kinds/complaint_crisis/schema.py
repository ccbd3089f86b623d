"""The schema of a ``complaint_crisis`` scenario: a billing error among many customers.

Sections: ``population`` (who the customers are), ``incident`` (the error and how people find
it), ``thread`` (the viral post and its spread), ``operations`` (queues and staff),
``complaints`` (who complains where) and ``model`` (how people respond: docs/model.md).
Every number is a :class:`~casekit.case.Sourced` with its source.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, field_validator

from casekit.case import (Allowed, Case, Channel, Crisis, Frozen, MessageModel, MessageScore,
                          PopulationBase, Sourced, read_only)
from casekit.vocabulary import COMPLAINT_CHANNELS, MESSAGES, Vocabulary

__all__ = ["CrisisScenario", "Population", "Incident", "Thread", "Operations", "Complaints",
           "Model"]


class Population(PopulationBase):
    """The ISP's customers: revenue, tenure, bill type, channels they can be reached on."""

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


class Incident(Frozen):
    overcharge_rate: Sourced
    perceived_overcharge_rate: Sourced | None = None
    e_bill_open_hours: Sourced
    paper_bill_first_day: Sourced
    paper_bill_last_day: Sourced
    notice_share: Sourced
    check_after_exposure: Sourced


class Thread(Frozen):
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


class Operations(Frozen):
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


class Complaints(Frozen):
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
        return read_only(mix)


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


class CrisisScenario(Case):
    """A billing crisis among many customers: its bilingual text and every number the engine
    needs."""

    vocabulary: ClassVar[Vocabulary] = MESSAGES

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
