"""Feedback in words, tied to the theory: what a student's plan did and why it mattered.

Every note is computed from the plan, the scenario and a few numbers taken from the
outcome (the evidence); each carries its text in both teaching languages (from
``casekit.text.strings.FEEDBACK``) and the source it rests on. The rules are pure functions:

    >>> notes = feedback(scenario, plan, evidence_from(outcome, baseline))
    >>> notes = crisis_feedback(scenario, plan, outcome, baseline)   # the kind's hook
    >>> [note.text("tr") for note in notes]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Sequence

from casekit.feedback import Note
from casekit.kinds.complaint_crisis.schema import CrisisScenario as Scenario
from casekit.plan import Action, Plan

__all__ = ["Evidence", "evidence_from", "feedback", "first_public_hour",
           "paper_bill_first_reached", "REBUILD_PARTS", "DENY_PARTS", "early_actions",
           "TIMING"]

#: SCCT rebuild strategies (Coombs 2007) and the deny family.
REBUILD_PARTS = ("apology", "corrective_action", "refund", "compensation")
DENY_PARTS = ("deny", "attack_accuser")
#: Parts that tell a customer about the error (a message that can steal the thunder).
TELLING_PARTS = ("acknowledge", "apology", "explain_cause", "corrective_action", "refund",
                 "compensation")
#: Channels that reach a customer one by one (not a public post).
DIRECT_CHANNELS = ("sms", "email", "paper_letter", "call_center", "direct_message")
#: Callers giving up above this share is worth a note.
ABANDON_SHARE_NOTE = 0.2
#: Compensation at which this share of its maximum effect is reached earns a note.
COMPENSATION_NOTE_SHARE = 0.9


@dataclass(frozen=True)
class Evidence:
    """The numbers from a run that feedback needs (means over replications).

    ``comments_by_hour[h]`` is the thread's comment count at the start of hour ``h``.
    """

    comments_by_hour: Sequence[float]
    abandoned_calls: float = 0.0
    served_calls: float = 0.0
    churn_rate: float | None = None
    baseline_churn_rate: float | None = None
    churned: float | None = None
    baseline_churned: float | None = None
    score: float | None = None
    baseline_score: float | None = None

    def comments_at(self, hour: float) -> int:
        series = self.comments_by_hour
        if not len(series):
            return 0
        index = min(max(int(math.ceil(hour)), 0), len(series) - 1)
        return int(round(series[index]))


def evidence_from(outcome: Any, baseline: Any = None) -> Evidence:
    """Evidence from an :class:`casekit.Outcome` and, optionally, the baseline's."""
    import numpy as np
    hourly = outcome.hourly()
    mean = hourly.groupby("hour").mean(numeric_only=True)
    per_hour = (mean["comments_negative"] + mean["comments_neutral"]
                + mean["comments_positive"]).to_numpy()
    start = outcome.scenario.thread.start_comments
    by_hour = start + np.concatenate([[0.0], np.cumsum(per_hour)])
    values: dict[str, Any] = {
        "comments_by_hour": tuple(float(v) for v in by_hour),
        "abandoned_calls": float(mean["abandoned_calls"].sum()),
        "served_calls": float(mean["served_calls"].sum()),
        "churn_rate": outcome.metric("churn_rate").mean,
        "churned": outcome.metric("churned_customers").mean,
        "score": outcome.metric("score").mean,
    }
    if baseline is not None:
        values.update(baseline_churn_rate=baseline.metric("churn_rate").mean,
                      baseline_churned=baseline.metric("churned_customers").mean,
                      baseline_score=baseline.metric("score").mean)
    return Evidence(**values)


def _is_public(action: Action) -> bool:
    return action.audience in ("public", "followers") or \
        action.channel in ("facebook_reply", "twitter_reply")


def first_public_hour(plan: Plan) -> float | None:
    """When the company first speaks in public (a post, the website, a public reply)."""
    hours = [a.at for a in plan.actions if a.staff is None and _is_public(a)]
    return min(hours) if hours else None


def paper_bill_first_reached(plan: Plan, scenario: Scenario) -> float | None:
    """The hour paper-bill customers first get a message about the error, delivery included."""
    hours = []
    for a in plan.actions:
        if a.staff is not None or a.audience not in ("everyone", "paper_bill"):
            continue
        if a.channel not in DIRECT_CHANNELS or not set(a.message) & set(TELLING_PARTS):
            continue
        channel = scenario.channels.get(a.channel)
        hours.append(a.at + (float(channel.delay_hours) if channel else 0.0))
    return min(hours) if hours else None


