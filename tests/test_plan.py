"""Response plans: times, valid plans, every way a plan can be wrong, YAML round trips and
the digest that identifies what a plan does."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
import yaml

from casekit.errors import InputError, PlanError, ScenarioError
from casekit.plan import (load_plan, no_response, parse_hours, plan_from_mapping, plan_from_text,
                          plan_to_yaml)
from casekit.scenario import Scenario, load_scenario, scenario_dir, scenario_paths

ISP = "isp-overbilling"
REPO = Path(__file__).resolve().parents[1]
ISP_PLANS = sorted((scenario_dir() / ISP / "plans").glob("*.yaml"))
REFERENCE_PLANS = sorted((sid, path) for sid in scenario_paths()
                         for path in (scenario_dir() / sid / "plans").glob("*.y*ml"))


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario(ISP)


def readme_plan_text() -> str:
    """The example plan in README.md, as a student would copy it."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", readme, flags=re.DOTALL)
    [text] = [b for b in blocks if "actions:" in b and "scenario:" in b]
    return text


def message(**fields) -> dict:
    """A valid message action, with some fields replaced."""
    return {"at": 2, "channel": "sms", "audience": "everyone", "message": ["apology"],
            "tone": "human", **fields}


def plan_data(*actions: dict, **fields) -> dict:
    return {"name": "Test plan", "scenario": ISP, "actions": list(actions), **fields}


# ---- times --------------------------------------------------------------------------------

@pytest.mark.parametrize("value, hours", [
    ("90m", 1.5), ("2h", 2.0), ("3d", 72.0), (2, 2.0), (2.5, 2.5), (0, 0.0), ("0", 0.0),
    ("45min", 0.75), ("1.5h", 1.5), (" 4H ", 4.0), ("12", 12.0),
])
def test_parse_hours_reads_numbers_and_units(value, hours: float) -> None:
    assert parse_hours(value) == pytest.approx(hours)


@pytest.mark.parametrize("value", [
    -1, -0.5, "-2h", "garbage", "2 weeks", "h", "", "2hh", "1e3h", True, False, None, [2],
    {"h": 2}, math.nan, math.inf,
])
def test_parse_hours_rejects_bad_times(value) -> None:
    with pytest.raises(ValueError) as info:
        parse_hours(value)
    assert "expected a time" in str(info.value)


# ---- valid plans -----------------------------------------------------------------------

def test_readme_plan_loads_and_applies(scenario: Scenario) -> None:
    plan = plan_from_text(readme_plan_text(), "README.md").check(scenario, "README.md")
    assert plan.name == "Proactive transparency"
    post, sms, staff = plan.actions
    assert (post.at, post.channel, post.audience, post.tone) == \
        (2.0, "facebook_post", "public", "human")
    assert post.message == ("acknowledge", "apology", "explain_cause", "corrective_action")
    assert (sms.channel, sms.audience, sms.compensation) == ("sms", "paper_bill", 20.0)
    assert staff.is_staffing and not post.is_staffing
    assert (staff.staff.channel, staff.staff.agents, staff.staff.hours) == \
        ("call_center", 30, 72.0)


@pytest.mark.parametrize("sid, path", REFERENCE_PLANS, ids=lambda v: getattr(v, "stem", v))
def test_reference_plan_loads_and_applies(sid: str, path: Path) -> None:
    plan = load_plan(path, load_scenario(sid))
    assert plan.scenario == sid
    assert plan.name.strip()


def test_isp_reference_plans_hold_what_the_debrief_needs() -> None:
    plans = {p.stem: load_plan(p) for p in ISP_PLANS}
    assert {"do-nothing-cynic", "fix-fast-sms", "transparent-rebuild",
            "defensive-denial"} <= set(plans)
    assert plans["do-nothing-cynic"].actions == ()
    assert plans["do-nothing-cynic"].digest == no_response(ISP).digest
    assert all(a.tone == "defensive" for a in plans["defensive-denial"].actions)
    rebuild = plans["transparent-rebuild"]
    assert any(a.is_staffing for a in rebuild.actions)
    assert any("refund" in a.message and a.tone == "human" for a in rebuild.actions)


def test_json_plan_equals_its_yaml_twin(tmp_path: Path) -> None:
    data = plan_data(message(at="90m"), {"at": 0, "staff": {"channel": "email", "agents": 2,
                                                           "hours": "1d"}})
    (tmp_path / "p.json").write_text(json.dumps(data))
    (tmp_path / "p.yaml").write_text(yaml.safe_dump(data))
    from_json, from_yaml = load_plan(tmp_path / "p.json"), load_plan(tmp_path / "p.yaml")
    assert from_json == from_yaml
    assert from_json.actions[0].at == 1.5 and from_json.actions[1].staff.hours == 24.0


