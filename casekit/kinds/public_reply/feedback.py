"""Feedback on a public reply, tied to the research: what the café's plan did and why it
mattered. Pure functions of the scenario, the plan and a few numbers from the outcome.

    >>> notes = reply_feedback(scenario, plan, outcome, baseline)
    >>> [note.text("tr") for note in notes]
"""

from __future__ import annotations

from typing import Any

from casekit.feedback import LEVEL_ORDER, Note
from casekit.kinds.public_reply.schema import ReplyScenario
from casekit.plan import Action, Plan

__all__ = ["reply_feedback", "FEEDBACK"]

#: A plan with more public exchanges than this re-publicises the complaint (Golmohammadi).
MANY_PUBLIC_REPLIES = 3
#: Complainers on Twitter expect a reply within 1-3 hours (Istanbulluoglu 2017); 72% within
#: an hour (Lithium 2013). A first reply later than this earns a note.
EXPECTED_REPLY_HOURS = 3.0

FEEDBACK: dict[str, dict[str, str]] = {
    "reply_better_than_silence": {
        "en": "Against saying nothing: {points:+.1f} points; {kept:.1f} fewer customers lost "
              "on average.",
        "tr": "Hiç yanıt vermemeye göre: {points:+.1f} puan; ortalama {kept:.1f} daha az "
              "müşteri kaybı.",
        "source": "casekit's own comparison on common random numbers"},
    "reply_worse_than_silence": {
        "en": "This plan did worse than saying nothing: {points:+.1f} points and {lost:.1f} "
              "more customers lost on average. A reply can hurt when it fights the "
              "complainant.",
        "tr": "Bu plan hiç yanıt vermemekten kötü sonuç verdi: {points:+.1f} puan ve "
              "ortalama {lost:.1f} daha fazla müşteri kaybı. Şikâyetçiyle kavga eden bir yanıt "
              "zarar verebilir.",
        "source": "Weitzl 2019 (J. Product & Brand Management 28(3)); casekit's comparison"},
    "reply_silence": {
        "en": "The café never answered. Silence leaves the complainant and everyone watching "
              "worse off than an accommodating reply.",
        "tr": "Kafe hiç yanıt vermedi. Sessizlik, şikâyetçiyi ve izleyen herkesi uzlaşmacı "
              "bir yanıttan daha kötü durumda bırakır.",
        "source": "Einwiller & Steilen 2015 (PRR 41(2)); Lithium 2013"},
    "reply_slow": {
        "en": "The first reply came {hours:g} hours in; complainers on Twitter expect an "
              "answer within about {expect:g} hours, and a later one is worth less.",
        "tr": "İlk yanıt {hours:g}. saatte geldi; Twitter'da şikâyet edenler yaklaşık "
              "{expect:g} saat içinde yanıt bekler, daha geç gelen yanıtın değeri düşer.",
        "source": "Istanbulluoglu 2017 (CHB 74:72); Twitter & Applied Marketing Science 2016"},
    "reply_fast": {
        "en": "The first reply came within {hours:g} hours, inside what complainers expect.",
        "tr": "İlk yanıt {hours:g} saat içinde geldi; şikâyet edenlerin beklediği süre içinde.",
        "source": "Istanbulluoglu 2017 (CHB 74:72)"},
    "reply_defensive": {
        "en": "A reply that denies, excuses or attacks ({parts}) after a real failure makes "
              "the complainant and her followers spread more negative word of mouth; it is no "
              "better than silence.",
        "tr": "Gerçek bir aksaklıktan sonra inkâr eden, mazeret gösteren ya da saldıran bir "
              "yanıt ({parts}), şikâyetçinin ve takipçilerinin daha fazla olumsuz söz yaymasına "
              "yol açar; sessizlikten iyi değildir.",
        "source": "Weitzl 2019 (n=812); the Dark Horse Café case"},
    "reply_defensive_tone": {
        "en": "A defensive tone after a real failure makes the complainant and her followers "
              "spread more negative word of mouth; it is no better than silence.",
        "tr": "Gerçek bir aksaklıktan sonra savunmacı bir üslup, şikâyetçinin ve "
              "takipçilerinin daha fazla olumsuz söz yaymasına yol açar; sessizlikten iyi "
              "değildir.",
        "source": "Weitzl 2019 (n=812); the Dark Horse Café case"},
    "reply_dm_only": {
        "en": "The café only answered by direct message. Onlookers rate a public first reply "
              "above \"DM us\": they cannot see a private answer.",
        "tr": "Kafe yalnızca doğrudan mesajla yanıt verdi. İzleyenler herkese açık bir ilk "
              "yanıtı \"DM atın\"dan daha olumlu bulur: özel bir yanıtı göremezler.",
        "source": "Liao et al. 2025 (Psychology & Marketing 42(11))"},
    "reply_many_public": {
        "en": "{n} public replies: a long public back-and-forth re-publicises the complaint "
              "and is linked to more complaints later.",
        "tr": "{n} herkese açık yanıt: uzun bir herkese açık karşılıklı yazışma şikâyeti "
              "yeniden gündeme taşır ve sonradan daha fazla şikâyetle ilişkilidir.",
        "source": "Golmohammadi et al. 2021 (J. Marketing)"},
    "reply_ask_details": {
        "en": "Asking for details alone did not calm complainants in the field; corrective "
              "action and thanks did.",
        "tr": "Sahada yalnızca ayrıntı istemek şikâyetçileri yatıştırmadı; düzeltici adım ve "
              "teşekkür yatıştırdı.",
        "source": "Einwiller & Steilen 2015 (PRR 41(2))"},
    "reply_corrective": {
        "en": "The reply says what will change. Corrective action is what calmed complainants "
              "most in the field.",
        "tr": "Yanıt neyin değişeceğini söylüyor. Sahada şikâyetçileri en çok yatıştıran "
              "düzeltici adımdı.",
        "source": "Einwiller & Steilen 2015 (PRR 41(2)); Davidow 2003"},
    "reply_competitor": {
        "en": "The café next door moved in {share:.0f}% of the runs, inviting the unhappy "
              "regulars over.",
        "tr": "Yandaki kafe denemelerin %{share:.0f}'inde harekete geçip mutsuz müdavimleri "
              "davet etti.",
        "source": "Unmarketing (the competitor's move in the Dark Horse story)"},
}


