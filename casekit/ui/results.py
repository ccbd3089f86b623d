"""Results against the no-response baseline, feedback in words, and what each step bought."""

from __future__ import annotations

import time
from typing import Any, Callable

import ipywidgets as w

from casekit import Outcome, run_many
from casekit.feedback import Note
from casekit.text.formats import metric_value, number
from casekit.text.strings import t
from casekit.ui.common import Panel, describe, escape, heading

__all__ = ["BAD", "GOOD", "BoughtPanel", "ResultsPanel", "colour_of", "note_text",
           "plan_note_lines", "plan_notes_html", "summary_rows", "verdict"]


def note_text(note: Note, language: str) -> str:
    """A feedback note's text with its numbers in the language's style (``Note.text``)."""
    return note.text(language)


def plan_note_lines(kind: Any, scenario: Any, plan: Any, language: str) -> list[str]:
    """What the kind says about a plan before it runs (``Kind.plan_notes``), one line per
    note in ``language``; none when the kind has no such hook or there is no plan."""
    hook = getattr(kind, "plan_notes", None)
    if hook is None or plan is None:
        return []
    return [note_text(n, language) for n in hook(scenario, plan)]


def plan_notes_html(lines: list[str], language: str) -> str:
    """The plan's notes under a heading ("Before you run it"), or nothing."""
    if not lines:
        return ""
    return (f"<div style='margin:0.3em 0;color:#7a5200'><b>{escape(t('bench_notes', language))}"
            "</b><ul style='margin:0.2em 0'>" +
            "".join(f"<li>{escape(x)}</li>" for x in lines) + "</ul></div>")

#: The crisis workbench's summary rows (every kind's headline metrics are in its JSON).
SUMMARY = ("score", "churn_rate", "churned_customers", "revenue_lost", "cost",
           "sentiment_final", "negative_posts", "complaints")
_LEVEL = {"good": ("✔", "#1e7b34"), "warning": ("⚠", "#b9770e"),
          "problem": ("✖", "#b0413e"), "info": ("ℹ", "#1f6fb4")}


#: Colours of good and bad news (the metric's direction decides which a change is).
GOOD, BAD = "#1e7b34", "#b0413e"


def _spec(outcome: Outcome, name: str) -> Any:
    """The metric's MetricSpec (the score: points, higher is better)."""
    from casekit.kinds.contract import MetricSpec
    spec = outcome.kind.metric(name)
    if spec is None:
        return MetricSpec(name, "points", "higher", {"en": name, "tr": name}, headline=False)
    return spec


def _fmt(spec: Any, value: float, language: str, signed: bool = False) -> str:
    return metric_value(spec.unit, value, language, sign=signed)


def verdict(outcome: Outcome, name: str, change: float) -> bool | None:
    """Whether a change of metric ``name`` is good news, by the metric's direction."""
    return _spec(outcome, name).good(change)


def colour_of(good: bool | None) -> str:
    return "inherit" if good is None else (GOOD if good else BAD)


def _good(change: float) -> bool | None:
    """Points bought and customers kept: more is better."""
    return None if change == 0 or change != change else change > 0


def summary_rows(outcome: Outcome, baseline: Outcome, language: str = "en"
                 ) -> list[tuple[str, str, str, str, bool | None]]:
    """(metric, plan, baseline, difference, good news?) as the student reads them."""
    rows = []
    for name in SUMMARY:
        spec = _spec(outcome, name)
        m, b = outcome.metric(name), baseline.metric(name)
        change = m.mean - b.mean
        rows.append((name, f"{_fmt(spec, m.mean, language)} [{_fmt(spec, m.low, language)}, "
                           f"{_fmt(spec, m.high, language)}]",
                     f"{_fmt(spec, b.mean, language)} [{_fmt(spec, b.low, language)}, "
                     f"{_fmt(spec, b.high, language)}]",
                     _fmt(spec, change, language, signed=True), spec.good(change)))
    return rows