def test_a_single_message_part_may_be_a_string() -> None:
    plan = plan_from_mapping(plan_data(message(message="apology")))
    assert plan.actions[0].message == ("apology",)


def test_plan_is_frozen() -> None:
    plan = plan_from_mapping(plan_data(message()))
    with pytest.raises(ValueError):
        plan.name = "other"  # type: ignore[misc]
    with pytest.raises(ValueError):
        plan.actions[0].at = 5  # type: ignore[misc]


# ---- rejected plans ---------------------------------------------------------------------

REJECTED = [
    # (id, plan data, field the error must name, a word the message must hold)
    ("unknown-channel", plan_data(message(channel="telegram")), "actions.0.channel",
     "telegram"),
    ("unknown-audience", plan_data(message(audience="martians")), "actions.0.audience",
     "martians"),
    ("unknown-part", plan_data(message(message=["apology", "bribe"])), "actions.0.message",
     "bribe"),
    ("repeated-part", plan_data(message(message=["apology", "apology"])), "actions.0.message",
     "twice"),
    ("no-parts", plan_data(message(message=[])), "actions.0.message", "at least one"),
    ("unknown-tone", plan_data(message(tone="furious")), "actions.0.tone", "furious"),
    ("negative-time", plan_data(message(at=-1)), "actions.0.at", "zero hours or more"),
    ("negative-text-time", plan_data(message(at="-2h")), "actions.0.at", "expected a time"),
    ("garbage-time", plan_data(message(at="soonish")), "actions.0.at", "soonish"),
    ("infinite-staff-hours",
     plan_data({"at": 0, "staff": {"channel": "call_center", "agents": 3, "hours": math.inf}}),
     "actions.0.staff.hours", "infinite"),
    ("time-as-list", plan_data(message(at=[1])), "actions.0.at", "expected a time"),
    ("time-as-bool", plan_data(message(at=True)), "actions.0.at", "expected a time"),
    ("message-as-number", plan_data(message(message=5)), "actions.0.message", "list"),
    ("compensation-as-text", plan_data(message(message=["compensation"], compensation="lots")),
     "actions.0.compensation", "number"),
    ("negative-compensation", plan_data(message(message=["compensation"], compensation=-5)),
     "actions.0.compensation", "greater than or equal"),
    ("agents-as-fraction",
     plan_data({"at": 0, "staff": {"channel": "call_center", "agents": 2.5, "hours": 4}}),
     "actions.0.staff.agents", "integer"),
    ("actions-not-a-list", plan_data() | {"actions": "all of them"}, "actions", "tuple"),
    ("name-as-number", plan_data(name=5), "name", "string"),
    ("missing-name", {"scenario": ISP, "actions": []}, "name", "missing"),
    ("public-on-sms", plan_data(message(audience="public")), "actions.0.audience",
     "one by one"),
    ("post-to-everyone", plan_data(message(channel="facebook_post", audience="everyone")),
     "actions.0.audience", "public or followers"),
    ("reply-not-to-complainers", plan_data(message(channel="facebook_reply")),
     "actions.0.audience", "complainers"),
    ("call-centre-not-to-complainers", plan_data(message(channel="call_center")),
     "actions.0.audience", "complainers"),
    ("dm-not-to-complainers", plan_data(message(channel="direct_message", audience="e_bill")),
     "actions.0.audience", "complainers"),
    ("compensation-part-without-amount", plan_data(message(message=["apology", "compensation"])),
     "actions.0.compensation", "amount"),
    ("amount-without-compensation-part", plan_data(message(compensation=20)),
     "actions.0.message", "compensation"),
    ("until-before-at", plan_data(message(channel="call_center", audience="complainers", at=5,
                                          until=2)), "actions.0.until", "before at"),
    ("no-channel", plan_data({"at": 1, "audience": "everyone", "message": ["apology"]}),
     "actions.0.channel", "expected a channel"),
    ("no-audience", plan_data({"at": 1, "channel": "sms", "message": ["apology"]}),
     "actions.0.audience", "expected an audience"),
    ("staff-and-message", plan_data(message(staff={"channel": "call_center", "agents": 1,
                                                   "hours": 1})), "actions.0.staff", "not both"),
    ("staff-unstaffable-channel",
     plan_data({"at": 0, "staff": {"channel": "sms", "agents": 5, "hours": 10}}),
     "actions.0.staff.channel", "cannot staff"),
    ("staff-zero-hours",
     plan_data({"at": 0, "staff": {"channel": "call_center", "agents": 5, "hours": 0}}),
     "actions.0.staff.hours", "greater than 0"),
    ("unknown-action-field", plan_data(message(colour="red")), "actions.0.colour",
     "unknown field"),
    ("unknown-top-field", plan_data(budget=1000), "budget", "unknown field"),
    ("odd-key", plan_data() | {"a\nb": 1}, "'a\\nb'", "unknown field"),
    ("second-action", plan_data(message(), message(tone="sarcastic")), "actions.1.tone",
     "sarcastic"),
]


