"""Feedback in words: each rule fires on the plan that deserves it, in both languages."""

from __future__ import annotations

import re
import string

import pytest

import casekit
from casekit.feedback import Note
from casekit.kinds.complaint_crisis.feedback import (Evidence, evidence_from, feedback,
                                                     first_public_hour,
                                                     paper_bill_first_reached)
from casekit.text.strings import FEEDBACK


@pytest.fixture(scope="module")
def scenario():
    return casekit.load_scenario("isp-overbilling")


def plan(*actions: dict) -> casekit.Plan:
    return casekit.plan_from_mapping({"name": "p", "scenario": "isp-overbilling",
                                      "actions": list(actions)})


#: A thread that gains ten comments an hour from the case's 217.
GROWING = Evidence(comments_by_hour=tuple(217 + 10 * h for h in range(337)))


def keys(notes: list[Note]) -> list[str]:
    return [n.key for n in notes]


def note(notes: list[Note], key: str) -> Note:
    return next(n for n in notes if n.key == key)


POST = {"channel": "facebook_post", "audience": "public", "tone": "human",
        "message": ["acknowledge", "apology", "corrective_action", "refund"]}
SMS_ALL = {"channel": "sms", "audience": "everyone", "tone": "human",
           "message": ["apology", "refund"]}


def test_silence_names_the_hours_and_the_thread_growth(scenario):
    notes = feedback(scenario, plan({"at": 30, **POST}), GROWING)
    silent = note(notes, "silent_long")
    assert silent.level == "problem"
    assert "silent in public for 30 hours" in silent.text("en")
    assert "from 217 to 517 comments" in silent.text("en")
    assert "30 saat" in silent.text("tr")


def test_a_fast_public_answer_is_praised_unless_it_is_defensive(scenario):
    assert note(feedback(scenario, plan({"at": 1, **POST}), GROWING), "fast_public").level \
        == "good"
    defensive = plan({"at": 1, **POST, "message": ["deny"], "tone": "defensive"})
    assert "fast_public" not in keys(feedback(scenario, defensive, GROWING))


def test_no_public_answer_at_all(scenario):
    notes = feedback(scenario, plan({"at": 1, **SMS_ALL}), GROWING)
    assert "never_public" in keys(notes)
    assert first_public_hour(plan({"at": 1, **SMS_ALL})) is None


def test_mixing_denial_with_apology_is_named_with_its_step(scenario):
    mixed = plan({"at": 2, **POST}, {"at": 3, **POST, "message": ["deny", "apology"]})
    found = note(feedback(scenario, mixed, GROWING), "mixed_deny")
    assert "step 2" in found.text("en") and found.source.startswith("Coombs 2007")


def test_denial_alone_of_a_real_failure(scenario):
    deny = plan({"at": 2, **POST, "message": ["deny", "justify"]})
    assert "deny_real_failure" in keys(feedback(scenario, deny, GROWING))
    assert "mixed_deny" not in keys(feedback(scenario, deny, GROWING))


@pytest.mark.parametrize("step, key, hour", [
    ({"at": 3, **SMS_ALL}, "paper_early", 3.1),              # SMS delay 0.1 h
    ({"at": 30, **SMS_ALL}, "paper_late", 30.1),
    ({"at": 0, **SMS_ALL, "channel": "paper_letter"}, "paper_late", 48),  # 48 h post
    ({"at": 3, **SMS_ALL, "audience": "e_bill"}, "paper_never", None),
])
def test_stealing_thunder_compares_reach_with_the_first_paper_bill(scenario, step, key, hour):
    p = plan(step)
    assert paper_bill_first_reached(p, scenario) == (pytest.approx(hour) if hour else None)
    found = note(feedback(scenario, p, GROWING), key)
    assert "Arpan & Roskos-Ewoldsen 2005" in found.source
    assert "24" in found.text("en")   # paper bills start on day 1 = hour 24


def test_defensive_tone(scenario):
    p = plan({"at": 2, **POST}, {"at": 2, **POST, "tone": "defensive"})
    found = note(feedback(scenario, p, GROWING), "defensive")
    assert found.values["step"] == 2 and found.source == "Weitzl 2019"


def test_no_refund_when_customers_lost_money(scenario):
    no_money = plan({"at": 2, **POST, "message": ["acknowledge", "apology"]})
    assert note(feedback(scenario, no_money, GROWING), "no_refund").values["rate"] == 5
    assert "no_refund" not in keys(feedback(scenario, plan({"at": 2, **POST}), GROWING))


