"""The public-reply workbench: the tweet, the reply composer, the feed, the cascade chart and
the café next door (notebooks/02_dark_horse_cafe.ipynb).

    >>> from casekit.ui.cafe import CafeBench
    >>> bench = CafeBench("dark-horse-cafe")
    >>> bench.composer.text.value = "You're right, sorry! We'll add more sockets this week."
    >>> bench.composer.read()          # the rubric's reading, with the phrases behind it
    >>> bench.composer.add()           # the reply joins the plan
    >>> bench.run()                    # the plan against silence, on the same random numbers

The pure parts live with the kind: its texts (casekit.kinds.public_reply.text), the feed
(casekit.kinds.public_reply.feed) and the cascade figure (casekit.kinds.public_reply.figures);
this module holds the panels only.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import ipywidgets as w
import numpy as np

from casekit import Case, InputError, Outcome, Plan, load_plan, load_scenario, no_response, run_many
from casekit.escape import for_html
from casekit.composer import Reading, guess_language, read_reply
from casekit.engine import RunResult
from casekit.kinds.public_reply.feed import FeedItem, feed, parts_text
from casekit.kinds.public_reply.figures import cascade_figure
from casekit.kinds.public_reply.schema import ReplyScenario
from casekit.kinds.public_reply.text import COLOURS, STRINGS, t
from casekit.outcomes import interval
from casekit.scenario import scenario_dir
from casekit.ui.case import CasePanel
from casekit.text.formats import number as formatted
from casekit.ui.common import Panel, Projector, escape, heading, require_workbench
from casekit.ui.history import AttemptHistory, QuestionsPanel, attempts_path
from casekit.ui.history import HistoryPanel as SharedHistoryPanel
from casekit.text.strings import label, plan_name
from casekit.text.strings import t as shared_t

__all__ = ["CafeBench", "ComposerPanel", "FeedPanel", "FeedItem", "feed", "cascade_figure",
           "STRINGS", "t"]
class _Mine(Panel):
    def t(self, key: str, **values: Any) -> str:
        return t(key, self.language, **values)


def _avatar(name: str, colour: str) -> str:
    initial = escape((name or "?")[:1].upper())
    return (f"<span style='display:inline-block;width:2em;height:2em;border-radius:1em;"
            f"background:{colour};color:white;text-align:center;line-height:2em;"
            f"font-weight:bold;margin-right:0.5em;vertical-align:top'>{initial}</span>")


def _card(name: str, handle: str, when: str, body: str, colour: str, indent: int = 0) -> str:
    return (f"<div style='border:1px solid #e1e8ed;border-left:4px solid {colour};"
            f"border-radius:8px;padding:0.5em 0.7em;margin:0.3em 0 0.3em {indent}em;"
            f"max-width:40em;background:white'>{_avatar(name, colour)}"
            f"<b>{escape(name)}</b> <span style='color:#657786'>{escape(handle)} · "
            f"{escape(when)}</span><div style='margin:0.3em 0 0 2.5em;white-space:pre-wrap'>"
            f"{escape(body)}</div></div>")


class TweetPanel(_Mine):
    """The complainant's tweet and the follower's tag, as they appear in the mentions."""

    def __init__(self, scenario: ReplyScenario, language: str = "en") -> None:
        self.scenario, self.language = scenario, language
        self.body = w.HTML()
        self.widget = w.VBox([self.body])
        self.relabel()

    def relabel(self) -> None:
        c, lang = self.scenario.complainant, self.language
        age = c.tweet_age_hours.value
        parts = [heading(self.t("section_tweet")),
                 f"<p style='margin:0.2em 0'>{escape(self.t('tweet_intro', age=f'{age:g}'))}</p>",
                 _card(c.handle.lstrip("@"), f"{c.handle} · "
                       f"{self.t('followers', n=int(c.followers.value))}",
                       self.t("hours_ago", h=f"{age:g}"), c.tweet.in_(lang), "#1da1f2")]
        if c.tag_reply is not None and c.follower_handle:
            parts.append(_card(c.follower_handle.lstrip("@"), c.follower_handle,
                               self.t("hours_ago", h=f"{c.tag_age_hours.value:g}"),
                               c.tag_reply.in_(lang), "#aab8c2", indent=2))
        self.body.value = "".join(parts)


class ComposerPanel(_Mine):
    """Write a reply, see how the rubric reads it, correct it, add it to the plan."""

    AUDIENCE = {"twitter_reply": "complainers", "direct_message": "complainers",
                "twitter_post": "public"}

    def __init__(self, scenario: ReplyScenario, language: str = "en") -> None:
        self.scenario, self.language = scenario, language
        self.actions: list[Any] = []
        self.reading: Reading | None = None
        self.head = w.HTML()
        self.text = w.Textarea(rows=4, layout=w.Layout(width="40em"))
        self.reply_language = w.ToggleButtons(options=[("English", "en"), ("Türkçe", "tr")],
                                              value=language)
        self.channel_names = [c for c in ("twitter_reply", "direct_message", "twitter_post")
                              if c in scenario.allowed.channels]
        self.channel = w.Dropdown(options=self.channel_names, value=self.channel_names[0])
        self.at = w.BoundedFloatText(value=1.0, min=0.0, max=scenario.horizon_hours - 1,
                                     step=0.5, layout=w.Layout(width="22em"))
        self.read_button = w.Button(icon="search")
        self.parts = {p: w.Checkbox(value=False, indent=False, layout=w.Layout(width="14em"))
                      for p in scenario.allowed.message_parts}
        self.tone = w.Dropdown(options=list(scenario.allowed.tones), value="formal")
        self.why = w.HTML()
        self.add_button = w.Button(icon="plus", button_style="primary")
        self.clear_button = w.Button(icon="trash")
        self.presets = w.Dropdown(options=self._presets(), layout=w.Layout(width="28em"))
        self.load_button = w.Button(icon="folder-open")
        self.plan_view = w.HTML()
        self.read_button.on_click(lambda _: self.read())
        self.add_button.on_click(lambda _: self.add())
        self.clear_button.on_click(lambda _: self.clear())
        self.load_button.on_click(lambda _: self.load_preset())
        boxes = w.GridBox(list(self.parts.values()),
                          layout=w.Layout(grid_template_columns="repeat(3, 15em)"))
        self.widget = w.VBox([
            self.head, self.text, w.HBox([self.reply_language, self.read_button]),
            w.HBox([self.channel, self.at]), boxes, self.tone, self.why,
            w.HBox([self.add_button, self.clear_button]), self.plan_view,
            w.HBox([self.presets, self.load_button])])
        self.relabel()

    def _presets(self) -> list[tuple[str, str]]:
        folder = scenario_dir() / self.scenario.id / "plans"
        return [(plan_name(load_plan(p).name, self.language), str(p))
                for p in sorted(folder.glob("*.yaml"))]

    def relabel(self) -> None:
        lang = self.language
        self.head.value = heading(self.t("section_composer")) + \
            f"<p style='margin:0.2em 0;max-width:50em'>{escape(self.t('composer_intro'))}</p>"
        self.text.placeholder = self.t("placeholder",
                                       handle=self.scenario.complainant.handle.lstrip("@"))
        self.reply_language.description = self.t("reply_language")
        self.channel.description = self.t("channel")
        preset = self.presets.value
        self.presets.options = self._presets()
        if preset in {v for _, v in self.presets.options}:
            self.presets.value = preset
        channel, tone = self.channel.value, self.tone.value
        self.channel.options = [(label("channel", c, lang), c) for c in self.channel_names]
        self.channel.value = channel
        self.at.description = self.t("at")
        self.at.style = {"description_width": "initial"}
        self.read_button.description = self.t("read")
        self.add_button.description = self.t("add")
        self.clear_button.description = self.t("clear")
        self.presets.description = self.t("presets")
        self.presets.style = {"description_width": "initial"}
        self.load_button.description = self.t("load")
        for part, box in self.parts.items():
            box.description = label("part", part, lang)
        self.tone.description = self.t("found_tone")
        self.tone.options = [(label("tone", x, lang), x) for x in self.scenario.allowed.tones]
        self.tone.value = tone
        self._show_reading()
        self._show_plan()

    def read(self) -> Reading:
        """Read the reply with the rubric; tick the parts and set the tone it found.

        The language follows the text when it clearly is the other one."""
        self.reply_language.value = guess_language(self.text.value, self.reply_language.value)
        self.reading = read_reply(self.text.value, self.reply_language.value)
        for part, box in self.parts.items():
            box.value = part in self.reading.parts
        self.tone.value = self.reading.tone
        self._show_reading()
        return self.reading

    def current(self) -> Reading:
        """The reading with the student's corrections (ticks and tone) applied."""
        reading = self.reading if self.reading is not None and \
            self.reading.text == self.text.value else self.read()
        ticked = {p for p, box in self.parts.items() if box.value}
        return reading.override(add=sorted(ticked - set(reading.parts)),
                                remove=sorted(set(reading.parts) - ticked),
                                tone=self.tone.value)

    def add(self) -> None:
        """Add the reply, as read and corrected, to the plan."""
        reading = self.current()
        channel = self.channel.value
        try:
            action = reading.to_action(at=float(self.at.value), channel=channel,
                                       audience=self.AUDIENCE[channel])
        except InputError as exc:
            self.why.value = f"<span style='color:#b0413e'>{escape(str(exc))}</span>"
            return
        self.actions.append(action)
        self._show_plan()

    def clear(self) -> None:
        self.actions = []
        self._show_plan()

    def load_preset(self, path: str | None = None) -> None:
        """Start from a reference plan (what the café did, silence, a better reply)."""
        plan = load_plan(path or self.presets.value, self.scenario)
        self.actions = list(plan.actions)
        first = next((a for a in plan.actions if a.text), None)
        if first is not None:
            self.text.value = first.text
            self.read()
        self._show_plan()

    @property
    def plan(self) -> Plan:
        return Plan(name=self._name(), scenario=self.scenario.id,
                    actions=tuple(self.actions)).check(self.scenario)

    def _name(self) -> str:
        if not self.actions:
            return "Silence"
        first = self.actions[0]
        return f"{len(self.actions)} repl{'y' if len(self.actions) == 1 else 'ies'}: " \
               f"{'+'.join(first.message)} at {first.at:g}h"

    def _show_reading(self) -> None:
        if self.reading is None:
            self.why.value = ""
            return
        r, lang = self.reading, self.language
        marked = _highlight(r)
        if not r.parts:
            found = f"<i>{escape(self.t('nothing_found'))}</i>"
        else:
            found = ", ".join(f"<b>{escape(label('part', p, lang))}</b>" for p in r.parts)
        lines = escape(r.explain(lang)).replace("\n", "<br>")
        self.why.value = (f"<div style='max-width:44em'><p style='margin:0.3em 0'>"
                          f"{escape(self.t('found_parts'))}: {found} · "
                          f"{escape(self.t('found_tone'))}: "
                          f"<b>{escape(label('tone', r.tone, lang))}"
                          f"</b></p><div style='background:#f7f9fa;padding:0.4em 0.6em;"
                          f"border-radius:6px'>{marked}</div><details><summary>"
                          f"{escape(self.t('why'))}</summary><div style='font-family:monospace;"
                          f"font-size:0.9em'>{lines}</div></details></div>")

    def _show_plan(self) -> None:
        lang = self.language
        if not self.actions:
            body = f"<i>{escape(self.t('plan_empty'))}</i>"
        else:
            rows = []
            for a in self.actions:
                line = self.t("plan_line", at=f"{a.at:g}", channel=label("channel", a.channel,
                                                                       lang),
                              parts=parts_text(a, lang), tone=label("tone", a.tone, lang))
                quote = f"<br><span style='color:#555'>“{escape(a.text)}”</span>" if a.text \
                    else ""
                rows.append(f"<li>{escape(line)}{quote}</li>")
            body = "<ol style='margin:0.2em 0'>" + "".join(rows) + "</ol>"
        self.plan_view.value = f"<b>{escape(self.t('plan_head'))}</b>{body}"


