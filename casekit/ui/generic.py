"""The workbench every kind can use: the case, a plan written as data, a run against doing
nothing, the kind's metrics, feedback, figures and score, and the attempts so far.

A kind with panels of its own (the ISP crisis, the public reply) names its workbench in its
contract; a new kind can start with this one (``workbench="casekit.ui.generic:CaseBench"``)
and needs no widget code. Everything shown comes from the kind's contract: its metrics
(labelled, formatted by unit and coloured by which direction is good), its feedback notes,
its figure builders and its score parts.

    >>> bench = CaseBench("help-desk-queue")
    >>> bench.plan_text.value = "name: Mine\\nscenario: help-desk-queue\\nactions: []"
    >>> bench.run()                      # the plan and the baseline on common random numbers
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import ipywidgets as w

from casekit import Case, InputError, Outcome, Plan, load_scenario, no_response, run_many
from casekit.feedback import feedback
from casekit.kinds import kind_of
from casekit.plan import plan_from_text, plan_to_yaml
from casekit.report.figures import builders, localise, to_png
from casekit.report.text import format_value
from casekit.text.formats import number
from casekit.ui.case import CasePanel
from casekit.ui.common import Panel, escape, heading, require_workbench
from casekit.ui.history import AttemptHistory, HistoryPanel, QuestionsPanel, attempts_path
from casekit.ui.results import note_text

__all__ = ["CaseBench", "PlainQuestionsPanel"]


class PlainQuestionsPanel(QuestionsPanel):
    """Questions A and B as the scenario asks them, with no workbench-specific prompt."""

    def relabel(self) -> None:
        super().relabel()
        qs = self.scenario.questions
        for q, text in (("A", qs.A), ("B", qs.B)):
            self.texts[q].value = (f"<p style='margin:0.8em 0 0.2em 0'><b>{q}. "
                                   f"{escape(text.in_(self.language))}</b></p>")

_TEXT = {
    "plan": {"en": "Your plan (a YAML file: edit it, or load a reference plan)",
             "tr": "Planınız (bir YAML dosyası: düzenleyin ya da bir örnek plan yükleyin)"},
    "load": {"en": "Load", "tr": "Yükle"},
    "run": {"en": "Run my plan", "tr": "Planımı çalıştır"},
    "seed": {"en": "Seed", "tr": "Tohum"},
    "reps": {"en": "Replications", "tr": "Tekrar sayısı"},
    "results": {"en": "Results against doing nothing", "tr": "Hiçbir şey yapmamaya göre sonuçlar"},
    "metric": {"en": "Measure", "tr": "Ölçü"},
    "plan_col": {"en": "Your plan", "tr": "Planınız"},
    "base_col": {"en": "Doing nothing", "tr": "Hiçbir şey yapmamak"},
    "diff_col": {"en": "Difference", "tr": "Fark"},
    "score": {"en": "Score (higher is better)", "tr": "Puan (yüksek olan iyi)"},
    "feedback": {"en": "What the research says about your plan",
                 "tr": "Araştırmalar planınız hakkında ne diyor"},
    "source": {"en": "source", "tr": "kaynak"},
    "parts": {"en": "The score, part by part", "tr": "Puan, kalem kalem"},
    "empty": {"en": "Write or load a plan, then run it.",
              "tr": "Bir plan yazın ya da yükleyin, sonra çalıştırın."},
    "done": {"en": "Done: attempt {n}.", "tr": "Tamam: {n}. deneme."},
}


def _t(key: str, language: str, **values: Any) -> str:
    texts = _TEXT[key]
    return (texts.get(language) or texts["en"]).format(**values)


class CaseBench(Panel):
    """The student flow for any scenario, driven by its kind's contract."""

    def __init__(self, scenario: str | Case, language: str = "en",
                 workdir: str | Path | None = None) -> None:
        self.scenario = scenario if isinstance(scenario, Case) else load_scenario(scenario)
        require_workbench(self.scenario, type(self), scenario)
        self.kind = kind_of(self.scenario)
        self.language = language if language in ("en", "tr") else "en"
        self.workdir = Path(workdir or os.environ.get("CASEKIT_WORKDIR") or os.getcwd())
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.history = AttemptHistory(attempts_path(self.workdir, self.scenario.id),
                                      self.scenario.id)
        from casekit.tournament.intake import reference_plans
        self.references = {p.name: p for p in reference_plans(self.scenario)}
        self.case = CasePanel(self.scenario, self.language)
        self.plan_head = w.HTML()
        self.reference = w.Dropdown(options=list(self.references))
        self.load = w.Button()
        self.plan_text = w.Textarea(value=plan_to_yaml(no_response(self.scenario.id)),
                                    layout=w.Layout(width="100%", height="12em"))
        self.seed = w.BoundedIntText(value=1, min=0, max=2**31 - 1)
        self.reps = w.BoundedIntText(value=5, min=1, max=200)
        self.run_button = w.Button(button_style="success", icon="play")
        self.status = w.HTML()
        self.results = w.HTML()
        self.figures = w.Tab()
        self.images: dict[str, w.Image] = {}
        self.history_panel = HistoryPanel(self.history, self.scenario, self.language)
        self.history_panel.SHOWN = self.kind.headline  # type: ignore[misc]
        self.questions = PlainQuestionsPanel(self.scenario, self.history, self.language)
        self.outcome: Outcome | None = None
        self.baseline: Outcome | None = None
        self.load.on_click(lambda _: self.load_reference())
        self.run_button.on_click(lambda _: self.run())
        self.widget = w.VBox([
            self.case.widget, self.plan_head, w.HBox([self.reference, self.load]),
            self.plan_text, w.HBox([self.seed, self.reps]), self.run_button, self.status,
            self.results, self.figures, self.history_panel.widget, self.questions.widget])
        self.relabel()

    @classmethod
    def for_page(cls, scenario: str, **kwargs: Any) -> "CaseBench":
        """The bench a page serves: ``$CASEKIT_SCENARIO`` (set by ``casekit app``) wins."""
        return cls(os.environ.get("CASEKIT_SCENARIO") or scenario, **kwargs)

    def t(self, key: str, **values: Any) -> str:
        return _t(key, self.language, **values)

    def relabel(self) -> None:
        self.case.set_language(self.language)
        self.plan_head.value = heading(self.t("plan"))
        self.load.description = self.t("load")
        self.run_button.description = self.t("run")
        self.seed.description = self.t("seed")
        self.reps.description = self.t("reps")
        self.history_panel.set_language(self.language)
        self.questions.set_language(self.language)
        if self.outcome is None or self.baseline is None:
            self.results.value = f"<i>{escape(self.t('empty'))}</i>"
        else:
            self._show()

    def load_reference(self, name: str | None = None) -> None:
        plan = self.references[name or self.reference.value]
        self.plan_text.value = plan_to_yaml(plan)

    def plan(self) -> Plan:
        """The plan in the editor, validated against the scenario (one-line errors)."""
        return plan_from_text(self.plan_text.value, "plan").check(self.scenario, "plan")

    def run(self, plan: Plan | None = None) -> Outcome | None:
        """Run ``plan`` (default: the editor's) and doing nothing on common random numbers."""
        try:
            plan = plan if plan is not None else self.plan()
        except InputError as exc:
            self.status.value = f"<span style='color:#b0413e'>{escape(str(exc))}</span>"
            return None
        outcome, baseline = run_many(self.scenario, [plan, no_response(self.scenario.id)],
                                     seed=int(self.seed.value), reps=int(self.reps.value))
        self.outcome, self.baseline = outcome, baseline
        notes = feedback(self.scenario, plan, outcome, baseline)
        self.notes = notes
        attempt = self.history.add(plan, outcome, baseline, [n.key for n in notes])
        self.history_panel.refresh()
        self._show()
        self.status.value = escape(self.t("done", n=attempt.get("n", "")))
        return outcome

    def _show(self) -> None:
        assert self.outcome is not None and self.baseline is not None
        lang, o, b = self.language, self.outcome, self.baseline
        rows = []
        for name in self.kind.headline:
            spec = self.kind.metric(name)
            unit = spec.unit if spec is not None else "points"
            label = self.t("score") if spec is None else (spec.label.get(lang) or
                                                          spec.label["en"])
            mine, base = o.metric(name).mean, b.metric(name).mean
            good = spec.good(mine - base) if spec is not None else \
                (None if mine == base else mine > base)
            colour = {True: "#1e7b34", False: "#b0413e", None: "#555"}[good]
            rows.append(f"<tr><td>{escape(label)}</td>"
                        f"<td>{escape(format_value(unit, mine, lang))}</td>"
                        f"<td>{escape(format_value(unit, base, lang))}</td>"
                        f"<td style='color:{colour}'>"
                        f"{escape(format_value(unit, mine - base, lang, sign=True))}</td></tr>")
        head = "".join(f"<th>{escape(self.t(k))}</th>"
                       for k in ("metric", "plan_col", "base_col", "diff_col"))
        notes = "".join(f"<li>{escape(note_text(n, lang))} <small>({escape(self.t('source'))}: "
                        f"{escape(n.source)})</small></li>" for n in getattr(self, "notes", []))
        parts = "".join(f"<li><b>{escape(r.label)}</b> {escape(number(r.points, lang, 1))}: "
                        f"{escape(r.explanation)}</li>"
                        for r in o.score_breakdown(lang).itertuples() if r.part != "score")
        self.results.value = (heading(self.t("results")) +
                              f"<table class='casekit-summary'><tr>{head}</tr>{''.join(rows)}"
                              f"</table>" + heading(self.t("feedback"), 4) +
                              f"<ul>{notes}</ul>" + heading(self.t("parts"), 4) +
                              f"<ul>{parts}</ul>")
        figures = builders(self.scenario)
        self.images = {name: w.Image(format="png", value=to_png(localise(build(o, b, lang),
                                                                           lang)),
                                     layout=w.Layout(max_width="100%"))
                       for name, build in figures.items()}
        self.figures.children = list(self.images.values())
        for i, name in enumerate(self.images):
            self.figures.set_title(i, name)

    def show_all(self) -> w.Widget:
        return self.widget