def test_asking_for_details_only(scenario):
    ask = plan({"at": 2, "channel": "facebook_reply", "audience": "complainers",
                "message": ["ask_details", "thank"]})
    assert "Einwiller & Steilen 2015" in note(feedback(scenario, ask, GROWING),
                                              "ask_details_only").source
    both = plan({"at": 2, "channel": "facebook_reply", "audience": "complainers",
                 "message": ["ask_details", "corrective_action"]})
    assert "ask_details_only" not in keys(feedback(scenario, both, GROWING))


def test_abandoned_calls_above_a_fifth_of_callers(scenario):
    busy = Evidence(comments_by_hour=GROWING.comments_by_hour, abandoned_calls=400,
                    served_calls=600)
    found = note(feedback(scenario, plan({"at": 2, **POST}), busy), "abandoned_calls")
    assert "40 of every 100 callers" in found.text("en")
    calm = Evidence(comments_by_hour=GROWING.comments_by_hour, abandoned_calls=50,
                    served_calls=950)
    assert "abandoned_calls" not in keys(feedback(scenario, plan({"at": 2, **POST}), calm))


def test_large_compensation_has_diminishing_returns(scenario):
    big = plan({"at": 2, **POST, "message": ["apology", "refund", "compensation"],
                "compensation": 100})
    found = note(feedback(scenario, big, GROWING), "compensation_large")
    assert found.values["share"] > found.values["half_share"] > 50
    small = plan({"at": 2, **POST, "message": ["apology", "refund", "compensation"],
                  "compensation": 10})
    assert "compensation_large" not in keys(feedback(scenario, small, GROWING))


def test_against_the_baseline(scenario):
    better = Evidence(comments_by_hour=(217,), churn_rate=0.01, baseline_churn_rate=0.03,
                      churned=200, baseline_churned=600, score=-1000, baseline_score=-2500)
    found = feedback(scenario, plan({"at": 2, **POST}), better)[0]
    assert found.key == "better_than_nothing"
    assert "kept 400 customers" in found.text("en") and "+1,500" in found.text("en")
    worse = Evidence(comments_by_hour=(217,), churn_rate=0.04, baseline_churn_rate=0.03,
                     churned=800, baseline_churned=600, score=-3000, baseline_score=-2500)
    assert feedback(scenario, plan({"at": 2, **POST}), worse)[0].key == "worse_than_nothing"


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_has_both_languages_the_same_blanks_and_a_source():
    for key, texts in FEEDBACK.items():
        assert texts["en"] != texts["tr"], key
        assert _fields(texts["en"]) == _fields(texts["tr"]), key
        assert re.search(r"[A-Za-z]", texts["source"]), key


def test_evidence_from_a_run(scenario):
    p = plan({"at": 1, **POST}, {"at": 1, **SMS_ALL})
    outcome, baseline = casekit.run_many(scenario, [p, casekit.no_response(scenario.id)],
                                         seed=3, reps=2, customers=1500)
    ev = evidence_from(outcome, baseline)
    series = ev.comments_by_hour
    assert len(series) == scenario.horizon_hours + 1
    assert series[0] == scenario.thread.start_comments
    assert all(b >= a for a, b in zip(series, series[1:]))
    assert ev.baseline_churned == baseline.metric("churned_customers").mean
    notes = feedback(scenario, p, ev)
    assert {"fast_public", "paper_early"} <= set(keys(notes))
    assert all(n.text("tr") and n.text("en") != n.text("tr") for n in notes)


def test_early_actions_say_in_one_line_why_an_action_is_early() -> None:
    from casekit.kinds.complaint_crisis.feedback import early_actions
    from casekit.plan import Action, Plan
    from casekit.scenario import load_scenario
    sc = load_scenario("isp-overbilling")
    sms = dict(channel="sms", audience="everyone", tone="formal")
    plan = Plan(name="early", scenario=sc.id, actions=(
        Action(at=1, message=("apology", "explain_cause", "refund"), **sms),
        Action(at=2, message=("apology", "refund"), **sms),
        Action(at=3, message=("refund", "apology"), **sms),
        Action(at=6, message=("explain_cause",), **sms)))
    notes = early_actions(sc, plan)
    keys = [(n.key, n.values["n"]) for n in notes]
    assert ("early_cause", 1) in keys and ("early_cause", 4) not in keys
    assert [k for k in keys if k[0] == "early_refund"] == [("early_refund", 1)]
    assert ("repeat", 3) in keys
    for note in notes:
        for language in ("en", "tr"):
            text = note.text(language)
            assert "\n" not in text and "{" not in text
    assert "hour 4" in notes[0].text("en") and "4. saate" in notes[0].text("tr")
    # the VAT display case: the explanation is the correction, known within the hour
    vat = load_scenario("isp-vat-display")
    assert not [n for n in early_actions(vat, plan.model_copy(update={"scenario": vat.id}))
                if n.key == "early_cause" and n.values["n"] == 4]
