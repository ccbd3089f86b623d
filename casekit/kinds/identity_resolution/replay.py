"""The engine: the student's matching, then a year of complaints replayed under it.

One call of :func:`simulate_batch` does two things.

1. **Matching** (once per plan, the same for every replication): the synthetic bank of the
   scenario (``people.make_world`` from the scenario's own seed) is linked under the plan's
   blocking and method (:func:`match`), and the links are scored against the hidden truth.
   Pairs in the review band are checked by an agent before the replay starts
   (``review_minutes`` each); the agent finds the right customer among the candidates with
   probability ``reviewer_accuracy`` and otherwise picks a wrong one, if there is one.
2. **Replay** (per replication, common random numbers): every social account complains
   ``complaints_per_month`` times a month on average (Poisson, times uniform over the
   horizon), and outbound offer calls add complaints when a written offer is refused (the
   source's trigger). Each complaint is answered in one of four ways:

   ``context``      the account is linked to its own customer (or the customer gave details
                    before and the bank kept them): a reply that knows the customer;
   ``ask``          not linked, or the team does not look up: "DM us your details";
   ``asked_again``  the customer already gave details once and is asked again (the telecom
                    in the source, months apart);
   ``false_link``   linked to someone else: with ``false_link_disclosure`` the reply uses
                    the other customer's data, a privacy incident (KVKK), which goes public
                    with ``incident_goes_public``; the complainer still has to give details.

   Effort turns into churn (Dixon, Freeman & Toman 2010: 96% of high-effort customers
   became disloyal against 9% of low-effort ones); a disloyal customer leaves within the
   horizon with ``disloyal_leave`` (R). Each reply adds its hazard -ln(1 - p) and a customer
   leaves when the sum passes an Exp(1) threshold drawn once per customer, so two plans
   with the same ``(seed, replication)`` face the same complaints, thresholds and luck.

The loop runs over a customer's complaint rank (first, second, ... at most a few), never
over customers: every step is a numpy operation over all accounts of all replications.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from casekit.engine.randomness import streams
from casekit.engine.result import RunResult
from casekit.errors import PlanError
from casekit.kinds.identity_resolution import matching as mt
from casekit.kinds.identity_resolution.people import World, make_world, places
from casekit.kinds.identity_resolution.schema import IdentityScenario, IdentitySettings, world_spec

__all__ = [
    "HOURLY",
    "REPLY_KINDS",
    "Match",
    "match",
    "prepared_of",
    "settings_of",
    "score_totals",
    "scored",
    "simulate_batch",
    "world_of",
]

#: Reply kinds, in the order of their codes.
REPLY_KINDS = ("context", "ask", "asked_again", "false_link")
CONTEXT, ASK, AGAIN, FALSE = range(4)
#: At most this many complaints per account in a horizon (more are very unlikely: the mean
#: is a few; the cap is reported in the totals when it binds).
MAX_COMPLAINTS = 12
HOURLY = ("cost", "loss", "sentiment_mean", "complaints", "context_replies", "asks",
          "privacy_incidents", "churned")


@dataclass(frozen=True)
class Match:
    """The outcome of a matching strategy on the scenario's bank."""

    decisions: mt.Decisions
    quality: mt.Quality
    linked: np.ndarray          # per account: linked customer row or -1
    review: np.ndarray          # per account: in the review band (and not linked)
    true_candidate: np.ndarray  # per account: its own customer is in the review band
    wrong_candidate: np.ndarray  # per account: the review band's best wrong customer or -1
    training: tuple[dict, ...] = ()


@lru_cache(maxsize=4)
def _world(spec_key: str, seed: int) -> World:
    from casekit.kinds.identity_resolution.people import WorldSpec
    return make_world(WorldSpec(**json.loads(spec_key)), seed)


def world_of(scenario: IdentityScenario) -> World:
    """The scenario's synthetic bank (made once per process and size)."""
    spec = world_spec(scenario)
    return _world(json.dumps(spec.__dict__, sort_keys=True), scenario.population.seed)


@lru_cache(maxsize=4)
def _prepared(world_id: int) -> mt.Prepared:
    world = _WORLDS[world_id]
    table = places()
    return mt.prepare(world.customers, world.accounts, world.posts,
                      table["province"].unique(), table["district"].unique())


