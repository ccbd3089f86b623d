"""The worked example of docs/adding-a-case.md: a help desk's waiting line, as a kind.

It lives in tests/, registers itself with :func:`casekit.kinds.register` (a built-in kind is
one line in ``casekit/kinds/__init__.py`` instead) and passes the same contract tests as the
real kinds (tests/test_example_kind.py). Everything a kind gives is below, in the order
casekit's tools need it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from casekit.feedback import Note
from casekit.kinds.contract import (FlagSpec, Kind, MetricSpec, Phase, ScorePartSpec,
                                    SeriesSpec)
from casekit.scoring import weighted_score

from .engine import simulate_batch
from .schema import DeskScenario

FEEDBACK = {
    "desk_queue_long": {
        "en": "Customers waited {hours:,.0f} hours in all; waiting customers grow angry and "
              "leave more often.",
        "tr": "Müşteriler toplam {hours:,.0f} saat bekledi; bekleyen müşteri öfkelenir ve "
              "daha sık ayrılır.",
        "source": "Erlang-A: abandonment grows with the wait (Garnett et al. 2002)"},
    "desk_queue_short": {
        "en": "Customers waited only {hours:,.0f} hours in all.",
        "tr": "Müşteriler toplam yalnızca {hours:,.0f} saat bekledi.",
        "source": "Erlang-A (Garnett et al. 2002)"},
}


def score(totals: Any, scenario: DeskScenario) -> dict[str, float]:
    w = scenario.score
    return weighted_score({"customers_lost": totals["revenue_lost"] * w.lifetime_value_lost.value,
                           "staff_cost": totals["cost"] * w.staff_cost.value}, w.scale)


def hourly_points(result: Any, scenario: DeskScenario) -> np.ndarray:
    w, h = scenario.score, result.hourly
    lost = np.diff(h["churned"], prepend=0.0) * (result.totals["revenue_lost"] /
                                                 max(h["churned"][-1], 1.0))
    spent = np.diff(h["cost"], prepend=0.0)
    return -(lost * w.lifetime_value_lost.value + spent * w.staff_cost.value) / w.scale


def feedback(scenario: DeskScenario, plan: Any, outcome: Any, baseline: Any = None
             ) -> list[Note]:
    hours = outcome.metric("waiting_hours").mean
    long = hours > 0.5 * scenario.population.customers
    return [Note("desk_queue_long" if long else "desk_queue_short",
                 "warning" if long else "good", {"hours": hours}, FEEDBACK)]


def figures() -> dict[str, Any]:
    from casekit.report.figures import SHARED_FIGURES
    return dict(SHARED_FIGURES)


KIND = Kind(
    name="help_desk",
    title={"en": "A help desk's waiting line", "tr": "Bir yardım masasının bekleme sırası"},
    schema=DeskScenario,
    simulate_batch=simulate_batch,
    metrics=(
        MetricSpec("churn_rate", "share", "lower",
                   {"en": "Customers lost (share)", "tr": "Kaybedilen müşteri oranı"}),
        MetricSpec("churned_customers", "count", "lower",
                   {"en": "Customers lost", "tr": "Kaybedilen müşteri"}),
        MetricSpec("revenue_lost", "currency", "lower",
                   {"en": "Lifetime value lost", "tr": "Kaybedilen yaşam boyu değer"}),
        MetricSpec("cost", "currency", "lower", {"en": "Staff cost", "tr": "Personel maliyeti"}),
        MetricSpec("sentiment_final", "sentiment", "higher",
                   {"en": "Mean sentiment at the end", "tr": "Sondaki ortalama duygu"}),
        MetricSpec("waiting_hours", "hours", "lower",
                   {"en": "Hours customers waited", "tr": "Müşterilerin beklediği saat"},
                   headline=False),
    ),
    score_parts=(
        ScorePartSpec("customers_lost",
                      {"en": "Lifetime value of the customers who left.",
                       "tr": "Ayrılan müşterilerin yaşam boyu değeri."},
                      {"en": "Customers lost", "tr": "Kaybedilen müşteriler"}),
        ScorePartSpec("staff_cost",
                      {"en": "What the desk's agents cost.",
                       "tr": "Masadaki temsilcilerin maliyeti."},
                      {"en": "Staff cost", "tr": "Personel maliyeti"}),
    ),
    score=score,
    hourly_points=hourly_points,
    series=(SeriesSpec("queue", {"en": "customers waiting", "tr": "bekleyen müşteri"}),),
    hourly_series=lambda result, scenario: {
        "queue": result.hourly["queue"], "sentiment_mean": result.hourly["sentiment_mean"],
        "points": hourly_points(result, scenario)},
    phases=lambda scenario: [
        Phase("first_day", {"en": "first day", "tr": "ilk gün"}, 0,
              min(24, scenario.horizon_hours)),
        Phase("rest", {"en": "after the first day", "tr": "ilk günden sonra"},
              min(24, scenario.horizon_hours), scenario.horizon_hours)],
    features=lambda plan: {
        "extra_agent_hours": float(sum(a.staff.agents * a.staff.hours for a in plan.actions
                                       if a.staff is not None)),
        "adds_staff": any(a.staff is not None for a in plan.actions)},
    flags={"adds_staff": FlagSpec({"en": "adds agents", "tr": "temsilci ekler"},
                                  missing={"en": "never added an agent",
                                           "tr": "hiç temsilci eklemedi"})},
    feature_labels={"extra_agent_hours": {"en": "extra agent-hours (mean)",
                                          "tr": "ek temsilci-saat (ortalama)"}},
    feedback=feedback,
    figures=figures,
    workbench="casekit.ui.generic:CaseBench",
    notebook="case_page.ipynb",
)