class ResultsPanel(Panel):
    """The last run: headline numbers, feedback, figures and the score part by part."""

    def __init__(self, scenario: Any, language: str = "en") -> None:
        from casekit.report.figures import builders
        self.language = language
        self.figure_tabs = tuple(builders(scenario))
        self.outcome: Outcome | None = None
        self.baseline: Outcome | None = None
        self.notes: list[Note] = []
        self.drawn: dict[str, bytes] = {}
        self.partial = False
        self.head = w.HTML()
        self.summary = w.HTML()
        self.feedback = w.HTML()
        self.images = {name: w.Image(format="png", layout=w.Layout(max_width="100%"))
                       for name in self.figure_tabs}
        self.tabs = w.Tab(children=[self.images[n] for n in self.figure_tabs],
                          layout=w.Layout(display="none"))
        self.breakdown = w.HTML()
        self.tabs.observe(lambda _: self.draw_selected(), "selected_index")
        self.widget = w.VBox([self.head, self.summary, self.feedback, self.tabs,
                              self.breakdown], layout=w.Layout(max_width="64em"))
        self.relabel()

    def show(self, outcome: Outcome, baseline: Outcome, notes: list[Note],
             partial: bool = False) -> None:
        """Show a result; ``partial``: a first result from fewer replications than asked
        for, refined when the rest arrive."""
        self.outcome, self.baseline, self.notes = outcome, baseline, notes
        self.partial = partial
        self.drawn = {}
        self.relabel()

    def draw_selected(self) -> None:
        """Draw the figure of the open tab (figures are drawn when first looked at)."""
        if self.outcome is None or self.baseline is None:
            return
        index = self.tabs.selected_index or 0
        self.draw(self.figure_tabs[index])

    def draw(self, name: str) -> bytes:
        if name not in self.drawn:
            from casekit.report import figures
            fig = figures.builders(self.outcome.scenario)[name](self.outcome, self.baseline,
                                                                self.language)
            self.drawn[name] = figures.to_png(figures.localise(fig, self.language))
            self.images[name].value = self.drawn[name]
        return self.drawn[name]

    def feedback_text(self) -> list[str]:
        """Each feedback note as the student reads it, with its source."""
        return [f"{note_text(note, self.language)} ({self.t('source')}: {note.source})"
                for note in self.notes]

    def relabel(self) -> None:
        self.head.value = heading(self.t("section_results"))
        for i, name in enumerate(self.figure_tabs):
            self.tabs.set_title(i, self.t(f"tab_{name}"))
        if self.outcome is None or self.baseline is None:
            self.summary.value = f"<i>{escape(self.t('no_results'))}</i>"
            self.feedback.value = self.breakdown.value = ""
            self.tabs.layout.display = "none"
            return
        self._summary()
        self._feedback()
        self._breakdown()
        self.drawn = {}
        # the first result shows numbers and feedback at once; the figures are drawn when
        # every replication is in (drawing takes longer than the numbers)
        self.tabs.layout.display = "none" if self.partial else ""
        if not self.partial:
            self.draw_selected()

    def _summary(self) -> None:
        assert self.outcome is not None and self.baseline is not None
        cur = self.outcome.scenario.currency
        head = "".join(f"<th style='padding:0.2em 0.8em'>{escape(self.t(k))}</th>"
                       for k in ("col_measure", "col_plan", "col_baseline", "col_difference"))
        body = "".join(
            f"<tr><td>{escape(self.t(f'metric_{name}', currency=cur))}</td>"
            f"<td style='text-align:right;padding:0 0.8em;white-space:nowrap'>{escape(plan)}</td>"
            f"<td style='text-align:right;padding:0 0.8em;white-space:nowrap'>{escape(base)}</td>"
            f"<td class='casekit-{'good' if good else 'bad' if good is False else 'same'}' "
            f"style='text-align:right;padding:0 0.8em;color:{colour_of(good)}'>"
            f"<b>{escape(diff)}</b></td></tr>"
            for name, plan, base, diff, good in summary_rows(self.outcome, self.baseline,
                                                            self.language))
        partial = ""
        if self.partial:
            partial = (f"<p class='casekit-partial' style='margin:0.2em 0;color:#b9770e'>"
                       f"{escape(self.t('partial', done=self.outcome.reps))}</p>")
        self.summary.value = (f"<p style='margin:0.2em 0'>{escape(self.t('results_intro'))}</p>"
                              f"{partial}<table class='casekit-summary' "
                              f"style='border-collapse:collapse'><tr>{head}</tr>{body}</table>")

    def _feedback(self) -> None:
        items = []
        for note in self.notes:
            icon, colour = _LEVEL[note.level]
            items.append(f"<li class='casekit-feedback casekit-{note.level}' style='margin:"
                         f"0.4em 0;list-style:none'><span style='color:{colour};font-weight:"
                         f"bold'>{icon}</span> {escape(note_text(note, self.language))} <span "
                         f"style='color:#666;font-size:0.9em'>({escape(self.t('source'))}: "
                         f"{escape(note.source)})</span></li>")
        self.feedback.value = heading(self.t("feedback"), 4) + \
            f"<ul style='padding-left:0.5em'>{''.join(items)}</ul>"

    def _breakdown(self) -> None:
        assert self.outcome is not None and self.baseline is not None
        table = self.outcome.score_breakdown(self.language)
        base = self.baseline.score_breakdown(self.language).set_index("part")["points"]
        head = "".join(f"<th style='padding:0.2em 0.6em'>{escape(self.t(k))}</th>"
                       for k in ("col_part", "col_plan", "col_baseline", "col_meaning"))
        rows = []
        lang = self.language
        for row in table.itertuples():
            total = row.part == "score"
            style = " style='font-weight:bold;border-top:2px solid #888'" if total else ""
            rows.append(f"<tr class='casekit-{'total' if total else 'part'}'{style}>"
                        f"<td>{escape(row.label)}</td>"
                        f"<td style='text-align:right;padding:0 0.6em'>"
                        f"{escape(number(row.points, lang, 1))}</td>"
                        f"<td style='text-align:right;padding:0 0.6em'>"
                        f"{escape(number(base[row.part], lang, 1))}</td>"
                        f"<td>{escape(row.explanation)}</td></tr>")
        units = self.t("points_units", currency=self.outcome.scenario.currency)
        self.breakdown.value = heading(f"{self.t('score_parts')} ({units})", 4) + \
            "<table class='casekit-breakdown'>" + f"<tr>{head}</tr>" + "".join(rows) + \
            "</table>"