def _silence(plan: Plan, scenario: Scenario, ev: Evidence) -> list[Note]:
    start = scenario.thread.start_comments
    reply = scenario.channels.get(f"{scenario.thread.platform}_reply")
    expected = float(reply.tau_hours) if reply else 4.0
    first = first_public_hour(plan)
    if first is None:
        grown = ev.comments_at(len(ev.comments_by_hour) - 1)
        return [Note("never_public", "problem", {"start": start, "grown": grown})]
    grown = ev.comments_at(first)
    if first > expected:
        return [Note("silent_long", "problem", {"hours": round(first, 1), "start": start,
                                                "grown": grown})]
    opening = [a for a in plan.actions if a.staff is None and _is_public(a) and a.at == first]
    if any(a.tone == "defensive" or set(a.message) & set(DENY_PARTS) for a in opening):
        return []  # fast, but what it said is the problem (see the denial and tone notes)
    return [Note("fast_public", "good", {"hours": round(first, 1), "grown": grown})]


def _denial(plan: Plan, scenario: Scenario) -> list[Note]:
    denies = [i for i, a in enumerate(plan.actions) if set(a.message) & set(DENY_PARTS)]
    if not denies:
        return []
    rebuilds = [i for i, a in enumerate(plan.actions) if set(a.message) & set(REBUILD_PARTS)]
    if rebuilds:
        both = [i for i in denies if i in rebuilds]
        step = (both or denies)[0] + 1
        return [Note("mixed_deny", "problem", {"step": step})]
    if scenario.crisis.real_failure:
        return [Note("deny_real_failure", "problem", {"step": denies[0] + 1})]
    return []


def _stealing_thunder(plan: Plan, scenario: Scenario) -> list[Note]:
    first = 24.0 * float(scenario.incident.paper_bill_first_day)
    last = 24.0 * float(scenario.incident.paper_bill_last_day)
    reached = paper_bill_first_reached(plan, scenario)
    if reached is None:
        return [Note("paper_never", "problem", {"first": first, "last": last})]
    if reached > first:
        return [Note("paper_late", "warning", {"hour": round(reached, 1), "first": first})]
    return [Note("paper_early", "good", {"hour": round(reached, 1), "first": first})]


def _tone(plan: Plan) -> list[Note]:
    for i, a in enumerate(plan.actions):
        if a.staff is None and a.tone == "defensive":
            return [Note("defensive", "problem", {"step": i + 1})]
    return []


def _refund(plan: Plan, scenario: Scenario) -> list[Note]:
    rate = float(scenario.incident.overcharge_rate)
    if not scenario.crisis.real_failure or rate <= 0:
        return []
    if any("refund" in a.message for a in plan.actions):
        return []
    return [Note("no_refund", "problem", {"rate": round(100 * rate, 1)})]


def _ask_details(plan: Plan) -> list[Note]:
    for i, a in enumerate(plan.actions):
        if a.staff is None and "ask_details" in a.message and \
                set(a.message) <= {"ask_details", "thank", "acknowledge"}:
            return [Note("ask_details_only", "warning", {"step": i + 1})]
    return []


def _queue(ev: Evidence) -> list[Note]:
    calls = ev.abandoned_calls + ev.served_calls
    if calls <= 0:
        return []
    share = ev.abandoned_calls / calls
    if share < ABANDON_SHARE_NOTE:
        return []
    return [Note("abandoned_calls", "warning", {"share": 100 * share,
                                                "calls": ev.abandoned_calls})]


def _compensation(plan: Plan, scenario: Scenario) -> list[Note]:
    amounts = [a.compensation for a in plan.actions if a.compensation > 0]
    if not amounts:
        return []
    amount = max(amounts)
    scale = float(scenario.model.compensation_scale)
    share = 1 - math.exp(-amount / scale)
    if share < COMPENSATION_NOTE_SHARE:
        return []
    half = round(amount / 2, 1)
    return [Note("compensation_large", "warning", {
        "amount": amount, "currency": scenario.currency, "share": 100 * share,
        "half": half, "half_share": 100 * (1 - math.exp(-half / scale))})]


def _against_baseline(ev: Evidence) -> list[Note]:
    if ev.baseline_churned is None or ev.churned is None or ev.score is None or \
            ev.baseline_score is None or ev.churn_rate is None or ev.baseline_churn_rate is None:
        return []
    points = ev.score - ev.baseline_score
    values = {"plan": 100 * ev.churn_rate, "base": 100 * ev.baseline_churn_rate,
              "points": points}
    if points >= 0:
        return [Note("better_than_nothing", "info",
                     {**values, "kept": max(ev.baseline_churned - ev.churned, 0.0)})]
    return [Note("worse_than_nothing", "problem",
                 {**values, "lost": max(ev.churned - ev.baseline_churned, 0.0)})]