def _highlight(reading: Reading) -> str:
    """The reply with the words that counted marked (struck through when negated)."""
    text = reading.text
    spans = []
    for e in reading.evidence:
        if e.how != "phrase" or not e.words:
            continue
        start = text.find(e.words)
        if start >= 0:
            spans.append((start, start + len(e.words), e))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    out, pos = [], 0
    for start, end, e in spans:
        if start < pos:
            continue
        out.append(escape(text[pos:start]))
        style = "text-decoration:line-through;color:#999" if e.negated else \
            ("background:#d6eaf8" if e.kind == "part" else "background:#fdebd0")
        out.append(f"<span title='{escape(e.label)}' style='{style}'>"
                   f"{escape(text[start:end])}</span>")
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


class ResultsPanel(_Mine):
    """Plan against silence, replication by replication, with 95% intervals."""

    METRICS = ("complainant_sentiment", "complainant_return_probability", "observers_attitude",
               "negative_reach", "negative_posts", "reply_coverage", "regulars_lost",
               "monthly_revenue_lost", "competitor_gain", "cost", "score")

    def __init__(self, scenario: ReplyScenario, language: str = "en") -> None:
        self.scenario, self.language = scenario, language
        self.outcome: Outcome | None = None
        self.baseline: Outcome | None = None
        self.head = w.HTML()
        self.table = w.HTML()
        self.widget = w.VBox([self.head, self.table])
        self.relabel()

    def relabel(self) -> None:
        self.head.value = heading(self.t("section_results"))
        self.refresh()

    def show(self, outcome: Outcome, baseline: Outcome) -> None:
        self.outcome, self.baseline = outcome, baseline
        self.refresh()

    #: Which way is good for the measures the kind does not list among its metrics.
    BETTER = {"complainant_sentiment": "higher", "complainant_return_probability": "higher",
              "negative_reach": "lower"}

    def good(self, name: str, difference: Any) -> bool | None:
        """Whether the plan's difference from silence is good news, by the measure's
        direction (the kind's MetricSpec; the score: higher); None when the 95% interval
        of the difference includes zero."""
        if difference.low <= 0 <= difference.high:
            return None
        assert self.outcome is not None
        spec = self.outcome.kind.metric(name)
        better = spec.better if spec is not None else self.BETTER.get(name, "higher")
        return (difference.mean > 0) == (better == "higher")

    def rows(self) -> list[tuple[str, float, float, Any]]:
        """(label, plan mean, silence mean, paired difference) for each measure."""
        assert self.outcome is not None and self.baseline is not None
        a, b = self.outcome.per_run(), self.baseline.per_run()
        out = []
        for name in self.METRICS:
            text = self.t(f"m_{name}", currency=self.scenario.currency,
                          n=self.scenario.population.customers)
            out.append((text, float(a[name].mean()), float(b[name].mean()),
                        interval(a[name].to_numpy() - b[name].to_numpy())))
        return out

    def refresh(self) -> None:
        if self.outcome is None:
            self.table.value = f"<i>{escape(self.t('results_empty'))}</i>"
            return
        head = "".join(f"<th style='padding:0.2em 0.8em'>{escape(self.t(k))}</th>"
                       for k in ("col_measure", "col_plan", "col_silence", "col_difference"))
        body = []
        lang = self.language
        for name, (text, plan, silence, d) in zip(self.METRICS, self.rows()):
            good = self.good(name, d)
            colour = "#555" if good is None else ("#1e7b34" if good else "#b0413e")
            verdict = "same" if good is None else ("good" if good else "bad")
            cell = "text-align:right;padding:0 0.6em;white-space:nowrap"
            body.append(f"<tr><td>{escape(text)}</td><td style='{cell}'>"
                        f"{_fmt(plan, lang)}</td><td style='{cell}'>{_fmt(silence, lang)}</td>"
                        f"<td class='casekit-{verdict}' style='{cell};color:{colour}'>"
                        f"{_fmt(d.mean, lang, True)} "
                        f"[{_fmt(d.low, lang, True)}, {_fmt(d.high, lang, True)}]</td></tr>")
        self.table.value = f"<table style='border-collapse:collapse'><tr>{head}</tr>" + \
            "".join(body) + "</table>"


