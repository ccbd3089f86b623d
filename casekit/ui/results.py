"""Results against the no-response baseline, feedback in words, and what each step bought."""

from __future__ import annotations

import time
from typing import Any, Callable

import ipywidgets as w

from casekit import Outcome, run_many
from casekit.feedback import Note
from casekit.ui.common import Panel, describe, escape, heading, number

__all__ = ["ResultsPanel", "BoughtPanel", "summary_rows"]

#: The crisis workbench's summary rows (every kind's headline metrics are in its JSON).
SUMMARY = ("score", "churn_rate", "churned_customers", "revenue_lost", "cost",
           "sentiment_final", "negative_posts", "complaints")
_LEVEL = {"good": ("✔", "#1e7b34"), "warning": ("⚠", "#b9770e"),
          "problem": ("✖", "#b0413e"), "info": ("ℹ", "#1f6fb4")}


def _fmt(name: str, value: float, signed: bool = False) -> str:
    if name == "churn_rate":
        return f"{100 * value:+.2f}%" if signed else f"{100 * value:.2f}%"
    if name == "sentiment_final":
        return f"{value:+.3f}"
    text = number(value)
    return f"+{text}" if signed and value > 0 else text


def summary_rows(outcome: Outcome, baseline: Outcome) -> list[tuple[str, str, str, str]]:
    """(metric, plan, baseline, difference) as the student reads them."""
    rows = []
    for name in SUMMARY:
        m, b = outcome.metric(name), baseline.metric(name)
        rows.append((name, f"{_fmt(name, m.mean)} [{_fmt(name, m.low)}, {_fmt(name, m.high)}]",
                     f"{_fmt(name, b.mean)} [{_fmt(name, b.low)}, {_fmt(name, b.high)}]",
                     _fmt(name, m.mean - b.mean, signed=True)))
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

    def show(self, outcome: Outcome, baseline: Outcome, notes: list[Note]) -> None:
        self.outcome, self.baseline, self.notes = outcome, baseline, notes
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
            self.drawn[name] = figures.to_png(fig)
            self.images[name].value = self.drawn[name]
        return self.drawn[name]

    def feedback_text(self) -> list[str]:
        """Each feedback note as the student reads it, with its source."""
        return [f"{note.text(self.language)} ({self.t('source')}: {note.source})"
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
        self.tabs.layout.display = ""
        self._summary()
        self._feedback()
        self._breakdown()
        self.drawn = {}
        self.draw_selected()

    def _summary(self) -> None:
        assert self.outcome is not None and self.baseline is not None
        cur = self.outcome.scenario.currency
        head = "".join(f"<th style='padding:0.2em 0.8em'>{escape(self.t(k))}</th>"
                       for k in ("col_measure", "col_plan", "col_baseline", "col_difference"))
        body = "".join(
            f"<tr><td>{escape(self.t(f'metric_{name}', currency=cur))}</td>"
            f"<td style='text-align:right;padding:0 0.8em'>{plan}</td>"
            f"<td style='text-align:right;padding:0 0.8em'>{base}</td>"
            f"<td style='text-align:right;padding:0 0.8em'><b>{diff}</b></td></tr>"
            for name, plan, base, diff in summary_rows(self.outcome, self.baseline))
        self.summary.value = (f"<p style='margin:0.2em 0'>{escape(self.t('results_intro'))}</p>"
                              f"<table class='casekit-summary' style='border-collapse:collapse'>"
                              f"<tr>{head}</tr>{body}</table>")

    def _feedback(self) -> None:
        items = []
        for note in self.notes:
            icon, colour = _LEVEL[note.level]
            items.append(f"<li class='casekit-feedback casekit-{note.level}' style='margin:"
                         f"0.4em 0;list-style:none'><span style='color:{colour};font-weight:"
                         f"bold'>{icon}</span> {escape(note.text(self.language))} <span "
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
        for row in table.itertuples():
            meaning = row.explanation
            rows.append(f"<tr><td>{escape(row.label)}</td>"
                        f"<td style='text-align:right;padding:0 0.6em'>{row.points:,.0f}</td>"
                        f"<td style='text-align:right;padding:0 0.6em'>"
                        f"{base[row.part]:,.0f}</td><td>{escape(meaning)}</td></tr>")
        self.breakdown.value = heading(self.t("score_parts"), 4) + \
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
        self.image = w.Image(format="png", layout=w.Layout(max_width="100%"))
        self.button.on_click(lambda _: self.compute())
        self.widget = w.VBox([self.head, w.HBox([self.button, self.progress]), self.status,
                              self.table, self.image], layout=w.Layout(max_width="64em"))
        self.relabel()

    def set_outcome(self, outcome: Outcome) -> None:
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
            self.status.value = "" if self.outcome is not None and self.outcome.plan.actions \
                else f"<i>{escape(self.t('bought_need_run'))}</i>"
            return
        self.status.value = ""
        currency = self.outcome.scenario.currency
        labels = [f"{r['index'] + 1}. {describe(r['action'], self.language, currency)}"
                  for r in self.rows]
        head = "".join(f"<th style='padding:0.2em 0.6em'>{escape(self.t(k))}</th>" for k in
                       ("col_step", "col_score_without", "col_bought", "col_customers_kept"))
        body = "".join(f"<tr><td>{escape(text)}</td>"
                       f"<td style='text-align:right;padding:0 0.6em'>"
                       f"{r['score_without']:,.0f}</td>"
                       f"<td style='text-align:right;padding:0 0.6em'><b>{r['bought']:+,.0f}"
                       f"</b></td><td style='text-align:right;padding:0 0.6em'>"
                       f"{r['kept']:+,.0f}</td></tr>" for text, r in zip(labels, self.rows))
        self.table.value = f"<table class='casekit-bought'><tr>{head}</tr>{body}</table>"
        from casekit.report import figures
        self.image.value = figures.to_png(figures.bought(labels, [r["bought"] for r in
                                                                  self.rows], self.language))
