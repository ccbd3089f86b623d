"""The timeline of one public-reply run, as items a page can show: who posted what, when.

Pure: it reads a result and the plan, never widgets. Names come from
:func:`casekit.text.names.names` (common names of the language, seeded), so the same run
always shows the same people.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from casekit.engine.result import RunResult
from casekit.kinds.public_reply.schema import ReplyScenario
from casekit.kinds.public_reply.text import NEGATIVE, NEUTRAL, POSITIVE, t
from casekit.plan import Plan
from casekit.text.names import handles, names
from casekit.text.strings import label

__all__ = ["FEED_TEXTS", "FeedItem", "feed", "parts_text"]


FEED_TEXTS: dict[str, dict[str, list[str]]] = {
    "en": {
        NEGATIVE: ["That reply is something else. Not going back there.",
                   "So much for the friendly local place.", "Wow. Screenshotting this.",
                   "A simple thank-you would have done it.",
                   "Imagine answering a regular like that.",
                   "Noted, and shared with everyone I know.",
                   "This is exactly why people complain in public."],
        NEUTRAL: ["Has anyone else run into this there?", "Following this 👀",
                  "Curious what they'll say.", "Honestly, same at most places.",
                  "Where is this?"],
        POSITIVE: ["Now that's how you answer a customer.", "Respect. Going there tomorrow.",
                   "Nice to see a place that actually listens.", "Good on them for owning it.",
                   "More of this, please."],
        "answer_positive": ["No problem at all, thanks for answering so quickly! 🙏"],
        "answer_neutral": ["Okay. We'll see."],
        "answer_negative": ["Noted. I won't be back. Ever."],
        "rant": ["Still no answer. I guess that says it all."],
        "regular_negative": ["I'm there every day and honestly, same.",
                             "Regular here. Looking for a new place to work from.",
                             "Been going for two years. Not sure I will now."],
        "regular_positive": ["Regular here: they really do listen.",
                             "This is why I keep coming back.",
                             "See you there tomorrow, as always."],
    },
    "tr": {
        NEGATIVE: ["Bu cevap da ne böyle? Bir daha gitmem.",
                   "Samimi mahalle işletmesi buymuş demek.", "Vay. Ekran görüntüsünü aldım.",
                   "Bir teşekkür etseler yeterdi.", "Müdavime böyle cevap verilir mi?",
                   "Not aldım, herkesle de paylaştım.",
                   "İnsanlar işte bu yüzden herkesin önünde şikâyet ediyor."],
        NEUTRAL: ["Orada bunu yaşayan başka kimse var mı?", "Takipteyim 👀",
                  "Ne cevap verecekler merak ediyorum.", "Açıkçası çoğu yerde aynı.",
                  "Burası neresi?"],
        POSITIVE: ["Müşteriye böyle cevap verilir işte.", "Helal olsun. Yarın gidiyorum.",
                   "Gerçekten dinleyen bir işletme görmek güzel.",
                   "Hatayı üstlendikleri için tebrikler.", "Böylesi çoğalsın."],
        "answer_positive": ["Sorun değil, bu kadar hızlı cevap verdiğiniz için teşekkürler! 🙏"],
        "answer_neutral": ["Peki. Göreceğiz."],
        "answer_negative": ["Anlaşıldı. Bir daha gelmeyeceğim. Asla."],
        "rant": ["Hâlâ cevap yok. Demek ki bu kadar."],
        "regular_negative": ["Her gün oradayım, açıkçası aynen.",
                             "Müdavimim. Çalışacak yeni bir yer arıyorum.",
                             "İki yıldır gidiyorum. Artık emin değilim."],
        "regular_positive": ["Müdavimim: gerçekten dinliyorlar.",
                             "İşte bu yüzden hep oraya gidiyorum.",
                             "Yarın yine oradayım."],
    },
}


@dataclass(frozen=True)
class FeedItem:
    """One line of the simulated timeline."""

    hour: float
    kind: str          # tweet, tag, cafe, answer, rant, reply, retweet, regular, competitor
    polarity: str      # negative, neutral, positive, or cafe / competitor
    handle: str
    name: str
    text: str


def parts_text(action: Any, language: str) -> str:
    return " + ".join(label("part", p, language) for p in action.message)


def _people(language: str, seed: int, hour: int, n: int) -> list[tuple[str, str]]:
    """``n`` made-up people (given name, @handle) for one hour of the feed, seeded."""
    if n == 0:
        return []
    full = names(language, seed * 1_000_003 + hour, n)
    return [(person.split()[0], handle) for person, handle in zip(full, handles(full, hour))]


def feed(scenario: ReplyScenario, result: RunResult, plan: Plan, language: str = "en",
         seed: int = 0, until: int = 48, per_hour: int = 4) -> list[FeedItem]:
    """The timeline of one run: who posted what, and when, in the tone the simulation drew.

    Names come from :mod:`casekit.text.names` seeded with ``seed`` (the same run always shows
    the same people); texts from :data:`FEED_TEXTS`; the café's own replies carry the plan's
    text.
    """
    texts = FEED_TEXTS.get(language, FEED_TEXTS["en"])
    c = scenario.complainant
    comp = scenario.competitor
    her = c.handle
    cafe = "@" + scenario.id.replace("-", "")
    items = [FeedItem(-c.tweet_age_hours.value, "tweet", NEGATIVE, her, her.lstrip("@"),
                      c.tweet.in_(language))]
    if c.tag_reply is not None:
        items.append(FeedItem(-c.tag_age_hours.value, "tag", NEUTRAL, c.follower_handle or "@",
                              (c.follower_handle or "").lstrip("@"), c.tag_reply.in_(language)))
    h = result.hourly
    pick = np.random.default_rng(seed)  # which template each person uses: display only
    replied_before = False
    cafe_hours = {}
    for action in plan.actions:
        if action.staff is None and action.at < min(until, scenario.horizon_hours):
            cafe_hours.setdefault(int(action.at), []).append(action)
    for hour in range(min(until, len(h["reach"]))):
        for action in cafe_hours.get(hour, ()):
            body = action.text or f"[{parts_text(action, language)}]"
            if action.channel == "direct_message":  # private: onlookers never see it
                body = "🔒 " + t("dm_note", language) + "\n" + body
            items.append(FeedItem(action.at, "cafe", "cafe", cafe, cafe.lstrip("@"), body))
            replied_before = True
        for q, kind in ((NEGATIVE, "answer_negative"), (NEUTRAL, "answer_neutral"),
                        (POSITIVE, "answer_positive")):
            if h[f"complainant_posts_{q}"][hour]:
                key = kind if replied_before or q != NEGATIVE else "rant"
                items.append(FeedItem(hour + 0.5, "answer" if key != "rant" else "rant", q,
                                      her, her.lstrip("@"), texts[key][0]))
        if h["competitor_items"][hour]:
            items.append(FeedItem(hour + 0.2, "competitor", "competitor", comp.handle,
                                  comp.name.in_(language), comp.move.in_(language)))
        regulars = [q for q in (NEGATIVE, POSITIVE)
                    for _ in range(int(h[f"regular_posts_{q}"][hour]))]
        people = _people(language, seed, hour, len(regulars))
        for (name, handle), q in zip(people, regulars):
            options = texts[f"regular_{q}"]
            items.append(FeedItem(hour + 0.6, "regular", q, handle, name,
                                  options[int(pick.integers(len(options)))]))
        crowd = []
        for q in (NEGATIVE, NEUTRAL, POSITIVE):
            crowd += [("reply", q)] * int(h[f"replies_{q}"][hour])
            crowd += [("retweet", q)] * int(h[f"retweets_{q}"][hour])
        shown = crowd if len(crowd) <= per_hour else \
            [crowd[i] for i in sorted(pick.choice(len(crowd), per_hour, replace=False))]
        people = _people(language, seed, hour + 100_000, len(shown))
        for (name, handle), (kind, q) in zip(people, shown):
            text = texts[q][int(pick.integers(len(texts[q])))] if kind == "reply" else ""
            items.append(FeedItem(hour + 0.7, kind, q, handle, name, text))
        if len(crowd) > len(shown):
            items.append(FeedItem(hour + 0.9, "more", NEUTRAL, "", "",
                                  t("more", language, n=len(crowd) - len(shown), h=hour)))
    return sorted(items, key=lambda i: i.hour)

