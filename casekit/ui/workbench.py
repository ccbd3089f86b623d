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

from casekit import Case, InputError, Outcome, Plan, Scenario, load_scenario, no_response
from casekit import run as run_outcome
from casekit.pool import worker_pool
from casekit.simulation import simulate_batch
from casekit.feedback import feedback
from casekit.ui.builder import PlanBuilder
from casekit.ui.case import CasePanel
from casekit.ui.common import Panel, Projector, escape, heading, require_workbench
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
        self.projector = Projector(lambda: [self.section(n) for n in SECTIONS], lang)
        self.language_bar = w.VBox([self.title, w.HBox([self.language_switch,
                                                        self.projector.toggle]),
                                    self.projector.style])
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
        # one background process per page (a served page has one kernel per student): the
        # plan's first replication ahead of the click, then the other replications
        self._pool: ProcessPoolExecutor | None = None
        self._first: dict[tuple, Future] = {}
        self.first_seconds: float | None = None
        self.language_switch.observe(lambda c: self.set_language(c["new"]), "value")
        self.run_panel.run.on_click(lambda _: self.run())
        self.builder.on_change = self.prepare_first
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
            pool = worker_pool(1)
            self._pending[key] = pool.submit(run_outcome, self.scenario, None, seed, reps,
                                             customers, 1)
            pool.shutdown(wait=False)
        except (OSError, RuntimeError):  # no processes here: the click computes it
            pass

    def prepare_first(self) -> None:
        """Start the first replication of the plan in the builder in a background process,
        as soon as its steps change, so Run can show it at once (one replication, the one
        the click would compute first; an earlier plan's waiting job is dropped)."""
        try:
            plan = self.builder.plan
        except InputError:
            return
        if not plan.actions:
            return
        seed, _, customers = self._settings()
        key = (plan.digest, self.scenario.fingerprint, seed, customers)
        if key in self._first:
            return
        for old in self._first.values():
            old.cancel()
        self._first = {k: f for k, f in self._first.items() if not f.cancelled()}
        while len(self._first) > 2:  # keep the newest few
            self._first.pop(next(iter(self._first)))
        try:
            if self._pool is None:
                self._pool = worker_pool(1)
            self._first[key] = self._pool.submit(simulate_batch, self.scenario, plan, seed,
                                                 [0], customers)
        except (OSError, RuntimeError):  # no processes here: the click computes it
            self._pool = None

    def _first_runs(self, plan: Plan, seed: int, customers: int) -> list:
        """Replication 0 of ``plan``: from :meth:`prepare_first` if it started, else now."""
        key = (plan.digest, self.scenario.fingerprint, seed, customers)
        future = self._first.pop(key, None)
        if future is not None and not future.running() and not future.done():
            future.cancel()      # still waiting behind another job: quicker to run it here
        if future is not None and not future.cancelled():
            try:
                return list(future.result())
            except Exception:  # a broken process: compute it here instead
                self._pool = None
        return simulate_batch(self.scenario, plan, seed, [0], customers)

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
        self.projector.relabel(self.language)
        last = getattr(self, "_last_status", None)
        if last is not None:
            key, values, error = last
            self._status(self.t(key, **values), error, key, **values)

    def run(self, plan: Plan | None = None) -> Outcome | None:
        """Run ``plan`` (default: the plan in the builder) and the baseline on the same
        random numbers.

        The first replication is computed here and shown at once (about a second); the
        others run meanwhile in a background process and refine the result when they
        arrive. A replication's numbers do not depend on which batch or process ran it, so
        the final result is the same as running every replication in one go.
        """
        rp = self.run_panel
        try:
            plan = plan if plan is not None else self.builder.plan
        except InputError as exc:
            self._status(self.t("run_failed", error=str(exc)), error=True)
            return None
        if not plan.actions:
            self._status(self.t("empty_plan"), error=True, key="empty_plan")
            return None
        started = time.perf_counter()
        self.first_seconds = None
        seed, reps, customers = self._settings()
        key = (self.scenario.fingerprint, seed, reps, customers)
        pending = self._pending.get(key)
        if pending is not None and pending.done():
            self._pending.pop(key)
            try:
                self._baselines[key] = pending.result()
            except Exception:  # a broken background process: compute it now instead
                pass
        base = self._baselines.get(key)
        total = reps if base is not None else 2 * reps
        rp.progress.max = total
        rp.progress.value = 0
        rp.progress.layout.display = ""
        rp.run.disabled = True
        sc, none = self.scenario, no_response(self.scenario.id)
        rest = list(range(1, reps))
        try:
            later = self._submit(plan, seed, rest, customers)
            if base is None and pending is None:
                base_later = self._submit(none, seed, rest, customers)
            else:
                base_later = None
            first = self._first_runs(plan, seed, customers)
            first_base = base.runs[:1] if base is not None else \
                simulate_batch(sc, none, seed, [0], customers)
            rp.progress.value = 1 if base is not None else 2
            if reps > 1:
                self.display(Outcome(sc, plan, seed, first, customers),
                             Outcome(sc, none, seed, first_base, customers))
                self.first_seconds = time.perf_counter() - started
                self._status(self.t("refining", done=1, total=reps))
            runs = first + self._collect(later, plan, seed, rest, customers)
            rp.progress.value = reps if base is not None else reps + 1
            if base is None:
                if pending is not None:  # the page's background baseline, nearly done
                    try:
                        base = self._pending.pop(key).result()
                    except Exception:
                        base = None
                if base is None:
                    base_runs = first_base + self._collect(base_later, none, seed, rest,
                                                           customers)
                    base = Outcome(sc, none, seed, base_runs, customers)
                self._baselines[key] = base
        except Exception as exc:  # the student sees why, the kernel keeps going
            self._status(self.t("run_failed", error=str(exc)), error=True)
            return None
        finally:
            rp.run.disabled = False
            rp.progress.layout.display = "none"
        rp.progress.value = total
        outcome = Outcome(sc, plan, seed, runs, customers)
        self.show(outcome, base)
        self.last_seconds = time.perf_counter() - started
        if self.first_seconds is None:
            self.first_seconds = self.last_seconds
        n = self.history.attempts[-1]["n"]
        self._status(self.t("done", seconds=self.last_seconds, n=n), key="done",
                     seconds=self.last_seconds, n=n)
        return outcome

    def _status(self, text: str, error: bool = False, key: str | None = None,
                **values: Any) -> None:
        """The run's one status line (``key`` and ``values``: shown again in the other
        language when the page switches)."""
        self._last_status = (key, values, error) if key else None
        body = escape(text)
        self.run_panel.status.value = f"<span style='color:#b0413e'>{body}</span>" if error \
            else body

    def _submit(self, plan: Plan, seed: int, replications: list[int],
                customers: int) -> Future | None:
        """Start ``replications`` of ``plan`` in the background process (None: no process
        here, or nothing to run; :meth:`_collect` then computes them in this one)."""
        if not replications:
            return None
        try:
            if self._pool is None:
                self._pool = worker_pool(1)
            return self._pool.submit(simulate_batch, self.scenario, plan, seed, replications,
                                     customers)
        except (OSError, RuntimeError):
            self._pool = None
            return None

    def _collect(self, future: Future | None, plan: Plan, seed: int,
                 replications: list[int], customers: int) -> list:
        if not replications:
            return []
        if future is not None:
            try:
                return list(future.result())
            except Exception:  # a broken process: compute them here instead
                self._pool = None
        return simulate_batch(self.scenario, plan, seed, replications, customers)

    def display(self, outcome: Outcome, baseline: Outcome) -> None:
        """Draw a (first, partial) result on the results panel and the thread, without
        keeping it as an attempt."""
        notes = feedback(self.scenario, outcome.plan, outcome, baseline)
        self.results.show(outcome, baseline, notes, partial=True)
        self.thread.show_results(outcome, baseline)

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