def _fmt(value: float, language: str = "en", signed: bool = False) -> str:
    """A measure as the café page writes it, in the page's language."""
    if value != value:
        return "–"
    digits = 2 if abs(value) < 10 else (1 if abs(value) < 100 else 0)
    return formatted(value, language, digits, sign=signed)


class FeedPanel(_Mine):
    """One run of the plan as a timeline, with a slider over the hours."""

    def __init__(self, scenario: ReplyScenario, language: str = "en", seed: int = 1) -> None:
        self.scenario, self.language, self.seed = scenario, language, seed
        self.result: RunResult | None = None
        self.plan: Plan | None = None
        self.head = w.HTML()
        self.hours = w.IntSlider(value=12, min=1, max=72, continuous_update=False)
        self.body = w.HTML()
        self.hours.observe(lambda _: self.refresh(), "value")
        self.widget = w.VBox([self.head, self.hours, self.body])
        self.relabel()

    def relabel(self) -> None:
        self.head.value = heading(self.t("section_feed"), 4) + \
            f"<p style='margin:0.2em 0;max-width:50em'>{escape(self.t('feed_intro'))}</p>"
        self.hours.description = self.t("feed_hours")
        self.hours.style = {"description_width": "initial"}
        self.refresh()

    def show(self, result: RunResult, plan: Plan) -> None:
        self.result, self.plan = result, plan
        self.refresh()

    def items(self) -> list[FeedItem]:
        if self.result is None or self.plan is None:
            return []
        return feed(self.scenario, self.result, self.plan, self.language, seed=self.seed,
                    until=int(self.hours.value))

    def refresh(self) -> None:
        items = self.items()
        if not items:
            self.body.value = f"<i>{escape(self.t('results_empty'))}</i>"
            return
        cards = []
        for item in items:
            when = self.t("hour", h=f"{item.hour:.0f}") if item.hour >= 0 else \
                self.t("hours_ago", h=f"{-item.hour:g}")
            colour = COLOURS.get(item.polarity, "#7f8c8d")
            if item.kind == "more":
                cards.append(f"<div style='color:#657786;margin:0.2em 0 0.2em 2em'>"
                             f"{escape(item.text)}</div>")
            elif item.kind == "retweet":
                cards.append(f"<div style='color:{colour};margin:0.2em 0 0.2em 2em'>🔁 "
                             f"{escape(item.name)} ({escape(item.handle)}) "
                             f"{escape(self.t('retweeted'))} · {escape(when)}</div>")
            else:
                indent = 0 if item.kind in ("tweet", "cafe", "competitor", "rant") else 2
                cards.append(_card(item.name, item.handle, when, item.text, colour, indent))
        self.body.value = "<div style='max-height:36em;overflow-y:auto'>" + "".join(cards) + \
            "</div>"