class BoughtPanel(Panel):
    """For each step: the plan without it, on the same seed and replications."""

    def __init__(self, language: str = "en",
                 runner: Callable[..., list[Outcome]] = run_many) -> None:
        self.language = language
        self.outcome: Outcome | None = None
        self.rows: list[dict[str, Any]] = []
        self._run_many = runner
        self.head = w.HTML()
        self.button = w.Button(icon="calculator", disabled=True,
                               layout=w.Layout(width="auto"))
        self.progress = w.IntProgress(value=0, min=0, max=1, layout=w.Layout(display="none"))
        self.status = w.HTML()
        self.table = w.HTML()
        # no image until there is one to show (an empty image is a broken-image icon)
        self.image = w.Image(format="png", layout=w.Layout(max_width="100%", display="none"))
        self.stale: int | None = None   # steps in the plan whose table was replaced
        self.button.on_click(lambda _: self.compute())
        self.widget = w.VBox([self.head, w.HBox([self.button, self.progress]), self.status,
                              self.table, self.image], layout=w.Layout(max_width="64em"))
        self.relabel()

    def set_outcome(self, outcome: Outcome) -> None:
        """A new run: its steps' contributions are not known yet (the page says so when
        an earlier table is replaced, rather than letting it vanish)."""
        self.stale = len(self.rows) if self.rows else None
        self.outcome = outcome
        self.rows = []
        self.button.disabled = not outcome.plan.actions
        self.relabel()

    def compute(self) -> list[dict[str, Any]]:
        outcome = self.outcome
        if outcome is None or not outcome.plan.actions:
            self.status.value = f"<i>{escape(self.t('bought_need_run'))}</i>"
            return []
        plan = outcome.plan
        plans = [plan.without(i) for i in range(len(plan.actions))]
        self.progress.max = len(plans) * outcome.reps
        self.progress.value = 0
        self.progress.layout.display = ""
        self.button.disabled = True
        started = time.perf_counter()

        def tick(done: int, total: int) -> None:
            self.progress.value = done
            self.status.value = escape(self.t("running", done=done, total=total))

        try:
            without = self._run_many(outcome.scenario, plans, seed=outcome.seed,
                                     reps=outcome.reps, customers=outcome.customers,
                                     progress=tick)
        finally:
            self.button.disabled = False
            self.progress.layout.display = "none"
        self.stale = None
        score, churned = outcome.metric("score").mean, outcome.metric("churned_customers").mean
        self.rows = [{"index": i, "action": action,
                      "score_without": other.metric("score").mean,
                      "bought": score - other.metric("score").mean,
                      "kept": other.metric("churned_customers").mean - churned}
                     for i, (action, other) in enumerate(zip(plan.actions, without))]
        self.seconds = time.perf_counter() - started
        self.relabel()
        return self.rows

    def relabel(self) -> None:
        self.head.value = heading(self.t("section_bought")) + \
            f"<p style='margin:0.2em 0'>{escape(self.t('bought_intro'))}</p>"
        self.button.description = self.t("bought_run")
        if not self.rows or self.outcome is None:
            self.table.value = ""
            self.image.value = b""
            self.image.layout.display = "none"
            if self.outcome is None or not self.outcome.plan.actions:
                self.status.value = f"<i>{escape(self.t('bought_need_run'))}</i>"
            elif self.stale is not None:
                self.status.value = f"<i>{escape(self.t('bought_stale'))}</i>"
            else:
                self.status.value = f"<i>{escape(self.t('bought_ready'))}</i>"
            return
        self.status.value = ""
        currency = self.outcome.scenario.currency
        labels = [f"{r['index'] + 1}. {describe(r['action'], self.language, currency)}"
                  for r in self.rows]
        head = "".join(f"<th style='padding:0.2em 0.6em'>{escape(self.t(k))}</th>" for k in
                       ("col_step", "col_score_without", "col_bought", "col_customers_kept"))
        lang = self.language
        cell = "text-align:right;padding:0 0.6em;white-space:nowrap"
        body = "".join(
            f"<tr><td>{escape(text)}</td>"
            f"<td style='{cell}'>{escape(number(r['score_without'], lang, 1))}</td>"
            f"<td style='{cell};color:{colour_of(_good(r['bought']))}'>"
            f"<b>{escape(number(r['bought'], lang, 1, sign=True))}</b></td>"
            f"<td style='{cell};color:{colour_of(_good(r['kept']))}'>"
            f"{escape(number(r['kept'], lang, 0, sign=True))}</td></tr>"
            for text, r in zip(labels, self.rows))
        self.table.value = f"<table class='casekit-bought'><tr>{head}</tr>{body}</table>"
        from casekit.report import figures
        self.image.value = figures.to_png(figures.localise(
            figures.bought(labels, [r["bought"] for r in self.rows], self.language), lang))
        self.image.layout.display = ""
