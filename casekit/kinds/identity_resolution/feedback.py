"""Feedback on an identity-resolution plan: what the matching and the policies did.

Each rule reads the plan's settings and the outcome's mean totals (against the baseline,
the bank of source 003, when there is one) and gives ``Note``s whose texts, in English and
Turkish with their source, live in ``NOTES`` below.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from casekit.feedback import Note

__all__ = ["NOTES", "identity_feedback", "mean_totals"]

NOTES: dict[str, dict[str, str]] = {
    "overall": {
        "en": "Against the bank of the source on the same complaints, your plan changes the "
              "score by {delta:+,.1f} points: {churn:+,.0f} customers lost and {incidents:+,.1f} "
              "privacy incidents.",
        "tr": "Aynı şikâyetlerde kaynaktaki bankaya göre planınız puanı {delta:+,.1f} "
              "değiştiriyor: kaybedilen müşteri {churn:+,.0f}, gizlilik ihlali {incidents:+,.1f}.",
        "source": "casekit: paired runs on common random numbers",
    },
    "no_lookup": {
        "en": "The team replies without looking the complainer up, so every complaint is "
              "met with 'DM us your details' ({asks:,.0f} times), although the bank called "
              "that phone and e-mails that address. High-effort service turns 96% of "
              "customers disloyal against 9% of low-effort service.",
        "tr": "Ekip şikâyetçiyi aramadan yanıt veriyor; her şikâyete 'bilgilerinizi DM ile "
              "iletin' deniyor ({asks:,.0f} kez), oysa banka o numarayı aramış, o adrese "
              "e-posta gönderiyor. Yüksek çaba gerektiren hizmet müşterilerin %96'sını "
              "sadakatsiz yapıyor, düşük çabalı hizmette bu oran %9.",
        "source": "source 003; Dixon, Freeman & Toman, HBR 2010",
    },
    "asked_again": {
        "en": "{again:,.0f} complaints came from customers who had already given their "
              "details and were asked for them again, as the telecom in the source did "
              "months apart. Keep what a customer tells you against the social account.",
        "tr": "{again:,.0f} şikâyette, bilgilerini zaten vermiş müşterilerden aynı bilgiler "
              "yeniden istendi; kaynaktaki telekom operatörünün aylar arayla yaptığı gibi. "
              "Müşterinin söylediğini sosyal hesabına kaydedin.",
        "source": "source 003 (the telecom case)",
    },
    "privacy": {
        "en": "{links:,.0f} links were wrong (precision {precision:.1%}) and replies made on "
              "them showed one customer's data to another {incidents:,.1f} times a year, "
              "costing {cost:,.0f} {currency}. Once the team acts on a link, a false link "
              "costs far more than a missed one: raise the link threshold or send doubtful "
              "pairs to review.",
        "tr": "{links:,.0f} eşleşme yanlıştı (kesinlik {precision:.1%}) ve bunlara dayanan "
              "yanıtlar yılda {incidents:,.1f} kez bir müşterinin verisini başkasına "
              "gösterdi; maliyeti {cost:,.0f} {currency}. Ekip bir eşleşmeye dayanarak "
              "davrandığında yanlış eşleşme, kaçırılandan çok daha pahalıdır: bağlantı "
              "eşiğini yükseltin ya da şüpheli çiftleri incelemeye gönderin.",
        "source": "KVKK (Law 6698, art. 12); Fellegi & Sunter 1969 (the two thresholds)",
    },
    "precise": {
        "en": "Precision {precision:.1%} with recall {recall:.1%}: nearly every link is "
              "right, so acting on links is safe. The missed customers are asked for details "
              "once; keeping what they say makes the next reply one with context.",
        "tr": "Kesinlik {precision:.1%}, duyarlılık {recall:.1%}: eşleşmelerin neredeyse "
              "tamamı doğru, bu yüzden eşleşmeye dayanarak davranmak güvenli. Kaçırılan "
              "müşterilerden bilgileri bir kez isteniyor; söylediklerini kaydetmek bir "
              "sonraki yanıtı bağlamlı yapar.",
        "source": "Fellegi & Sunter 1969; Dixon, Freeman & Toman 2010",
    },
    "blocking": {
        "en": "Blocking found only {ceiling:.0%} of the true pairs: no threshold can link "
              "an account whose customer was never a candidate. Add a key (first name and "
              "surname, card digits and city, the handle against e-mail names).",
        "tr": "Bloklama doğru çiftlerin yalnızca {ceiling:.0%} kadarını buldu: hiç aday "
              "olmamış bir müşteriyi hiçbir eşik eşleştiremez. Bir anahtar ekleyin (ad ve "
              "soyadı, kart haneleri ve il, kullanıcı adı ile e-posta adı).",
        "source": "Christen 2012, Data Matching (blocking and pair completeness)",
    },
    "review": {
        "en": "{pairs:,.0f} pairs went to clerical review, {minutes:,.0f} agent minutes. "
              "The review band buys precision where the weights are unsure; a narrower band "
              "costs less.",
        "tr": "{pairs:,.0f} çift elle incelemeye gitti, {minutes:,.0f} temsilci dakikası. "
              "İnceleme bandı, ağırlıkların kararsız olduğu yerde kesinlik satın alır; daha "
              "dar bir bant daha ucuzdur.",
        "source": "Fellegi & Sunter 1969 (clerical review between the two thresholds)",
    },
    "written_offers": {
        "en": "Offers were refused in writing, and {complaints:,.0f} customers who asked for "
              "the terms complained in public, as the card holder of the source did. The bank "
              "itself promised written offers two days later.",
        "tr": "Teklifler yazılı verilmedi; koşulları yazılı isteyen {complaints:,.0f} müşteri, "
              "kaynaktaki kart sahibi gibi herkese açık şikâyet etti. Banka iki gün sonra "
              "teklifleri yazılı vermeye kendisi söz verdi.",
        "source": "source 003",
    },
}


def mean_totals(outcome: Any, scenario: Any) -> dict[str, float]:
    """The outcome's totals and score parts, each the mean over its replications."""
    from casekit.kinds.identity_resolution.replay import scored
    rows = [scored(r.totals, scenario) for r in outcome.runs]
    return {k: float(np.mean([row[k] for row in rows])) for k in rows[0]}