class ChartPanel(_Mine):
    """The cascade over time: a matplotlib figure, plan against silence."""

    def __init__(self, language: str = "en") -> None:
        self.language = language
        self.outcome: Outcome | None = None
        self.baseline: Outcome | None = None
        self.head = w.HTML()
        # drawn as a PNG image (a Figure put into an Output widget shows only its repr)
        self.image = w.Image(format="png", layout=w.Layout(width="100%", max_width="60em",
                                                           display="none"))
        self.figure: Any = None
        self.widget = w.VBox([self.head, self.image])
        self.relabel()

    def relabel(self) -> None:
        self.head.value = heading(self.t("section_chart"), 4) + \
            f"<p style='margin:0.2em 0;max-width:50em'>{escape(self.t('chart_intro'))}</p>"
        self.draw()

    def show(self, outcome: Outcome, baseline: Outcome) -> None:
        self.outcome, self.baseline = outcome, baseline
        self.draw()

    def draw(self) -> None:
        if self.outcome is None or self.baseline is None:
            return
        from casekit.report.figures import localise, to_png
        self.figure = localise(cascade_figure(self.outcome, self.baseline, self.language),
                               self.language)
        self.image.value = to_png(self.figure, dpi=96)
        self.image.layout.display = ""


class CompetitorPanel(_Mine):
    """What the café next door may do, and what it took under the student's plan."""

    def __init__(self, scenario: ReplyScenario, language: str = "en") -> None:
        self.scenario, self.language = scenario, language
        self.outcome: Outcome | None = None
        self.baseline: Outcome | None = None
        self.asleep: Outcome | None = None
        self.head = w.HTML()
        self.body = w.HTML()
        self.compare = w.Button(icon="bed")
        self.widget = w.VBox([self.head, self.body, self.compare])
        self.relabel()

    def relabel(self) -> None:
        comp = self.scenario.competitor
        intro = self.t("competitor_intro", name=comp.name.in_(self.language),
                       handle=comp.handle, move=comp.move.in_(self.language))
        if not comp.active:
            intro += " " + self.t("competitor_off")
        self.head.value = heading(self.t("section_competitor")) + \
            f"<p style='margin:0.2em 0;max-width:50em'>{escape(intro)}</p>"
        self.compare.description = self.t("competitor_compare")
        self.compare.layout.width = "auto"
        self.compare.layout.display = "" if comp.active else "none"
        self.refresh()

    def show(self, outcome: Outcome, baseline: Outcome, asleep: Outcome | None = None) -> None:
        self.outcome, self.baseline, self.asleep = outcome, baseline, asleep
        self.refresh()

    def refresh(self) -> None:
        if self.outcome is None or self.baseline is None:
            self.body.value = ""
            return
        moved = self.outcome.metric("competitor_moved").mean
        silence = self.baseline.metric("competitor_moved").mean
        text = self.t("competitor_moved", share=moved, silence=silence,
                      share_pct=100 * moved, silence_pct=100 * silence)
        table = ""
        if self.asleep is not None:
            rows = []
            for name in ("regulars_lost", "complainant_return_probability", "competitor_gain",
                         "monthly_revenue_lost"):
                text = self.t(f"m_{name}", currency=self.scenario.currency,
                              n=self.scenario.population.customers)
                rows.append(f"<tr><td>{escape(text)}</td>"
                            f"<td style='text-align:right;padding:0 0.8em'>"
                            f"{_fmt(self.outcome.metric(name).mean, self.language)}</td>"
                            f"<td style='text-align:right;padding:0 0.8em'>"
                            f"{_fmt(self.asleep.metric(name).mean, self.language)}</td></tr>")
            table = (f"<table><tr><th></th><th>{escape(self.t('col_awake'))}</th>"
                     f"<th>{escape(self.t('col_asleep'))}</th></tr>" + "".join(rows) +
                     "</table>")
        self.body.value = f"<p style='margin:0.3em 0'>{escape(text)}</p>{table}"