@pytest.mark.parametrize("data, field, word", [r[1:] for r in REJECTED],
                         ids=[r[0] for r in REJECTED])
def test_bad_plan_file_is_rejected_naming_file_and_field(tmp_path: Path, data: dict,
                                                         field: str, word: str) -> None:
    path = tmp_path / "student-plan.json"
    path.write_text(json.dumps(data, allow_nan=True), encoding="utf-8")
    with pytest.raises(PlanError) as info:
        load_plan(path)
    error, message = info.value, str(info.value)
    assert "\n" not in message
    assert error.field == field
    assert message.startswith(f"{path}: {field}: ")
    assert word in message


@pytest.mark.parametrize("at", [336, 336.0, "14d", "20160m", 400, "336h"])
def test_time_at_or_past_the_horizon_is_rejected(scenario: Scenario, at) -> None:
    plan = plan_from_mapping(plan_data(message(), message(at=at)))
    with pytest.raises(PlanError) as info:
        plan.check(scenario, "late.yaml")
    assert info.value.field == "actions.1.at"
    assert str(info.value).startswith("late.yaml: actions.1.at: ")
    assert "336" in str(info.value) and "horizon" in str(info.value)


def test_staffing_past_the_horizon_is_rejected(scenario: Scenario) -> None:
    plan = plan_from_mapping(plan_data({"at": "15d", "staff": {"channel": "call_center",
                                                                "agents": 1, "hours": 1}}))
    with pytest.raises(PlanError) as info:
        plan.check(scenario, "late.yaml")
    assert info.value.field == "actions.0.at"


def test_time_just_before_the_horizon_is_accepted(scenario: Scenario) -> None:
    plan = plan_from_mapping(plan_data(message(at=335.5), message(at="13d")))
    assert plan.check(scenario) is plan


def test_plan_for_another_scenario_is_rejected(tmp_path: Path, scenario: Scenario) -> None:
    path = tmp_path / "other.yaml"
    path.write_text(yaml.safe_dump(plan_data(message(), scenario="airline-delay")))
    with pytest.raises(PlanError) as info:
        load_plan(path, scenario)
    assert info.value.field == "scenario"
    assert str(info.value) == (f"{path}: scenario: plan is for 'airline-delay'; "
                               f"expected '{ISP}'")
    assert load_plan(path).scenario == "airline-delay"  # without a scenario: not checked


@pytest.mark.parametrize("action, field", [
    (message(channel="press_release", audience="public"), "actions.0.channel"),
    ({"at": 0, "staff": {"channel": "facebook_reply", "agents": 2, "hours": 8}},
     "actions.0.staff.channel"),
    (message(audience="e_bill"), "actions.0.audience"),
    (message(message=["apology", "deny"]), "actions.0.message"),
    (message(tone="defensive"), "actions.0.tone"),
])
def test_choices_the_scenario_does_not_allow_are_rejected(action: dict, field: str) -> None:
    narrow = load_scenario(ISP, overrides={"allowed": {
        "channels": ["sms", "email", "call_center"], "audiences": ["everyone", "complainers"],
        "message_parts": ["apology", "refund"], "tones": ["human", "formal"]}})
    plan = plan_from_mapping(plan_data(action))
    with pytest.raises(PlanError) as info:
        plan.check(narrow, "narrow.yaml")
    assert info.value.field == field and "does not apply" in str(info.value)
    plan_from_mapping(plan_data(message())).check(narrow)  # the allowed choices pass


@pytest.mark.parametrize("text, field, word", [
    ("name: x\nscenario: isp-overbilling\nactions: !!python/object/apply:os.system "
     "['touch {marker}']\n", "line 3", "tag"),
    ("!!python/object:casekit.plan.Plan {{name: x, scenario: y}}\n", "line 1", "tag"),
    ("name: !!python/name:os.system ''\nscenario: y\n", "line 1", "tag"),
    ("- name: x\n- scenario: y\n", "", "found a list"),
    ("just a sentence\n", "", "found a string"),
    ("42\n", "", "found a number"),
    ("", "", "found nothing"),
    ("name: [unclosed\n", "line 2", "invalid YAML"),
    ("name: x\n\tscenario: y\n", "line 2", "invalid YAML"),
])
def test_unsafe_or_malformed_plan_text_is_rejected(tmp_path: Path, text: str, field: str,
                                                   word: str) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "plan.yaml"
    path.write_text(text.format(marker=marker), encoding="utf-8")
    with pytest.raises(PlanError) as info:
        load_plan(path)
    assert not marker.exists()
    message = str(info.value)
    assert "\n" not in message and message.startswith(f"{path}: ")
    assert info.value.field == field and word in message


