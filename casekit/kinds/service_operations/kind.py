"""The ``service_operations`` kind as the registry sees it (casekit.kinds.contract.Kind)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from casekit.kinds.contract import FlagSpec, Kind, MetricSpec, Phase, ScorePartSpec, SeriesSpec
from casekit.kinds.service_operations.engine import simulate_batch
from casekit.kinds.service_operations.schema import ServiceScenario

__all__ = ["KIND", "METRICS", "SCORE_PARTS", "plan_features", "score"]


def _m(name: str, unit: str, better: str, en: str, tr: str, headline: bool = True
       ) -> MetricSpec:
    return MetricSpec(name, unit, better, {"en": en, "tr": tr}, headline)  # type: ignore[arg-type]


METRICS = (
    _m("complaints", "count", "lower", "Complaints registered (tickets)",
       "Kaydedilen şikâyet (kayıt)"),
    _m("resolution_rate", "share", "higher", "Resolution rate", "Çözülme oranı"),
    _m("mean_resolution_hours", "hours", "lower", "Mean resolution time",
       "Ortalama çözüm süresi"),
    _m("max_resolution_hours", "hours", "lower", "Longest resolution time",
       "En uzun çözüm süresi"),
    _m("first_contact_resolution", "share", "higher", "First-contact resolution",
       "İlk temasta çözüm"),
    _m("transfers_per_complaint", "count", "lower", "Transfers per complaint",
       "Şikâyet başına aktarma"),
    _m("true_satisfaction", "share", "higher", "Resolved customers who are satisfied",
       "Sorunu çözülen müşterilerden memnun olanlar"),
    _m("repurchase_rate", "share", "higher", "Customers who will buy again",
       "Yeniden alışveriş yapacak müşteriler"),
    _m("public_posts", "count", "lower", "Public posts", "Herkese açık gönderiler"),
    _m("phone_abandonment", "share", "lower", "Calls abandoned on hold",
       "Beklerken bırakılan çağrılar"),
    _m("cost_total", "currency", "lower", "Cost of the operation (with public damage)",
       "Operasyonun maliyeti (itibar zararıyla)"),
    _m("customer_hours_to_resolution", "hours", "lower",
       "Hours from a customer's first try to the resolution",
       "Müşterinin ilk denemesinden çözüme geçen saat", False),
    _m("complainants", "count", "lower", "Customers who complained", "Şikâyet eden müşteri",
       False),
    _m("contacts", "count", "lower", "Contacts (every form, call, post and chase)",
       "Temaslar (her form, çağrı, gönderi ve sorgu)", False),
    _m("chasing_contacts", "count", "lower", "Contacts chasing an open case",
       "Açık vakayı soran temaslar", False),
    _m("silent_abandonments", "count", "lower", "Silent abandonments (gave up waiting)",
       "Sessiz vazgeçişler (beklemekten vazgeçti)", False),
    _m("escalated", "count", "lower", "Complaints escalated to a manager",
       "Yöneticiye yükseltilen şikâyetler", False),
    _m("gift_cost", "currency", "lower", "Cost of win-back gifts",
       "Geri kazanım hediyelerinin maliyeti", False),
    _m("staff_cost", "currency", "lower", "Staff cost", "Personel maliyeti", False),
    _m("value_kept", "currency", "higher", "Customer value kept", "Korunan müşteri değeri",
       False),
)

SCORE_PARTS = (
    ScorePartSpec("value_lost", {
        "en": "Lifetime value of the customers who will not buy again: an unresolved or "
              "slow complaint, or one that sent them from channel to channel, costs the "
              "most (TARP).",
        "tr": "Yeniden alışveriş yapmayacak müşterilerin yaşam boyu değeri: çözülmeyen ya da "
              "yavaş çözülen, müşteriyi kanaldan kanala gönderen şikâyet en pahalısıdır "
              "(TARP)."},
        {"en": "Customer value lost", "tr": "Kaybedilen müşteri değeri"}),
    ScorePartSpec("operating_cost", {
        "en": "Staff on every channel and in the departments, chasing contacts handled and "
              "manager time for escalations.",
        "tr": "Her kanaldaki ve departmanlardaki personel, yanıtlanan sorgu temasları ve "
              "yükseltmeler için yönetici zamanı."},
        {"en": "Operating cost", "tr": "İşletme maliyeti"}),
    ScorePartSpec("recovery_cost", {
        "en": "Win-back gifts and call backs to the dissatisfied.",
        "tr": "Memnun olmayanlara geri kazanım hediyeleri ve geri aramalar."},
        {"en": "Recovery cost", "tr": "Telafi maliyeti"}),
    ScorePartSpec("public_damage", {
        "en": "Complaints posted in public and the likes, shares and replies they drew, "
              "each priced at what it costs the brand.",
        "tr": "Herkesin önünde paylaşılan şikâyetler ve aldıkları beğeni, paylaşım ve "
              "yanıtlar; her biri markaya maliyetiyle fiyatlanır."},
        {"en": "Public damage", "tr": "İtibar zararı"}),
)


def _amounts(totals: Mapping[str, float]) -> dict[str, float]:
    return {
        "value_lost": totals["value_lost"],
        "operating_cost": totals["staff_cost"] + totals["chase_cost"] +
        totals["escalation_cost"],
        "recovery_cost": totals["gift_cost"] + totals["call_back_cost"],
        "public_damage": totals["public_damage"],
    }


def score(totals: Mapping[str, float], scenario: Any) -> dict[str, float]:
    """Points taken off by each part (negative) and the total ``score``."""
    scale = float(scenario.score.scale)
    points = {f"score_{k}": -float(v) / scale for k, v in _amounts(totals).items()}
    points["score"] = sum(points.values())
    return points


def _hourly_points(result: Any, scenario: Any) -> np.ndarray:
    h = result.hourly
    return -(h["spend"] + h["value_lost"] + h["public_damage"]) / float(scenario.score.scale)


def _hourly_series(result: Any, scenario: Any) -> dict[str, np.ndarray]:
    h = result.hourly
    return {"open_tickets": h["open_tickets"], "public_posts": h["public_posts"],
            "cost": h["cost"], "points": _hourly_points(result, scenario)}


def _phases(scenario: Any) -> list[Phase]:
    T = scenario.horizon_hours
    phases = [Phase("first_day", {"en": "first day", "tr": "ilk gün"}, 0, min(24, T)),
              Phase("first_week", {"en": "rest of the first week", "tr": "ilk haftanın geri "
                                   "kalanı"}, min(24, T), min(168, T))]
    if T > 168:
        phases.append(Phase("later", {"en": "after the first week",
                                      "tr": "ilk haftadan sonra"}, 168, T))
    return phases


def plan_features(plan: Any) -> dict[str, Any]:
    """What a plan does, as numbers and yes/no flags, from its settings alone."""
    raw = getattr(plan, "settings", None) or {}
    channels = raw.get("channels", {}) or {}

    def day_hours(c: Mapping[str, Any]) -> float:
        staff = c.get("staff", 0)
        start, end = c.get("hours", (0, 24))
        per_hour = staff if isinstance(staff, (int, float)) else \
            float(np.mean(staff)) if staff else 0.0
        return float(per_hour) * (float(end) - float(start))

    routing = raw.get("routing", {}) or {}
    return {
        "acknowledges": any(c.get("acknowledge") for c in channels.values()),
        "tracking_number": any(c.get("tracking_number") for c in channels.values()),
        "delay_notice": (raw.get("notice") or {}).get("promise", "none") != "none",
        "escalates": bool((raw.get("sla") or {}).get("escalate")),
        "merges_contacts": bool(raw.get("merge_contacts")),
        "survey": bool(raw.get("survey")),
        "win_back": (raw.get("win_back") or {}).get("to", "nobody") != "nobody",
        "names_department": bool(raw.get("not_my_job_names_department")),
        "named_routes": sum(1 for r in routing.values()
                            if (r or {}).get("assignee", "inbox") != "inbox"),
        # the fewest fields a form asks (a channel may list its own)
        "form_fields": min([len(raw.get("form_fields") or ())] +
                           [len(c["form_fields"] or ()) for c in channels.values()
                            if isinstance(c, Mapping) and "form_fields" in c]),
        "agent_hours_per_day": sum(day_hours(c) for c in channels.values()),
    }


def _flag(en: str, tr: str, missing_en: str, missing_tr: str) -> FlagSpec:
    return FlagSpec({"en": en, "tr": tr}, None, {"en": missing_en, "tr": missing_tr})


FLAGS = {
    "acknowledges": _flag("acknowledge every contact", "her teması alındı mesajıyla yanıtlar",
                          "left customers unsure they were heard",
                          "müşterileri duyulup duyulmadıklarından emin bırakmadı"),
    "tracking_number": _flag("send a tracking number", "takip numarası gönderir",
                             "made customers chase their cases",
                             "müşterileri vakalarını sormaya zorladı"),
    "delay_notice": _flag("tell late customers before they ask",
                          "geciken müşterilere onlar sormadan haber verir",
                          "let late customers find out for themselves",
                          "geciken müşterilerin gecikmeyi kendilerinin fark etmesine bıraktı"),
    "escalates": _flag("escalate at the SLA breach", "SLA aşıldığında yükseltir",
                       "let stalled complaints stall", "takılan şikâyetleri takılı bıraktı"),
    "merges_contacts": _flag("merge a customer's contacts into one case",
                             "bir müşterinin temaslarını tek vakada birleştirir",
                             "opened a new ticket for every contact",
                             "her temas için yeni kayıt açtı"),
    "survey": _flag("survey satisfaction after resolution",
                    "çözümden sonra memnuniyeti sorar",
                    "never asked whether the customer was satisfied",
                    "müşterinin memnun olup olmadığını hiç sormadı"),
    "win_back": _flag("win back the dissatisfied", "memnun olmayanı geri kazanmaya çalışır",
                      "did nothing for the dissatisfied",
                      "memnun olmayanlar için hiçbir şey yapmadı"),
    "names_department": _flag("make 'not my job' name the department",
                              "'benim işim değil' diyene sorumlu departmanı yazdırır",
                              "let misrouted complaints go back to the start",
                              "yanlış yönlenen şikâyetleri başa döndürdü"),
}

FEATURE_LABELS = {
    "named_routes": {"en": "categories routed to a named person",
                     "tr": "adı belli kişiye yönlenen kategoriler"},
    "form_fields": {"en": "fields the forms ask for", "tr": "formların sorduğu alanlar"},
    "agent_hours_per_day": {"en": "agent hours per day on the channels",
                            "tr": "kanallarda günlük temsilci saati"},
}


def _feedback(scenario: Any, plan: Any, outcome: Any, baseline: Any = None) -> list:
    from casekit.kinds.service_operations.feedback import service_feedback
    return service_feedback(scenario, plan, outcome, baseline)


def _figures() -> dict:
    from casekit.kinds.service_operations.figures import builders
    return builders()


def _segments(outcome: Any) -> Any:
    """The KPI report (source 001) of the outcome's first replication, per department."""
    from casekit.kinds.service_operations.kpi import contact_log, kpi_report
    return kpi_report(contact_log(outcome.runs[0], outcome.scenario))


