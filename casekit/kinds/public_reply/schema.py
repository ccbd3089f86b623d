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
                          PopulationBase, Sourced, Text, bounded)
from casekit.kinds.messages import check_finite
from casekit.vocabulary import MESSAGES, Vocabulary

# Bounds, named by what the number is (issue 15).
Share = bounded(0.0, 1.0)
Positive = bounded(1e-3, 1e7)
Amount = bounded(0.0, 1e7)
Hours = bounded(0.0, 24 * 60)
Sentiment = bounded(-1.0, 1.0)             # a sentiment or a threshold on the -1..1 scale
Shock = bounded(0.0, 1.0)                  # a change of sentiment on the -1..1 scale
Factor = bounded(0.0, 10.0)                # a multiplier, a weight, an item's branching
Slope = bounded(0.0, 100.0)                # per unit of sentiment (or of a reply's worth)
Logit = bounded(-10.0, 10.0)               # a score on the logistic scale

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
    affected_share: Share
    twitter_share: Share
    network_share: Share
    visits_per_week_mean: bounded(1e-3, 100.0)
    visits_per_week_sd: bounded(0.0, 100.0)
    spend_per_visit_mean: bounded(1e-3, 1e6)
    spend_per_visit_sd: bounded(0.0, 1e6)
    margin: Share
    expected_lifetime_months: bounded(0.0, 1200.0)
    tenure_months_mean: bounded(0.0, 1200.0)
    initial_sentiment_mean: Sentiment
    initial_sentiment_sd: bounded(0.0, 2.0)


class Complainant(Frozen):
    """The customer who posted: who she is, what she wrote and how she reacts."""

    handle: str = Field(min_length=2, max_length=40)
    tweet: Text
    follower_handle: str | None = Field(default=None, min_length=2, max_length=40)
    tag_reply: Text | None = None
    followers: Amount
    initial_sentiment: Sentiment
    tweet_age_hours: Hours
    tag_age_hours: Hours
    wait_drift_per_hour: Shock
    expectation_hours: bounded(1e-3, 24 * 60)
    vindictive_share: Share
    response_probability: Share
    soften_threshold: Sentiment
    vow_threshold: Sentiment
    rant_rate: Share
    return_intercept: Logit
    return_slope: bounded(-100.0, 100.0)
    vowed_return_probability: Share
    monthly_spend: Amount

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
    view_share: Share
    audience_per_item: bounded(0.0, 1e6)
    network_size: Positive
    branching: bounded(1e-3, 0.99)
    angry_branching_multiplier: Factor
    kernel_flat_minutes: bounded(1e-3, 600.0)
    kernel_theta: bounded(1e-3, 5.0)
    kernel_share_within_5h: bounded(0.01, 0.99)
    angry_speedup: bounded(0.01, 10.0)
    reply_share: Share
    negative_score: Logit
    positive_score: Logit
    polarity_sensitivity: Slope
    impression_negative: Sentiment
    impression_neutral: Sentiment
    impression_positive: Sentiment
    reply_visibility: Factor
    post_visibility: Share
    unanswered_penalty: Shock
    softening_signal: Shock
    vow_signal: Shock
    follow_up_share: Share
    stance_half_life_hours: bounded(1e-3, 24 * 60)
    stance_damping: Slope
    defensive_inflaming: Slope
    company_followers: Amount
    reply_push_share: Share
    company_item_branching: Factor
    defensive_item_branching: Factor
    observer_weight: Factor
    observer_loss_weight: Factor
    max_impression: Share = Sourced(value=0.9, source="R: the thread's impression on an "
                                    "account is clipped to this (one influence among many)")

    @model_validator(mode="after")
    def _subcritical(self) -> "Cascade":
        if self.branching.value * self.angry_branching_multiplier.value >= 1.0:
            raise ValueError("branching: branching x angry_branching_multiplier must stay "
                             "below 1 (a subcritical cascade)")
        return self


class Regulars(Frozen):
    """How regulars take in the thread, post about it, visit and leave."""

    network_visibility: Share
    twitter_visibility: Share
    offline_visibility: Share
    reach_reference: Positive
    affected_identification: Factor
    other_identification: Factor
    tenure_scale_months: bounded(1e-3, 1200.0)
    post_rate: Share
    baseline_monthly_defection: bounded(0.0, 0.99)
    defection_slope: Slope
    visit_slope: Slope
    visit_cap: Factor
    #: The after-window part of the score: each remaining regular's defection hazard at
    #: the end, above the base rate, spent over these days with sentiment held.
    after_window_days: bounded(0.0, 365.0) = Sourced(
        value=30, source="R: a month more of visits shows whether a regular who is still "
                         "upset at the end comes back to the usual or drifts away")


class Competitor(Frozen):
    """The café next door, which may turn the thread into an invitation (Unmarketing)."""

    active: bool
    name: Text
    handle: str = Field(min_length=2, max_length=40)
    move: Text
    notice_probability: Share
    trigger_negative_items: bounded(0.0, 1e6)
    trigger_sentiment: Sentiment
    reaction_hours: Hours
    followers: Amount
    item_branching: Factor
    complainant_capture: Share
    pull: Factor
    other_pull_weight: Share
    capture_share: Share
    capture_share_after_move: Share


class ReplyModel(MessageModel):
    """What a reply is worth: the SCCT parts and tones of the crisis model
    (casekit.engine.response.evaluate reads these fields), plus what a reply costs and
    whether it reaches the complainant."""

    corrective_action_cost: Amount
    post_to_complainant: Share
    compensation_scale: Positive
    timeliness_floor: Share
    repeat_value: Share = Sourced(value=0.15, source="R: what a reply that tells her nothing "
                                  "new is worth, as a share of its first telling")
    mixed_diminish_penalty: Share = Sourced(
        value=0.6, source="R: an apology that carries an excuse reads as self-serving")
    sincere_parts: bounded(1.0, 20.0) = Sourced(
        value=6, source="R: parts a reply can carry before it reads as everything at once")
    overload_penalty: Share = Sourced(value=0.15, source="R: worth lost per part beyond "
                                      "sincere_parts")
    loss_aversion: bounded(0.0, 10.0)


class Debrief(Frozen):
    """What really happened, for the debrief only (never shown before the student answers)."""

    actual_replies: tuple[Text, ...] = ()
    outcome: Text | None = None


class ReplyScenario(Case):
    """One public complaint, the company's reply and the crowd watching it."""

    vocabulary: ClassVar[Vocabulary] = VOCABULARY
    #: A quote or a second viral post brings more items into the thread (engine.py,
    #: ``_second_post``).
    inject_effects: ClassVar[tuple[str, ...]] = ("second_post",)
    #: The café's thread does not grow with the regulars, so neither do an inject's items.
    inject_comments_scale: ClassVar[bool] = False

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

    @model_validator(mode="after")
    def _finite(self) -> "ReplyScenario":
        check_finite(self)
        return self

    def competitor_on(self, active: bool = True) -> "ReplyScenario":
        """The same scenario with the neighbouring café's move switched on or off."""
        competitor = self.competitor.model_copy(update={"active": bool(active)})
        return self._copy(competitor=competitor)

