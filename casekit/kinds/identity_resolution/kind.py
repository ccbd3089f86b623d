"""The ``identity_resolution`` kind as the registry sees it (casekit.kinds.contract.Kind)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from casekit.kinds.contract import FlagSpec, Kind, MetricSpec, Phase, ScorePartSpec, SeriesSpec
from casekit.kinds.identity_resolution.replay import SCORE_PARTS as PART_NAMES
from casekit.kinds.identity_resolution.replay import score_totals, settings_of, simulate_batch
from casekit.kinds.identity_resolution.schema import HOURS_PER_MONTH, IdentityScenario

__all__ = ["KIND", "METRICS", "SCORE_PARTS", "plan_features", "register_if_missing", "score"]


def _m(name: str, unit: str, better: str, en: str, tr: str, headline: bool = True,
       may_be_undefined: bool = False) -> MetricSpec:
    return MetricSpec(name, unit, better, {"en": en, "tr": tr},  # type: ignore[arg-type]
                      headline, may_be_undefined)


METRICS = (
    _m("churned", "count", "lower", "Customers lost", "Kaybedilen müşteri"),
    _m("privacy_incidents", "count", "lower", "Privacy incidents (one customer's data shown "
       "to another)", "Gizlilik ihlali (bir müşterinin verisi başkasına gösterildi)"),
    _m("context_share", "share", "higher", "Complaints met with context",
       "Bağlamla karşılanan şikâyetler"),
    _m("effort_per_complaint", "share", "lower", "Complaints that cost the customer effort",
       "Müşteriye çaba yükleyen şikâyetler"),
    _m("precision", "share", "higher", "Precision of the links", "Eşleşmelerin kesinliği",
       may_be_undefined=True),  # no link made: 0/0
    _m("recall", "share", "higher", "Recall of the links", "Eşleşmelerin duyarlılığı"),
    _m("f1", "share", "higher", "F1 of the links", "Eşleşmelerin F1 değeri"),
    _m("review_pairs", "count", "lower", "Pairs sent to clerical review",
       "Elle incelemeye giden çiftler"),
    _m("asked_again", "count", "lower", "Known customers asked for details again",
       "Bilgileri yeniden istenen müşteriler"),
    _m("complaints", "count", "lower", "Complaints", "Şikâyetler"),
    _m("mean_reply_hours", "hours", "lower", "Mean time to a reply that helps",
       "İşe yarayan yanıta ortalama süre"),
    _m("value_lost", "currency", "lower", "Customer value lost", "Kaybedilen müşteri değeri",
       False),
    _m("privacy_cost", "currency", "lower", "Cost of privacy incidents",
       "Gizlilik ihlallerinin maliyeti", False),
    _m("review_cost", "currency", "lower", "Cost of clerical review", "İnceleme maliyeti",
       False),
    _m("staff_cost", "currency", "lower", "Cost of replies and written offers",
       "Yanıtların ve yazılı tekliflerin maliyeti", False),
    _m("blocking_recall", "share", "higher", "True pairs blocking lets through",
       "Bloklamanın geçirdiği doğru çiftler", False),
    _m("candidate_pairs", "count", "lower", "Candidate pairs compared",
       "Karşılaştırılan aday çiftler", False),
    _m("public_incident_posts", "count", "lower", "Incidents posted in public",
       "Herkese açık paylaşılan ihlaller", False),
)

SCORE_PARTS = (
    ScorePartSpec("value_lost", {
        "en": "Lifetime value of the customers who left: each complaint met with a request "
              "for details the bank already had adds effort, and high-effort service makes "
              "most customers disloyal (Dixon et al. 2010; the step to leaving is a guess).",
        "tr": "Ayrılan müşterilerin yaşam boyu değeri: bankanın zaten bildiği bilgileri "
              "isteyen her yanıt müşteriye çaba yükler; yüksek çaba müşterilerin çoğunu "
              "sadakatsiz yapar (Dixon vd. 2010; ayrılmaya geçiş bir tahmindir)."},
        {"en": "Customer value lost", "tr": "Kaybedilen müşteri değeri"}),
    ScorePartSpec("review_cost", {
        "en": "Agent minutes spent checking the pairs in the review band by hand.",
        "tr": "İnceleme bandındaki çiftleri elle kontrol etmeye harcanan temsilci dakikaları."},
        {"en": "Clerical review", "tr": "Elle inceleme"}),
    ScorePartSpec("privacy_cost", {
        "en": "Replies made on a false link that showed one customer's data to another "
              "(a KVKK breach), and the public posts about them.",
        "tr": "Yanlış eşleşmeye dayanıp bir müşterinin verisini başkasına gösteren yanıtlar "
              "(KVKK ihlali) ve bunlar hakkındaki herkese açık paylaşımlar."},
        {"en": "Privacy incidents", "tr": "Gizlilik ihlalleri"}),
    ScorePartSpec("staff_cost", {
        "en": "Agent time for replies (a DM exchange takes longer than a reply with "
              "context) and the cost of sending offers in writing.",
        "tr": "Yanıtlar için temsilci zamanı (DM yazışması bağlamlı yanıttan uzun sürer) ve "
              "teklifleri yazılı göndermenin maliyeti."},
        {"en": "Replies and written offers", "tr": "Yanıtlar ve yazılı teklifler"}),
)
assert tuple(p.name for p in SCORE_PARTS) == PART_NAMES


def score(totals: Mapping[str, float], scenario: Any) -> dict[str, float]:
    """Points taken off by each part (negative) and the total ``score``."""
    return score_totals(dict(totals), scenario)


def _hourly_points(result: Any, scenario: Any) -> np.ndarray:
    return -np.asarray(result.hourly["loss"], dtype=float) / float(scenario.score.scale)


def _hourly_series(result: Any, scenario: Any) -> dict[str, np.ndarray]:
    h = result.hourly
    return {"complaints": h["complaints"], "asks": h["asks"],
            "privacy_incidents": h["privacy_incidents"], "churned": h["churned"],
            "points": _hourly_points(result, scenario)}


def _phases(scenario: Any) -> list[Phase]:
    T = scenario.horizon_hours
    q = min(3 * HOURS_PER_MONTH, T)
    phases = [Phase("first_month", {"en": "first month", "tr": "ilk ay"}, 0,
                    min(HOURS_PER_MONTH, T))]
    if q > HOURS_PER_MONTH:
        phases.append(Phase("first_quarter", {"en": "months 2-3", "tr": "2.-3. aylar"},
                            HOURS_PER_MONTH, q))
    if T > q:
        phases.append(Phase("rest", {"en": "rest of the year", "tr": "yılın geri kalanı"},
                            q, T))
    return phases


def plan_features(plan: Any) -> dict[str, Any]:
    """What a plan does, as numbers and yes/no flags, from its settings alone."""
    s = settings_of(plan)
    fs = s.method == "fellegi_sunter"
    return {
        "looks_up": s.look_up_before_reply,
        "writes_offers": s.offers_in_writing,
        "keeps_details": not s.ask_known_again,
        "matches": s.method != "none",
        "fellegi_sunter": fs,
        "rules": len(s.rules) if s.method == "rules" else 0,
        "blocking_keys": len(s.blocking) if s.method != "none" else 0,
        "link_threshold": s.fellegi_sunter.link_threshold if fs else float("nan"),
        "review_band": (s.fellegi_sunter.link_threshold - s.fellegi_sunter.review_threshold)
        if fs else 0.0,
    }


def _flag(en: str, tr: str, missing_en: str | None = None, missing_tr: str | None = None
          ) -> FlagSpec:
    missing = {"en": missing_en, "tr": missing_tr} if missing_en and missing_tr else None
    return FlagSpec({"en": en, "tr": tr}, None, missing)


FLAGS = {
    "looks_up": _flag("look the complainer up before replying",
                      "yanıtlamadan önce şikâyetçiyi kayıtlarda arar",
                      "asked customers the bank knew for their details",
                      "bankanın tanıdığı müşterilerden bilgilerini istedi"),
    "writes_offers": _flag("send offers in writing when asked",
                           "istendiğinde teklifi yazılı gönderir",
                           "refused offers in writing, as the bank of the source did",
                           "kaynaktaki banka gibi teklifi yazılı vermeyi reddetti"),
    "keeps_details": _flag("keep what a customer tells them",
                           "müşterinin verdiği bilgiyi kaydeder",
                           "asked known customers again, as the telecom did",
                           "telekom operatörü gibi bilinen müşterilere yeniden sordu"),
    "matches": _flag("link social accounts to customers",
                     "sosyal hesapları müşterilerle eşleştirir",
                     "linked no social account to a customer",
                     "hiçbir sosyal hesabı müşteriyle eşleştirmedi"),
    "fellegi_sunter": _flag("use a Fellegi-Sunter model", "Fellegi-Sunter modeli kullanır"),
}

FEATURE_LABELS = {
    "rules": {"en": "matching rules", "tr": "eşleştirme kuralları"},
    "blocking_keys": {"en": "blocking keys", "tr": "bloklama anahtarları"},
    "link_threshold": {"en": "link threshold (match weight)",
                       "tr": "bağlantı eşiği (eşleşme ağırlığı)"},
    "review_band": {"en": "width of the review band", "tr": "inceleme bandının genişliği"},
}


def _feedback(scenario: Any, plan: Any, outcome: Any, baseline: Any = None) -> list:
    from casekit.kinds.identity_resolution.feedback import identity_feedback
    return identity_feedback(scenario, plan, outcome, baseline)


def _figures() -> dict:
    from casekit.kinds.identity_resolution.figures import builders
    return builders()


def _segments(outcome: Any) -> Any:
    """Replies by kind and whether the complainer is a customer, first replication."""
    import pandas as pd

    from casekit.kinds.identity_resolution.replay import REPLY_KINDS
    run = outcome.runs[0]
    kinds = run.final["reply_kinds"]
    customer = run.final["owner"] >= 0
    rows = []
    for label, mask in (("customer", customer), ("not a customer", ~customer)):
        k = kinds[mask]
        counts = np.bincount(k[k >= 0].astype(np.int64), minlength=len(REPLY_KINDS))
        rows.append({"segment": label, **dict(zip(REPLY_KINDS, counts.tolist())),
                     "churned": int(run.final["churned"][mask].sum())})
    return pd.DataFrame(rows)


def _export() -> Any:
    from casekit.kinds.identity_resolution import export
    return export


KIND = Kind(
    name="identity_resolution",
    title={"en": "Identity across channels: linking social accounts to customers",
           "tr": "Kanallar arası kimlik: sosyal hesapları müşterilerle eşleştirmek"},
    schema=IdentityScenario,
    simulate_batch=simulate_batch,
    metrics=METRICS,
    score_parts=SCORE_PARTS,
    score=score,
    hourly_points=_hourly_points,
    series=(SeriesSpec("complaints", {"en": "complaints per hour", "tr": "saatlik şikâyet"}),
            SeriesSpec("asks", {"en": "requests for details per hour",
                                "tr": "saatlik bilgi talebi"}),
            SeriesSpec("privacy_incidents", {"en": "privacy incidents per hour",
                                             "tr": "saatlik gizlilik ihlali"}),
            SeriesSpec("churned", {"en": "customers lost (cumulative)",
                                   "tr": "kaybedilen müşteri (birikimli)"})),
    hourly_series=_hourly_series,
    phases=_phases,
    features=plan_features,
    flags=FLAGS,
    feature_labels=FEATURE_LABELS,
    feedback=_feedback,
    figures=_figures,
    segments=_segments,
    workbench="casekit.ui.identity:IdentityBench",
    notebook="05_bank_cross_channel.ipynb",
    exporters={"identity-data": (
        lambda parser: _export().add_arguments(parser), lambda args: _export().run(args),
        "the bank-cross-channel customers, social accounts and posts as CSV (--with-truth: "
        "the truth table too)")},
)


def register_if_missing() -> None:
    """Add the kind to casekit's registry if it is not listed there yet (the registry
    allows a kind to register itself; once casekit/kinds/__init__.py lists it, this does
    nothing)."""
    from casekit import kinds
    if KIND.name not in kinds.KINDS:
        kinds.register(KIND)