_WORLDS: dict[int, World] = {}


def prepared_of(world: World) -> mt.Prepared:
    _WORLDS[id(world)] = world
    return _prepared(id(world))


@lru_cache(maxsize=8)
def _u(world_id: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(np.random.SeedSequence([seed, 17]))
    return mt.u_from_random_pairs(_prepared(world_id), rng)


@lru_cache(maxsize=8)
def _m(world_id: int, seed: int, fields: tuple[str, ...], iterations: int
       ) -> tuple[dict[str, np.ndarray], tuple[dict, ...]]:
    m, log = mt.train_m(_prepared(world_id), fields, _u(world_id, seed),
                        max_iterations=iterations)
    return m, tuple(log)


def fs_parameters(world: World, settings: IdentitySettings) -> tuple[mt.FSParameters,
                                                                    tuple[dict, ...]]:
    """m and u of the plan's Fellegi-Sunter model: by hand, or m by EM and u from random
    pairs; lambda from the share of accounts the student expects to be customers."""
    fs = settings.fellegi_sunter
    fields = fs.fields
    lam = fs.expected_linked_share / len(world.customers)
    if fs.estimate == "manual":
        m = {f: np.array([fs.m[f][lv] for lv in mt.COMPARISONS[f]]) for f in fields}
        u = {f: np.array([fs.u[f][lv] for lv in mt.COMPARISONS[f]]) for f in fields}
        return mt.FSParameters(m=m, u=u, lam=lam), ()
    prepared_of(world)
    u_all = _u(id(world), world.seed)
    m_all, log = _m(id(world), world.seed, fields, fs.em_max_iterations)
    u = {f: np.array([fs.u[f][lv] for lv in mt.COMPARISONS[f]]) if f in fs.u else u_all[f]
         for f in fields}
    return mt.FSParameters(m={f: m_all[f] for f in fields}, u=u, lam=lam), log


def match(world: World, settings: IdentitySettings) -> Match:
    """Link the bank's social accounts under a plan's settings and score the links."""
    prep = prepared_of(world)
    n_acc = len(world.accounts)
    if settings.method == "none":
        pairs = mt.Pairs(account=np.zeros(0, np.int64), customer=np.zeros(0, np.int64),
                         found_by={})
        decisions = mt.Decisions(pairs=pairs, decision=np.zeros(0, np.int8))
        training: tuple[dict, ...] = ()
    else:
        pairs = mt.candidates(prep, settings.blocking)
        levels = mt.compare(prep, pairs)
        if settings.method == "rules":
            decision = mt.apply_rules(levels, [(r.when, r.decide) for r in settings.rules])
            weight = None
            params = None
            training = ()
        else:
            params, training = fs_parameters(world, settings)
            weight = mt.fs_weights(levels, params, settings.fellegi_sunter.fields)
            decision = mt.fs_decide(weight, settings.fellegi_sunter.link_threshold,
                                    settings.fellegi_sunter.review_threshold)
        if settings.one_to_one:
            decision = mt.one_per_account(pairs, decision, weight)
        decisions = mt.Decisions(pairs=pairs, decision=decision, weight=weight,
                                 parameters=params)
    quality = mt.evaluate(decisions, world.owner, len(world.customers))
    linked = np.full(n_acc, -1, dtype=np.int64)
    hit = decisions.decision == 2
    linked[pairs.account[hit]] = pairs.customer[hit]
    in_band = decisions.decision == 1
    review = np.zeros(n_acc, dtype=bool)
    review[pairs.account[in_band]] = True
    review &= linked < 0
    own = in_band & (world.owner[pairs.account] == pairs.customer)
    true_candidate = np.zeros(n_acc, dtype=bool)
    true_candidate[pairs.account[own]] = True
    wrong = in_band & ~own
    wrong_candidate = np.full(n_acc, -1, dtype=np.int64)
    wrong_candidate[pairs.account[wrong]] = pairs.customer[wrong]
    return Match(decisions=decisions, quality=quality, linked=linked, review=review,
                 true_candidate=true_candidate & review, wrong_candidate=wrong_candidate,
                 training=training)


def settings_of(plan: Any, source: str = "plan") -> IdentitySettings:
    """The plan's settings as :class:`IdentitySettings` (a Plan with ``settings``, the
    settings object itself, or a mapping)."""
    if isinstance(plan, IdentitySettings):
        return plan
    raw = getattr(plan, "settings", plan)
    if isinstance(raw, IdentitySettings):
        return raw
    if raw is None:
        return IdentitySettings(method="none", look_up_before_reply=False)
    if hasattr(raw, "model_dump"):
        raw = raw.model_dump()
    from pydantic import ValidationError

    from casekit.files import validation_error
    try:
        return IdentitySettings.model_validate(dict(raw))
    except ValidationError as exc:
        raise validation_error(exc, source, PlanError) from None


def _plan_name(plan: Any) -> str:
    return str(getattr(plan, "name", None) or "settings")


def simulate_batch(scenario: IdentityScenario, plan: Any, seed: int,
                   replications: list[int] | range, customers: int | None = None,
                   keep_final: bool = True) -> list[RunResult]:
    """One RunResult per replication; replication r equals the same r run alone."""
    if customers is not None and customers != scenario.population.customers:
        scenario = scenario.with_customers(customers)
    settings = settings_of(plan)
    world = world_of(scenario)
    found = match(world, settings)
    return [_replay(scenario, world, found, settings, seed, int(r), _plan_name(plan),
                    keep_final) for r in replications]


def _hazard(p: float) -> float:
    return float(-np.log1p(-min(p, 0.999999)))


def _replay(scenario: IdentityScenario, world: World, found: Match,
            settings: IdentitySettings, seed: int, replication: int, plan_name: str,
            keep_final: bool) -> RunResult:
    rp = scenario.replay
    sc = scenario.score
    horizon = scenario.horizon_hours
    months = rp.months
    n = len(world.accounts)
    owner = world.owner
    is_customer = owner >= 0
    g = streams(seed, replication)

    # --- every draw, whatever the plan (common random numbers) ----------------------
    count = g["population"].poisson(rp.complaints_per_month.value * months, size=n)
    times = np.sort(g["population"].random((n, MAX_COMPLAINTS)) * horizon, axis=1)
    threshold = g["thresholds"].exponential(1.0, size=n)
    u_review = g["reach"].random(n)
    u_disclose = g["reach"].random((n, MAX_COMPLAINTS))
    u_public = g["reach"].random((n, MAX_COMPLAINTS))
    u_call = g["thread"].random(n)
    u_written = g["thread"].random(n)
    u_refused = g["thread"].random(n)
    call_time = g["thread"].random(n) * horizon

    # The source's trigger: an offer call, a request for the offer in writing, a refusal.
    called = is_customer & (u_call < rp.offer_call_share.value)
    wants_writing = called & (u_written < rp.written_request_share.value)
    written = wants_writing & settings.offers_in_writing
    refused_complaint = wants_writing & ~settings.offers_in_writing \
        & (u_refused < rp.refused_writing_complaint.value)
    # A refused request becomes one more complaint at the call's hour (it replaces the
    # latest draw so complaint times stay sorted and the slot count fixed).
    capped = int((count + refused_complaint > MAX_COMPLAINTS).sum())
    count = np.minimum(count + refused_complaint, MAX_COMPLAINTS)
    times = np.where(refused_complaint[:, None] & (np.arange(MAX_COMPLAINTS) == 0),
                     call_time[:, None], times)
    times = np.sort(times, axis=1)

    # --- what the team knows about each account at its first complaint ----------------
    linked = found.linked.copy()
    if not settings.look_up_before_reply:
        linked[:] = -1
    reviewed = found.review & settings.look_up_before_reply
    good_review = reviewed & found.true_candidate & (u_review < rp.reviewer_accuracy.value)
    bad_review = reviewed & ~good_review & (found.wrong_candidate >= 0) \
        & (u_review >= rp.reviewer_accuracy.value)
    linked = np.where(good_review, owner, linked)
    linked = np.where(bad_review, found.wrong_candidate, linked)
    right = (linked >= 0) & (linked == owner) & is_customer
    wrong = (linked >= 0) & ~right

    h_low = _hazard(rp.disloyal_low_effort.value * rp.disloyal_leave.value)
    h_high = _hazard(rp.disloyal_high_effort.value * rp.disloyal_leave.value)
    h_again = h_high * rp.asked_again_multiplier.value
    hazard_of = np.array([h_low, h_high, h_again, h_high])
    minutes_of = np.array([rp.context_minutes.value, rp.dm_minutes.value, rp.dm_minutes.value,
                           rp.dm_minutes.value])
    delay_of = np.array([rp.context_delay_hours.value, rp.dm_delay_hours.value,
                         rp.dm_delay_hours.value, rp.dm_delay_hours.value])

    known = np.zeros(n, dtype=bool)    # gave details in a DM and the bank kept them
    asked = np.zeros(n, dtype=bool)    # has been asked for details before
    spent = np.zeros(n)
    gone = np.zeros(n, dtype=bool)
    churn_hour = np.full(n, -1.0)
    kinds = np.full((n, MAX_COMPLAINTS), -1, dtype=np.int8)
    incidents = np.zeros((n, MAX_COMPLAINTS), dtype=bool)
    public = np.zeros((n, MAX_COMPLAINTS), dtype=bool)
    mood = np.zeros(n)                 # how the last reply left each customer
    mood_change = np.zeros((n, MAX_COMPLAINTS))
    mood_of = np.array([rp.mood_after_context.value, rp.mood_after_effort.value,
                        rp.mood_after_effort.value, rp.mood_after_effort.value])
    for k in range(MAX_COMPLAINTS):  # complaint rank, over all accounts at once
        active = (k < count) & ~gone
        if not active.any():
            break
        kind = np.where(right | known, CONTEXT,
                        np.where(wrong, FALSE, np.where(asked, AGAIN, ASK)))
        # A false link is found out when the complainer says "that is not me": afterwards
        # the account is treated as unlinked.
        if not settings.look_up_before_reply:
            kind = np.where(asked, AGAIN, ASK)
        kind = np.where(active, kind, -1).astype(np.int8)
        kinds[:, k] = kind
        disclosed = (kind == FALSE) & (u_disclose[:, k] < rp.false_link_disclosure.value)
        incidents[:, k] = disclosed
        public[:, k] = disclosed & (u_public[:, k] < rp.incident_goes_public.value)
        wrong = wrong & (kind != FALSE)
        needs_details = (kind == ASK) | (kind == AGAIN) | (kind == FALSE)
        asked |= needs_details & active
        if not settings.ask_known_again:  # kept, also "not one of our customers"
            known |= needs_details & active
        spent = spent + np.where(active & is_customer, hazard_of[np.maximum(kind, 0)], 0.0)
        felt = active & is_customer
        new_mood = np.where(felt, mood_of[np.maximum(kind, 0)], mood)
        mood_change[:, k] = new_mood - mood
        mood = new_mood
        leaving = active & is_customer & ~gone & (spent > threshold)
        churn_hour = np.where(leaving, times[:, k] + delay_of[np.maximum(kind, 0)],
                              churn_hour)
        gone |= leaving

    # --- totals and hourly series --------------------------------------------------
    valid = kinds >= 0
    kind_counts = np.bincount(kinds[valid].astype(np.int64), minlength=4)
    complaints = int(valid.sum())
    staff_minutes = float(np.where(valid, minutes_of[np.maximum(kinds, 0)], 0.0).sum())
    delays = np.where(valid, delay_of[np.maximum(kinds, 0)], 0.0)
    review_pairs = int(found.quality.review_pairs) if settings.look_up_before_reply else 0
    review_minutes = review_pairs * rp.review_minutes.value
    churned = int(gone.sum())
    n_incidents = int(incidents.sum())
    n_public = int(public.sum())
    value_lost = churned * sc.lifetime_value.value
    minute = sc.agent_minute_cost.value
    totals = {
        "complaints": float(complaints),
        "context_replies": float(kind_counts[CONTEXT]),
        "asks": float(kind_counts[ASK]),
        "asked_again": float(kind_counts[AGAIN]),
        "false_link_replies": float(kind_counts[FALSE]),
        "context_share": kind_counts[CONTEXT] / complaints if complaints else 0.0,
        "privacy_incidents": float(n_incidents),
        "public_incident_posts": float(n_public),
        "churned": float(churned),
        "churn_share": churned / max(int(is_customer.sum()), 1),
        "effort_per_complaint": float(np.where(valid, kinds >= ASK, False).sum()
                                      / complaints) if complaints else 0.0,
        "mean_reply_hours": float(delays.sum() / complaints) if complaints else 0.0,
        "written_offers": float(written.sum()),
        "refused_writing_complaints": float(refused_complaint.sum()),
        "review_pairs": float(review_pairs),
        "review_minutes": float(review_minutes),
        "staff_minutes": staff_minutes,
        "precision": found.quality.precision,
        "recall": found.quality.recall,
        "f1": found.quality.f1,
        "links": float(found.quality.true_positives + found.quality.false_positives),
        "blocking_recall": found.quality.blocking_recall,
        "candidate_pairs": float(found.quality.candidate_pairs),
        "value_lost": value_lost,
        "review_cost": review_minutes * minute,
        "privacy_cost": n_incidents * sc.privacy_incident_cost.value
        + n_public * sc.public_post_cost.value,
        "staff_cost": staff_minutes * minute
        + float(written.sum()) * rp.written_offer_cost.value,
        "complaints_capped": float(capped),
    }

    def hourly(mask: np.ndarray, at: np.ndarray) -> np.ndarray:
        hours = np.clip(at[mask].astype(np.int64), 0, horizon - 1)
        return np.bincount(hours, minlength=horizon).astype(float)

    def spread(mask: np.ndarray, at: np.ndarray, amount: np.ndarray | float) -> np.ndarray:
        hours = np.clip(at[mask].astype(np.int64), 0, horizon - 1)
        weights = np.broadcast_to(np.asarray(amount, dtype=float), mask.shape)[mask]
        # float even when nothing happened (bincount of nothing counts in integers)
        return np.bincount(hours, weights=weights, minlength=horizon).astype(float)

    # Money spent each hour (agent time, written offers, privacy incidents), and what each
    # hour lost in all (with the value of customers who left): the latter adds up to the
    # four score parts.
    spend = spread(valid, times, minutes_of[np.maximum(kinds, 0)] * minute)
    spend += spread(incidents, times, sc.privacy_incident_cost.value)
    spend += spread(public, times, sc.public_post_cost.value)
    spend += spread(written, call_time, rp.written_offer_cost.value)
    spend[0] += review_minutes * minute
    loss = spend + spread(gone, np.maximum(churn_hour, 0.0), sc.lifetime_value.value)
    holders = max(int(is_customer.sum()), 1)
    series = {
        "cost": np.cumsum(spend),
        "loss": loss,
        "sentiment_mean": np.cumsum(spread(valid, times, mood_change)) / holders,
        "complaints": hourly(valid, times),
        "context_replies": hourly(kinds == CONTEXT, times),
        "asks": hourly((kinds == ASK) | (kinds == AGAIN), times),
        "privacy_incidents": hourly(incidents, times),
        "churned": np.cumsum(hourly(gone, np.maximum(churn_hour, 0.0))),
    }
    final = {}
    if keep_final:
        final = {"reply_kinds": kinds, "churned": gone, "linked": found.linked,
                 "owner": owner}
    return RunResult(scenario_id=scenario.id, plan_name=plan_name, seed=seed,
                     replication=replication, customers=scenario.population.customers,
                     hourly=series, totals=totals, actions=[], final=final)


def scored(totals: dict[str, float], scenario: IdentityScenario) -> dict[str, float]:
    """A run's totals with its score parts and score beside them."""
    return {**totals, **score_totals(totals, scenario)}


#: The parts of the score, in points (a thousand currency units per point by default).
SCORE_PARTS = ("value_lost", "review_cost", "privacy_cost", "staff_cost")


def score_totals(totals: dict[str, float], scenario: IdentityScenario) -> dict[str, float]:
    """``score_<part>`` (points taken off, as negative numbers) and ``score``, their sum
    (the totals of a run hold the currency amounts; the tools score them through the
    Kind, as for every kind)."""
    scale = scenario.score.scale
    out = {f"score_{part}": -float(totals[part]) / scale for part in SCORE_PARTS}
    out["score"] = float(sum(out.values()))
    return out