def identity_feedback(scenario: Any, plan: Any, outcome: Any, baseline: Any = None
                      ) -> list[Note]:
    """The notes for one outcome (its mean over replications)."""
    from casekit.kinds.identity_resolution.replay import settings_of

    settings = settings_of(plan)
    t = mean_totals(outcome, scenario)
    notes: list[Note] = []

    def note(key: str, level: str, **values: Any) -> None:
        notes.append(Note(key, level, values, NOTES))  # type: ignore[arg-type]

    if baseline is not None:
        b = mean_totals(baseline, scenario)
        delta = t["score"] - b["score"]
        note("overall", "good" if delta > 0 else "warning" if delta == 0 else "problem",
             delta=delta, churn=t["churned"] - b["churned"],
             incidents=t["privacy_incidents"] - b["privacy_incidents"])
    if not settings.look_up_before_reply:
        note("no_lookup", "problem", asks=t["asks"] + t["asked_again"])
    if t["asked_again"] > 0:
        note("asked_again", "problem", again=t["asked_again"])
    if settings.method != "none":
        wrong = t["links"] * (1 - t["precision"])
        if t["privacy_incidents"] > 0.5:
            note("privacy", "problem", links=wrong, precision=t["precision"],
                 incidents=t["privacy_incidents"], cost=t["privacy_cost"],
                 currency=scenario.currency)
        elif t["links"] > 0:
            note("precise", "good", precision=t["precision"], recall=t["recall"])
        if t["blocking_recall"] < 0.8:
            note("blocking", "warning", ceiling=t["blocking_recall"])
        if t["review_pairs"] > 0:
            note("review", "info", pairs=t["review_pairs"], minutes=t["review_minutes"])
    if t["refused_writing_complaints"] > 0:
        note("written_offers", "warning", complaints=t["refused_writing_complaints"])
    return notes
