"""Mechanism tests: each behaviour of the model, and each behaviour switched off.

An outcome test ("rebuild beats deny") can pass for the wrong reason. Here each behaviour
of research/model-grounding.md (and the mechanisms issue 11 added) is measured twice on the
same random numbers: with the scenario as shipped, and with the one parameter that carries
the mechanism set to the value that switches it off. The effect must be on the right side
with the mechanism on and shrink (or vanish) with it off. docs/model.md prints the table.

Every number field of every shipped message scenario is also set to -1, 0 and 1e12 in turn:
each gives a one-line ScenarioError or a finished run, never a traceback (issue 15).
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import numpy as np
import pytest

from casekit.errors import ScenarioError
from casekit.kinds import kind_of
from casekit.plan import Action, Plan, load_plan
from casekit.scenario import (_read_with_extends, deep_merge, load_scenario, scenario_dir,
                              scenario_from_mapping, scenario_paths)
from casekit.simulation import simulate_batch

CUSTOMERS, REPS, SEED = 3000, 4, 2
ISP = "isp-overbilling"


def _plan(actions: list[dict], name: str = "test", scenario: str = ISP) -> Plan:
    return Plan(name=name, scenario=scenario, actions=tuple(Action(**a) for a in actions))


def sms(parts: list[str], at: float = 3, tone: str = "formal", **extra: Any) -> dict:
    return {"at": at, "channel": "sms", "audience": "everyone", "message": parts,
            "tone": tone, **extra}


def call(parts: list[str], at: float = 3, tone: str = "formal", **extra: Any) -> dict:
    return {"at": at, "channel": "call_center", "audience": "complainers", "message": parts,
            "tone": tone, **extra}


def reply(parts: list[str], at: float = 1, tone: str = "human") -> dict:
    return {"at": at, "channel": "facebook_reply", "audience": "complainers",
            "message": parts, "tone": tone}


@lru_cache(maxsize=None)
def _scenario(name: str, overrides: tuple = ()) -> Any:
    data: dict = {}
    for path, value in overrides:
        node = data
        *head, last = path.split(".")
        for key in head:
            node = node.setdefault(key, {})
        node[last] = {"value": value, "range": None}
    return load_scenario(name, overrides=data or None)


def totals(plan: Plan, overrides: tuple = (), name: str = ISP,
           customers: int = CUSTOMERS) -> dict[str, np.ndarray]:
    """Per-replication totals and score parts of ``plan`` (same seed and replications)."""
    sc = _scenario(name, overrides)
    runs = simulate_batch(sc, plan, SEED, range(REPS), customers, keep_final=False)
    kind = kind_of(sc)
    out = {key: np.array([r.totals[key] for r in runs]) for key in runs[0].totals}
    for key in kind.score(runs[0].totals, sc):
        out[key] = np.array([kind.score(r.totals, sc)[key] for r in runs])
    return out


def effect(better: Plan, worse: Plan, metric: str, overrides: tuple = (),
           name: str = ISP) -> float:
    """Mean paired difference better - worse of ``metric`` (higher is better for score and
    sentiment; for counts pass them negated through the metric's sign below)."""
    return float(np.mean(totals(better, overrides, name)[metric] -
                         totals(worse, overrides, name)[metric]))


def off(**values: float) -> tuple:
    return tuple(sorted(values.items()))


# ---- the behaviours, each with its mechanism ------------------------------------------
# (behaviour, better plan, worse plan, metric, the overrides that switch the mechanism off)

APOLOGY = [sms(["apology"])]
APOLOGY_REFUND = [sms(["apology", "refund"])]
REBUILD = [reply(["acknowledge", "apology", "sympathy"], tone="formal")]
DENY = [reply(["deny", "justify"], tone="defensive")]
EARLY = [sms(["apology", "corrective_action", "refund"], at=2)]
LATE = [sms(["apology", "corrective_action", "refund"], at=30)]

CASES = [
    ("2 faster replies do better (timeliness)", EARLY, LATE, "sentiment_final",
     off(**{"model.timeliness_floor": 1.0})),
    ("3 defensive public reply spreads more (defensive_inflaming + extra word of mouth)",
     REBUILD, DENY, "score_public_sentiment",
     off(**{"thread.defensive_inflaming": 0.0, "model.defensive_extra_wom": 0.0,
            "model.defensive_shock": 0.0, "model.defensive_tone": 1.0})),
    ("5 rebuild alone beats rebuild mixed with deny (mixed_deny_penalty)",
     [sms(["apology", "sympathy"])], [sms(["apology", "sympathy", "deny"])],
     "sentiment_final", off(**{"model.mixed_deny_penalty": 1.0,
                               "model.part_values.deny": 0.0})),
    ("6 apology with refund beats apology alone (refund_gain)", APOLOGY_REFUND, APOLOGY,
     "sentiment_final", off(**{"model.refund_gain": 0.0})),
    ("7 telling first helps (stealing thunder)",
     [sms(["acknowledge"], at=0) | {"audience": "paper_bill"}], [],
     "-complaints", off(**{"model.stealing_thunder_severity": 1.0})),
    ("losses weigh more than gains (loss_aversion): silence vs an apology",
     [sms(["apology", "refund"])], [], "sentiment_final",
     off(**{"model.loss_aversion": 1.0})),
    ("unresolved customers churn more (churn multipliers)", APOLOGY_REFUND, APOLOGY,
     "score", off(**{"model.churn_unresolved_multiplier": 1.0,
                     "model.churn_complainer_unresolved_multiplier": 1.0,
                     "model.churn_resolved_slow_multiplier": 1.0})),
    ("an excuse undercuts an apology (mixed_diminish_penalty)",
     [sms(["apology", "sympathy"])], [sms(["apology", "sympathy", "excuse", "justify"])],
     "sentiment_final", off(**{"model.mixed_diminish_penalty": 1.0})),
    ("everything at once reads as insincere (overload_penalty)",
     [sms(["acknowledge", "apology", "corrective_action", "refund"])],
     [sms(["acknowledge", "apology", "sympathy", "explain_cause", "corrective_action",
           "refund", "thank", "justify", "excuse"], at=5)],
     "sentiment_final", off(**{"model.overload_penalty": 0.0,
                               "model.mixed_diminish_penalty": 1.0})),
    ("a cause guessed early costs credibility (guess_wrong_share)",
     [sms(["apology", "explain_cause"], at=5)], [sms(["apology", "explain_cause"], at=1)],
     "sentiment_final", off(**{"knowledge.guess_wrong_share": 0.0})),
]

#: Mechanisms that limit an effect: switched off, the effect must grow (the search's
#: tricks), while with them on it stays on the right side of zero or near it.
LIMITS = [
    ("repeats add little (repeat_value, contact_annoyance)",
     [sms(["apology"]), sms(["apology"], at=4), sms(["apology"], at=5)], [sms(["apology"])],
     "sentiment_final", off(**{"model.repeat_value": 1.0, "model.contact_annoyance": 0.0})),
    ("a refund promised at once lands only when the fix allows (refund_ready_hours)",
     [sms(["apology", "refund"], at=2)], [sms(["apology", "refund"], at=20)],
     "-churned_customers", off(**{"knowledge.refund_ready_hours": 0.0})),
]


def _value(plan_actions: list[dict], metric: str, overrides: tuple) -> np.ndarray:
    sign = -1.0 if metric.startswith("-") else 1.0
    return sign * totals(_plan(plan_actions), overrides)[metric.lstrip("-")]


def measure(case: tuple) -> tuple[float, float]:
    """The paired effect (better - worse) with the mechanism on, and with it off."""
    _, better, worse, metric, switch = case
    on = float(np.mean(_value(better, metric, ()) - _value(worse, metric, ())))
    gone = float(np.mean(_value(better, metric, switch) - _value(worse, metric, switch)))
    return on, gone


@pytest.mark.parametrize("case", CASES, ids=[c[0].split(" (")[0] for c in CASES])
def test_mechanism_carries_the_behaviour(case: tuple) -> None:
    name, *_ = case
    on, gone = measure(case)
    assert on > 0, f"{name}: effect {on:+.4f} is on the wrong side"
    assert gone < on * 0.8, f"{name}: switching the mechanism off leaves {gone:+.4f} of " \
                            f"{on:+.4f}"


@pytest.mark.parametrize("case", LIMITS, ids=[c[0].split(" (")[0] for c in LIMITS])
def test_limiting_mechanism_keeps_the_trick_small(case: tuple) -> None:
    name, *_ = case
    on, gone = measure(case)
    assert gone > on * 1.25 + 1e-9, f"{name}: off {gone:+.4f} is not above on {on:+.4f}"


def test_behaviour_without_sign_switch_is_symmetric() -> None:
    """The harness itself: two identical plans differ by exactly nothing."""
    plan = APOLOGY
    assert float(np.mean(_value(plan, "score", ()) - _value(plan, "score", ()))) == 0.0


# ---- issue 11 facts the plan search relies on -------------------------------------------

def test_ten_identical_sms_are_worth_less_than_one_more_than_a_little() -> None:
    one = totals(_plan([sms(["apology"])]))["sentiment_final"].mean()
    none = totals(_plan([]))["sentiment_final"].mean()
    ten = totals(_plan([sms(["apology"], at=3 + 0.1 * i) for i in range(10)]))
    gain_one, gain_ten = one - none, ten["sentiment_final"].mean() - none
    assert gain_ten < gain_one * 1.3, (gain_one, gain_ten)


def test_fractional_staff_hours_cost_whole_hours() -> None:
    tiny = _plan([{"at": h, "staff": {"channel": "call_center", "agents": 30, "hours": 0.002}}
                  for h in range(36)])
    full = _plan([{"at": 0, "staff": {"channel": "call_center", "agents": 30, "hours": 36}}])
    a, b = totals(tiny), totals(full)
    assert np.allclose(a["cost"], b["cost"])
    assert np.array_equal(a["abandoned_calls"], b["abandoned_calls"])


def test_fixed_costs_scale_with_the_population() -> None:
    plan = _plan([{"at": 72, "channel": "press_release", "audience": "public",
                   "message": ["corrective_action"], "tone": "formal"}])
    small = totals(plan, customers=2000)["cost"].mean()
    large = totals(plan, customers=4000)["cost"].mean()
    assert large == pytest.approx(2 * small, rel=0.05)


def test_after_window_counts_the_unrefunded() -> None:
    silent, refunded = totals(_plan([])), totals(_plan(APOLOGY_REFUND))
    assert (silent["after_window_lost"] > 2 * refunded["after_window_lost"]).all()
    assert (silent["score_after_window"] < 0).all()


def test_vat_display_refund_does_not_beat_correction_on_the_same_channels() -> None:
    vat = "isp-vat-display"
    correction = _plan([sms(["explain_cause", "deny", "corrective_action"]),
                        call(["explain_cause", "deny", "corrective_action"])], scenario=vat)
    refund = _plan([sms(["apology", "refund"]), call(["apology", "refund"])], scenario=vat)
    assert totals(correction, name=vat)["score"].mean() > \
        totals(refund, name=vat)["score"].mean()


# ---- issue 15: no number crashes a run ---------------------------------------------------

MESSAGE_SCENARIOS = ("isp-overbilling", "isp-vat-display", "dark-horse-cafe",
                     "campus-cafeteria")


def _number_paths(data: Any, prefix: str = "") -> list[str]:
    """Dotted paths of every number in a scenario's data (a Sourced's value counts)."""
    out = []
    if isinstance(data, dict):
        if "value" in data and isinstance(data["value"], (int, float)) and \
                not isinstance(data["value"], bool):
            return [prefix]
        for key, value in data.items():
            if key in ("range", "source_path"):
                continue
            out += _number_paths(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(data, (int, float)) and not isinstance(data, bool):
        out.append(prefix)
    return out


def _override(path: str, value: float) -> dict:
    out: dict = {}
    node = out
    *head, last = path.split(".")
    for key in head:
        node = node.setdefault(key, {})
    node[last] = {"value": value, "range": None}
    return out


@pytest.mark.parametrize("name", MESSAGE_SCENARIOS)
def test_every_number_at_minus_one_zero_and_huge_fails_cleanly_or_runs(name: str) -> None:
    base = load_scenario(name)
    path_ = scenario_paths()[name]
    raw = _read_with_extends(path_, seen=())
    data = base.model_dump(exclude={"source_path"})
    paths = [p for p in _number_paths(data) if not p.startswith(("version", "score.scale"))]
    plans = [load_plan(p, base) for p in sorted((scenario_dir() / name / "plans").glob(
        "*.yaml"))][:1]
    crashed = []
    for path in paths:
        for value in (-1.0, 0.0, 1e12, math.inf):
            sourced = isinstance(_get(data, path), dict)
            override = _override(path, value) if sourced else _bare(path, value)
            try:
                sc = scenario_from_mapping(deep_merge(raw, override), str(path_))
            except ScenarioError as exc:
                assert "\n" not in str(exc), (path, value)
                continue
            if "horizon_hours" not in path:
                sc = sc.model_copy(update={"horizon_hours": min(sc.horizon_hours, 30)})
            try:
                for plan in plans or [_plan([], scenario=name)]:
                    runs = simulate_batch(sc, plan, 0, [0], min(300, _customers(sc)),
                                          keep_final=False)
                    score = kind_of(sc).score(runs[0].totals, sc)["score"]
                    if not math.isfinite(score):
                        crashed.append(f"{path}={value:g}: score {score}")
            except Exception as exc:  # noqa: BLE001 - the point is to catch any crash
                crashed.append(f"{path}={value:g}: {type(exc).__name__}: {exc}"[:160])
    assert not crashed, "\n".join(crashed)


def _customers(sc: Any) -> int:
    return int(sc.population.customers)


def _get(data: dict, path: str) -> Any:
    node: Any = data
    for key in path.split("."):
        node = node[key]
    return node


def _bare(path: str, value: float) -> dict:
    out: dict = {}
    node = out
    *head, last = path.split(".")
    for key in head:
        node = node.setdefault(key, {})
    node[last] = int(value) if float(value).is_integer() and abs(value) < 1e15 else value
    return out


def test_staffing_pays_up_to_a_point_then_stands_idle() -> None:
    """With nobody telling customers, the call centre overflows: a few more agents buy back
    more than they cost, thirty more stand idle (the staffing curve of docs/model.md)."""
    def staffed(agents: int) -> float:
        actions = [{"at": 0, "staff": {"channel": "call_center", "agents": agents,
                                       "hours": 72}}] if agents else []
        return float(totals(_plan(actions))["score"].mean())
    none, few, many = staffed(0), staffed(2), staffed(30)
    assert few > none and few > many, (none, few, many)


def test_telling_first_pays_more_the_likelier_customers_would_find_out() -> None:
    """Stealing thunder judged against discovery: telling paper-bill customers first, and a
    press release at hour 72, are worth more the likelier the untold are to find out after
    the window (``model.after_window_discovery``); a customer who would never have found
    out is a cost to tell, one who would have is better told now."""
    base = [sms(["apology", "corrective_action", "refund"]) | {"audience": "e_bill"}]
    tell = base + [sms(["acknowledge", "apology"]) | {"audience": "paper_bill"}]
    press = base + [{"at": 72, "channel": "press_release", "audience": "public",
                     "message": ["explain_cause", "corrective_action", "thank"],
                     "tone": "human"}]
    for plan in (tell, press):
        gains = [effect(_plan(plan), _plan(base), "score",
                        off(**{"model.after_window_discovery": chance}))
                 for chance in (0.0, 0.5, 1.0)]
        assert gains[0] < gains[1] < gains[2], gains


def test_targeted_compensation_beats_the_same_budget_spread_thin() -> None:
    """Compensation is concave in the amount (``compensation_value``), so 5 TL to everyone
    moves more sentiment than 20 TL to a quarter; but anger drives churn only below zero
    (the sentiment term of the hazard, Bolton 1998), so the same budget paid to the quarter
    most at risk (audience churn_risk) keeps more customers and scores better. With that
    term switched off (``model.churn_sentiment_slope`` = 0) the advantage goes."""
    base = [sms(["apology"])]
    target = _plan(base + [sms(["compensation"], at=96, compensation=20) |
                           {"audience": "churn_risk"}])
    spread = _plan(base + [sms(["compensation"], at=96, compensation=5)])

    def kept(overrides: tuple) -> float:
        t, s = totals(target, overrides), totals(spread, overrides)
        lost = lambda x: x["revenue_lost"] + x["after_window_lost"]
        return float(np.mean(lost(s) - lost(t)))

    assert effect(target, spread, "score") > 0
    assert effect(spread, target, "sentiment_final") > -0.01   # about as much sentiment
    on, gone = kept(()), kept(off(**{"model.churn_sentiment_slope": 0.0}))
    assert on > 0 and gone < on * 0.5, (on, gone)


def test_a_message_split_into_texts_within_the_hour_is_worth_one_message() -> None:
    """Reassurance needs time between tellings (``model.reassurance_gap_hours``): three
    SMS within the hour, each with some of the parts, are worth about one SMS with all of
    them; with the gap at 0 the split earns the repeats' reassurance on top."""
    split = _plan([sms(["acknowledge", "corrective_action", "refund"], at=2),
                   sms(["acknowledge", "apology", "corrective_action", "refund", "thank"],
                       at=2),
                   sms(["acknowledge", "apology", "corrective_action", "refund", "sympathy"],
                       at=2)])
    one = _plan([sms(["acknowledge", "apology", "corrective_action", "refund", "thank",
                      "sympathy"], at=2)])
    on = effect(split, one, "sentiment_final")
    gone = effect(split, one, "sentiment_final", off(**{"model.reassurance_gap_hours": 0.0}))
    assert on < 0.01 and gone > on + 0.02, (on, gone)


def test_corrections_do_not_compound_in_a_perception_only_crisis() -> None:
    """Three SMS corrections leave the misbelief where one leaves it (Lewandowsky et al.
    2012: corrections rarely erase it); a more credible channel lowers it further."""
    vat = "isp-vat-display"
    parts = ["explain_cause", "deny", "corrective_action"]
    one = totals(_plan([sms(parts)], scenario=vat), name=vat)
    three = totals(_plan([sms(parts), sms(parts, at=24), sms(parts, at=48)], scenario=vat),
                   name=vat)
    assert np.allclose(one["belief_remaining"], three["belief_remaining"], atol=0.02)
    letter = totals(_plan([sms(parts), {"at": 3, "channel": "paper_letter",
                                        "audience": "everyone", "message": parts,
                                        "tone": "formal"}], scenario=vat), name=vat)
    assert (letter["belief_remaining"] < one["belief_remaining"] - 0.01).all()
