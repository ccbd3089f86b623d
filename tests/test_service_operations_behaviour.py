"""What the service-operations model must show, on paired runs (common random numbers).

Each test runs two plans on the same (seed, replication) keys, so both see the same
customers and luck and differ only by what the plans do; it then switches the mechanism
off in the scenario and checks that the difference goes away, so the effect is the
mechanism's and not an accident of the plans.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from casekit.errors import PlanError
from casekit.kinds.service_operations.engine import draw_customers, simulate, simulate_batch
from casekit.kinds.service_operations.schema import (
    ServiceScenario,
    load_service_scenario,
    service_scenario_from_mapping,
    settings_from_mapping,
)
from casekit.scenario import deep_merge

ROOT = Path(__file__).resolve().parents[1]
REPS = (0, 1, 2)


def path_of(name: str) -> Path:
    path = ROOT / "scenarios" / f"{name}.yaml"
    return path if path.exists() else ROOT / "scenarios" / f"_draft-{name}.yaml"


@pytest.fixture(scope="module")
def raw() -> dict:
    return yaml.safe_load(path_of("ecommerce-late-order").read_text(encoding="utf-8"))


def _switch(raw: dict, change: dict) -> dict:
    """A bare number laid over a ranged one drops the range: switching a mechanism off
    (0) may lie outside the range variants draw from."""
    out = {}
    for key, value in change.items():
        here = raw.get(key) if isinstance(raw, dict) else None
        if isinstance(value, dict):
            out[key] = _switch(here or {}, value)
        elif isinstance(here, dict) and "range" in here and isinstance(value, (int, float)):
            out[key] = {"value": value, "range": None}
        else:
            out[key] = value
    return out


def case(raw: dict, **sections: dict) -> ServiceScenario:
    return service_scenario_from_mapping(deep_merge(raw, _switch(raw, sections)), "test")


#: A middling operation: every channel staffed, so each mechanism has tickets to act on.
BASE = {
    "channels": {
        "web_form": {"staff": 3, "hours": [8, 22], "acknowledge": True},
        "phone": {"staff": 3, "hours": [8, 22]},
        "twitter": {"staff": 1, "hours": [8, 22], "acknowledge": True},
        "complaint_site": {"staff": 1, "hours": [9, 18]},
    },
}


def runs(scenario: ServiceScenario, extra: dict | None = None) -> list[dict[str, float]]:
    settings = settings_from_mapping(deep_merge(BASE, extra or {}), scenario, "test",
                                     base=dict(scenario.defaults))
    return [simulate(scenario, settings, seed=11, replication=r).totals for r in REPS]


def paired(scenario: ServiceScenario, without: dict | None, with_: dict, metric: str
           ) -> np.ndarray:
    """Per replication: metric with the feature minus metric without it."""
    a, b = runs(scenario, without), runs(scenario, with_)
    return np.array([y[metric] - x[metric] for x, y in zip(a, b)])


NOTICE = {"notice": {"promise": "honest", "categories": ["late_delivery"]}}


def test_a_proactive_notice_cuts_contacts_and_churn(raw: dict) -> None:
    scenario = case(raw)
    assert (paired(scenario, None, NOTICE, "complainants") < 0).all()
    assert (paired(scenario, None, NOTICE, "contacts") < 0).all()
    assert (paired(scenario, None, NOTICE, "repurchase_rate") > 0).all()  # less churn
    off = case(raw, behaviour={"notice_prevents_honest": 0, "notice_calm": 0},
               repurchase={"notified": raw["repurchase"]["did_not_complain"]["value"]})
    assert (paired(off, None, NOTICE, "complainants") == 0).all()
    assert (paired(off, None, NOTICE, "repurchase_rate") == 0).all()


OPTIMISTIC = {"notice": {"promise": "optimistic", "categories": ["late_delivery"]}}


def test_an_optimistic_date_that_is_missed_brings_customers_back_angrier(raw: dict) -> None:
    scenario = case(raw)
    assert (paired(scenario, NOTICE, OPTIMISTIC, "complainants") > 0).all()
    assert (paired(scenario, NOTICE, OPTIMISTIC, "repurchase_rate") < 0).all()
    kept = case(raw, behaviour={"optimistic_miss_share": 0})  # every early date is kept
    assert (paired(kept, NOTICE, OPTIMISTIC, "complainants") < 0).all()


ORDER_NUMBER = {"form_fields": ["order_number"]}


def test_asking_the_order_number_cuts_transfers_and_resolution_time(raw: dict) -> None:
    scenario = case(raw)
    assert (paired(scenario, None, ORDER_NUMBER, "transfers_per_complaint") < 0).all()
    assert (paired(scenario, None, ORDER_NUMBER, "mean_resolution_hours") < 0).all()
    off = case(raw, behaviour={"field_misroute_cut": {"order_number": 0}})
    assert (paired(off, None, ORDER_NUMBER, "transfers_per_complaint") == 0).all()
    assert (paired(off, None, ORDER_NUMBER, "mean_resolution_hours") == 0).all()


def _tickets(scenario: ServiceScenario, extra: dict) -> tuple[np.ndarray, np.ndarray]:
    settings = settings_from_mapping(deep_merge(BASE, extra), scenario, "test",
                                     base=dict(scenario.defaults))
    f = simulate(scenario, settings, seed=11, replication=0).final
    return f["ticket_channel"], f["ticket_transfers"]


def test_each_channel_can_ask_its_own_fields(raw: dict) -> None:
    """A channel's own form_fields replace the plan's on that channel only: the order
    number on the web form alone cuts the web form's misroutes, not the phone's."""
    scenario = case(raw)
    channels = list(scenario.intake)
    web = channels.index("web_form")
    every = {"channels": {n: {"form_fields": ["order_number"]} for n in channels}}
    web_only = {"channels": {"web_form": {"form_fields": ["order_number"]}}}
    phone_none = {"form_fields": ["order_number"],
                  "channels": {"phone": {"form_fields": []}}}
    ch, none = _tickets(scenario, {})
    ch_all, everywhere = _tickets(scenario, ORDER_NUMBER)
    ch_own, own_everywhere = _tickets(scenario, every)
    ch_web, only_web = _tickets(scenario, web_only)
    ch_phone, not_phone = _tickets(scenario, phone_none)
    for other in (ch_all, ch_own, ch_web, ch_phone):  # the same tickets, routed again
        np.testing.assert_array_equal(ch, other)
    np.testing.assert_array_equal(everywhere, own_everywhere)
    on_web = ch == web
    assert on_web.any() and (~on_web).any()
    np.testing.assert_array_equal(only_web[on_web], everywhere[on_web])
    np.testing.assert_array_equal(only_web[~on_web], none[~on_web])
    assert everywhere.sum() < only_web.sum() < none.sum()
    on_phone = ch == channels.index("phone")
    np.testing.assert_array_equal(not_phone[on_phone], none[on_phone])
    np.testing.assert_array_equal(not_phone[~on_phone], everywhere[~on_phone])


def routing(assignee: str) -> dict:
    return {"routing": {"late_delivery": {"department": "distribution", "assignee": assignee},
                        "missing_item": {"department": "distribution", "assignee": assignee},
                        "refund": {"department": "returns", "assignee": assignee},
                        "billing": {"department": "finance", "assignee": assignee}}}


def test_a_named_person_beats_a_department_inbox(raw: dict) -> None:
    scenario = case(raw)
    assert (paired(scenario, routing("inbox"), routing("named"),
                   "mean_resolution_hours") < 0).all()
    assert (paired(scenario, routing("inbox"), routing("named"), "customers_resolved")
            > 0).all()
    off = case(raw, behaviour={"inbox_pickup_hours": 0})
    assert (paired(off, routing("inbox"), routing("named"), "mean_resolution_hours")
            == 0).all()


def test_a_wrong_routing_table_costs_transfers_unless_not_my_job_names_the_department(
        raw: dict) -> None:
    scenario = case(raw)
    wrong = {"routing": {"missing_item": {"department": "marketing"}}}
    assert (paired(scenario, None, wrong, "transfers_per_complaint") > 0).all()
    named = deep_merge(wrong, {"not_my_job_names_department": True})
    assert (paired(scenario, wrong, named, "transfers_per_complaint") < 0).all()


TRACKING = {"channels": {name: {"acknowledge": True, "tracking_number": True}
                         for name in ("web_form", "phone", "twitter", "complaint_site")}}
ACK = {"channels": {name: {"acknowledge": True}
                    for name in ("web_form", "phone", "twitter", "complaint_site")}}


def test_a_tracking_number_cuts_chasing_contacts(raw: dict) -> None:
    scenario = case(raw)
    assert (paired(scenario, ACK, TRACKING, "chasing_contacts") < 0).all()
    off = case(raw, behaviour={"tracking_chase_cut": 0})
    assert (paired(off, ACK, TRACKING, "chasing_contacts") == 0).all()


SLA = {"sla": {"target_hours": 36, "warning_share": 0.75}}
ESCALATE = {"sla": {"target_hours": 36, "warning_share": 0.75, "escalate": True}}


def test_escalation_cuts_the_longest_resolution(raw: dict) -> None:
    scenario = case(raw)
    assert (paired(scenario, SLA, ESCALATE, "max_resolution_hours") < 0).all()
    assert all(t["escalated"] > 0 for t in runs(scenario, ESCALATE))
    off = case(raw, behaviour={"escalation_hours": 10_000})
    assert (paired(off, SLA, ESCALATE, "max_resolution_hours") == 0).all()


THIN_PHONE = {"channels": {"phone": {"staff": 1}}}
FULL_PHONE = {"channels": {"phone": {"staff": 8}}}


def test_an_abandoned_call_raises_the_chance_of_a_public_post(raw: dict) -> None:
    scenario = case(raw)
    assert (paired(scenario, FULL_PHONE, THIN_PHONE, "abandoned_calls") > 0).all()
    assert (paired(scenario, FULL_PHONE, THIN_PHONE, "public_posts") > 0).all()
    # Caller by caller, in one run: those who hung up post in public more often.
    settings = settings_from_mapping(deep_merge(BASE, THIN_PHONE), scenario, "test",
                                     base=dict(scenario.defaults))
    f = simulate(scenario, settings, seed=11).final
    phone = list(scenario.intake).index("phone")
    public = np.array([c.public for c in scenario.intake.values()])
    calls = (f["row_channel"] == phone) & (f["row_type"] < 2)
    hung_up = np.unique(f["row_customer"][calls & ~np.isfinite(f["row_response"])])
    answered = np.unique(f["row_customer"][calls & np.isfinite(f["row_response"])])
    posted = np.zeros(scenario.population.customers, dtype=bool)
    posted[f["row_customer"][public[f["row_channel"]] & (f["row_type"] < 2)]] = True
    assert posted[hung_up].mean() > posted[answered].mean() + 0.2
    off = case(raw, behaviour={"give_up_share": 1.0})  # nobody climbs after hanging up
    assert (paired(off, FULL_PHONE, THIN_PHONE, "public_posts") == 0).all()


SURVEY = {"survey": True}
GIFTS = {"survey": True, "win_back": {"to": "dissatisfied", "gift": 50, "budget": 1_000_000}}


def test_gifts_to_the_dissatisfied_raise_repurchase_at_a_cost(raw: dict) -> None:
    scenario = case(raw)
    assert (paired(scenario, SURVEY, GIFTS, "repurchase_rate") > 0).all()
    assert (paired(scenario, SURVEY, GIFTS, "gift_cost") > 0).all()
    tight = deep_merge(GIFTS, {"win_back": {"budget": 500}})
    assert all(t["gift_cost"] <= 500 for t in runs(scenario, tight))
    off = case(raw, repurchase={"gift_max_odds": 0})
    assert (paired(off, SURVEY, GIFTS, "repurchase_rate") == 0).all()
    assert (paired(off, SURVEY, GIFTS, "gift_cost") > 0).all()


def test_merging_contacts_cuts_duplicate_tickets(raw: dict) -> None:
    scenario = case(raw)
    assert (paired(scenario, None, {"merge_contacts": True}, "complaints") < 0).all()


def test_common_random_numbers_and_batches(raw: dict) -> None:
    scenario = case(raw)
    a, b = draw_customers(scenario, 5, 1), draw_customers(scenario, 5, 1)
    assert np.array_equal(a.arrival, b.arrival) and np.array_equal(a.u["patience"],
                                                                    b.u["patience"])
    assert not np.array_equal(a.arrival, draw_customers(scenario, 5, 2).arrival)
    settings = settings_from_mapping(BASE, scenario, "test", base=dict(scenario.defaults))
    batch = simulate_batch(scenario, settings, seed=5, replications=3)
    for rep, run in enumerate(batch):
        alone = simulate(scenario, settings, seed=5, replication=rep)
        assert run.replication == rep
        np.testing.assert_equal(run.totals, alone.totals)  # nan (no survey) equals nan
        for key, series in alone.hourly.items():
            assert np.array_equal(series, run.hourly[key]), key


@pytest.mark.parametrize("settings, field", [
    ({"channels": {"phone": {"staff": -1}}}, "settings.channels.phone.staff"),
    ({"channels": {"phone": {"staff": [1] * 23}}}, "settings.channels.phone.staff"),
    ({"channels": {"phone": {"hours": [18, 9]}}}, "settings.channels.phone.hours"),
    ({"channels": {"fax": {"staff": 1}}}, "settings.channels.fax"),
    ({"channels": {"phone": {"tracking_number": True}}}, "settings.channels.phone"),
    ({"channels": {"phone": {"staff": "many"}}}, "settings.channels.phone.staff"),
    ({"routing": {"lost_dog": {"department": "finance"}}}, "settings.routing.lost_dog"),
    ({"routing": {"billing": {"department": "legal"}}}, "settings.routing.billing.department"),
    ({"routing": {"billing": {"department": "finance", "assignee": "boss"}}},
     "settings.routing.billing.assignee"),
    ({"routing": {"billing": {"department": "finance", "assignee": ""}}},
     "settings.routing.billing.assignee"),
    ({"routing": {"billing": {"department": "finance", "assignee": 7}}},
     "settings.routing.billing.assignee"),
    ({"form_fields": ["order_number", "shoe_size"]}, "settings.form_fields"),
    ({"form_fields": ["date", "date"]}, "settings.form_fields"),
    ({"channels": {"phone": {"form_fields": ["shoe_size"]}}},
     "settings.channels.phone.form_fields"),
    ({"channels": {"phone": {"form_fields": ["date", "date"]}}},
     "settings.channels.phone.form_fields"),
    ({"channels": {"phone": {"form_fields": "order_number"}}},
     "settings.channels.phone.form_fields"),
    ({"channels": {"phone": {"staff": 2.5}}}, "settings.channels.phone.staff"),
    ({"channels": {"phone": {"staff": "1e9"}}}, "settings.channels.phone.staff"),
    ({"channels": {"phone": {"staff": [1] * 23 + ["x"]}}}, "settings.channels.phone.staff"),
    ({"sla": {"target_hours": 24, "warning_share": 1.5}}, "settings.sla.warning_share"),
    ({"sla": {"escalate": True}}, "settings.sla.escalate"),
    ({"sla": {"target_hours": -3}}, "settings.sla.target_hours"),
    ({"notice": {"promise": "honest", "categories": ["weather"]}}, "settings.notice"),
    ({"notice": {"promise": "maybe"}}, "settings.notice.promise"),
    ({"win_back": {"to": "dissatisfied", "gift": 50, "budget": 100}}, "settings.win_back"),
    ({"win_back": {"to": "all_complainants", "gift": -5}}, "settings.win_back.gift"),
    ({"merge_contacts": "sometimes"}, "settings.merge_contacts"),
    ({"colour": "blue"}, "settings.colour"),
])
def test_hostile_settings_get_one_line_errors(raw: dict, settings: dict, field: str) -> None:
    scenario = case(raw)
    with pytest.raises(PlanError) as caught:
        settings_from_mapping(settings, scenario, "plan.yaml", base=dict(scenario.defaults))
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("plan.yaml: ")
    assert caught.value.field.startswith(field), message


@pytest.mark.parametrize("staff", [2.5, "1e9", "many", True, [1] * 23 + ["x"], None])
def test_a_bad_number_of_agents_says_what_is_expected(raw: dict, staff) -> None:
    """Not pydantic's union internals (staff.int, 'and 1 more problem'): the field and
    what it takes."""
    with pytest.raises(PlanError) as caught:
        settings_from_mapping({"channels": {"phone": {"staff": staff}}}, case(raw),
                              "plan.yaml")
    assert caught.value.field == "settings.channels.phone.staff", str(caught.value)
    assert "24 whole numbers" in caught.value.expected
    assert "more problem" not in str(caught.value)


def test_settings_that_are_not_a_mapping(raw: dict) -> None:
    with pytest.raises(PlanError, match="expected a mapping"):
        settings_from_mapping(["staff"], case(raw), "plan.yaml")


def test_the_reference_scenario_loads() -> None:
    scenario = load_service_scenario(path_of("ecommerce-late-order"))
    assert scenario.kind == "service_operations"
    assert scenario.population.customers > 0


def test_a_late_notice_helps_fewer_and_a_very_late_one_none(raw: dict) -> None:
    scenario = case(raw)
    on_time = runs(scenario, NOTICE)
    late = runs(scenario, deep_merge(NOTICE, {"notice": {"after_hours": 24}}))
    never = runs(scenario, deep_merge(NOTICE, {"notice": {"after_hours": 2000}}))
    silent = runs(scenario)
    for a, b, c, d in zip(on_time, late, never, silent):
        assert a["complainants"] < b["complainants"] < d["complainants"]
        assert c["complainants"] == d["complainants"]


def test_a_department_sla_escalates_only_that_department(raw: dict) -> None:
    scenario = case(raw)
    finance = {"sla": {"departments": {"finance": 24}, "escalate": True}}
    settings = settings_from_mapping(deep_merge(BASE, finance), scenario, "test",
                                     base=dict(scenario.defaults))
    f = simulate(scenario, settings, seed=11).final
    escalated = f["ticket_escalated"]
    assert escalated.any()
    finance_index = list(scenario.departments).index("finance")
    assert (f["ticket_department"][escalated] == finance_index).all()
    done = np.isfinite(f["ticket_resolved"]) & (f["ticket_department"] == finance_index)
    hours = f["ticket_resolved"][done] - f["ticket_created"][done]
    assert hours.max() <= 24 + float(scenario.behaviour.escalation_hours) + 1e-9


@pytest.mark.parametrize("settings, field", [
    ({"sla": {"departments": {"legal": 24}}}, "settings.sla.departments.legal"),
    ({"sla": {"departments": {"finance": -1}}}, "settings.sla.departments"),
    ({"notice": {"promise": "honest", "after_hours": -2}}, "settings.notice.after_hours"),
])
def test_more_hostile_settings(raw: dict, settings: dict, field: str) -> None:
    scenario = case(raw)
    with pytest.raises(PlanError) as caught:
        settings_from_mapping(settings, scenario, "plan.yaml", base=dict(scenario.defaults))
    assert "\n" not in str(caught.value) and caught.value.field.startswith(field)


@pytest.mark.parametrize("change, field", [
    ({"categories": {"billing": {"department": "legal"}}}, "categories.billing.department"),
    ({"categories": {"billing": {"share": 0.5}}}, "categories"),
    ({"intake": {"phone": {"queue": "carrier pigeon"}}}, "intake.phone.queue"),
    ({"behaviour": {"max_transfers": 2.5}}, "behaviour.max_transfers"),
    ({"population": {"hour_profile": [1, 2, 3]}}, "population.hour_profile"),
    ({"defaults": {"channels": {"fax": {"staff": 1}}}}, "defaults"),
    ({"start": "next Monday"}, "start"),
    ({"products": {"books": {"share": 0.9}}}, "products"),
    ({"products": {"books": {"share": "lots"}}}, "products.books.share"),
    ({"products": {"books": {"share": 0.5, "colour": "red"}}}, "products.books.colour"),
])
def test_hostile_scenario_values_get_one_line_errors(raw: dict, change: dict,
                                                     field: str) -> None:
    from casekit.errors import ScenarioError
    with pytest.raises(ScenarioError) as caught:
        service_scenario_from_mapping(deep_merge(raw, change), "case.yaml")
    assert "\n" not in str(caught.value) and str(caught.value).startswith("case.yaml: ")
    assert caught.value.field.startswith(field), str(caught.value)
