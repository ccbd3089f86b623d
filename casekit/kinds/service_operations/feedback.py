"""Feedback on a service-operations plan: what the operation did and the research behind it.

Each rule reads the plan's settings and the outcome's mean totals and gives ``Note``s whose
texts (English and Turkish, with their source) live in ``NOTES`` below.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from babel.lists import format_list

from casekit.feedback import Note
from casekit.kinds.service_operations.schema import ServiceScenario, plan_settings

__all__ = ["NOTES", "mean_totals", "service_feedback"]

NOTES: dict[str, dict[str, str]] = {
    "overall": {
        "en": "Against the starting state on the same customers, your process keeps "
              "{kept:+,.0f} {currency} of customer value and spends {spent:+,.0f} {currency}.",
        "tr": "Aynı müşterilerde başlangıç durumuna göre süreciniz {kept:+,.0f} {currency} "
              "müşteri değeri koruyor ve {spent:+,.0f} {currency} harcıyor.",
        "source": "casekit: paired runs on common random numbers",
    },
    "phone_abandonment": {
        "en": "{share:.0%} of callers hung up before an agent answered. With impatient "
              "callers the share who abandon is the mean wait over the mean patience "
              "(Erlang-A): a few more agents in the busy hours cut it sharply.",
        "tr": "Arayanların {share:.0%} kadarı bir temsilciye ulaşmadan kapattı. Sabırsız "
              "arayanlarda vazgeçme oranı ortalama beklemenin ortalama sabra oranıdır "
              "(Erlang-A): yoğun saatlere birkaç temsilci eklemek onu hızla düşürür.",
        "source": "Garnett, Mandelbaum & Reiman 2002; case 001 (a caller gave up after 4 minutes)",
    },
    "phone_good": {
        "en": "Only {share:.0%} of callers hung up: the line is staffed for its busy hours.",
        "tr": "Arayanların yalnızca {share:.0%} kadarı kapattı: hat yoğun saatlerine göre "
              "donatılmış.",
        "source": "Garnett, Mandelbaum & Reiman 2002 (Erlang-A)",
    },
    "unwatched_public": {
        "en": "{posts:,.0f} complaints were posted in public while {channel} had nobody "
              "answering at those hours. An unanswered public complaint is read by everyone "
              "who follows the firm.",
        "tr": "{channel} kanalında o saatlerde yanıt veren kimse yokken {posts:,.0f} şikâyet "
              "herkesin önünde paylaşıldı. Yanıtsız kalan açık bir şikâyeti firmayı izleyen "
              "herkes okur.",
        "source": "Einwiller & Steilen 2015 (47% of complaints on firms' pages unanswered); "
                  "case 001",
    },
    "no_acknowledgement": {
        "en": "Written complaints get no acknowledgement, so customers cannot tell they were "
              "heard: {abandons:,.0f} silent abandonments pushed them to the next channel.",
        "tr": "Yazılı şikâyetlere alındı mesajı gitmiyor; müşteriler duyulduklarını "
              "bilemiyor: {abandons:,.0f} sessiz vazgeçiş onları bir sonraki kanala itti.",
        "source": "SuperOffice 2018 (10% of firms acknowledge); source 001",
    },
    "no_tracking": {
        "en": "Without a tracking number customers chased their open cases {chases:,.0f} "
              "times. Source 001 sends the number on every channel so the customer can follow "
              "the case herself.",
        "tr": "Takip numarası olmadığı için müşteriler açık vakalarını {chases:,.0f} kez "
              "sordu. Kaynak 001 numarayı her kanaldan gönderir; müşteri vakasını kendisi "
              "izler.",
        "source": "source 001 (tracking numbers on every channel)",
    },
    "inbox_routing": {
        "en": "{share:.0%} of the categories go to a department inbox rather than a named "
              "person; there the complaint waits because someone else will surely do it.",
        "tr": "Kategorilerin {share:.0%} kadarı adı belli bir kişiye değil bir departman "
              "kutusuna gidiyor; şikâyet orada \"nasılsa başkası yapar\" diye bekliyor.",
        "source": "source 001 (responsibility set at the level of the individual)",
    },
    "form_fields": {
        "en": "The forms ask for {fields}: {transfers:.2f} transfers per complaint. The order "
              "number, product, date and subject on every form keep misrouting down.",
        "tr": "Formlar {fields} soruyor: şikâyet başına {transfers:.2f} aktarma. Her formda "
              "sipariş numarası, ürün, tarih ve konu yanlış yönlendirmeyi azaltır.",
        "source": "source 001 (form fields for routing)",
    },
    "no_form_fields": {
        "en": "The forms ask for nothing that routes a complaint: {transfers:.2f} transfers "
              "per complaint. The order number, product, date and subject on every form keep "
              "misrouting down.",
        "tr": "Formlar yönlendirmeye yarayan hiçbir bilgi sormuyor: şikâyet başına "
              "{transfers:.2f} aktarma. Her formda sipariş numarası, ürün, tarih ve konu "
              "yanlış yönlendirmeyi azaltır.",
        "source": "source 001 (form fields for routing)",
    },
    "channel_form_fields": {
        "en": "{channel}: the form asks only for {fields}, while other channels ask more; "
              "{transfers:.2f} transfers per complaint. The order number, product, date and "
              "subject on every form keep misrouting down.",
        "tr": "{channel}: form yalnızca {fields} soruyor, başka kanallar daha fazlasını "
              "soruyor; şikâyet başına {transfers:.2f} aktarma. Her formda sipariş numarası, "
              "ürün, tarih ve konu yanlış yönlendirmeyi azaltır.",
        "source": "source 001 (form fields for routing)",
    },
    "channel_no_form_fields": {
        "en": "{channel}: the form asks for nothing that routes a complaint, while other "
              "channels ask more; {transfers:.2f} transfers per complaint. The order number, "
              "product, date and subject on every form keep misrouting down.",
        "tr": "{channel}: form yönlendirmeye yarayan hiçbir bilgi sormuyor, başka kanallar "
              "daha fazlasını soruyor; şikâyet başına {transfers:.2f} aktarma. Her formda "
              "sipariş numarası, ürün, tarih ve konu yanlış yönlendirmeyi azaltır.",
        "source": "source 001 (form fields for routing)",
    },
    "not_my_job": {
        "en": "A department that says \"not ours\" does not have to name the responsible one, "
              "so a misrouted complaint goes back to the start.",
        "tr": "\"Bize ait değil\" diyen departman sorumlu departmanı belirtmek zorunda değil; "
              "yanlış yönlenen şikâyet başa dönüyor.",
        "source": "source 002 (\"not my job\" must name the responsible department)",
    },
    "no_escalation": {
        "en": "Nothing escalates: the longest complaint took {hours:,.0f} hours. A manager "
              "told at the SLA breach caps the worst cases.",
        "tr": "Hiçbir şey yükseltilmiyor: en uzun şikâyet {hours:,.0f} saat sürdü. SLA "
              "aşıldığında haberdar edilen bir yönetici en kötü vakaları sınırlar.",
        "source": "source 002 (complaints not resolved in time go to top management); "
                  "Znuny/OTRS SLA",
    },
    "no_notice": {
        "en": "Customers whose parcel is late hear nothing until they ask. A delay notice "
              "before they ask prevents contacts and anger.",
        "tr": "Paketi geciken müşteriler sorana kadar hiçbir şey duymuyor. Onlar sormadan "
              "gönderilen bir gecikme bildirimi teması ve öfkeyi önler.",
        "source": "stealing thunder (Arpan & Roskos-Ewoldsen 2005); case 001 (the customs notice)",
    },
    "optimistic_notice": {
        "en": "The delay notice promises an early date; when it is missed the customer "
              "comes back angrier than if she had been told the truth.",
        "tr": "Gecikme bildirimi erken bir tarih vaat ediyor; tarih kaçınca müşteri, doğrusu "
              "söylenmiş olsaydı olacağından daha öfkeli geri geliyor.",
        "source": "Maxham & Netemeyer 2002 (a second failure)",
    },
    "no_survey": {
        "en": "Nobody is asked about the resolution, so the report has no satisfaction rate "
              "and the dissatisfied cannot be called back.",
        "tr": "Kimseye çözümden memnun olup olmadığı sorulmuyor; raporda memnuniyet oranı "
              "yok ve memnun olmayanlar geri aranamıyor.",
        "source": "source 001 (satisfaction survey after resolution)",
    },
    "gifts": {
        "en": "Win-back gifts cost {cost:,.0f} {currency} for {gifts:,.0f} customers.",
        "tr": "Geri kazanım hediyeleri {gifts:,.0f} müşteri için {cost:,.0f} {currency} "
              "tuttu.",
        "source": "source 001; Halperin et al. 2022 (a coupon beats an apology)",
    },
    "no_merge": {
        "en": "Each contact opens a new ticket: {tickets:,.0f} tickets for {customers:,.0f} "
              "complainants, each handled again.",
        "tr": "Her temas yeni bir kayıt açıyor: {customers:,.0f} şikâyetçi için "
              "{tickets:,.0f} kayıt, her biri yeniden ele alınıyor.",
        "source": "source 001 (customers dislike different treatment on different channels)",
    },
}


def mean_totals(outcome: Any) -> dict[str, float]:
    """Each total's mean over the outcome's replications (over those that report it)."""
    keys = dict.fromkeys(k for r in outcome.runs for k in r.totals)
    return {k: float(np.mean([r.totals[k] for r in outcome.runs if k in r.totals]))
            for k in keys}


#: The intake form's fields, as a note names them.
FORM_FIELDS = {
    "order_number": {"en": "the order number", "tr": "sipariş numarasını"},
    "product": {"en": "the product", "tr": "ürünü"},
    "date": {"en": "the date", "tr": "tarihi"},
    "subject": {"en": "the subject", "tr": "konuyu"},
}


def _note(key: str, level: str, **values: Any) -> Note:
    return Note(key, level, values, NOTES)  # type: ignore[arg-type]


def service_feedback(scenario: ServiceScenario, plan: Any, outcome: Any,
                     baseline: Any = None) -> list[Note]:
    s = plan_settings(plan, scenario)
    t = mean_totals(outcome)
    notes: list[Note] = []
    cur = scenario.currency
    if baseline is not None:
        b = mean_totals(baseline)
        spent = (t["cost_total"] - t["public_damage"]) - (b["cost_total"] - b["public_damage"])
        notes.append(_note("overall", "info", kept=t["value_kept"] - b["value_kept"],
                           spent=spent, currency=cur))
    if t["calls"] > 0:
        share = t["phone_abandonment"]
        notes.append(_note("phone_abandonment" if share > 0.15 else "phone_good",
                           "problem" if share > 0.15 else "good", share=share))
    for name, channel in scenario.intake.items():
        cs = s.channel(name)
        if channel.public and sum(cs.staff_by_hour()) == 0:
            notes.append(_note("unwatched_public", "problem", posts=t["public_posts"],
                               channel={"en": channel.label.en, "tr": channel.label.tr}))
            break
    written = [n for n, c in scenario.intake.items() if c.queue == "backlog"]
    if not any(s.channel(n).acknowledge for n in written):
        notes.append(_note("no_acknowledgement", "warning",
                           abandons=t["silent_abandonments"]))
    if not any(s.channel(n).tracking_number for n in scenario.intake):
        notes.append(_note("no_tracking", "warning", chases=t["chasing_contacts"]))
    named = sum(1 for n in scenario.categories if n in s.routing and s.routing[n].named)
    if named < len(scenario.categories):
        share = 1 - named / len(scenario.categories)
        notes.append(_note("inbox_routing", "warning", share=share))
    # The form that asks least (a channel may ask its own fields).
    asked = {n: s.fields_of(n) for n in scenario.intake}
    weakest = min(asked, key=lambda n: len(asked[n]))
    least = asked[weakest]
    if len(least) < 4:
        fields = {lang: format_list([FORM_FIELDS[f][lang] for f in least],
                                    locale=lang) for lang in ("en", "tr")}
        level = "warning" if "order_number" not in least else "info"
        values: dict[str, Any] = {"fields": fields,
                                  "transfers": t["transfers_per_complaint"]}
        if len(set(asked.values())) == 1:
            key = "form_fields" if least else "no_form_fields"
        else:
            key = "channel_form_fields" if least else "channel_no_form_fields"
            label = scenario.intake[weakest].label
            values["channel"] = {"en": label.en, "tr": label.tr}
        notes.append(_note(key, level, **values))
    if not s.not_my_job_names_department:
        notes.append(_note("not_my_job", "warning"))
    if not s.sla.escalate:
        notes.append(_note("no_escalation", "warning", hours=t["max_resolution_hours"]))
    if any(c.notice_eligible for c in scenario.categories.values()):
        if s.notice.promise == "none" or not s.notice.categories:
            notes.append(_note("no_notice", "warning"))
        elif s.notice.promise == "optimistic":
            notes.append(_note("optimistic_notice", "warning"))
    if not s.survey:
        notes.append(_note("no_survey", "info"))
    if t["gift_cost"] > 0:
        notes.append(_note("gifts", "info", cost=t["gift_cost"], gifts=t["gifts"],
                           currency=cur))
    if not s.merge_contacts and t["complaints"] > 1.1 * t["complainants"]:
        notes.append(_note("no_merge", "warning", tickets=t["complaints"],
                           customers=t["complainants"]))
    return notes