def _note(key: str, level: str, **values: Any) -> Note:
    return Note(key, level, values, FEEDBACK)  # type: ignore[arg-type]


def _messages(plan: Plan) -> list[Action]:
    return sorted((a for a in plan.actions if a.staff is None), key=lambda a: a.at)


def _public(action: Action) -> bool:
    return action.channel in ("twitter_reply", "twitter_post")


def reply_feedback(scenario: ReplyScenario, plan: Plan, outcome: Any,
                   baseline: Any = None) -> list[Note]:
    """Every note that applies: the comparison with silence first, then problems, warnings
    and praise."""
    notes: list[Note] = []
    if baseline is not None:
        points = outcome.metric("score").mean - baseline.metric("score").mean
        change = outcome.metric("churned_customers").mean - \
            baseline.metric("churned_customers").mean
        if points >= 0:
            notes.append(_note("reply_better_than_silence", "info", points=points,
                               kept=max(-change, 0.0)))
        else:
            notes.append(_note("reply_worse_than_silence", "info", points=points,
                               lost=max(change, 0.0)))
    messages = _messages(plan)
    if not messages:
        notes.append(_note("reply_silence", "problem"))
    else:
        first = messages[0].at
        expect = EXPECTED_REPLY_HOURS
        notes.append(_note("reply_slow", "warning", hours=first, expect=expect)
                     if first > expect else _note("reply_fast", "good", hours=max(first, 0.0)))
        parts = {p for a in messages for p in a.message}
        harmful = sorted(parts & {"deny", "attack_accuser", "justify", "excuse"})
        defensive = any(a.tone == "defensive" for a in messages)
        if scenario.crisis.real_failure and harmful:
            notes.append(_note("reply_defensive", "problem", parts=", ".join(harmful)))
        elif scenario.crisis.real_failure and defensive:
            notes.append(_note("reply_defensive_tone", "problem"))
        public = [a for a in messages if _public(a)]
        if not public:
            notes.append(_note("reply_dm_only", "warning"))
        elif len(public) > MANY_PUBLIC_REPLIES:
            notes.append(_note("reply_many_public", "warning", n=len(public)))
        if parts == {"ask_details"} or parts <= {"ask_details", "acknowledge"} and \
                "ask_details" in parts:
            notes.append(_note("reply_ask_details", "warning"))
        if "corrective_action" in parts and not harmful:
            notes.append(_note("reply_corrective", "good"))
    if "competitor_moved" in outcome.per_run().columns:
        share = 100 * float(outcome.per_run()["competitor_moved"].mean())
        if share > 0:
            notes.append(_note("reply_competitor", "info", share=share))
    return sorted(notes, key=lambda n: LEVEL_ORDER[n.level])
