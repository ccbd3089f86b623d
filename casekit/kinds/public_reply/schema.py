"""Public-reply scenarios: one complaint on Twitter, one reply, and a crowd watching.

A scenario file with ``kind: public_reply`` is loaded by :func:`casekit.scenario.load_scenario`
into a :class:`ReplyScenario`. It shares the case text, channels, score and allowed choices
of every case (:mod:`casekit.case`) and adds what this kind of case is about:

complainant   the one customer who posted, her followers, her patience and her vow
cascade       retweets and replies as a self-exciting process with a power-law memory
              (SEISMIC), and what an account reached by the thread makes of it
regulars      the café's local regulars: who they are, how often they come, when they leave
competitor    the café next door, which may seize the moment (an on/off switch)
model         what a reply is worth (the same SCCT parts and tones as the crisis model)

Every number is a :class:`~casekit.scenario.Sourced`; docs/model-public-reply.md explains
each one. casekit.kinds.public_reply.engine runs the model.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, model_validator

from casekit.case import (Allowed, Case, Channel, Crisis, Frozen, MessageModel, MessageScore,
                          PopulationBase, Sourced, Text)
from casekit.vocabulary import MESSAGES, Vocabulary

__all__ = ["ReplyScenario", "Complainant", "Cascade", "Regulars", "ReplyPopulation",
           "Competitor", "ReplyModel", "Debrief", "REPLY_CHANNELS_SUPPORTED"]

#: The channels the public-reply engine knows how to carry.
REPLY_CHANNELS_SUPPORTED = ("twitter_reply", "direct_message", "twitter_post")
#: This kind's words: the message vocabulary on the channels it carries.
VOCABULARY = Vocabulary(
    channels=REPLY_CHANNELS_SUPPORTED, audiences=MESSAGES.audiences,
    message_parts=MESSAGES.message_parts, tones=MESSAGES.tones,
    staffable={c: s for c, s in MESSAGES.staffable.items() if c in REPLY_CHANNELS_SUPPORTED},
    reply_channels=tuple(c for c in MESSAGES.reply_channels if c in REPLY_CHANNELS_SUPPORTED),
    public_channels=("twitter_post",))


class ReplyPopulation(PopulationBase):
    """The café's local regulars (the complainant is counted on her own, see Complainant).

    ``affected`` regulars share the complainant's need (Dark Horse: laptop workers who need
    a socket); the thread moves them more, and the competitor's invitation speaks to them.
    """

    customers: int = Field(gt=0, le=200_000)
    affected_label: Text
    affected_share: Sourced
    twitter_share: Sourced
    network_share: Sourced
    visits_per_week_mean: Sourced
    visits_per_week_sd: Sourced
    spend_per_visit_mean: Sourced
    spend_per_visit_sd: Sourced
    margin: Sourced
    expected_lifetime_months: Sourced
    tenure_months_mean: Sourced
    initial_sentiment_mean: Sourced
    initial_sentiment_sd: Sourced


class Complainant(Frozen):
    """The customer who posted: who she is, what she wrote and how she reacts."""

    handle: str = Field(min_length=2, max_length=40)
    tweet: Text
    follower_handle: str | None = Field(default=None, min_length=2, max_length=40)
    tag_reply: Text | None = None
    followers: Sourced
    initial_sentiment: Sourced
    tweet_age_hours: Sourced
    tag_age_hours: Sourced
    wait_drift_per_hour: Sourced
    expectation_hours: Sourced
    vindictive_share: Sourced
    response_probability: Sourced
    soften_threshold: Sourced
    vow_threshold: Sourced
    rant_rate: Sourced
    return_intercept: Sourced
    return_slope: Sourced
    vowed_return_probability: Sourced
    monthly_spend: Sourced

    @model_validator(mode="after")
    def _times(self) -> "Complainant":
        if self.tag_age_hours.value > self.tweet_age_hours.value:
            raise ValueError("tag_age_hours: the follower tagged the café after the tweet; "
                             "expected at most tweet_age_hours")
        if not self.vow_threshold.value < self.soften_threshold.value:
            raise ValueError("vow_threshold: expected a value below soften_threshold")
        return self


class Cascade(Frozen):
    """Retweets and replies: a Hawkes process with the SEISMIC power-law kernel."""

    platform: Literal["twitter"] = "twitter"
    view_share: Sourced
    audience_per_item: Sourced
    network_size: Sourced
    branching: Sourced
    angry_branching_multiplier: Sourced
    kernel_flat_minutes: Sourced
    kernel_theta: Sourced
    kernel_share_within_5h: Sourced
    angry_speedup: Sourced
    reply_share: Sourced
    negative_score: Sourced
    positive_score: Sourced
    polarity_sensitivity: Sourced
    impression_negative: Sourced
    impression_neutral: Sourced
    impression_positive: Sourced
    reply_visibility: Sourced
    post_visibility: Sourced
    unanswered_penalty: Sourced
    softening_signal: Sourced
    vow_signal: Sourced
    follow_up_share: Sourced
    stance_half_life_hours: Sourced
    stance_damping: Sourced
    defensive_inflaming: Sourced
    company_followers: Sourced
    reply_push_share: Sourced
    company_item_branching: Sourced
    defensive_item_branching: Sourced
    observer_weight: Sourced
    observer_loss_weight: Sourced

    @model_validator(mode="after")
    def _subcritical(self) -> "Cascade":
        if self.branching.value * self.angry_branching_multiplier.value >= 1.0:
            raise ValueError("branching: branching x angry_branching_multiplier must stay "
                             "below 1 (a subcritical cascade)")
        return self


class Regulars(Frozen):
    """How regulars take in the thread, post about it, visit and leave."""

    network_visibility: Sourced
    twitter_visibility: Sourced
    offline_visibility: Sourced
    reach_reference: Sourced
    affected_identification: Sourced
    other_identification: Sourced
    tenure_scale_months: Sourced
    post_rate: Sourced
    baseline_monthly_defection: Sourced
    defection_slope: Sourced
    visit_slope: Sourced
    visit_cap: Sourced


class Competitor(Frozen):
    """The café next door, which may turn the thread into an invitation (Unmarketing)."""

    active: bool
    name: Text
    handle: str = Field(min_length=2, max_length=40)
    move: Text
    notice_probability: Sourced
    trigger_negative_items: Sourced
    trigger_sentiment: Sourced
    reaction_hours: Sourced
    followers: Sourced
    item_branching: Sourced
    complainant_capture: Sourced
    pull: Sourced
    other_pull_weight: Sourced
    capture_share: Sourced
    capture_share_after_move: Sourced


class ReplyModel(MessageModel):
    """What a reply is worth: the SCCT parts and tones of the crisis model
    (casekit.engine.response.evaluate reads these fields), plus what a reply costs and
    whether it reaches the complainant."""

    corrective_action_cost: Sourced
    post_to_complainant: Sourced


class Debrief(Frozen):
    """What really happened, for the debrief only (never shown before the student answers)."""

    actual_replies: tuple[Text, ...] = ()
    outcome: Text | None = None


class ReplyScenario(Case):
    """One public complaint, the company's reply and the crowd watching it."""

    vocabulary: ClassVar[Vocabulary] = VOCABULARY

    kind: Literal["public_reply"]
    crisis: Crisis
    channels: dict[str, Channel]
    score: MessageScore
    allowed: Allowed
    horizon_hours: int = Field(gt=0, le=24 * 60)
    population: ReplyPopulation
    complainant: Complainant
    cascade: Cascade
    regulars: Regulars
    competitor: Competitor
    model: ReplyModel
    debrief: Debrief = Debrief()

    def competitor_on(self, active: bool = True) -> "ReplyScenario":
        """The same scenario with the neighbouring café's move switched on or off."""
        competitor = self.competitor.model_copy(update={"active": bool(active)})
        return self._copy(competitor=competitor)

