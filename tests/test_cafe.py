"""The public-reply cases: Dark Horse Café and the campus cafeteria.

The model-behaviour tests (issue 4) compare plans on common random numbers: replication r of
every plan meets the same regulars, the same complainant and the same cascade noise, and each
test asserts that the 95% interval of the paired difference lies on the expected side of
zero. The rest checks the scenario files, their errors, and the command line.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import numpy as np
import pytest
import yaml
from pydantic import BaseModel

import casekit
from casekit.cli import main
from casekit.simulation import simulate
from casekit.kinds.public_reply.engine import HOURLY_COLUMNS
from casekit.errors import PlanError, ScenarioError
from casekit.montecarlo import run_many
from casekit.outcomes import HEADLINE_METRICS, interval
from casekit.scenario import Sourced, scenario_dir
from casekit.kinds.public_reply.schema import ReplyScenario

REGULARS = 150          # for the plumbing tests; behaviour tests use each case's own size
REPS = 8
SEED = 2024
DARK_HORSE = "dark-horse-cafe"
CAFETERIA = "campus-cafeteria"
ACCOMMODATING = ["acknowledge", "apology", "thank", "corrective_action"]


@pytest.fixture(scope="module")
def dark_horse() -> ReplyScenario:
    return casekit.load_scenario(DARK_HORSE)


@pytest.fixture(scope="module")
def cafeteria() -> ReplyScenario:
    return casekit.load_scenario(CAFETERIA)


def reference(scenario, name):
    return casekit.load_plan(scenario_dir() / scenario.id / "plans" / f"{name}.yaml", scenario)


def plan(scenario, name, *actions):
    return casekit.plan_from_mapping({"name": name, "scenario": scenario.id,
                                      "actions": list(actions)}).check(scenario)


def reply(at, parts, tone="human", channel="twitter_reply"):
    return {"at": at, "channel": channel, "audience": "complainers", "message": parts,
            "tone": tone}


def outcomes(scenario, *plans, reps=REPS):
    return run_many(scenario, list(plans), seed=SEED, reps=reps, workers=1)


def diff(a, b, metric):
    """Paired difference a - b per replication, as mean and 95% interval."""
    return interval(a.per_run()[metric].to_numpy() - b.per_run()[metric].to_numpy())


def higher(a, b, metric):
    d = diff(a, b, metric)
    assert d.low > 0, f"{a.plan.name} vs {b.plan.name} on {metric}: {d}"
    return d


# ---- the four behaviours of issue 4 -----------------------------------------------------

def test_defensive_reply_spreads_more_negative_word_of_mouth(dark_horse):
    """Weitzl 2019; the Dark Horse case: after a real failure, a defensive reply spreads more
    negative word of mouth than an accommodating one, and does no better than silence."""
    defensive, accommodating, silence = outcomes(
        dark_horse, reference(dark_horse, "what-dark-horse-did"),
        reference(dark_horse, "accommodating-reply"), reference(dark_horse, "silence"))
    for metric in ("negative_posts", "negative_reach"):
        higher(defensive, accommodating, metric)
        higher(defensive, silence, metric)        # worse than saying nothing at all
    higher(silence, defensive, "observers_attitude")
    higher(silence, defensive, "complainant_sentiment")
    higher(defensive, silence, "regulars_lost")


def test_accommodating_reply_within_hours_beats_silence(dark_horse):
    """Lithium 2013; Einwiller & Steilen 2015: silence leaves the complainant and onlookers
    worse off than an accommodating public reply sent within hours."""
    quick, silence = outcomes(dark_horse, plan(dark_horse, "reply at 2h",
                                               reply(2, ACCOMMODATING)),
                              reference(dark_horse, "silence"))
    higher(quick, silence, "complainant_sentiment")
    higher(quick, silence, "observers_attitude")
    higher(quick, silence, "complainant_return_probability")


def test_the_later_the_reply_the_fewer_observers_it_reaches(dark_horse):
    """The cascade has peaked: a reply sent late is seen by fewer of the people who watched
    the complaint (SEISMIC's power-law memory), and it does less for them."""
    hours = (1, 24, 72)
    runs = outcomes(dark_horse, *[plan(dark_horse, f"reply at {h}h", reply(h, ACCOMMODATING))
                                  for h in hours], reps=3 * REPS)
    early, day, late = runs
    # Of everyone the thread reached, the share who saw the reply; in accounts, the same
    # holds on average (a small cascade is noisy, and an early reply can stop a burst
    # that a late one would have been shown to).
    higher(early, day, "reply_coverage")
    higher(early, late, "reply_coverage")
    assert early.metric("reply_reach").mean > late.metric("reply_reach").mean
    higher(early, day, "observers_attitude")
    higher(early, day, "complainant_sentiment")
    coverage = [o.metric("reply_coverage").mean for o in runs]
    assert coverage == sorted(coverage, reverse=True), coverage
    # Diminishing differences, per hour of delay.
    assert (coverage[0] - coverage[1]) / 23 > (coverage[1] - coverage[2]) / 48, coverage


def test_the_cafeterias_reply_beats_no_reply(cafeteria):
    """The positive mirror: agreeing, apologising and fixing it within hours moves the
    student and the onlookers to a better place than letting the tweet pass."""
    did, silence = outcomes(cafeteria, reference(cafeteria, "what-the-cafeteria-did"),
                            reference(cafeteria, "silence"))
    higher(did, silence, "complainant_sentiment")
    higher(did, silence, "observers_attitude")
    assert silence.metric("negative_posts").mean > did.metric("negative_posts").mean
    # She softens: she answers the replies in a friendly way ('no problem') within hours,
    # unless she is one of the few who ignore any reply (Weitzl 2019), and she never vows.
    assert did.metric("complainant_sentiment").mean >= \
        cafeteria.complainant.soften_threshold.value
    friendly = [run.hourly["complainant_posts_positive"][:6].sum() > 0 for run in did.runs]
    assert np.mean(friendly) >= 0.75
    assert did.metric("complainant_vowed").high == 0


# ---- further behaviour ----------------------------------------------------------------------

def test_explaining_the_spoiled_fruit_away_does_less_than_owning_it(cafeteria):
    """Coombs 2007: a preventable failure calls for rebuild, not diminish."""
    did, shrug = outcomes(cafeteria, reference(cafeteria, "what-the-cafeteria-did"),
                          reference(cafeteria, "fruit-spoils"))
    higher(did, shrug, "complainant_sentiment")
    higher(did, shrug, "observers_attitude")


def test_onlookers_prefer_a_public_reply_to_a_direct_message(dark_horse):
    """Liao et al. 2025: the same words in public do more for onlookers than in private."""
    public, private = outcomes(
        dark_horse, plan(dark_horse, "public", reply(1, ACCOMMODATING)),
        plan(dark_horse, "dm", reply(1, ACCOMMODATING, channel="direct_message")))
    higher(public, private, "observers_attitude")
    d = diff(public, private, "complainant_sentiment")
    assert abs(d.mean) < 0.1  # she is served about as well either way


def test_the_neighbouring_cafe_takes_the_regulars_dark_horse_loses(dark_horse):
    """The competitor's move (on/off in the scenario) turns a souring thread into its gain."""
    did = reference(dark_horse, "what-dark-horse-did")
    on, = outcomes(dark_horse, did)
    off, = outcomes(dark_horse.competitor_on(False), did)
    assert on.metric("competitor_moved").mean > 0
    assert off.metric("competitor_moved").mean == 0 and off.metric("competitor_gain").high == 0
    assert diff(on, off, "regulars_lost").mean > 0
    returns = on.per_run()["complainant_return_probability"].to_numpy() - \
        off.per_run()["complainant_return_probability"].to_numpy()
    assert np.all(returns <= 1e-12) and returns.min() < 0  # she goes next door, if anywhere
    # A café that answers well gives the neighbour nothing to seize.
    kind, = outcomes(dark_horse, reference(dark_horse, "accommodating-reply"))
    assert kind.metric("competitor_moved").mean == 0


# ---- the run itself ---------------------------------------------------------------------------

def test_same_seed_same_run_and_plans_share_the_history_before_hour_0(dark_horse):
    did = reference(dark_horse, "what-dark-horse-did")
    a = simulate(dark_horse, did, seed=5, replication=2, customers=REGULARS)
    b = simulate(dark_horse, did, seed=5, replication=2, customers=REGULARS)
    assert a.totals == b.totals
    quiet = simulate(dark_horse, reference(dark_horse, "silence"), seed=5, replication=2,
                     customers=REGULARS)
    assert quiet.totals["reach_before_hour0"] == a.totals["reach_before_hour0"] > 0
    other = simulate(dark_horse, did, seed=6, replication=2, customers=REGULARS)
    assert other.totals != a.totals


def test_a_run_reports_what_the_rest_of_casekit_reads(dark_horse):
    result = simulate(dark_horse, reference(dark_horse, "accommodating-reply"), seed=1,
                      customers=REGULARS)
    required = {"churn_rate", "churned_customers", "revenue_lost", "cost", "sentiment_final",
                "negative_posts", "complaints", "positive_posts", "replies", "negative_reach",
                "observers_attitude", "complainant_sentiment", "complainant_returns",
                "competitor_gain", "monthly_revenue_lost"}
    assert required <= set(result.totals)
    assert set(result.hourly) == set(HOURLY_COLUMNS)
    assert {len(v) for v in result.hourly.values()} == {dark_horse.horizon_hours}
    assert result.final == {}
    t = result.totals
    assert 0 <= t["churn_rate"] <= 1 and -1 <= t["sentiment_final"] <= 1
    assert -1 <= t["observers_attitude"] <= 1 and -1 <= t["complainant_sentiment"] <= 1
    assert t["complainant_returns"] in (0.0, 1.0)
    assert t["cost"] == pytest.approx(2 * 50 + 3500 + 120)  # two replies, sockets, a coffee
    assert result.hourly["churned"][-1] == t["regulars_lost"]
    items = sum(result.hourly[f"items_{q}"].sum() for q in ("negative", "neutral", "positive"))
    assert items + t["items_before_hour0"] == pytest.approx(t["items"])
    assert t["items"] >= t["negative_posts"] + t["positive_posts"]
    outcome = casekit.run(dark_horse, seed=1, reps=2, customers=REGULARS)
    assert outcome.segments().empty
    assert set(outcome.to_json()["metrics"]) == set(HEADLINE_METRICS)
    assert len(outcome.hourly()) == 2 * dark_horse.horizon_hours


# ---- the scenario files -------------------------------------------------------------------------

def sourced(obj, path=""):
    if isinstance(obj, Sourced):
        return [(path, obj)]
    found = []
    if isinstance(obj, BaseModel):
        for name in sorted(obj.model_fields_set):
            found += sourced(getattr(obj, name), f"{path}.{name}" if path else name)
    elif isinstance(obj, dict):
        for key, value in obj.items():
            found += sourced(value, f"{path}.{key}")
    return found


@pytest.mark.parametrize("sid", [DARK_HORSE, CAFETERIA])
def test_scenario_loads_with_its_case_and_every_number_has_a_source(sid):
    scenario = casekit.load_scenario(sid)
    assert isinstance(scenario, ReplyScenario) and scenario.kind == "public_reply"
    assert scenario.title.en and scenario.title.tr and scenario.narrative.tr
    assert scenario.complainant.tweet.en and scenario.complainant.tweet.tr
    numbers = sourced(scenario)
    assert len(numbers) > 100
    assert [where for where, n in numbers if not n.source.strip()] == []
    assert scenario.debrief.actual_replies
    for path in (scenario_dir() / sid / "plans").glob("*.yaml"):
        casekit.load_plan(path, scenario)


def test_the_two_cases_are_set_up_as_the_source_tells_them(dark_horse, cafeteria):
    assert dark_horse.competitor.active and not cafeteria.competitor.active
    assert dark_horse.crisis.real_failure and cafeteria.crisis.cluster == "preventable"
    assert dark_horse.complainant.tag_reply is not None   # a follower tagged the café
    assert cafeteria.complainant.tag_reply is None
    did = reference(dark_horse, "what-dark-horse-did")
    assert [a.tone for a in did.actions] == ["defensive", "defensive"]
    assert all("deny" in a.message for a in did.actions)
    assert reference(dark_horse, "silence").actions == ()


def test_copies_change_what_they_say_and_their_fingerprint(dark_horse):
    small = dark_horse.with_customers(50)
    assert small.population.customers == 50 and dark_horse.population.customers == 400
    assert small.fingerprint != dark_horse.fingerprint
    off = dark_horse.competitor_on(False)
    assert not off.competitor.active and off.fingerprint != dark_horse.fingerprint
    with pytest.raises(ScenarioError):
        dark_horse.with_customers(0)
    with pytest.raises(TypeError):
        dark_horse.channels["sms"] = dark_horse.channels["twitter_post"]


@pytest.fixture
def dark_horse_data() -> dict:
    path = scenario_dir() / f"{DARK_HORSE}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("change, field, expected", [
    (lambda d: d["cascade"].update(branching=0.7), "cascade.branching", "below 1"),
    (lambda d: d["complainant"].update(tag_age_hours=9), "complainant.tag_age_hours",
     "after the tweet"),
    (lambda d: d["channels"].update(sms=d["channels"]["twitter_post"]), "channels.sms",
     "not carried"),
    (lambda d: d["population"].update(customers=0), "population.customers", "greater than 0"),
    (lambda d: d["regulars"].update(post_rate=True), "regulars.post_rate", "true/false"),
    (lambda d: d["competitor"].update(pull_factor=2), "competitor.pull_factor", "unknown field"),
    (lambda d: d.pop("cascade"), "cascade", "required field is missing"),
    (lambda d: d["model"]["part_values"].pop("deny"), "model.part_values", "deny"),
    (lambda d: d["allowed"].update(channels=["sms"]), "allowed.channels", "unknown name 'sms'"),
    (lambda d: d["channels"].pop("direct_message"), "allowed.channels", "no entry"),
])
def test_a_broken_file_gives_one_line_naming_the_field(tmp_path: Path, dark_horse_data,
                                                       change, field, expected):
    data = copy.deepcopy(dark_horse_data)
    change(data)
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ScenarioError) as error:
        casekit.load_scenario(path)
    message = str(error.value)
    assert "\n" not in message and str(path) in message
    assert error.value.field.startswith(field), message
    assert expected in message