def test_json_plan_with_a_syntax_error_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text('{"name": "x", "scenario": "isp-overbilling",\n "actions": [}')
    with pytest.raises(PlanError) as info:
        load_plan(path)
    assert info.value.field == "line 2" and "invalid JSON" in str(info.value)


def test_missing_or_oversized_plan_file_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(PlanError) as info:
        load_plan(tmp_path / "absent.yaml")
    assert "cannot be read" in str(info.value)
    huge = tmp_path / "huge.yaml"
    huge.write_text("name: x\nscenario: y\n#" + "x" * 1_100_000 + "\n")
    with pytest.raises(PlanError) as info:
        load_plan(huge)
    assert "bytes" in str(info.value)


def test_plan_and_scenario_errors_stay_apart() -> None:
    assert issubclass(PlanError, InputError) and issubclass(ScenarioError, InputError)
    assert not issubclass(PlanError, ScenarioError)
    assert not issubclass(ScenarioError, PlanError)


# ---- YAML round trip and digest -----------------------------------------------------------

EDGE_PLANS = {
    "everything": plan_data(
        {"at": 0, "staff": {"channel": "direct_message", "agents": 3, "hours": "2d"}},
        message(at="20m", channel="call_center", audience="complainers", until="1d",
                message=["apology", "refund", "compensation"], compensation=12.5,
                note="Agents read this out.", text="Sorry: we overcharged you. # not a comment"),
        message(at=1 / 3, channel="twitter_post", audience="followers", tone="formal"),
        student="Ayşe Yılmaz", description="Çok satırlı\naçıklama: 'tırnak' \"çift\""),
    "numberish-name": plan_data(message(), name="2024"),
    "boolish-name": plan_data(message(), name="yes"),
    "empty": plan_data(name="Say nothing"),
}


@pytest.mark.parametrize("data", list(EDGE_PLANS.values()), ids=list(EDGE_PLANS))
def test_plan_to_yaml_round_trips(data: dict) -> None:
    plan = plan_from_mapping(data)
    assert plan_from_text(plan_to_yaml(plan)) == plan


@pytest.mark.parametrize("path", ISP_PLANS + [None], ids=lambda p: p.stem if p else "readme")
def test_reference_plans_round_trip_through_yaml(tmp_path: Path, path: Path | None) -> None:
    plan = load_plan(path) if path else plan_from_text(readme_plan_text())
    text = plan_to_yaml(plan)
    assert plan_from_text(text) == plan
    (tmp_path / "again.yaml").write_text(text, encoding="utf-8")
    assert load_plan(tmp_path / "again.yaml") == plan
    # the file a student hands in is tidy: no empty fields, staff actions carry only staff
    for action in yaml.safe_load(text)["actions"]:
        assert None not in action.values()
        if "staff" in action:
            assert set(action) <= {"at", "staff", "note", "text"}


def test_digest_ignores_names_and_notes_but_not_actions() -> None:
    base = plan_from_mapping(plan_data(message(), message(channel="email", at="3h")))
    renamed = plan_from_mapping(plan_data(
        message(note="first"), message(channel="email", at=3, text="Dear customer"),
        name="Another name", student="Ali", description="Same actions, other words"))
    assert renamed != base
    assert renamed.digest == base.digest
    changed = {
        "time": plan_data(message(at=2.5), message(channel="email", at="3h")),
        "channel": plan_data(message(), message(channel="paper_letter", at="3h")),
        "audience": plan_data(message(audience="paper_bill"), message(channel="email", at=3)),
        "part": plan_data(message(message=["apology", "refund"]), message(channel="email", at=3)),
        "tone": plan_data(message(tone="formal"), message(channel="email", at="3h")),
        "compensation": plan_data(message(message=["compensation"], compensation=5),
                                  message(channel="email", at=3)),
        "fewer": plan_data(message()),
    }
    digests = {what: plan_from_mapping(data).digest for what, data in changed.items()}
    assert base.digest not in digests.values()
    assert len(set(digests.values())) == len(digests)
    assert base.without(1).digest == digests["fewer"]
    assert re.fullmatch(r"[0-9a-f]{16}", base.digest)


def test_without_drops_one_action_and_says_so() -> None:
    plan = plan_from_mapping(plan_data(message(), message(channel="email"), name="P"))
    shorter = plan.without(0)
    assert [a.channel for a in shorter.actions] == ["email"]
    assert shorter.name == "P - #1"
    assert len(plan.actions) == 2
