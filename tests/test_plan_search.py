"""A bounded adversarial plan search (benchmarks/plan_search.py): the best plan it finds is
one a practitioner would accept, or it scores no better than the practitioners' answers.

The full search runs from the command line (minutes); here a few dozen plans per scenario
on a small population, seeded, so the test is fast and the same every time. The settings
kinds (service operations, the bank) are searched over settings, with their own
objections (casekit/kinds/<kind>/search.py).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from casekit.plan import Action, Plan
from casekit.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("plan_search", ROOT / "benchmarks" /
                                               "plan_search.py")
plan_search = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
sys.modules["plan_search"] = plan_search
_spec.loader.exec_module(plan_search)  # type: ignore[union-attr]


def test_objections_name_what_a_practitioner_would_refuse() -> None:
    sc = load_scenario("isp-overbilling")
    sms = dict(channel="sms", audience="everyone", tone="formal")
    absurd = Plan(name="x", scenario=sc.id, actions=(
        Action(at=0, message=("apology", "excuse"), **sms),
        Action(at=0, message=("apology", "excuse"), **sms),
        Action(at=1, message=("explain_cause",), **sms)))
    found = plan_search.objections(absurd, sc)
    assert any("repeats" in f for f in found)
    assert any("defensive parts inside an apology" in f for f in found)
    assert any("before it is known" in f for f in found)
    fine = Plan(name="y", scenario=sc.id, actions=(
        Action(at=3, message=("acknowledge", "apology", "corrective_action", "refund"), **sms),))
    assert plan_search.objections(fine, sc) == []


@pytest.mark.parametrize("name", ["isp-overbilling", "isp-vat-display", "dark-horse-cafe",
                                  "campus-cafeteria"])
def test_bounded_search_finds_no_absurd_winner(name: str) -> None:
    result = plan_search.search(name, evaluations=14, customers=1500, reps=2, seed=3,
                                out=lambda line: None)
    best = result["best"][0]
    practitioners = max(result["references"].values())
    # The best plan is acceptable, or an absurd one scores no better than the best answer
    # the practitioners gave (within a point of noise on this small population).
    assert not result["objections"] or best.score <= practitioners + 1.0, \
        (result["objections"], best.score, practitioners,
         [a.describe() for a in best.plan.actions])



# --- the settings kinds (service operations, the bank) -------------------------------------

def _settings_plan(sc, settings: dict) -> Plan:
    return Plan(name="x", scenario=sc.id, settings=settings).check(sc, "test")


def test_settings_objections_name_what_a_practitioner_would_refuse() -> None:
    sc = load_scenario("complaint-operations")
    absurd = _settings_plan(sc, {
        "channels": {"call_centre": {"staff": 400, "hours": [0, 24]}},
        "routing": {"billing": {"department": "stores"}},
        "notice": {"promise": "optimistic", "categories": ["delivery"]},
        "win_back": {"to": "all_complainants", "gift": 5000, "budget": 1e8}})
    found = " | ".join(plan_search.objections(absurd, sc))
    for expected in ("standing idle", "whose job it is not", "does not expect to keep",
                     "costs more than it keeps"):
        assert expected in found, found
    bank = load_scenario("bank-cross-channel")
    names = _settings_plan(bank, {"method": "rules", "rules": [
        {"when": {"first_name": "exact", "surname": "exact"}}], "ask_known_again": True})
    found = " | ".join(plan_search.objections(names, bank))
    assert "name alone" in found and "details again" in found, found
    # The practitioners' plans pass (the bank's own reply, asking everyone again, does not).
    for scenario in (sc, load_scenario("ecommerce-late-order"), bank):
        flagged = {p.name for p in plan_search.reference_plans(scenario)
                   if plan_search.objections(p, scenario)}
        assert flagged <= {"What the bank did", "Recall first (loose Fellegi-Sunter)"}, flagged


def test_settings_mutations_change_one_thing_and_stay_valid() -> None:
    import numpy as np

    sc = load_scenario("ecommerce-late-order")
    space = plan_search.settings_space(sc)
    rng = np.random.default_rng(0)
    start = space.complete(plan_search.reference_plans(sc)[0].settings, sc)
    changed = 0
    for _ in range(40):
        new = space.mutate(start, sc, rng)
        diff = [k for k in start if start[k] != new[k]]
        assert len(diff) <= 1, diff
        if diff and diff[0] == "channels":
            assert sum(start["channels"][c] != new["channels"][c] for c in start["channels"]) == 1
        changed += bool(diff)
        plan_search.Search(sc, 500, 1, 0, rng).valid_settings(new)  # never raises
    assert changed >= 30


@pytest.mark.parametrize("name,customers", [("ecommerce-late-order", 3000),
                                            ("complaint-operations", 4000),
                                            ("bank-cross-channel", 4000)])
def test_bounded_settings_search_finds_no_absurd_winner(name: str, customers: int) -> None:
    result = plan_search.search(name, evaluations=100, customers=customers, reps=2, seed=3,
                                out=lambda line: None)
    assert not result.get("skipped")
    best = result["best"][0]
    practitioners = max(result["references"].values())
    assert len(result["best"]) > len(result["references"]) + 10  # it did explore
    assert not result["objections"] or best.score <= practitioners + 1.0, \
        (result["objections"], best.score, practitioners, plan_search.describe(best.plan))