def test_a_plan_cannot_use_a_channel_the_case_does_not_have(dark_horse):
    bad = casekit.plan_from_mapping({"name": "sms", "scenario": DARK_HORSE, "actions": [
        {"at": 1, "channel": "sms", "audience": "everyone", "message": ["apology"]}]})
    with pytest.raises(PlanError, match="does not apply"):
        bad.check(dark_horse)


def test_the_command_line_runs_the_case(capsys):
    plan_file = scenario_dir() / DARK_HORSE / "plans" / "what-dark-horse-did.yaml"
    assert main(["run", DARK_HORSE, "--plan", str(plan_file), "--reps", "2", "--customers",
                 "80", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["scenario"] == DARK_HORSE and result["reps"] == 2
    assert set(HEADLINE_METRICS) <= set(result["metrics"])
    assert {"observers_attitude", "negative_reach", "competitor_gain"} <= set(result["extra"])
    assert main(["scenarios"]) == 0
    listing = capsys.readouterr().out
    assert DARK_HORSE in listing and CAFETERIA in listing
    assert main(["run", DARK_HORSE, "--reps", "1", "--customers", "80"]) == 0
    assert "Dark Horse" in capsys.readouterr().out


def test_hourly_series_add_up(dark_horse):
    result = simulate(dark_horse, reference(dark_horse, "what-dark-horse-did"), seed=3,
                      customers=REGULARS)
    h = result.hourly
    assert np.all(np.diff(h["reach_cumulative"]) >= 0)
    assert np.all(np.diff(h["churned"]) >= 0)
    assert np.all(np.diff(h["cost"]) >= 0)
    assert h["reach"].sum() == pytest.approx(result.totals["reach"] -
                                             result.totals["reach_before_hour0"])
    assert result.totals["negative_reach"] <= result.totals["reach"] + 1e-6


# ---- the workbench (needs the lab extra) ----------------------------------------------------

def test_the_feed_follows_the_run_and_the_same_seed_shows_the_same_people(dark_horse):
    pytest.importorskip("faker")
    from casekit.kinds.public_reply.feed import feed
    did = reference(dark_horse, "what-dark-horse-did")
    result = simulate(dark_horse, did, seed=1, customers=REGULARS)
    items = feed(dark_horse, result, did, "en", seed=3, until=24, per_hour=4)
    assert items == feed(dark_horse, result, did, "en", seed=3, until=24, per_hour=4)
    assert items[0].kind == "tweet" and items[0].text == dark_horse.complainant.tweet.en
    assert [i.text for i in items if i.kind == "cafe"] == [a.text for a in did.actions]
    h = result.hourly
    for hour in range(24):
        crowd = sum(h[f"{k}_{q}"][hour] for k in ("replies", "retweets")
                    for q in ("negative", "neutral", "positive"))
        shown = [i for i in items if int(i.hour) == hour and i.kind in ("reply", "retweet")]
        assert len(shown) == min(crowd, 4)
        negative = sum(h[f"{k}_negative"][hour] for k in ("replies", "retweets"))
        if crowd <= 4:
            assert sum(i.polarity == "negative" for i in shown) == negative
    vows = [i for i in items if i.kind == "answer"]
    assert vows and all(i.polarity == "negative" for i in vows)  # she vows never to return
    turkish = feed(dark_horse, result, did, "tr", seed=3, until=24)
    assert turkish[0].text == dark_horse.complainant.tweet.tr


def test_the_workbench_reads_adds_and_runs_a_reply(tmp_path):
    pytest.importorskip("ipywidgets")
    pytest.importorskip("matplotlib")
    from casekit.ui.cafe import CafeBench
    bench = CafeBench("dark-horse-cafe", workdir=tmp_path, reps=3)
    bench.composer.text.value = "You're right, sorry! We'll add more sockets this week."
    reading = bench.composer.read()
    assert reading.parts == ("acknowledge", "apology", "corrective_action")
    bench.composer.parts["thank"].value = True          # the student corrects the reading
    bench.composer.add()
    plan = bench.composer.plan
    assert plan.actions[0].message == ("acknowledge", "apology", "corrective_action", "thank")
    outcome = bench.run()
    assert outcome is not None and outcome.plan.actions[0].text == reading.text
    rows = {text: d for text, _, _, d in bench.results.rows()}
    assert rows["Her feeling about the café (-1..1)"].mean > 0
    assert bench.history.path.exists() and len(bench.history.attempts) == 1
    history = bench.history_panel.table.value
    assert "#1" in history and "Her feeling about the café" in history and "Silence" in history
    assert bench.chart.figure is not None
    bench.set_language("tr")
    assert "Müşterinin kafeye dair hissi" in bench.results.table.value
    assert "Müşterinin kafeye dair hissi" in bench.history_panel.table.value
    assert "Sessizlik" in bench.history_panel.table.value
    bench.composer.text.value = "Haklısın, teşekkürler! Bu hafta priz ekliyoruz."
    assert bench.composer.read().parts == ("acknowledge", "corrective_action", "thank")
    bench.composer.clear()
    bench.composer.channel.value = "direct_message"
    bench.composer.add()
    bench.run()
    assert any("🔒" in item.text for item in bench.feed.items())
    outcome, baseline = bench.debrief.run()
    assert outcome.metric("negative_reach").mean > baseline.metric("negative_reach").mean


def test_the_cascade_chart_is_drawn_as_an_image_and_results_follow_each_measures_direction(
        tmp_path):
    pytest.importorskip("ipywidgets")
    pytest.importorskip("matplotlib")
    import re

    from casekit.ui.cafe import CafeBench
    bench = CafeBench("dark-horse-cafe", workdir=tmp_path, reps=3)
    chart = bench.chart
    assert chart.image.layout.display == "none"           # nothing to show, no broken image
    bench.composer.text.value = "You're right, sorry! We'll add more sockets this week."
    bench.composer.read()
    bench.composer.add()
    bench.run()
    assert chart.image.value[:4] == b"\x89PNG" and chart.image.layout.display == ""
    assert "Figure size" not in repr(chart.widget.children)
    # colours by what is good for each measure, not by the sign of the difference
    table = bench.results.table.value
    cells = dict(re.findall(r"<td>([^<]+)</td><td[^>]*>[^<]*</td><td[^>]*>[^<]*</td>"
                            r"<td class='casekit-(\w+)'", table))
    rows = {text: d for text, _, _, d in bench.results.rows()}
    for text, d in rows.items():
        verdict = cells[text.replace("'", "&#x27;")]
        if d.low <= 0 <= d.high:
            assert verdict == "same", text
    cost = next(t for t in rows if t.startswith("Cost of your response"))
    assert rows[cost].mean > 0 and cells[cost] == "bad"      # spending is not good news
    lost = next(t for t in rows if t.startswith("Regulars lost"))
    if rows[lost].high < 0:
        assert cells[lost] == "good"                          # fewer regulars lost: good
    bench.set_language("tr")
    assert re.search(r"\d,\d\d", bench.results.table.value)   # Turkish decimals
