"""The workbench: every panel of the student flow, one language switch, one Run button.

    >>> bench = Workbench("isp-overbilling")
    >>> bench.builder.load_from.value = "ref:Fix fast and SMS everyone"
    >>> bench.builder.load.click()
    >>> bench.run_panel.run.click()
    >>> bench.results.feedback_text()
"""

from __future__ import annotations

import os
import time
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

import ipywidgets as w

from casekit import Case, InputError, Outcome, Plan, Scenario, load_scenario, no_response, run_many
from casekit import run as run_outcome
from casekit.feedback import feedback
from casekit.ui.builder import PlanBuilder
from casekit.ui.case import CasePanel
from casekit.ui.common import Panel, escape, heading, require_workbench
from casekit.ui.history import AttemptHistory, HistoryPanel, QuestionsPanel, attempts_path
from casekit.ui.results import BoughtPanel, ResultsPanel
from casekit.text.strings import LANGUAGES, t
from casekit.ui.thread import ThreadView

__all__ = ["Workbench", "RunPanel", "workdir_default"]

SECTIONS = ("language", "case", "thread", "builder", "run_panel", "results", "bought",
            "history", "questions")


def workdir_default() -> Path:
    """Where attempts and saved plans go: ``$CASEKIT_WORKDIR`` or the notebook's folder."""
    return Path(os.environ.get("CASEKIT_WORKDIR") or os.getcwd())


class RunPanel(Panel):
    """Settings, the Run button, a progress bar and a status line."""

    def __init__(self, scenario: Scenario, language: str = "en") -> None:
        self.language = language
        self.head = w.HTML()
        self.seed = w.BoundedIntText(value=1, min=0, max=2**31 - 1,
                                     layout=w.Layout(width="16em"))
        self.reps = w.BoundedIntText(value=10, min=1, max=200, layout=w.Layout(width="16em"))
        self.customers = w.BoundedIntText(value=scenario.population.customers, min=100,
                                          max=5_000_000, layout=w.Layout(width="16em"))
        self.settings = w.Accordion(children=[w.VBox([self.seed, self.reps, self.customers])])
        self.run = w.Button(button_style="success", icon="play",
                            layout=w.Layout(width="auto", height="2.6em"))
        self.progress = w.IntProgress(value=0, min=0, max=1, layout=w.Layout(display="none"))
        self.status = w.HTML()
        self.widget = w.VBox([self.head, self.settings, w.HBox([self.run, self.progress]),
                              self.status])
        self.relabel()

    def relabel(self) -> None:
        self.head.value = heading(self.t("section_run")) + \
            f"<p style='margin:0.2em 0'>{escape(self.t('run_intro'))}</p>"
        self.settings.set_title(0, self.t("settings"))
        for widget, key in ((self.seed, "seed"), (self.reps, "reps"),
                            (self.customers, "customers")):
            widget.description = self.t(key)
        self.run.description = self.t("run")


