"""The behaviour the model must show (research/model-grounding.md, "Behaviour the model must
show"). Each test compares plans on common random numbers: replication r of both plans sees
the same customers, and the test asserts that the 95% interval of the paired difference lies
on the expected side of zero.
"""

from __future__ import annotations

import numpy as np
import pytest

import casekit
from casekit.engine import spread
from casekit.engine.randomness import streams
from casekit.montecarlo import run_many
from casekit.outcomes import interval

CUSTOMERS = 4000
REPS = 8
SEED = 2024


@pytest.fixture(scope="module")
def isp():
    return casekit.load_scenario("isp-overbilling")


def plan(name, *actions, scenario="isp-overbilling"):
    return casekit.plan_from_mapping({"name": name, "scenario": scenario,
                                      "actions": list(actions)})


def sms(at, parts, audience="everyone", compensation=0, tone="human"):
    action = {"at": at, "channel": "sms", "audience": audience, "message": parts,
              "tone": tone}
    if compensation:
        action["compensation"] = compensation
    return action


def outcomes(scenario, *plans):
    return run_many(scenario, list(plans), seed=SEED, reps=REPS, customers=CUSTOMERS,
                    workers=1)


def diff(a, b, metric):
    """Paired difference a - b per replication, as mean and 95% interval."""
    return interval(a.per_run()[metric].to_numpy() - b.per_run()[metric].to_numpy())


def better(a, b, metric="sentiment_final"):
    """a is clearly higher than b on metric."""
    d = diff(a, b, metric)
    assert d.low > 0, f"{a.plan.name} vs {b.plan.name} on {metric}: {d}"
    return d


def lower(a, b, metric):
    d = diff(a, b, metric)
    assert d.high < 0, f"{a.plan.name} vs {b.plan.name} on {metric}: {d}"
    return d


def complainer_sentiment(outcome):
    return np.array([run.final["sentiment"][run.final["complained"]].mean()
                     for run in outcome.runs])


def test_1_retention_order_quick_resolution_beats_slow_beats_none(isp):
    """TARP: resolved quickly > resolved > unresolved."""
    quick, slow, none = outcomes(isp, plan("quick", sms(2, ["apology", "refund"])),
                                 plan("slow", sms(100, ["apology", "refund"])),
                                 plan("unresolved", sms(2, ["apology"])))
    lower(quick, slow, "churn_rate")
    lower(slow, none, "churn_rate")
    # Among those who complained, leaving is much rarer when the money came back quickly.
    quick_rate = np.mean([r.final["churned"][r.final["complained"]].mean() for r in quick.runs])
    none_rate = np.mean([r.final["churned"][r.final["complained"]].mean() for r in none.runs])
    assert quick_rate < 0.6 * none_rate


def test_2_faster_replies_do_better_with_diminishing_differences(isp):
    """Twitter/AMS 2016; Istanbulluoglu 2017."""
    parts = ["apology", "corrective_action", "refund"]
    at1, at24, at96, at120 = outcomes(isp, *(plan(f"at {t}", sms(t, parts))
                                             for t in (1, 24, 96, 120)))
    early_gap = better(at1, at24)
    late_gap = better(at96, at120)
    lower(at1, at24, "churn_rate")
    assert late_gap.mean < 0.5 * early_gap.mean


def _reply(parts, tone):
    return {"at": 2, "channel": "facebook_reply", "audience": "complainers", "message": parts,
            "tone": tone}


STAFF = {"at": 0, "staff": {"channel": "facebook_reply", "agents": 3, "hours": 200}}


def test_3_and_4_defensive_reply_spreads_more_and_silence_loses_to_accommodation(isp):
    """Weitzl 2019; Lithium 2013; Einwiller & Steilen 2015; the Dark Horse case."""
    defensive, accommodating, silence = outcomes(
        isp, plan("defensive", _reply(["deny", "justify"], "defensive"), STAFF),
        plan("accommodating", _reply(["apology", "corrective_action", "refund"], "human"),
             STAFF),
        casekit.no_response(isp.id))
    # 3: more negative word of mouth than accommodating, and no better than silence.
    better(defensive, accommodating, "negative_posts")
    better(defensive, silence, "negative_posts")
    lower(defensive, silence, "sentiment_final")
    # 4: silence leaves complainers and observers worse off than an accommodating reply.
    gap = complainer_sentiment(accommodating) - complainer_sentiment(silence)
    assert interval(gap).low > 0
    lower(accommodating, silence, "negative_posts")
    share = lambda o: (o.per_run()["positive_posts"] / o.per_run()["comments"]).to_numpy()
    assert interval(share(accommodating) - share(silence)).low > 0


def test_5_rebuild_beats_diminish_beats_deny_and_mixing_deny_hurts(isp):
    """Coombs 2007: when the firm is at fault, rebuild; never mix deny with rebuild."""
    rebuild, diminish, deny, mixed = outcomes(
        isp, plan("rebuild", sms(3, ["apology", "corrective_action"])),
        plan("diminish", sms(3, ["justify", "excuse"])), plan("deny", sms(3, ["deny"])),
        plan("deny+rebuild", sms(3, ["apology", "corrective_action", "deny"])))
    better(rebuild, diminish)
    better(diminish, deny)
    better(rebuild, mixed)


