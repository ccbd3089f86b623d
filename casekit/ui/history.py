"""Attempts and answers, autosaved to a JSON file next to the notebook.

The file (``<scenario>.casekit-attempts.json``) holds every run of the session (the plan,
the settings and the headline numbers with their baseline) and the answers to questions A
and B, so nothing is lost when a cell is re-run or the kernel restarts.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from pathlib import Path
from typing import Any

import ipywidgets as w

from casekit import HEADLINE_METRICS, Outcome, Plan, Scenario
from casekit.ui.common import Panel, escape, heading, number

__all__ = ["AttemptHistory", "HistoryPanel", "QuestionsPanel", "attempts_path"]

FORMAT = 1


def attempts_path(workdir: Path, scenario_id: str) -> Path:
    return Path(workdir) / f"{scenario_id}.casekit-attempts.json"


def _metrics(outcome: Outcome) -> dict[str, list[float]]:
    return {name: [m.mean, m.low, m.high] for name in HEADLINE_METRICS
            for m in (outcome.metric(name),)}


class AttemptHistory:
    """Every attempt and the answers, read from and written to one JSON file."""

    def __init__(self, path: Path, scenario_id: str) -> None:
        self.path = Path(path)
        self.scenario_id = scenario_id
        self.attempts: list[dict[str, Any]] = []
        self.answers: dict[str, str] = {"A": "", "B": ""}
        self.reload()

    def reload(self) -> None:
        if not self.path.exists():
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            # A damaged file is kept aside, never overwritten.
            self.path.replace(self.path.with_suffix(".damaged.json"))
            return
        self.attempts = list(data.get("attempts", []))
        self.answers = {"A": "", "B": "", **data.get("answers", {})}

    def save(self) -> None:
        data = {"format": FORMAT, "scenario": self.scenario_id, "attempts": self.attempts,
                "answers": self.answers}
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, self.path)

    def add(self, plan: Plan, outcome: Outcome, baseline: Outcome,
            feedback_keys: list[str]) -> dict[str, Any]:
        record = {
            "n": (self.attempts[-1]["n"] + 1) if self.attempts else 1,
            "time": _dt.datetime.now().isoformat(timespec="seconds"),
            "plan": plan.model_dump(mode="json"),
            "seed": outcome.seed, "reps": outcome.reps, "customers": outcome.customers,
            "metrics": _metrics(outcome), "baseline": _metrics(baseline),
            "feedback": feedback_keys,
        }
        self.attempts.append(record)
        self.save()
        return record

    def set_answer(self, question: str, text: str) -> None:
        self.answers[question] = text
        self.save()


class HistoryPanel(Panel):
    """Every attempt side by side, with the no-response baseline."""

    SHOWN = ("score", "churn_rate", "churned_customers", "revenue_lost", "cost",
             "sentiment_final", "negative_posts", "complaints")

    def __init__(self, history: AttemptHistory, scenario: Scenario, language: str = "en"):
        self.history = history
        self.scenario = scenario
        self.language = language
        self.head = w.HTML()
        self.table = w.HTML()
        self.widget = w.VBox([self.head, self.table])
        self.relabel()

    def relabel(self) -> None:
        self.head.value = heading(self.t("section_history")) + "<p style='margin:0.2em 0'>" + \
            escape(self.t("history_intro", path=self.history.path.name)) + "</p>"
        self.refresh()

    def refresh(self) -> None:
        attempts = self.history.attempts
        self.table.value = self._table(attempts) if attempts else \
            f"<i>{escape(self.t('history_empty'))}</i>"

    def _table(self, attempts: list[dict]) -> str:
        """The attempts side by side, as an HTML table (a case kind may show other rows)."""
        cur = self.scenario.currency
        cells = "".join(f"<th style='padding:0.2em 0.6em'>#{a['n']}<br>"
                        f"<span style='font-weight:normal'>{escape(a['plan']['name'])}</span>"
                        "</th>" for a in attempts)
        rows = [f"<tr><th style='text-align:left'>{escape(self.t('col_measure'))}</th>{cells}"
                f"<th>{escape(self.t('col_baseline'))}</th></tr>"]
        rows.append(f"<tr><td>{escape(self.t('col_steps'))}</td>" + "".join(
            f"<td style='text-align:right'>{len(a['plan']['actions'])}</td>" for a in attempts)
            + "<td style='text-align:right'>0</td></tr>")
        for name in self.SHOWN:
            label = self.t(f"metric_{name}", currency=cur)
            values = "".join(f"<td style='text-align:right;padding:0 0.6em'>"
                             f"{_fmt(name, a['metrics'][name][0])}</td>" for a in attempts)
            base = _fmt(name, attempts[-1]["baseline"][name][0])
            rows.append(f"<tr><td>{escape(label)}</td>{values}"
                        f"<td style='text-align:right;padding:0 0.6em'>{base}</td></tr>")
        return "<table class='casekit-history' style='border-collapse:collapse'>" + \
            "".join(rows) + "</table>"


def _fmt(name: str, value: float) -> str:
    if name == "churn_rate":
        return f"{100 * value:.2f}%"
    if name == "sentiment_final":
        return f"{value:+.3f}"
    return number(value)


class QuestionsPanel(Panel):
    """Questions A and B, each with a prompt that points at the evidence and an answer box."""

    def __init__(self, scenario: Scenario, history: AttemptHistory, language: str = "en"):
        self.scenario = scenario
        self.history = history
        self.language = language
        self.head = w.HTML()
        self.texts = {q: w.HTML() for q in ("A", "B")}
        self.answers = {q: w.Textarea(value=history.answers.get(q, ""), rows=6,
                                      continuous_update=False,
                                      layout=w.Layout(width="56em"))
                        for q in ("A", "B")}
        self.save = w.Button(icon="save")
        self.status = w.HTML()
        for q, box in self.answers.items():
            box.observe(lambda change, q=q: self._store(q, change["new"]), "value")
        self.save.on_click(lambda _: self.save_answers())
        children: list[w.Widget] = [self.head]
        for q in ("A", "B"):
            children += [self.texts[q], self.answers[q]]
        self.widget = w.VBox(children + [w.HBox([self.save, self.status])])
        self.relabel()

    def _store(self, question: str, text: str) -> None:
        self.history.set_answer(question, text)

    def save_answers(self) -> None:
        for q, box in self.answers.items():
            self.history.answers[q] = box.value
        self.history.save()
        self.status.value = f"<i>{escape(self.t('answers_saved'))}</i>"

    def relabel(self) -> None:
        qs = self.scenario.questions
        self.head.value = heading(self.t("section_questions")) + \
            f"<p style='margin:0.2em 0'>{escape(self.t('questions_intro'))}</p>"
        for q, text, prompt in (("A", qs.A, "question_a_prompt"),
                                ("B", qs.B, "question_b_prompt")):
            self.texts[q].value = (f"<p style='margin:0.8em 0 0.2em 0'><b>{q}. "
                                   f"{escape(text.in_(self.language))}</b></p>"
                                   f"<p style='margin:0 0 0.3em 0;color:#555'><i>"
                                   f"{escape(self.t(prompt))}</i></p>")
            self.answers[q].placeholder = self.t("answer_placeholder")
        self.save.description = self.t("save_answers")
        self.status.value = ""