class HistoryPanel(_Mine, SharedHistoryPanel):
    """Every attempt: its replies and the measures that matter in this case."""

    SHOWN = ("complainant_sentiment", "observers_attitude", "negative_reach",
             "regulars_lost", "competitor_gain", "score")

    def _table(self, attempts: list[dict]) -> str:
        head = "".join(f"<th style='padding:0.2em 0.6em'>#{for_html(a.get('n', '?'))}</th>"
                       for a in attempts)
        rows = [f"<tr><th></th>{head}<th>{escape(self.t('col_silence'))}</th></tr>"]
        lang = self.language
        for name in self.SHOWN:
            text = self.t(f"m_{name}", currency=self.scenario.currency,
                          n=self.scenario.population.customers)
            cells = "".join(f"<td style='text-align:right;padding:0 0.6em'>"
                            f"{for_html(_fmt(a.get('cafe', {}).get(name, [np.nan])[0], lang))}"
                            "</td>"
                            for a in attempts)
            base = attempts[-1].get("cafe_silence", {}).get(name, [np.nan])[0]
            rows.append(f"<tr><td>{escape(text)}</td>{cells}<td style='text-align:right'>"
                        f"{for_html(_fmt(base, lang))}</td></tr>")
        return "<table style='border-collapse:collapse'>" + "".join(rows) + "</table>"


