"""The workbench every kind can use: the case, a plan written as data, a run against doing
nothing, the kind's metrics, feedback, figures and score, and the attempts so far.

A kind with panels of its own (the ISP crisis, the public reply) names its workbench in its
contract; a new kind can start with this one (``workbench="casekit.ui.generic:CaseBench"``)
and needs no widget code. Everything shown comes from the kind's contract: its metrics
(labelled, formatted by unit and coloured by which direction is good), its feedback notes,
its figure builders, its score parts and, if it has the hook, its notes about a plan before
it runs (``Kind.plan_notes``). One language switch on top changes every word and number.

    >>> bench = CaseBench("help-desk-queue")
    >>> bench.plan_text.value = "name: Mine\\nscenario: help-desk-queue\\nactions: []"
    >>> bench.run()                      # the plan and the baseline on common random numbers
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import ipywidgets as w
import yaml

from casekit import Case, InputError, Outcome, Plan, load_scenario, no_response, run_many
from casekit.feedback import feedback
from casekit.kinds import kind_of
from casekit.plan import plan_from_text, plan_to_yaml
from casekit.report.figures import builders, localise, to_png
from casekit.report.text import format_value
from casekit.text.formats import number
from casekit.text.strings import LANGUAGES, STRINGS, plan_name
from casekit.ui.case import CasePanel
from casekit.ui.common import Panel, escape, heading, require_workbench
from casekit.ui.history import AttemptHistory, HistoryPanel, QuestionsPanel, attempts_path
from casekit.ui.results import note_text, plan_note_lines, plan_notes_html

__all__ = ["CaseBench", "PlainQuestionsPanel", "REPLICATIONS", "figure_png"]

#: Replications of every run on these pages unless the student changes the number: the
#: bench's results and a kind's own panels (the bank's year of complaints) read the bench's
#: one field, so the same plan shows the same score everywhere on the page.
REPLICATIONS = 5


def figure_png(fig: Any, language: str) -> bytes:
    """A figure as PNG bytes in the language's number style; the figure is closed (a page
    that redraws on every slider move would otherwise keep every figure open)."""
    try:
        return to_png(localise(fig, language))
    finally:
        import matplotlib.pyplot as plt
        plt.close(fig)


def figure_title(fig: Any) -> str:
    """The title a figure gives itself (its first axes' title, or its suptitle)."""
    for ax in fig.axes:
        if ax.get_title():
            return str(ax.get_title())
    suptitle = getattr(fig, "_suptitle", None)
    return str(suptitle.get_text()) if suptitle is not None else ""


def unnumbered(widget: Any) -> None:
    """Drop the crisis page's section number ("7. Your attempts") from a shared panel's
    heading: this page orders its sections itself."""
    widget.value = re.sub(r"(<h\d[^>]*>)\d+\.\s*", r"\1", widget.value, count=1)


class PlainQuestionsPanel(QuestionsPanel):
    """Questions A and B as the scenario asks them, with no workbench-specific prompt."""

    def relabel(self) -> None:
        super().relabel()
        qs = self.scenario.questions
        for q, text in (("A", qs.A), ("B", qs.B)):
            self.texts[q].value = (f"<p style='margin:0.8em 0 0.2em 0'><b>{q}. "
                                   f"{escape(text.in_(self.language))}</b></p>")


class CaseBench(Panel):
    """The student flow for any scenario, driven by its kind's contract."""

    def __init__(self, scenario: str | Case, language: str = "en",
                 workdir: str | Path | None = None) -> None:
        self.scenario = scenario if isinstance(scenario, Case) else load_scenario(scenario)
        require_workbench(self.scenario, type(self), scenario)
        self.kind = kind_of(self.scenario)
        self.language = language if language in LANGUAGES else "en"
        self.workdir = Path(workdir or os.environ.get("CASEKIT_WORKDIR") or os.getcwd())
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.history = AttemptHistory(attempts_path(self.workdir, self.scenario.id),
                                      self.scenario.id)
        from casekit.tournament.intake import reference_plans
        self.references = {p.name: p for p in reference_plans(self.scenario)}
        self.language_switch = w.ToggleButtons(options=[("English", "en"), ("Türkçe", "tr")],
                                               value=self.language)
        self.case = CasePanel(self.scenario, self.language)
        self.plan_head = w.HTML()
        self.reference = w.Dropdown(options=list(self.references),
                                    style={"description_width": "initial"},
                                    layout=w.Layout(width="32em"))
        self.load = w.Button()
        self.plan_text = w.Textarea(value=plan_to_yaml(self._starting_plan()),
                                    continuous_update=False,
                                    layout=w.Layout(width="100%", height="12em"))
        self.plan_notes = w.HTML()
        wide = {"description_width": "initial"}
        self.seed = w.BoundedIntText(value=1, min=0, max=2**31 - 1, style=wide,
                                     layout=w.Layout(width="12em"))
        self.reps = w.BoundedIntText(value=REPLICATIONS, min=1, max=200, style=wide,
                                     layout=w.Layout(width="14em"))
        self.run_button = w.Button(button_style="success", icon="play",
                                   layout=w.Layout(width="auto"))
        self.status = w.HTML()
        self._said: tuple[str, dict[str, Any], bool] | None = None
        self.results = w.HTML()
        self.figures = w.Tab()
        self.images: dict[str, w.Image] = {}
        self._drawn: dict[tuple[str, str], tuple[bytes, str]] = {}
        self.history_panel = HistoryPanel(self.history, self.scenario, self.language)
        self.history_panel.SHOWN = self.kind.headline  # type: ignore[misc]
        self.history_panel.BASELINE = "bench_base_col"  # the results' word for the baseline
        self.history_panel.refresh()
        self.questions = PlainQuestionsPanel(self.scenario, self.history, self.language)
        self.outcome: Outcome | None = None
        self.baseline: Outcome | None = None
        self.notes: list[Any] = []
        self.language_switch.observe(lambda c: self.set_language(c["new"]), "value")
        self.load.on_click(lambda _: self.load_reference())
        self.run_button.on_click(lambda _: self.run())
        self.plan_text.observe(lambda _: self.show_plan_notes(), "value")
        self.widget = w.VBox([self.language_switch, self.case.widget, self.section("plan"),
                              self.section("run"), self.results, self.figures,
                              self.history_panel.widget, self.questions.widget])
        self.relabel()
        self.show_plan_notes()

    @classmethod
    def for_page(cls, scenario: str, **kwargs: Any) -> "CaseBench":
        """The bench a page serves: ``$CASEKIT_SCENARIO`` (set by ``casekit app``) wins."""
        return cls(os.environ.get("CASEKIT_SCENARIO") or scenario, **kwargs)

    @property
    def replications(self) -> int:
        """How many replications a run uses (the one number every panel of the page reads)."""
        return int(self.reps.value)

    def section(self, name: str) -> w.Widget:
        """One part of the page for a notebook cell: ``language``, ``case``, ``plan``,
        ``run``, ``results``, ``figures``, ``history`` or ``questions``."""
        if not hasattr(self, "_sections"):
            self._sections: dict[str, w.Widget] = {
                "language": self.language_switch, "case": self.case.widget,
                "plan": w.VBox([self.plan_head, w.HBox([self.reference, self.load]),
                                self.plan_text, self.plan_notes]),
                "run": w.VBox([w.HBox([self.seed, self.reps, self.run_button]), self.status]),
                "results": w.VBox([self.results, self.figures]),
                "figures": self.figures, "history": self.history_panel.widget,
                "questions": self.questions.widget}
        if name not in self._sections:
            raise KeyError(f"no section {name!r}; expected one of {', '.join(self._sections)}")
        return self._sections[name]

    def show_all(self) -> w.Widget:
        return self.widget

    def t(self, key: str, **values: Any) -> str:
        from casekit.text.strings import t
        return t(key, self.language, **values)

    def set_language(self, language: str) -> None:
        """Change every text, label and figure of the page."""
        self.language = language if language in LANGUAGES else "en"
        if self.language_switch.value != self.language:
            self.language_switch.value = self.language  # calls back here
            return
        self._rename_default_plan()
        self.relabel()

    def _rename_default_plan(self) -> None:
        """A plan still called by the page's default name takes the new language's."""
        from casekit.text.strings import t
        defaults = {t("plan_default_name", x) for x in LANGUAGES}
        lines = self.plan_text.value.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("name:") and yaml.safe_load(line[5:] or "''") in defaults:
                lines[i] = "name: " + t("plan_default_name", self.language)
                self.plan_text.value = "\n".join(lines) + "\n"
                break

    def relabel(self) -> None:
        self.case.set_language(self.language)
        self.plan_head.value = heading(self.t("bench_plan"))
        self.reference.description = self.t("bench_reference")
        self.reference.options = [(plan_name(name, self.language), name)
                                  for name in self.references]
        self.load.description = self.t("bench_load")
        self.run_button.description = self.t("run")
        self.seed.description = self.t("seed")
        self.reps.description = self.t("reps")
        self.history_panel.set_language(self.language)
        self.questions.set_language(self.language)
        for head in (self.case.body, self.history_panel.head, self.questions.head):
            unnumbered(head)
        if self._said is not None:
            key, values, problem = self._said
            self._say(key, problem, **values)
        self.show_plan_notes()
        if self.outcome is None or self.baseline is None:
            self.results.value = f"<i>{escape(self.t('bench_empty'))}</i>"
            self.figures.layout.display = "none"
        else:
            self._show()

    def _say(self, key: str, problem: bool = False, **values: Any) -> None:
        """The status line, kept so that it is said again in the other language."""
        self._said = (key, values, problem)
        text = escape(self.t(key, **values))
        self.status.value = f"<span style='color:#b0413e'>{text}</span>" if problem else text

    def load_reference(self, name: str | None = None) -> None:
        name = name or self.reference.value
        self.plan_text.value = plan_to_yaml(self.references[name])
        self._say("bench_loaded", name=plan_name(name, self.language))

    def _starting_plan(self) -> Plan:
        """What the editor holds when the page opens: doing nothing, if it is a valid plan
        of this kind, else the first reference plan (a click on Run must never fail)."""
        nothing = no_response(self.scenario.id)
        try:
            return nothing.check(self.scenario, "plan")
        except InputError:
            return next(iter(self.references.values()), nothing)

    def plan(self) -> Plan:
        """The plan in the editor, validated against the scenario (one-line errors)."""
        return plan_from_text(self.plan_text.value, "plan").check(self.scenario, "plan")

    def plan_note_texts(self, plan: Plan | None = None) -> list[str]:
        """What the kind says about a plan before it runs (``Kind.plan_notes``, when the
        kind has the hook), each in the page's language; [] for an invalid plan."""
        try:
            plan = plan if plan is not None else self.plan()
        except InputError:
            return []
        return plan_note_lines(self.kind, self.scenario, plan, self.language)

    def show_plan_notes(self) -> None:
        self.plan_notes.value = plan_notes_html(self.plan_note_texts(), self.language)

    def run(self, plan: Plan | None = None, keep: bool = True) -> Outcome | None:
        """Run ``plan`` (default: the editor's) and doing nothing on common random numbers;
        with ``keep`` the run is recorded as an attempt (a page that shows a first result
        when it opens passes ``keep=False``: nobody made that attempt)."""
        try:
            plan = plan if plan is not None else self.plan()
        except InputError as exc:
            self._say("bench_invalid", True, error=str(exc))
            return None
        self._say("bench_running", reps=self.replications)
        outcome, baseline = run_many(self.scenario, [plan, no_response(self.scenario.id)],
                                     seed=int(self.seed.value), reps=self.replications)
        self.outcome, self.baseline = outcome, baseline
        self.notes = feedback(self.scenario, plan, outcome, baseline)
        self._drawn = {}
        self._show()
        if not keep:
            self._say("bench_shown")
            return outcome
        attempt = self.history.add(plan, outcome, baseline, [n.key for n in self.notes])
        self.history_panel.refresh()
        unnumbered(self.history_panel.head)
        self._say("bench_done", n=attempt.get("n", ""))
        return outcome

    def _show(self) -> None:
        assert self.outcome is not None and self.baseline is not None
        lang, o, b = self.language, self.outcome, self.baseline
        rows = []
        for name in self.kind.headline:
            spec = self.kind.metric(name)
            unit = spec.unit if spec is not None else "points"
            label = self.t("bench_score") if spec is None else (spec.label.get(lang) or
                                                                spec.label["en"])
            mine, base = o.metric(name).mean, b.metric(name).mean
            good = spec.good(mine - base) if spec is not None else \
                (None if mine == base else mine > base)
            colour = {True: "#1e7b34", False: "#b0413e", None: "#555"}[good]
            currency = getattr(self.scenario, "currency", "")
            rows.append(f"<tr><td>{escape(label)}</td>"
                        f"<td>{escape(format_value(unit, mine, lang, currency))}</td>"
                        f"<td>{escape(format_value(unit, base, lang, currency))}</td>"
                        f"<td style='color:{colour}'>"
                        f"{escape(format_value(unit, mine - base, lang, currency, sign=True))}"
                        "</td></tr>")
        head = "".join(f"<th>{escape(self.t(k))}</th>"
                       for k in ("col_measure", "col_plan", "bench_base_col", "col_difference"))
        notes = "".join(f"<li>{escape(note_text(n, lang))} <small>({escape(self.t('source'))}"
                        f": {escape(n.source)})</small></li>" for n in self.notes)
        parts = "".join(f"<li><b>{escape(r.label)}</b> {escape(number(r.points, lang, 1))}: "
                        f"{escape(r.explanation)}</li>"
                        for r in o.score_breakdown(lang).itertuples() if r.part != "score")
        self.results.value = (
            heading(self.t("bench_results")) +
            f"<p style='margin:0.2em 0'>{escape(self.t('bench_intro', reps=o.reps))}</p>"
            f"<table class='casekit-summary'><tr>{head}</tr>{''.join(rows)}</table>" +
            heading(self.t("bench_feedback"), 4) + f"<ul>{notes}</ul>" +
            heading(self.t("score_parts"), 4) + f"<ul>{parts}</ul>")
        self._draw_figures()

    def _draw_figures(self) -> None:
        """Every figure of the kind as an image in its tab, in the page's language (drawn
        once per language and result)."""
        assert self.outcome is not None and self.baseline is not None
        lang = self.language
        drawn = []
        for name, build in builders(self.scenario).items():
            if (name, lang) not in self._drawn:
                fig = build(self.outcome, self.baseline, lang)
                title = figure_title(fig)
                self._drawn[(name, lang)] = (figure_png(fig, lang), title)
            png, title = self._drawn[(name, lang)]
            image = self.images.get(name)
            if image is None:
                image = self.images[name] = w.Image(format="png",
                                                    layout=w.Layout(max_width="100%"))
            image.value = png
            key = f"tab_{name}"
            drawn.append((name, self.t(key) if key in STRINGS else
                          (title or name.replace("_", " "))))
        self.figures.children = [self.images[name] for name, _ in drawn]
        for i, (_, title) in enumerate(drawn):
            self.figures.set_title(i, title)
        self.figures.layout.display = ""
