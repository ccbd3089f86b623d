"""The simulated Facebook thread: the post, its counters, and the latest comments.

The counters and the tone of the comments come from the simulation (hourly columns
``comments_negative/neutral/positive``, ``likes`` and ``shares`` of ``Outcome.hourly()``,
averaged over replications); the names from :func:`casekit.text.names.names` (common names
of the page's language, seeded); the texts are drawn from ``casekit.text.strings.COMMENTS``
by polarity, only those that fit what the company has done by that hour (:func:`facts`).
The company's own public messages appear in the thread from the hour they are sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import ipywidgets as w
import numpy as np

from casekit import Outcome, Plan, Scenario
from casekit.text.formats import fill, number
from casekit.text.names import names
from casekit.text.strings import COMMENT_NEEDS, COMMENTS, PART_PHRASES
from casekit.ui.common import Panel, escape, heading

__all__ = ["POLARITIES", "Snapshot", "ThreadView", "comments", "facts", "snapshot"]

POLARITIES = ("negative", "neutral", "positive")
#: The tone of the comments already on the post at hour 0: every comment quoted in the case
#: is hostile (the same reading as the engine's start of the thread). R.
START_MIX = (0.85, 0.10, 0.05)
#: How many of the latest comments the thread shows.
SHOWN = 6
_COLOURS = {"negative": "#c0392b", "neutral": "#7f8c8d", "positive": "#27ae60"}


@dataclass(frozen=True)
class Snapshot:
    """The thread at the end of one hour."""

    hour: int
    likes: int
    comments: int
    shares: int
    mix: tuple[float, float, float]   # shares of new comments by polarity in this hour


def _mean_by_hour(outcome: Outcome) -> Any:
    return outcome.hourly().groupby("hour").mean(numeric_only=True)


def snapshot(scenario: Scenario, hourly_mean: Any, hour: int) -> Snapshot:
    """Counters and polarity mix at ``hour`` from per-hour means (None = hour 0 as in the case)."""
    th = scenario.thread
    if hourly_mean is None:
        return Snapshot(0, th.start_likes, th.start_comments, 0, START_MIX)
    upto = hourly_mean.loc[:hour]
    polar = np.array([upto[f"comments_{p}"].to_numpy() for p in POLARITIES])
    likes = th.start_likes + float(upto["likes"].sum())
    shares = float(upto["shares"].sum())
    comments_total = th.start_comments + float(polar.sum())
    mix = START_MIX
    # The mix of the latest comments: the last three hours that had any.
    window = polar[:, max(0, hour - 2): hour + 1].sum(axis=1)
    if window.sum() <= 0:
        nonzero = np.flatnonzero(polar.sum(axis=0) > 0)
        if nonzero.size:
            last = nonzero[-1]
            window = polar[:, max(0, last - 2): last + 1].sum(axis=1)
    if window.sum() > 0:
        mix = tuple(float(v) for v in window / window.sum())  # type: ignore[assignment]
    return Snapshot(hour, round(likes), round(comments_total), round(shares),
                    mix)  # type: ignore[arg-type]


def facts(plan: Plan | None, scenario: Scenario, hour: int) -> frozenset[str]:
    """What has happened by ``hour`` that a comment may refer to (the tags of
    :data:`casekit.text.strings.COMMENT_NEEDS`)."""
    platform = scenario.thread.platform
    public = (f"{platform}_post", f"{platform}_reply")
    said = [a for a in (plan.actions if plan is not None else ())
            if a.staff is None and a.at <= hour]
    out = set()
    in_public = [a for a in said if a.channel in public]
    out.add("public" if in_public else "silent")
    if any({"acknowledge", "explain_cause", "apology"} & set(a.message) for a in in_public):
        out.add("admitted")
    if any("corrective_action" in a.message for a in said):
        out.add("fixed")
    if any("refund" in a.message for a in said):
        out.add("refund")
    incident = getattr(scenario, "incident", None)
    first_bill = 24 * float(incident.paper_bill_first_day.value) if incident is not None \
        else float("inf")
    if hour >= first_bill:
        out.add("paper")
    if any(a.channel == "sms" and a.at < first_bill for a in said):
        out.add("sms")
    return frozenset(out)


def comments(mix: tuple[float, float, float], language: str, seed: int, hour: int,
             n: int = SHOWN, known: frozenset[str] = frozenset({"silent"})
             ) -> list[tuple[str, str, str]]:
    """``n`` comments (name, polarity, text) whose polarities follow ``mix``.

    Only texts whose needs (:data:`COMMENT_NEEDS`) are among ``known`` are said, so no one
    thanks the company for an answer it has not given. The same seed and hour give the
    same people and polarities in both languages.
    """
    rng = np.random.default_rng([seed, hour])
    p = np.asarray(mix, dtype=float)
    p = p / p.sum() if p.sum() > 0 else np.asarray(START_MIX)
    polarities = rng.choice(len(POLARITIES), size=n, p=p)
    allowed = {name: [i for i, need in enumerate(COMMENT_NEEDS[name]) if set(need) <= known]
               for name in POLARITIES}
    # Each polarity's texts in a seeded order, so one snapshot never repeats a comment.
    orders = {name: [allowed[name][i] for i in rng.permutation(len(allowed[name]))]
              for name in POLARITIES}
    used = dict.fromkeys(POLARITIES, 0)
    people = names(language, seed * 100_003 + hour, n)
    out = []
    for person, q in zip(people, polarities):
        name = POLARITIES[q]
        texts = COMMENTS[name].get(language) or COMMENTS[name]["en"]
        order = orders[name]
        if not order:
            continue
        out.append((person, name, texts[order[used[name] % len(order)]]))
        used[name] += 1
    return out


def company_messages(plan: Plan, scenario: Scenario, hour: int, language: str) -> list[str]:
    """What the company said on the thread's platform up to ``hour``, latest first."""
    platform = scenario.thread.platform
    said = []
    for action in plan.actions:
        if action.staff is not None or action.at > hour:
            continue
        if action.channel not in (f"{platform}_post", f"{platform}_reply"):
            continue
        phrases = [fill(PART_PHRASES[p].get(language, PART_PHRASES[p]["en"]), language,
                        amount=number(action.compensation, language, 0),
                        currency=scenario.currency)
            for p in action.message if p in PART_PHRASES]
        said.append((action.at, " ".join(phrases)))
    return [text for _, text in sorted(said, key=lambda x: -x[0])]