#: The kind's own notes about what the company can know and do when (issue 11), one line
#: each; the plan itself is enough to give them (no run needed).
TIMING: dict[str, dict[str, str]] = {
    "early_cause": {
        "en": "Action {n} explains the cause at hour {at:g}, but the cause is not known until "
              "hour {known:g}: it is a guess, and a wrong guess costs credibility when it is "
              "corrected. Acknowledge and engage now; explain once the cause is found.",
        "tr": "{n}. adım nedeni {at:g}. saatte açıklıyor, ancak neden {known:g}. saate kadar "
              "bilinmiyor: bu bir tahmin ve yanlış çıkan bir tahmin düzeltilirken "
              "güvenilirliğe mal olur. Şimdi durumu kabul edip iletişim kurun; nedeni "
              "bulununca açıklayın.",
        "source": "case (root cause not yet confirmed at hour 0); knowledge.cause_known_hours",
    },
    "early_refund": {
        "en": "Action {n} promises the refund at hour {at:g}; refunds can run only from hour "
              "{ready:g}, when the billing fix allows, and reach accounts {lag:g} h later "
              "(hour {lands:g}).",
        "tr": "{n}. adım iadeyi {at:g}. saatte vaat ediyor; iadeler ancak fatura düzeltmesinin "
              "izin verdiği {ready:g}. saatten itibaren işletilebilir ve hesaplara {lag:g} "
              "saat sonra geçer ({lands:g}. saat).",
        "source": "knowledge.refund_ready_hours; operations.refund_lag_hours",
    },
    "repeat": {
        "en": "Action {n} tells the same audience on the same channel what action {first} "
              "already said: a repeat is worth about {share:.0f}% of the first telling, and "
              "more than {tolerance:g} contacts annoy.",
        "tr": "{n}. adım, {first}. adımın aynı kanalda aynı kitleye söylediğini tekrarlıyor: "
              "bir tekrar ilk söyleyişin yaklaşık %{share:.0f}'i kadar değerlidir ve "
              "{tolerance:g} temastan fazlası rahatsız eder.",
        "source": "model.repeat_value, model.contact_tolerance (R)",
    },
}


def early_actions(scenario: Scenario, plan: Plan) -> list[Note]:
    """One line for each action that comes before the company can know or do what it says,
    and for each message that repeats an earlier one (the workbench and the plan check
    show these before a run)."""
    know, ops, m = scenario.knowledge, scenario.operations, scenario.model
    notes = []
    seen: dict[tuple, int] = {}
    for i, a in enumerate(plan.actions, 1):
        if a.staff is not None:
            continue
        if "explain_cause" in a.message and a.at < know.cause_known_hours.value and \
                scenario.crisis.real_failure:
            notes.append(Note("early_cause", "warning",
                              {"n": i, "at": a.at, "known": know.cause_known_hours.value},
                              TIMING))
        if "refund" in a.message and a.at < know.refund_ready_hours.value and \
                not any(note.key == "early_refund" for note in notes):   # once a plan
            ready = know.refund_ready_hours.value
            lag = ops.refund_lag_hours.value
            notes.append(Note("early_refund", "info", {"n": i, "at": a.at, "ready": ready,
                                                       "lag": lag, "lands": ready + lag},
                              TIMING))
        key = (a.channel, a.audience, tuple(sorted(a.message)))
        if key in seen:
            notes.append(Note("repeat", "warning", {
                "n": i, "first": seen[key], "share": 100 * m.repeat_value.value,
                "tolerance": m.contact_tolerance.value}, TIMING))
        seen.setdefault(key, i)
    return notes


def feedback(scenario: Scenario, plan: Plan, evidence: Evidence) -> list[Note]:
    """Every note that applies, the overall comparison first, then problems, then praise."""
    notes = (_against_baseline(evidence) + _silence(plan, scenario, evidence)
             + _denial(plan, scenario) + _stealing_thunder(plan, scenario) + _tone(plan)
             + _refund(plan, scenario) + _ask_details(plan) + _queue(evidence)
             + _compensation(plan, scenario))
    order = {"info": 0, "problem": 1, "warning": 2, "good": 3}
    # What the plan says too early or twice comes last: it needs no run to be seen.
    return sorted(notes, key=lambda n: order[n.level]) + early_actions(scenario, plan)


def crisis_feedback(scenario: Scenario, plan: Plan, outcome: Any, baseline: Any = None
                    ) -> list[Note]:
    """The kind's feedback hook: the notes for ``plan``'s outcome against the baseline."""
    return feedback(scenario, plan, evidence_from(outcome, baseline))