def test_6_refund_beats_apology_alone_and_accommodating_parts_are_alike(isp):
    """Gelbrich & Roschk 2011; Coombs & Holladay 2008."""
    apology, sympathy, compensation, both, silence = outcomes(
        isp, plan("apology", sms(3, ["apology"])), plan("sympathy", sms(3, ["sympathy"])),
        plan("compensation", sms(3, ["compensation"], compensation=20)),
        plan("apology+refund", sms(3, ["apology", "refund"])), casekit.no_response(isp.id))
    better(both, apology)
    lower(both, apology, "churn_rate")
    gains = [diff(o, silence, "sentiment_final").mean for o in (apology, sympathy, compensation)]
    assert min(gains) > 0
    assert max(gains) / min(gains) < 1.5, gains


def test_7_paper_bill_customers_told_first_complain_and_churn_less(isp):
    """Stealing thunder: Arpan & Roskos-Ewoldsen 2005; Claeys et al. 2016."""
    parts = ["apology", "corrective_action", "refund"]
    early, late = outcomes(isp, plan("before the bill", sms(6, parts, audience="paper_bill")),
                           plan("after the bill", sms(130, parts, audience="paper_bill")))
    lower(early, late, "complaints")
    lower(early, late, "churn_rate")
    told = np.mean([r.totals["told_first"] for r in early.runs])
    assert told > 0.2 * CUSTOMERS


def test_8_perception_only_crisis_correction_is_cheaper_with_similar_sentiment():
    """Lewandowsky et al. 2012: an evidence-backed correction in the VAT-display variant."""
    vat = casekit.load_scenario("isp-vat-display")
    correction, refund, silence = outcomes(
        vat, plan("correction", sms(3, ["explain_cause", "deny"], tone="formal"),
                  scenario=vat.id),
        plan("apology+refund", sms(3, ["apology", "refund"]), scenario=vat.id),
        casekit.no_response(vat.id))
    lower(correction, refund, "cost")
    assert abs(diff(correction, refund, "sentiment_final").mean) < 0.1
    better(correction, silence)
    remaining = correction.metric("belief_remaining").mean
    assert 0.05 < remaining < 0.9  # reduced, not erased


def test_9_angry_items_get_more_shares_and_spread_sooner(isp):
    """Tsugawa & Ohsaki 2015; Berger & Milkman 2012."""
    horizon = isp.horizon_hours
    quiet = isp.thread.model_copy(update={"start_comments": 0})

    def cascade(polarity):
        noise = spread.thread_noise(streams(5, 0)["thread"], horizon)[None]  # one replication
        thread = spread.PublicThread(quiet, horizon, noise)
        posts = np.zeros((1, 3))
        posts[0, polarity] = 200
        thread.step(0, posts, mood=np.zeros(1), replies=np.zeros(1))
        return thread

    angry, neutral = cascade(spread.NEG), cascade(spread.NEU)
    # Shares per item in the first hour: angry items are shared more.
    assert angry.state.shares[0, 0] > 1.2 * neutral.state.shares[0, 0]
    # Their offspring are more numerous and arrive sooner (half of them by an earlier hour).
    owed_angry = angry.state.future[0].sum(axis=0)
    owed_neutral = neutral.state.future[0].sum(axis=0)
    assert owed_angry.sum() > owed_neutral.sum()
    first_hour = lambda owed: owed[1] / owed.sum()
    mean_lag = lambda owed: float((np.arange(owed.size) * owed).sum() / owed.sum())
    assert first_hour(owed_angry) > first_hour(owed_neutral)
    assert mean_lag(owed_angry) < mean_lag(owed_neutral)


def test_10_crisis_multiplies_baseline_churn_without_mass_exodus(isp):
    """Analysys Mason 2021; Bolton 1998; Chebat & Ben-Amor."""
    (silence,) = outcomes(isp, casekit.no_response(isp.id))
    monthly = isp.model.baseline_monthly_churn.value
    no_crisis = 1 - (1 - monthly) ** (isp.horizon_hours / (30 * 24))
    churn = silence.metric("churn_rate")
    assert churn.low > 1.5 * no_crisis
    assert churn.high < 0.05  # under 5% in two weeks: a multiple, not tens of percent


def test_11_compensation_costs_money_with_diminishing_returns(isp):
    none, twenty, forty = outcomes(
        isp, plan("no compensation", sms(3, ["apology"])),
        plan("20", sms(3, ["apology", "compensation"], compensation=20)),
        plan("40", sms(3, ["apology", "compensation"], compensation=40)))
    first = better(twenty, none)
    second = diff(forty, none, "sentiment_final")
    assert second.mean < 2 * first.mean
    assert forty.metric("cost").mean > 1.9 * twenty.metric("cost").mean