def _debrief_sections(result: Any, language: str) -> Any:
    from casekit.kinds.service_operations.debrief import debrief_sections
    return debrief_sections(result, language)


def _export() -> Any:
    from casekit.kinds.service_operations import export
    return export


KIND = Kind(
    name="service_operations",
    title={"en": "Service operations: channels, queues, routing and the KPI report",
           "tr": "Hizmet operasyonu: kanallar, kuyruklar, yönlendirme ve KPI raporu"},
    schema=ServiceScenario,
    simulate_batch=simulate_batch,
    metrics=METRICS,
    score_parts=SCORE_PARTS,
    score=score,
    hourly_points=_hourly_points,
    series=(SeriesSpec("open_tickets", {"en": "open tickets", "tr": "açık kayıtlar"}),
            SeriesSpec("public_posts", {"en": "public posts per hour",
                                        "tr": "saatlik herkese açık gönderi"}),
            SeriesSpec("cost", {"en": "money spent (cumulative)",
                                "tr": "harcanan para (birikimli)"}, "currency")),
    hourly_series=_hourly_series,
    phases=_phases,
    features=plan_features,
    flags=FLAGS,
    feature_labels=FEATURE_LABELS,
    feedback=_feedback,
    figures=_figures,
    segments=_segments,
    debrief_sections=_debrief_sections,
    workbench="casekit.kinds.service_operations.panels:ServiceBench",
    notebook="03_ecommerce_late_order.ipynb",
    exporters={"complaint-log": (
        lambda parser: _export().add_arguments(parser), lambda args: _export().run(args),
        "one row per complaint contact of a service-operations run, as CSV")},
)