class DebriefPanel(_Mine):
    """What the café really did, closed until the student opens it, and its run."""

    def __init__(self, scenario: ReplyScenario, language: str = "en",
                 run: Any = None) -> None:
        self.scenario, self.language = scenario, language
        self.runner = run
        self.text = w.HTML()
        self.button = w.Button(icon="history", layout=w.Layout(width="auto"))
        self.result = w.HTML()
        self.button.on_click(lambda _: self.run())
        self.box = w.Accordion(children=[w.VBox([self.text, self.button, self.result])],
                               selected_index=None)
        self.widget = w.VBox([self.box])
        self.relabel()

    def reference(self) -> Path | None:
        """The reference plan of what the organisation did (its file starts with 'what-')."""
        found = sorted((scenario_dir() / self.scenario.id / "plans").glob("what-*.yaml"))
        return found[0] if found else None

    def relabel(self) -> None:
        self.box.set_title(0, self.t("section_debrief"))
        replies = "".join(f"<li>{escape(r.in_(self.language))}</li>"
                          for r in self.scenario.debrief.actual_replies)
        self.text.value = f"<p style='margin:0.2em 0'>{escape(self.t('debrief_replies'))}</p>" \
                          f"<ul style='max-width:50em'>{replies}</ul>"
        self.button.description = self.t("debrief_run")
        self.button.layout.display = "" if self.reference() else "none"

    def run(self) -> tuple[Outcome, Outcome] | None:
        path = self.reference()
        if path is None or self.runner is None:
            return None
        outcome, baseline = self.runner(load_plan(path, self.scenario))
        m = {k: outcome.metric(k).mean for k in ("observers_attitude", "negative_reach",
                                                  "regulars_lost")}
        b = {k: baseline.metric(k).mean for k in m}
        self.result.value = "<p style='max-width:50em'>" + escape(self.t(
            "debrief_result", att=m["observers_attitude"], att0=b["observers_attitude"],
            reach=m["negative_reach"], reach0=b["negative_reach"], lost=m["regulars_lost"],
            lost0=b["regulars_lost"])) + "</p>"
        return outcome, baseline