class ThreadView(Panel):
    """The thread, hour by hour, for the last run (or as it stands at hour 0)."""

    def __init__(self, scenario: Scenario, seed: int = 1, language: str = "en") -> None:
        self.scenario = scenario
        self.seed = seed
        self.language = language
        self.outcome: Outcome | None = None
        self.baseline: Outcome | None = None
        self._means: dict[str, Any] = {}
        self.head = w.HTML()
        self.hour = w.IntSlider(value=0, min=0, max=scenario.horizon_hours - 1, disabled=True,
                                continuous_update=False, layout=w.Layout(width="34em"))
        self.which = w.ToggleButtons(options=[("", "plan"), ("", "baseline")], value="plan",
                                     disabled=True)
        self.counters = w.HTML()
        self.mix = w.HTML()
        self.feed = w.HTML()
        self.hour.observe(lambda _: self.render(), "value")
        self.which.observe(lambda _: self.render(), "value")
        self.widget = w.VBox([self.head, w.HBox([self.hour, self.which]), self.counters,
                              self.mix, self.feed], layout=w.Layout(max_width="60em"))
        self.relabel()

    # -- state ----------------------------------------------------------------------
    def show_results(self, outcome: Outcome, baseline: Outcome) -> None:
        self.outcome, self.baseline = outcome, baseline
        self._means = {"plan": _mean_by_hour(outcome), "baseline": _mean_by_hour(baseline)}
        self.hour.disabled = self.which.disabled = False
        self.render()

    @property
    def current(self) -> Snapshot:
        means = self._means.get(self.which.value)
        return snapshot(self.scenario, means, self.hour.value if means is not None else 0)

    # -- text -----------------------------------------------------------------------
    def relabel(self) -> None:
        self.head.value = heading(self.t("section_thread")) + \
            f"<p style='margin:0.2em 0'>{escape(self.t('thread_intro'))}</p>"
        self.hour.description = self.t("thread_hour")
        self.which.options = [(self.t("thread_plan"), "plan"),
                              (self.t("thread_baseline"), "baseline")]
        self.render()

    def render(self) -> None:
        snap = self.current
        lang = self.language
        self.counters.value = (
            "<div style='font-size:1.1em;padding:0.3em 0'>👍 <b>"
            + escape(self.t("thread_counters", likes=snap.likes, comments=snap.comments,
                            shares=snap.shares)) + "</b></div>")
        neg, neu, pos = (round(100 * v) for v in snap.mix)
        note = "" if self._means else f" <i>{escape(self.t('thread_before_run'))}</i>"
        self.mix.value = f"<div>{escape(self.t('thread_mix', neg=neg, neu=neu, pos=pos))}" \
                         f"{note}</div>"
        rows = [self._post()]
        plan = self.outcome.plan if self.outcome is not None and \
            self.which.value == "plan" else None
        if plan is not None:
            for text in company_messages(plan, self.scenario, snap.hour, lang):
                rows.append(self._comment(self.t("company"), "company", text))
        known = facts(plan, self.scenario, snap.hour)
        for name, polarity, text in comments(snap.mix, lang, self.seed, snap.hour, known=known):
            rows.append(self._comment(name, polarity, text))
        self.feed.value = "<div style='border:1px solid #ccd;border-radius:6px;" \
                          "padding:0.5em;background:#f7f8fa'>" + "".join(rows) + "</div>"

    def _post(self) -> str:
        return ("<div style='padding:0.4em;border-bottom:1px solid #dde;font-size:1.05em'>"
                f"<b>{escape(self._author())}</b><br>{escape(self.t('thread_post'))}</div>")

    def _author(self) -> str:
        return names(self.language, self.seed, 1)[0]

    @staticmethod
    def _comment(name: str, polarity: str, text: str) -> str:
        colour = _COLOURS.get(polarity, "#1f6fb4")
        weight = "bold" if polarity == "company" else "normal"
        return (f"<div class='casekit-comment casekit-{polarity}' style='margin:0.3em 0 0.3em "
                f"1.2em;padding:0.25em 0.5em;border-left:4px solid {colour};"
                f"background:white'><b>{escape(name)}</b> "
                f"<span style='font-weight:{weight}'>{escape(text)}</span></div>")
