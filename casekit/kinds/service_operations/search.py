"""The settings a plan search may try in a service-operations case, and what a practitioner
would object to in them (benchmarks/plan_search.py reads this module).

``random_settings`` draws a complete settings mapping (every channel, every category's
route); ``mutate`` changes one thing in one (a channel's staff, hours, days,
acknowledgement or tracking number, one route, the form fields, the SLA, the notice, the
survey, the win-back, merging). Both return plain mappings: the search builds a
``casekit.plan.Plan`` from them and validates it as a student's file is validated.
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np

from casekit.kinds.service_operations.schema import FORM_FIELDS, plan_settings

__all__ = ["objections", "mutate", "random_settings"]

STAFF = (0, 1, 2, 3, 4, 6, 8, 12, 20, 40)
HOURS = ((9, 18), (8, 20), (8, 22), (8, 24), (0, 24))
TARGETS = (None, 24, 48, 72, 120, 240)
GIFTS = (0, 20, 50, 100, 200, 500)
BUDGETS = (10_000, 60_000, 500_000, 10_000_000)
#: Agents standing idle: capacity this many times the busiest hour's arrivals of every
#: customer who could reach the channel (R: a queue needs slack, not ten times the load).
IDLE_FACTOR = 5.0


def _pick(rng: np.random.Generator, options: Any) -> Any:
    return options[int(rng.integers(0, len(options)))]


def _channel(rng: np.random.Generator) -> dict[str, Any]:
    ack = bool(rng.random() < 0.5)
    return {"staff": int(_pick(rng, STAFF)), "hours": list(_pick(rng, HOURS)),
            "days": str(_pick(rng, ("all", "weekdays"))), "acknowledge": ack,
            "tracking_number": ack and bool(rng.random() < 0.5)}


def _route(scenario: Any, name: str, rng: np.random.Generator) -> dict[str, str]:
    department = scenario.categories[name].department if rng.random() < 0.85 else \
        str(_pick(rng, list(scenario.departments)))
    return {"department": department, "assignee": str(_pick(rng, ("named", "inbox")))}


def _sla(rng: np.random.Generator) -> dict[str, Any]:
    target = _pick(rng, TARGETS)
    if target is None:
        return {"target_hours": None, "escalate": False}
    return {"target_hours": float(target), "warning_share": float(_pick(rng, (0.5, 0.75, 0.9))),
            "escalate": bool(rng.random() < 0.5)}


def _notice(scenario: Any, rng: np.random.Generator) -> dict[str, Any]:
    eligible = [n for n, c in scenario.categories.items() if c.notice_eligible]
    promise = str(_pick(rng, ("none", "honest", "optimistic")))
    return {"promise": promise, "categories": eligible if promise != "none" else [],
            "after_hours": float(_pick(rng, (0.0, 2.0, 12.0)))}


def _win_back(survey: bool, rng: np.random.Generator) -> dict[str, Any]:
    to = str(_pick(rng, ("nobody", "dissatisfied", "all_complainants") if survey else
                   ("nobody", "all_complainants")))
    gift = float(_pick(rng, GIFTS)) if to != "nobody" else 0.0
    return {"to": to, "gift": gift, "budget": float(_pick(rng, BUDGETS)) if gift else 0.0,
            "call_back": to != "nobody" and bool(rng.random() < 0.5)}


def random_settings(scenario: Any, rng: np.random.Generator) -> dict[str, Any]:
    """A complete settings mapping, every choice drawn at random."""
    survey = bool(rng.random() < 0.5)
    return {
        "channels": {name: _channel(rng) for name in scenario.intake},
        "form_fields": [f for f in FORM_FIELDS if rng.random() < 0.5],
        "routing": {name: _route(scenario, name, rng) for name in scenario.categories},
        "not_my_job_names_department": bool(rng.random() < 0.5),
        "sla": _sla(rng),
        "notice": _notice(scenario, rng),
        "merge_contacts": bool(rng.random() < 0.5),
        "survey": survey,
        "win_back": _win_back(survey, rng),
    }


def complete(settings: dict[str, Any], scenario: Any) -> dict[str, Any]:
    """A reference plan's settings written out in full (over the scenario's defaults), so
    that one change to it is one change to what runs."""
    s = plan_settings({"settings": settings}, scenario)
    out = s.model_dump(mode="json")
    out["channels"] = {n: s.channel(n).model_dump(mode="json") for n in scenario.intake}
    out["routing"] = {n: (s.routing[n].model_dump(mode="json") if n in s.routing else
                          {"department": c.department, "assignee": "inbox"})
                      for n, c in scenario.categories.items()}
    return out


def mutate(settings: dict[str, Any], scenario: Any, rng: np.random.Generator
           ) -> dict[str, Any]:
    """The same settings with one thing changed."""
    s = copy.deepcopy(complete(settings, scenario))
    move = int(rng.integers(0, 12))
    name = str(_pick(rng, list(scenario.intake)))
    ch = s["channels"][name]
    if move <= 2:  # staff, the commonest lever
        ch["staff"] = int(_pick(rng, STAFF))
    elif move == 3:
        ch["hours"] = list(_pick(rng, HOURS))
    elif move == 4:
        ch["days"] = "weekdays" if ch["days"] == "all" else "all"
    elif move == 5:
        ch["acknowledge"] = not ch["acknowledge"]
        ch["tracking_number"] = ch["tracking_number"] and ch["acknowledge"]
    elif move == 6:
        ch["acknowledge"] = True
        ch["tracking_number"] = not ch["tracking_number"]
    elif move == 7:
        category = str(_pick(rng, list(scenario.categories)))
        s["routing"][category] = _route(scenario, category, rng)
    elif move == 8:
        field = str(_pick(rng, FORM_FIELDS))
        fields = list(s["form_fields"])
        s["form_fields"] = [f for f in fields if f != field] if field in fields else \
            fields + [field]
    elif move == 9:
        which = int(rng.integers(0, 3))
        if which == 0:
            s["sla"] = _sla(rng)
        elif which == 1:
            s["notice"] = _notice(scenario, rng)
        else:
            s["not_my_job_names_department"] = not s["not_my_job_names_department"]
    elif move == 10:
        s["survey"] = not s["survey"]
        if not s["survey"] and s["win_back"]["to"] == "dissatisfied":
            s["win_back"] = _win_back(False, rng)
    else:
        if rng.random() < 0.3:
            s["merge_contacts"] = not s["merge_contacts"]
        else:
            s["win_back"] = _win_back(bool(s["survey"]), rng)
    return s


def _peak_arrivals(scenario: Any) -> float:
    """Customers who first try to reach the firm in the busiest hour of the horizon, if
    every customer who contacts it at all did so on one channel (an upper bound)."""
    from casekit.kinds.service_operations.engine import calendar
    hod, wd = calendar(scenario)
    pop = scenario.population
    weights = np.asarray(pop.hour_profile)[hod] * np.asarray(pop.weekday_profile)[wd]
    return float(pop.customers * float(pop.contact_share) * weights.max() / weights.sum())


def objections(settings: dict[str, Any] | None, scenario: Any) -> list[str]:
    """What a practitioner would refuse in these settings, one short line each."""
    s = plan_settings({"settings": settings or {}}, scenario)
    found = []
    size = scenario.population.customers / scenario.population.reference
    peak = _peak_arrivals(scenario)
    for name, channel in scenario.intake.items():
        staff = max(s.channel(name).staff_by_hour())
        capacity = staff * float(channel.per_agent_hour) * size
        if staff > 1 and capacity > IDLE_FACTOR * max(peak, 1.0):
            found.append(f"{name}: {staff} agents handle {capacity:.0f} contacts an hour; "
                         f"the busiest hour brings at most {peak:.0f} (staff standing idle)")
    for name, route in s.routing.items():
        if route.department != scenario.categories[name].department:
            found.append(f"routing.{name}: sent to {route.department}, whose job it is not")
    if s.notice.promise == "optimistic" and s.notice.categories:
        found.append("notice: promises a date the firm does not expect to keep")
    wb = s.win_back
    if wb.to != "nobody" and wb.gift > 0:
        r = scenario.repurchase
        p = float(r.resolved)
        # A gift to every complainant mostly reaches the satisfied, who get a share of it.
        repair = float(r.satisfied_recovery_share) if wb.to == "all_complainants" else 1.0
        lift = 1.0 + repair * float(r.gift_max_odds) * \
            (1.0 - np.exp(-wb.gift / float(r.gift_scale)))
        odds = p / (1.0 - p) * lift
        kept = (odds / (1.0 + odds) - p) * float(scenario.population.value_mean)
        if wb.gift > kept:
            found.append(f"win_back: a {wb.gift:g} gift keeps about {kept:.0f} of customer "
                         f"value (it costs more than it keeps)")
    return found
