"""What the kinds that send company messages share: their score, plan features and metrics.

The ISP crisis (``complaint_crisis``) and the public reply (``public_reply``) both answer a
complaint with messages on channels, both lose customers, spend money, draw negative posts
and field complaints. This module writes those pieces once; each kind names its own wording.
It is a helper for kinds, not a kind: it never asks which kind it serves.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from casekit.kinds.contract import FlagSpec, MetricSpec, ScorePartSpec
from casekit.plan import Plan
from casekit.scoring import weighted_score

__all__ = ["check_finite", "PART_NAMES", "AFTER_WINDOW", "score_part_specs",
           "message_score", "hourly_points", "plan_features", "FLAGS", "FEATURE_LABELS",
           "headline_metrics"]

#: The parts of the score of a message kind, in order.
PART_NAMES = ("customers_lost", "response_cost", "public_sentiment", "complaint_load")
#: The part a kind adds when its engine projects the loss after the horizon
#: (``totals["after_window_lost"]``, lifetime value still expected to leave).
AFTER_WINDOW = "after_window"

_PART_LABELS = {
    "customers_lost": {"en": "Customers lost", "tr": "Kaybedilen müşteriler"},
    "response_cost": {"en": "Response cost", "tr": "Müdahale maliyeti"},
    "public_sentiment": {"en": "Public sentiment", "tr": "Kamuoyu duygusu"},
    "complaint_load": {"en": "Complaint load", "tr": "Şikâyet yükü"},
    "after_window": {"en": "After the window", "tr": "Pencereden sonra"},
}


def score_part_specs(explain: Mapping[str, Mapping[str, str]],
                     parts: tuple[str, ...] = PART_NAMES) -> tuple[ScorePartSpec, ...]:
    """The parts (the four of :data:`PART_NAMES`, by default) with the kind's own
    explanation of each (``{part: {en, tr}}``)."""
    return tuple(ScorePartSpec(name, explain[name], _PART_LABELS[name]) for name in parts)


def message_score(totals: Mapping[str, float], scenario: Any) -> dict[str, float]:
    """Points taken off by each part (negative numbers) and the total ``score``."""
    w = scenario.score
    parts = {
        "customers_lost": totals["revenue_lost"] * w.lifetime_value_lost.value,
        "response_cost": totals["cost"] * w.response_cost.value,
        "public_sentiment": totals["negative_posts"] * w.negative_post_cost.value,
        "complaint_load": totals["complaints"] * w.complaint_cost.value,
    }
    if "after_window_lost" in totals:
        parts[AFTER_WINDOW] = totals["after_window_lost"] * w.lifetime_value_lost.value
    return weighted_score(parts, w.scale)


def hourly_points(hourly: Mapping[str, np.ndarray], totals: Mapping[str, float],
                  negative_posts: np.ndarray, complaints: np.ndarray,
                  scenario: Any) -> np.ndarray:
    """Points lost in each hour: customers who left that hour (at the mean lifetime value of
    those who left), money spent that hour, that hour's negative posts and complaints.

    What the totals count but no hour shows (posts made before the case's first hour, a
    customer lost at the end, such as a complainant who never comes back) lands in the first
    hour for posts and in the last for customers, so the hours add up to the score."""
    w = scenario.score
    churned = np.asarray(hourly["churned"], dtype=float)
    cost = np.asarray(hourly["cost"], dtype=float)
    left = churned[-1] if churned.size else 0.0
    value = totals["revenue_lost"] / left if left > 0 else 0.0
    lost = np.diff(churned, prepend=0.0) * value
    if left <= 0 and lost.size:
        lost[-1] += totals["revenue_lost"]
    negative = np.asarray(negative_posts, dtype=float).copy()
    contacts = np.asarray(complaints, dtype=float).copy()
    if negative.size:
        negative[0] += totals["negative_posts"] - negative.sum()
        contacts[0] += totals["complaints"] - contacts.sum()
    amount = (lost * w.lifetime_value_lost.value
              + np.diff(cost, prepend=0.0) * w.response_cost.value
              + negative * w.negative_post_cost.value + contacts * w.complaint_cost.value)
    if "after_window_lost" in totals and amount.size:
        # What the end state still costs is counted in the last hour.
        amount[-1] += totals["after_window_lost"] * w.lifetime_value_lost.value
    return -amount / w.scale


def check_finite(section: Any, path: str = "") -> None:
    """Every sourced number of a scenario (section), nested mappings included, is finite:
    raise ValueError naming the first that is not (``.inf`` or ``.nan`` in a file)."""
    from pydantic import BaseModel

    from casekit.case import Sourced
    items = section.items() if isinstance(section, dict) else \
        ((name, getattr(section, name)) for name in type(section).model_fields)
    for name, value in items:
        where = f"{path}.{name}" if path else str(name)
        if isinstance(value, Sourced):
            if not all(math.isfinite(v) for v in (value.value, *(value.range or ()))):
                raise ValueError(f"{where}: expected a finite number, got {value.value:g}")
        elif isinstance(value, (BaseModel, dict)):
            check_finite(value, where)


def headline_metrics(labels: Mapping[str, Mapping[str, str]]) -> tuple[MetricSpec, ...]:
    """The headline metrics of a message kind, with the kind's own wording of each."""
    units = {"churn_rate": ("share", "lower"), "churned_customers": ("count", "lower"),
             "revenue_lost": ("currency", "lower"), "cost": ("currency", "lower"),
             "sentiment_final": ("sentiment", "higher"), "negative_posts": ("count", "lower"),
             "complaints": ("count", "lower")}
    return tuple(MetricSpec(name, unit, better, labels[name])  # type: ignore[arg-type]
                 for name, (unit, better) in units.items())


