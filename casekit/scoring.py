"""The score: what the crisis cost the company, in thousands of currency units, negated.

Higher is better; zero would mean the crisis cost nothing. Each part is a number a student
can check and a sentence that says what it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from casekit.scenario import Scenario

__all__ = ["ScorePart", "score_parts", "PART_NAMES", "explain"]

PART_NAMES = ("customers_lost", "response_cost", "public_sentiment", "complaint_load")

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
}


@dataclass(frozen=True)
class ScorePart:
    name: str
    amount: float     # in currency units
    points: float     # negated and scaled: what it takes off the score

    def explanation(self, language: str = "en") -> str:
        return explain(self.name, language)


#: Wording for cases of one public complaint and the crowd watching (kind public_reply).
_EXPLAIN_PUBLIC_REPLY = {
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
    "complaint_load": _EXPLAIN["complaint_load"],
}


def explain(name: str, language: str = "en", kind: str = "complaint_crisis") -> str:
    texts = (_EXPLAIN_PUBLIC_REPLY if kind == "public_reply" else _EXPLAIN)[name]
    return texts.get(language, texts["en"])


def score_parts(totals: dict[str, float], scenario: Scenario) -> dict[str, float]:
    """Points taken off by each part (negative numbers) and the total ``score``."""
    w = scenario.score
    amounts = {
        "customers_lost": totals["revenue_lost"] * w.lifetime_value_lost.value,
        "response_cost": totals["cost"] * w.response_cost.value,
        "public_sentiment": totals["negative_posts"] * w.negative_post_cost.value,
        "complaint_load": totals["complaints"] * w.complaint_cost.value,
    }
    points = {f"score_{k}": -v / w.scale for k, v in amounts.items()}
    points["score"] = sum(points.values())
    return points
