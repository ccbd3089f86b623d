"""The ``public_reply`` kind: one public complaint, the company's reply and the crowd watching.

The Dark Horse Café's defensive reply (``dark-horse-cafe``) and a campus cafeteria's good one
(``campus-cafeteria``). The complaint spreads as a self-exciting cascade of retweets and
replies; regulars see it, visit less and some leave; the café next door may seize the moment.
docs/model-public-reply.md gives every mechanism and its source.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from casekit.kinds import messages
from casekit.kinds.contract import Kind, MetricSpec, Phase, SeriesSpec
from casekit.kinds.public_reply.engine import simulate_batch
from casekit.kinds.public_reply.schema import ReplyScenario

__all__ = ["KIND", "ReplyScenario"]

_EXPLAIN = {
    "customers_lost": {
        "en": "Lifetime value of the regulars who stopped coming: each takes years of visits "
              "with them, some to the café next door.",
        "tr": "Gelmeyi bırakan müdavimlerin yaşam boyu değeri: her biri yıllarca sürecek "
              "ziyaretlerini de götürür, bir kısmı yandaki kafeye.",
    },
    "response_cost": {
        "en": "Money spent on the response: staff time for replies and anything offered to "
              "make it right.",
        "tr": "Müdahaleye harcanan para: yanıtlar için personel zamanı ve telafi için "
              "sunulan her şey.",
    },
    "public_sentiment": {
        "en": "Negative public posts, retweets and replies, each priced at what a hostile "
              "post costs the brand in reach and reputation.",
        "tr": "Olumsuz herkese açık gönderi, retweet ve yanıtlar; her biri markaya erişim ve "
              "itibar olarak maliyetiyle fiyatlanır.",
    },
    "complaint_load": {
        "en": "Complaints the café had to answer: negative replies in the thread and the "
              "complainant's and regulars' own negative posts, priced at the cost of "
              "handling one.",
        "tr": "Kafenin yanıtlaması gereken şikâyetler: başlıktaki olumsuz yanıtlar ile "
              "şikâyetçinin ve müdavimlerin kendi olumsuz gönderileri; her biri karşılama "
              "maliyetiyle fiyatlanır.",
    },
    "after_window": {
        "en": "Regulars still upset when the two weeks end keep leaving afterwards: each one's "
              "raised chance of defecting (a fallen sentiment, the café next door's pull) over "
              "the next regulars.after_window_days days, times what they would have spent.",
        "tr": "İki hafta bittiğinde hâlâ kırgın olan müdavimler sonrasında da ayrılmaya devam "
              "eder: her birinin yükselmiş ayrılma olasılığı (düşen duygu, yandaki kafenin "
              "çekimi) sonraki regulars.after_window_days gün boyunca, harcayacakları "
              "tutarla çarpılır.",
    },
}

_LABELS = {
    "churn_rate": {"en": "Customers lost (share of the regulars and the complainant)",
                   "tr": "Kaybedilen müşteri oranı (müdavimler ve şikâyetçi)"},
    "churned_customers": {"en": "Customers lost (regulars, plus the complainant if she "
                                "does not come back)",
                          "tr": "Kaybedilen müşteri (müdavimler; geri dönmezse şikâyetçi de)"},
    "revenue_lost": {"en": "Lifetime value lost", "tr": "Kaybedilen yaşam boyu değer"},
    "cost": {"en": "Response cost", "tr": "Müdahale maliyeti"},
    "sentiment_final": {"en": "Regulars' mean sentiment at the end (-1..1)",
                        "tr": "Müdavimlerin sondaki ortalama duygusu (-1..1)"},
    "negative_posts": {"en": "Negative items in the thread (retweets and replies)",
                       "tr": "Başlıktaki olumsuz öğeler (retweet ve yanıtlar)"},
    "complaints": {"en": "Complaints to answer (negative replies and posts)",
                   "tr": "Yanıtlanacak şikâyetler (olumsuz yanıt ve gönderiler)"},
}

_EXTRA = tuple(MetricSpec(name, unit, better, label, False) for name, unit, better, label in (  # type: ignore[arg-type]
    ("regulars_lost", "count", "lower", {"en": "Regulars lost", "tr": "Kaybedilen müdavim"}),
    ("monthly_revenue_lost", "currency", "lower",
     {"en": "Monthly revenue lost", "tr": "Kaybedilen aylık gelir"}),
    ("reach", "count", "lower", {"en": "Accounts the thread reached",
                                 "tr": "Başlığın ulaştığı hesap"}),
    ("reply_coverage", "share", "higher",
     {"en": "Share of the thread's audience that saw the café's reply",
      "tr": "Başlığın izleyicilerinden kafenin yanıtını görenlerin oranı"}),
    ("observers_attitude", "sentiment", "higher",
     {"en": "What onlookers think of the café (-1..1)",
      "tr": "İzleyenlerin kafe hakkındaki görüşü (-1..1)"}),
    ("complainant_returns", "share", "higher",
     {"en": "The complainant comes back", "tr": "Şikâyetçi geri gelir"}),
    ("complainant_vowed", "share", "lower",
     {"en": "The complainant vows never to return", "tr": "Şikâyetçi bir daha gelmemeye "
                                                            "yemin eder"}),
    ("competitor_moved", "share", "lower",
     {"en": "The café next door moved", "tr": "Yandaki kafe harekete geçti"}),
    ("competitor_gain", "currency", "lower",
     {"en": "Monthly revenue the café next door gains",
      "tr": "Yandaki kafenin kazandığı aylık gelir"}),
    ("replies", "count", "lower", {"en": "Replies in the thread (all tones)",
                                   "tr": "Başlıktaki yanıtlar (her tonda)"}),
))


def _negative(result: Any) -> np.ndarray:
    return result.hourly["items_negative"]


def _complaints(result: Any) -> np.ndarray:
    h = result.hourly
    return h["replies_negative"] + h["complainant_posts_negative"] + h["regular_posts_negative"]


def _hourly_points(result: Any, scenario: ReplyScenario) -> np.ndarray:
    return messages.hourly_points(result.hourly, result.totals, _negative(result),
                                  _complaints(result), scenario)


def _hourly_series(result: Any, scenario: ReplyScenario) -> dict[str, np.ndarray]:
    h = result.hourly
    return {"sentiment_mean": h["sentiment_mean"],
            "churn_share": h["churned"] / max(result.customers + 1, 1),
            "negative_posts": _negative(result), "complaints": _complaints(result),
            "cost": h["cost"], "reach_cumulative": h["reach_cumulative"],
            "points": _hourly_points(result, scenario)}


def _phases(scenario: ReplyScenario) -> list[Phase]:
    horizon = scenario.horizon_hours
    return [Phase("first_hour", {"en": "first hour", "tr": "ilk saat"}, 0, min(1, horizon)),
            Phase("first_6h", {"en": "first 6 hours", "tr": "ilk 6 saat"}, 0, min(6, horizon)),
            Phase("first_day", {"en": "first day", "tr": "ilk gün"}, 0, min(24, horizon)),
            Phase("after_day", {"en": "after the first day", "tr": "ilk günden sonra"},
                  min(24, horizon), horizon)]


def _feedback(scenario: Any, plan: Any, outcome: Any, baseline: Any = None) -> list:
    from casekit.kinds.public_reply.feedback import reply_feedback
    return reply_feedback(scenario, plan, outcome, baseline)


def _figures() -> dict:
    from casekit.kinds.public_reply.figures import builders
    return builders()


KIND = Kind(
    name="public_reply",
    title={"en": "One public complaint, the reply and the crowd watching",
           "tr": "Herkese açık tek bir şikâyet, yanıtı ve izleyen kalabalık"},
    schema=ReplyScenario,
    simulate_batch=simulate_batch,
    metrics=messages.headline_metrics(_LABELS) + _EXTRA,
    score_parts=messages.score_part_specs(_EXPLAIN, messages.PART_NAMES +
                                          (messages.AFTER_WINDOW,)),
    score=messages.message_score,
    hourly_points=_hourly_points,
    series=(SeriesSpec("sentiment_mean", {"en": "regulars' mean sentiment (-1..1)",
                                          "tr": "müdavimlerin ortalama duygusu (-1..1)"},
                       "sentiment"),
            SeriesSpec("churn_share", {"en": "customers lost (share, cumulative)",
                                       "tr": "kaybedilen müşteri (oran, birikimli)"}, "share"),
            SeriesSpec("reach_cumulative", {"en": "accounts reached (cumulative)",
                                            "tr": "ulaşılan hesap (birikimli)"})),
    hourly_series=_hourly_series,
    phases=_phases,
    features=messages.plan_features,
    flags={k: v for k, v in messages.FLAGS.items() if k not in ("refund", "tells_paper_bill")},
    feature_labels=messages.FEATURE_LABELS,
    feedback=_feedback,
    figures=_figures,
    workbench="casekit.ui.cafe:CafeBench",
    notebook="02_dark_horse_cafe.ipynb",
)
