"""The ``complaint_crisis`` kind: a billing error among many customers, hour by hour.

The ISP that overbilled every customer by 5% (``isp-overbilling``) and the bill that only
displayed a wrong VAT rate (``isp-vat-display``). Customers find the error on their bill or
in a viral Facebook thread, complain on four channels, wait in queues, hear from the company,
get their money back, and some leave. docs/model.md gives every mechanism and its source.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from casekit.kinds import messages
from casekit.kinds.complaint_crisis.engine import simulate_batch
from casekit.kinds.complaint_crisis.schema import CrisisScenario
from casekit.kinds.contract import Kind, Mark, MetricSpec, Phase, SeriesSpec

__all__ = ["KIND", "CrisisScenario"]

_EXPLAIN = {
    "customers_lost": {
        "en": "Lifetime value of the customers who left during the crisis: every customer "
              "who cancels takes years of future bills with them.",
        "tr": "Kriz sırasında ayrılan müşterilerin yaşam boyu değeri: iptal eden her müşteri "
              "yıllarca ödeyeceği faturaları da götürür.",
    },
    "response_cost": {
        "en": "Money spent on the response: messages, extra staff, compensation and refunds "
              "of money that was not owed (returning what was wrongly charged is not a cost).",
        "tr": "Müdahaleye harcanan para: mesajlar, ek personel, tazminat ve borçlu olunmayan "
              "iadeler (haksız alınanı geri vermek maliyet sayılmaz).",
    },
    "public_sentiment": {
        "en": "Negative public posts and comments, each priced at what a hostile post costs "
              "the brand in reach and reputation.",
        "tr": "Olumsuz herkese açık gönderi ve yorumlar; her biri markaya erişim ve itibar "
              "olarak maliyetiyle fiyatlanır.",
    },
    "complaint_load": {
        "en": "Complaint contacts (calls, e-mails, posts) the company had to handle, priced at "
              "the cost of handling one.",
        "tr": "Şirketin karşılamak zorunda kaldığı şikâyet temasları (çağrı, e-posta, gönderi); "
              "her biri karşılama maliyetiyle fiyatlanır.",
    },
    "after_window": {
        "en": "Customers still lost after the last day: each remaining customer's state at "
              "the end (knows and is unrefunded, refunded, answered, angry) keeps their churn "
              "risk above normal; the lifetime value that risk takes in the days after the "
              "window (after_window_days in the scenario file: 30 in the shipped cases).",
        "tr": "Son günden sonra da kaybedilecek müşteriler: kalan her müşterinin sondaki "
              "durumu (haberdar ve iade almamış, iade almış, yanıt almış, öfkeli) ayrılma "
              "riskini normalin üzerinde tutar; bu riskin pencereden sonraki günlerde (senaryo "
              "dosyasındaki after_window_days: gelen vakalarda 30) götüreceği yaşam boyu değer.",
    },
}

_LABELS = {
    "churn_rate": {"en": "Customers lost (share of all)", "tr": "Kaybedilen müşteri oranı"},
    "churned_customers": {"en": "Customers lost", "tr": "Kaybedilen müşteri"},
    "revenue_lost": {"en": "Lifetime value lost", "tr": "Kaybedilen yaşam boyu değer"},
    "cost": {"en": "Response cost", "tr": "Müdahale maliyeti"},
    "sentiment_final": {"en": "Mean sentiment at the end (-1..1)",
                        "tr": "Sondaki ortalama duygu (-1..1)"},
    "negative_posts": {"en": "Negative public posts and comments",
                       "tr": "Olumsuz herkese açık gönderi ve yorum"},
    "complaints": {"en": "Complaint contacts (calls, e-mails, posts)",
                   "tr": "Şikâyet temasları (çağrı, e-posta, gönderi)"},
}

_EXTRA = (
    MetricSpec("refunds_paid", "currency", "higher",
               {"en": "Overcharge refunded", "tr": "İade edilen fazla tahsilat"}, False),
    MetricSpec("aware", "count", "lower",
               {"en": "Customers who know of the error", "tr": "Hatadan haberi olan müşteri"},
               False),
    MetricSpec("told_first", "count", "higher",
               {"en": "Told by the company before they found out",
                "tr": "Kendisi fark etmeden şirketten duyan"}, False),
    MetricSpec("refunded", "count", "higher",
               {"en": "Customers refunded", "tr": "İade alan müşteri"}, False),
    MetricSpec("comments", "count", "lower",
               {"en": "Comments on the thread (all, with the first post's)",
                "tr": "Başlıktaki yorumlar (ilk gönderininkiler dahil)"}, False),
    MetricSpec("likes", "count", "lower",
               {"en": "Likes on the thread", "tr": "Başlıktaki beğeniler"}, False),
    MetricSpec("shares", "count", "lower",
               {"en": "Shares of the thread", "tr": "Başlığın paylaşımları"}, False),
    MetricSpec("positive_posts", "count", "higher",
               {"en": "Positive public posts and comments",
                "tr": "Olumlu herkese açık gönderi ve yorum"}, False),
    MetricSpec("abandoned_calls", "count", "lower",
               {"en": "Calls abandoned in the queue", "tr": "Kuyrukta vazgeçilen çağrı"}, False),
    MetricSpec("belief_remaining", "share", "lower",
               {"en": "Misbelief left among the aware (perception-only cases)",
                "tr": "Haberdar olanlarda kalan yanlış inanç (yalnızca algı krizleri)"}, False),
)


def _negative_posts_hourly(result: Any, scenario: CrisisScenario) -> np.ndarray:
    """Negative comments and posts on the thread, plus complaints posted on the other
    platform (they are public too), hour by hour."""
    h = result.hourly
    other = "complaints_twitter" if scenario.thread.platform == "facebook" \
        else "complaints_facebook"
    return h["comments_negative"] + h["posts_negative"] + h[other]


def _hourly_points(result: Any, scenario: CrisisScenario) -> np.ndarray:
    return messages.hourly_points(result.hourly, result.totals,
                                  _negative_posts_hourly(result, scenario),
                                  result.hourly["complaints"], scenario)


def _hourly_series(result: Any, scenario: CrisisScenario) -> dict[str, np.ndarray]:
    h = result.hourly
    return {"sentiment_mean": h["sentiment_mean"],
            "churn_share": h["churned"] / max(result.customers, 1),
            "negative_posts": _negative_posts_hourly(result, scenario),
            "complaints": h["complaints"], "cost": h["cost"],
            "abandoned_calls": h["abandoned_calls"],
            "points": _hourly_points(result, scenario)}


def _paper_hour(scenario: CrisisScenario) -> int:
    return int(round(24 * float(scenario.incident.paper_bill_first_day.value)))


def _phases(scenario: CrisisScenario) -> list[Phase]:
    paper, horizon = _paper_hour(scenario), scenario.horizon_hours
    return [Phase("first_6h", {"en": "first 6 hours", "tr": "ilk 6 saat"}, 0, min(6, horizon)),
            Phase("first_day", {"en": "first day", "tr": "ilk gün"}, 0, min(24, horizon)),
            Phase("paper_bills", {"en": f"paper bills (hour {paper} on)",
                                  "tr": f"kâğıt faturalar ({paper}. saatten sonra)"},
                  min(paper, horizon), horizon)]


def _marks(scenario: CrisisScenario) -> list[Mark]:
    inc = scenario.incident
    return [Mark({"en": "paper bills arriving", "tr": "kâğıt faturaların gelişi"},
                 24 * float(inc.paper_bill_first_day.value),
                 24 * float(inc.paper_bill_last_day.value))]


def _segments(outcome: Any) -> pd.DataFrame:
    """Per segment (bill type x how they found out), averaged over replications."""
    frames = []
    labels = np.array(["never", "own bill", "the thread", "the company"])
    for run in outcome.runs:
        f = run.final
        if not f:
            continue
        frames.append(pd.DataFrame({
            "bill": np.where(f["e_bill"], "e_bill", "paper_bill"),
            "found_out_from": labels[f["found_via"]],
            "sentiment": f["sentiment"], "churned": f["churned"],
            "complained": f["complained"], "refunded": f["refunded"],
            "lifetime_value_lost": np.where(f["churned"], f["lifetime_value"], 0.0),
        }))
    if not frames:
        return pd.DataFrame()
    data = pd.concat(frames, ignore_index=True)
    grouped = data.groupby(["bill", "found_out_from"], observed=True)
    table = grouped.agg(customers=("sentiment", "size"), sentiment=("sentiment", "mean"),
                        churn_rate=("churned", "mean"), complained=("complained", "mean"),
                        refunded=("refunded", "mean"),
                        lifetime_value_lost=("lifetime_value_lost", "sum"))
    table["customers"] = table["customers"] / len(frames)
    table["lifetime_value_lost"] = table["lifetime_value_lost"] / len(frames)
    return table.reset_index()


def _feedback(scenario: Any, plan: Any, outcome: Any, baseline: Any = None) -> list:
    from casekit.kinds.complaint_crisis.feedback import crisis_feedback
    return crisis_feedback(scenario, plan, outcome, baseline)


def _plan_notes(scenario: Any, plan: Any) -> list:
    """Why an action is early (a cause explained before it is known, a refund before
    refunds can run) and which message repeats an earlier one: read from the plan alone."""
    from casekit.kinds.complaint_crisis.feedback import early_actions
    return early_actions(scenario, plan)


def _figures() -> dict:
    from casekit.kinds.complaint_crisis.figures import builders
    return builders()


KIND = Kind(
    name="complaint_crisis",
    title={"en": "A crisis among many customers: a billing error, a viral thread, queues "
                 "and churn",
           "tr": "Çok sayıda müşteride kriz: fatura hatası, yayılan bir başlık, kuyruklar ve "
                 "müşteri kaybı"},
    schema=CrisisScenario,
    simulate_batch=simulate_batch,
    metrics=messages.headline_metrics(_LABELS) + _EXTRA,
    score_parts=messages.score_part_specs(_EXPLAIN, messages.PART_NAMES +
                                          (messages.AFTER_WINDOW,)),
    score=messages.message_score,
    hourly_points=_hourly_points,
    series=(SeriesSpec("sentiment_mean", {"en": "mean sentiment (-1..1)",
                                          "tr": "ortalama duygu (-1..1)"}, "sentiment"),
            SeriesSpec("churn_share", {"en": "customers lost (share, cumulative)",
                                       "tr": "kaybedilen müşteri (oran, birikimli)"}, "share"),
            SeriesSpec("negative_posts", {"en": "negative public comments and posts, per hour",
                                          "tr": "saatlik olumsuz herkese açık yorum ve gönderi"},
                       "count"),
            # The call-centre queue as callers feel it: with minutes of patience the line
            # is near empty at each hour's end, and those who hang up are what it costs.
            SeriesSpec("abandoned_calls", {"en": "callers who gave up in the call-centre "
                                                 "queue, per hour",
                                           "tr": "çağrı merkezi kuyruğunda vazgeçen arayan, "
                                                 "saatlik"}, "count")),
    hourly_series=_hourly_series,
    phases=_phases,
    marks=_marks,
    features=messages.plan_features,
    flags=messages.FLAGS,
    feature_labels=messages.FEATURE_LABELS,
    feedback=_feedback,
    plan_notes=_plan_notes,
    figures=_figures,
    segments=_segments,
    workbench="casekit.ui.workbench:Workbench",
    notebook="01_isp_overbilling.ipynb",
)