class Workbench(Panel):
    """The whole student flow for one scenario."""

    def __init__(self, scenario: str | Scenario = "isp-overbilling", language: str = "en",
                 workdir: str | Path | None = None) -> None:
        self.scenario = scenario if isinstance(scenario, Case) else load_scenario(scenario)
        require_workbench(self.scenario, type(self), scenario)
        self.language = language if language in LANGUAGES else "en"
        self.workdir = Path(workdir) if workdir is not None else workdir_default()
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.history = AttemptHistory(attempts_path(self.workdir, self.scenario.id),
                                      self.scenario.id)
        lang = self.language
        self.language_switch = w.ToggleButtons(options=[("English", "en"), ("Türkçe", "tr")],
                                               value=lang)
        self.title = w.HTML()
        self.language_bar = w.VBox([self.title, self.language_switch])
        self.case = CasePanel(self.scenario, lang)
        self.thread = ThreadView(self.scenario, seed=1, language=lang)
        self.builder = PlanBuilder(self.scenario, self.workdir, lang,
                                   earlier=lambda: self.history.attempts)
        self.run_panel = RunPanel(self.scenario, lang)
        self.results = ResultsPanel(self.scenario, lang)
        self.bought = BoughtPanel(lang)
        self.history_panel = HistoryPanel(self.history, self.scenario, lang)
        self.questions = QuestionsPanel(self.scenario, self.history, lang)
        self.outcome: Outcome | None = None
        self.baseline: Outcome | None = None
        self.last_seconds: float | None = None
        self._baselines: dict[tuple, Outcome] = {}
        self._pending: dict[tuple, Future] = {}
        self.language_switch.observe(lambda c: self.set_language(c["new"]), "value")
        self.run_panel.run.on_click(lambda _: self.run())
        self.widget = w.VBox([self.language_bar, self.case.widget, self.thread.widget,
                              self.builder.widget, self.run_panel.widget, self.results.widget,
                              self.bought.widget, self.history_panel.widget,
                              self.questions.widget])
        self.relabel()

    @classmethod
    def for_page(cls, scenario: str = "isp-overbilling", **kwargs: Any) -> "Workbench":
        """The workbench a page serves: ``$CASEKIT_SCENARIO`` (set by ``casekit app``) wins.

        The page starts computing the no-response baseline at once, in another process,
        while the student reads the case: the first Run then only runs the student's plan.
        """
        bench = cls(os.environ.get("CASEKIT_SCENARIO") or scenario, **kwargs)
        bench.prepare_baseline()
        return bench

    def _settings(self) -> tuple[int, int, int]:
        rp = self.run_panel
        return int(rp.seed.value), int(rp.reps.value), int(rp.customers.value)

    def prepare_baseline(self) -> None:
        """Start the baseline for the current run settings in a background process.

        The result is the same as computing it on the click (same seed, same replications,
        common random numbers); only the waiting moves to while the student reads.
        """
        seed, reps, customers = self._settings()
        key = (self.scenario.fingerprint, seed, reps, customers)
        if key in self._baselines or key in self._pending:
            return
        try:
            pool = ProcessPoolExecutor(max_workers=1)
            self._pending[key] = pool.submit(run_outcome, self.scenario, None, seed, reps,
                                             customers, 1)
            pool.shutdown(wait=False)
        except (OSError, RuntimeError):  # no processes here: the click computes it
            pass

    @property
    def panels(self) -> list[Panel]:
        return [self.case, self.thread, self.builder, self.run_panel, self.results,
                self.bought, self.history_panel, self.questions]

    def section(self, name: str) -> Any:
        """One section's widget, for a notebook cell: ``bench.section("builder")``."""
        if name == "language":
            return self.language_bar
        if name == "history":
            return self.history_panel.widget
        return getattr(self, name).widget

    def set_language(self, language: str) -> None:
        """Change every text and label on the page."""
        self.language = language
        if self.language_switch.value != language:
            self.language_switch.value = language  # calls back here
            return
        for panel in self.panels:
            panel.set_language(language)
        self.relabel()

    def relabel(self) -> None:
        self.title.value = f"<h2 style='margin:0.2em 0'>{escape(self.t('app_title'))}</h2>"
        self.language_switch.description = t("language", self.language)

    def run(self, plan: Plan | None = None) -> Outcome | None:
        """Run ``plan`` (default: the plan in the builder) and the baseline on the same
        random numbers."""
        rp = self.run_panel
        try:
            plan = plan if plan is not None else self.builder.plan
        except InputError as exc:
            rp.status.value = f"<span style='color:#b0413e'>" \
                              f"{escape(self.t('run_failed', error=str(exc)))}</span>"
            return None
        started = time.perf_counter()
        seed, reps, customers = self._settings()
        key = (self.scenario.fingerprint, seed, reps, customers)
        pending = self._pending.pop(key, None)
        if pending is not None:
            try:
                self._baselines[key] = pending.result()
            except Exception:  # a broken background process: compute it now instead
                pass
        plans: list[Plan] = [plan] if key in self._baselines else \
            [plan, no_response(self.scenario.id)]
        rp.progress.max = len(plans) * reps
        rp.progress.value = 0
        rp.progress.layout.display = ""
        rp.run.disabled = True

        def tick(done: int, total: int) -> None:
            rp.progress.value = done
            rp.status.value = escape(self.t("running", done=done, total=total))

        try:
            outcomes = run_many(self.scenario, plans, seed=seed, reps=reps,
                                customers=customers, progress=tick)
        except Exception as exc:  # the student sees why, the kernel keeps going
            rp.status.value = f"<span style='color:#b0413e'>" \
                              f"{escape(self.t('run_failed', error=str(exc)))}</span>"
            return None
        finally:
            rp.run.disabled = False
            rp.progress.layout.display = "none"
        if len(outcomes) == 2:
            self._baselines[key] = outcomes[1]
        outcome, baseline = outcomes[0], self._baselines[key]
        self.show(outcome, baseline)
        self.last_seconds = time.perf_counter() - started
        rp.status.value = escape(self.t("done", seconds=self.last_seconds,
                                        n=self.history.attempts[-1]["n"]))
        return outcome

    def show(self, outcome: Outcome, baseline: Outcome) -> None:
        """Draw a result on every panel and keep it in the attempt history."""
        self.outcome, self.baseline = outcome, baseline
        notes = feedback(self.scenario, outcome.plan, outcome, baseline)
        self.results.show(outcome, baseline, notes)
        self.thread.show_results(outcome, baseline)
        self.bought.set_outcome(outcome)
        self.history.add(outcome.plan, outcome, baseline, [n.key for n in notes])
        self.history_panel.refresh()
        self.builder.refresh_sources()

    def show_all(self) -> w.Widget:
        """The whole page as one widget (the Voila page shows this)."""
        return self.widget