_HARMFUL_PARTS = ("deny", "attack_accuser")
_DIRECT = ("sms", "email", "paper_letter")


def plan_features(plan: Plan) -> dict[str, Any]:
    """What a message plan does, as numbers the debrief compares across the class."""
    messages = [a for a in plan.actions if not a.is_staffing]
    parts = {p for a in messages for p in a.message}
    first = min((a.at for a in messages), default=math.nan)
    public = [a.at for a in messages if a.audience in ("public", "followers", "complainers")]
    agent_hours = sum(a.staff.agents * a.staff.hours for a in plan.actions
                      if a.staff is not None)
    return {
        "first_response_hour": first,
        "first_public_hour": min(public, default=math.nan),
        "actions": len(plan.actions),
        "channels": len({a.channel for a in messages}),
        "channel_list": "+".join(sorted({str(a.channel) for a in messages})),
        "message_parts": len(parts),
        "compensation": max((a.compensation for a in messages), default=0.0),
        "apology": "apology" in parts,
        "refund": "refund" in parts,
        "corrective_action": "corrective_action" in parts,
        "explain_cause": "explain_cause" in parts,
        "deny_or_attack": bool(parts & set(_HARMFUL_PARTS)),
        "defensive_tone": any(a.tone == "defensive" for a in messages),
        "human_tone": any(a.tone == "human" for a in messages),
        "tells_paper_bill": any(a.channel in _DIRECT and a.audience in ("paper_bill", "everyone")
                                for a in messages),
        "extra_agent_hours": float(agent_hours),
    }


#: Yes/no practices the debrief compares (a kind may drop those that do not apply).
FLAGS: dict[str, FlagSpec] = {
    "apology": FlagSpec({"en": "apologises", "tr": "özür diler"},
                        missing={"en": "never apologised", "tr": "hiç özür dilemedi"}),
    "refund": FlagSpec({"en": "refunds the overcharge", "tr": "fazla alınanı iade eder"},
                       missing={"en": "never offered the refund",
                                "tr": "iadeyi hiç önermedi"}),
    "corrective_action": FlagSpec({"en": "announces a fix", "tr": "bir düzeltme duyurur"}),
    "explain_cause": FlagSpec({"en": "explains the cause", "tr": "nedeni açıklar"}),
    "human_tone": FlagSpec({"en": "speaks in a human voice", "tr": "insani bir dille konuşur"}),
    "tells_paper_bill": FlagSpec(
        {"en": "tells paper-bill customers directly (SMS, e-mail or letter)",
         "tr": "kâğıt faturalı müşterilere doğrudan haber verir (SMS, e-posta ya da mektup)"},
        missing={"en": "left paper-bill customers to find the error in their letterbox",
                 "tr": "kâğıt faturalı müşterilerin hatayı posta kutusunda bulmasına bıraktı"}),
    "defensive_tone": FlagSpec({"en": "uses a defensive tone", "tr": "savunmacı bir dil kullanır"},
                               harmful={"en": "answered in a defensive tone",
                                        "tr": "savunmacı bir dille yanıt verdi"}),
    "deny_or_attack": FlagSpec({"en": "denies or attacks the accuser",
                                "tr": "inkâr eder ya da şikâyetçiye saldırır"},
                               harmful={"en": "denied the error or attacked the accuser",
                                        "tr": "hatayı inkâr etti ya da şikâyetçiye saldırdı"}),
}

#: Numeric plan features the debrief compares, with how to read each.
FEATURE_LABELS: dict[str, dict[str, str]] = {
    "first_response_hour": {"en": "hour of the first message (median)",
                            "tr": "ilk mesajın saati (ortanca)"},
    "first_public_hour": {"en": "hour of the first public answer (median)",
                          "tr": "ilk herkese açık yanıtın saati (ortanca)"},
    "channels": {"en": "channels used (mean)", "tr": "kullanılan kanal (ortalama)"},
    "message_parts": {"en": "message parts (mean)", "tr": "mesaj öğesi (ortalama)"},
    "compensation": {"en": "compensation per customer (mean)",
                     "tr": "müşteri başına tazminat (ortalama)"},
    "extra_agent_hours": {"en": "extra agent-hours (mean)",
                          "tr": "ek temsilci-saat (ortalama)"},
}