class CafeQuestionsPanel(QuestionsPanel):
    """Questions A and B with prompts that point at this workbench's evidence."""

    def relabel(self) -> None:
        super().relabel()
        qs = self.scenario.questions
        for q, text in (("A", qs.A), ("B", qs.B)):
            prompt = t(f"question_{q.lower()}_prompt", self.language)
            self.texts[q].value = (f"<p style='margin:0.8em 0 0.2em 0'><b>{q}. "
                                   f"{escape(text.in_(self.language))}</b></p>"
                                   f"<p style='margin:0 0 0.3em 0;color:#555'><i>"
                                   f"{escape(prompt)}</i></p>")


class CafeBench(_Mine):
    """The whole public-reply flow for one scenario: tweet, reply, run, feed, chart,
    neighbour, attempts and questions."""

    SECTIONS = ("language", "case", "tweet", "composer", "run", "results", "feed", "chart",
                "competitor", "history", "questions", "debrief")

    def __init__(self, scenario: str | ReplyScenario = "dark-horse-cafe", language: str = "en",
                 workdir: str | Path | None = None, seed: int = 1, reps: int = 10) -> None:
        self.scenario = scenario if isinstance(scenario, Case) else load_scenario(scenario)
        require_workbench(self.scenario, type(self), scenario)
        self.language = language if language in ("en", "tr") else "en"
        self.seed, self.reps = seed, reps
        workdir = Path(workdir) if workdir is not None else \
            Path(os.environ.get("CASEKIT_WORKDIR") or os.getcwd())
        workdir.mkdir(parents=True, exist_ok=True)
        self.history = AttemptHistory(attempts_path(workdir, self.scenario.id), self.scenario.id)
        lang = self.language
        self.language_switch = w.ToggleButtons(options=[("English", "en"), ("Türkçe", "tr")],
                                               value=lang)
        self.title = w.HTML()
        self.projector = Projector(lambda: [self.section(n) for n in self.SECTIONS], lang)
        self.language_bar = w.VBox([self.title, w.HBox([self.language_switch,
                                                        self.projector.toggle]),
                                    self.projector.style])
        self.case = CasePanel(self.scenario, lang)  # type: ignore[arg-type]
        self.tweet = TweetPanel(self.scenario, lang)
        self.composer = ComposerPanel(self.scenario, lang)
        self.run_head = w.HTML()
        self.run_button = w.Button(button_style="success", icon="play",
                                   layout=w.Layout(width="auto", height="2.6em"))
        self.status = w.HTML()
        self.run_box = w.VBox([self.run_head, w.HBox([self.run_button, self.status])])
        self.results = ResultsPanel(self.scenario, lang)
        self.feed = FeedPanel(self.scenario, lang, seed=seed)
        self.chart = ChartPanel(lang)
        self.competitor = CompetitorPanel(self.scenario, lang)
        self.history_panel = HistoryPanel(self.history, self.scenario, lang)
        self.questions = CafeQuestionsPanel(self.scenario, self.history, lang)  # type: ignore
        self.debrief = DebriefPanel(self.scenario, lang, run=self._with_baseline)
        self.outcome: Outcome | None = None
        self.baseline: Outcome | None = None
        self._baselines: dict[tuple, Outcome] = {}
        self.language_switch.observe(lambda c: self.set_language(c["new"]), "value")
        self.run_button.on_click(lambda _: self.run())
        self.competitor.compare.on_click(lambda _: self.compare_neighbour())
        self.widget = w.VBox([self.section(name) for name in self.SECTIONS])
        self.relabel()

    @classmethod
    def for_page(cls, scenario: str = "dark-horse-cafe", **kwargs: Any) -> "CafeBench":
        """The bench a page serves: ``$CASEKIT_SCENARIO`` (set by ``casekit app``) wins."""
        return cls(os.environ.get("CASEKIT_SCENARIO") or scenario, **kwargs)

    @property
    def panels(self) -> list[Panel]:
        return [self.case, self.tweet, self.composer, self.results, self.feed, self.chart,
                self.competitor, self.history_panel, self.questions, self.debrief]

    def section(self, name: str) -> w.Widget:
        """One section's widget, for a notebook cell: ``bench.section("composer")``."""
        widgets = {"language": self.language_bar, "run": self.run_box,
                   "history": self.history_panel.widget}
        return widgets[name] if name in widgets else getattr(self, name).widget

    def set_language(self, language: str) -> None:
        self.language = language
        if self.language_switch.value != language:
            self.language_switch.value = language
            return
        self.composer.reply_language.value = language
        for panel in self.panels:
            panel.set_language(language)
        self.relabel()

    def relabel(self) -> None:
        self.title.value = f"<h2 style='margin:0.2em 0'>{escape(self.t('title'))}</h2>"
        self.language_switch.description = shared_t("language", self.language)
        self.projector.relabel(self.language)
        done = getattr(self, "_done", None)
        if done is not None:  # the last run's line, in the page's new language
            self.status.value = escape(self.t("done", seconds=done[0], n=done[1]))
        self.run_head.value = heading(self.t("section_run")) + \
            f"<p style='margin:0.2em 0;max-width:50em'>" \
            f"{escape(self.t('run_intro', reps=self.reps))}</p>"
        self.run_button.description = self.t("run")

    def _run(self, scenario: ReplyScenario, plans: list[Plan]) -> list[Outcome]:
        return run_many(scenario, plans, seed=self.seed, reps=self.reps, workers=1)

    def _with_baseline(self, plan: Plan) -> tuple[Outcome, Outcome]:
        """A plan and silence on the same random numbers (silence is run once per setting)."""
        key = (self.scenario.fingerprint, self.seed, self.reps)
        if key not in self._baselines:
            outcome, self._baselines[key] = self._run(self.scenario,
                                                      [plan, no_response(self.scenario.id)])
        else:
            outcome, = self._run(self.scenario, [plan])
        return outcome, self._baselines[key]

    def preview(self) -> Outcome | None:
        """Show what the plan so far does (silence, before any reply) without keeping it as
        an attempt: opening the page writes nothing."""
        return self.run(record=False)

    def run(self, plan: Plan | None = None, record: bool = True) -> Outcome | None:
        """Run the plan (the composer's, unless given) and silence on the same numbers."""
        import time
        started = time.perf_counter()
        try:
            plan = plan or self.composer.plan
        except InputError as exc:
            self.status.value = f"<span style='color:#b0413e'>" \
                                f"{escape(self.t('failed', error=str(exc)))}</span>"
            return None
        self.status.value = escape(self.t("running"))
        outcome, baseline = self._with_baseline(plan)
        self.outcome, self.baseline = outcome, baseline
        self.results.show(outcome, baseline)
        self.feed.show(outcome.runs[0], plan)
        self.chart.show(outcome, baseline)
        self.competitor.show(outcome, baseline)
        seconds = time.perf_counter() - started
        if not record:
            self.status.value = ""
            return outcome
        entry = self.history.add(plan, outcome, baseline, [])
        entry["cafe"] = {m: [outcome.metric(m).mean] for m in ResultsPanel.METRICS}
        entry["cafe_silence"] = {m: [baseline.metric(m).mean] for m in ResultsPanel.METRICS}
        self.history.save()
        self.history_panel.refresh()
        self._done = (seconds, entry["n"])
        self.status.value = escape(self.t("done", seconds=seconds, n=entry["n"]))
        return outcome

    def compare_neighbour(self) -> Outcome | None:
        """The same plan with the café next door switched off: what did it take?"""
        if self.outcome is None:
            return None
        asleep, = self._run(self.scenario.competitor_on(False), [self.outcome.plan])
        self.competitor.show(self.outcome, self.baseline, asleep)  # type: ignore[arg-type]
        return asleep

    def show_all(self) -> w.Widget:
        return self.widget

