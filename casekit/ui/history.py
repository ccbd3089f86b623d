"""Attempts and answers on the page, kept per student by :mod:`casekit.attempts`.

In a notebook on a student's own machine, every run of the session (the plan, the
settings and the headline numbers with their baseline) and the answers to questions A and
B are kept in one file next to it (``<scenario>.casekit-attempts.json``), so nothing is
lost when a cell is re-run or the kernel restarts.

On a page served to a class (``casekit app``), each student's attempts are their own: the
page takes the student id from its address (``?student=s-1024``), from the variant the
page serves, or asks for it; until then, the session's work is kept in a file of its own
that no other session reads. Every value read from a file is escaped before it reaches
the page.
"""

from __future__ import annotations

import datetime as _dt
import math
import os
from pathlib import Path
from typing import Any

import ipywidgets as w

from casekit import Outcome, Plan, Scenario
from casekit.attempts import (
    REASONS,
    AttemptStore,
    Notice,
    StudentIdError,
    attempts_file,
    served_page,
    session_file,
    student_from_page,
    student_from_variant,
)
from casekit.escape import for_html
from casekit.kinds import kind_of
from casekit.text.strings import STRINGS
from casekit.ui.common import Panel, escape, heading, number

__all__ = ["AttemptHistory", "HistoryPanel", "QuestionsPanel", "attempts_path"]

#: This panel's own texts (the shared tables hold the rest).
TEXT: dict[str, dict[str, str]] = {
    "student_id": {"en": "Student id", "tr": "Öğrenci numarası"},
    "use_student": {"en": "Use this id", "tr": "Bu numarayı kullan"},
    "student_placeholder": {"en": "for example s-1024", "tr": "örneğin s-1024"},
    "history_where": {"en": "Your attempts and answers are kept in {path}.",
                      "tr": "Denemeleriniz ve yanıtlarınız {path} dosyasında saklanıyor."},
}


def _text(key: str, language: str, **values: Any) -> str:
    return TEXT[key][language if language in ("en", "tr") else "en"].format(**values)


def attempts_path(workdir: Path, scenario_id: str, student: str | None = None) -> Path:
    """The attempts file of a scenario: one per notebook, or one per student."""
    return attempts_file(workdir, scenario_id, student)


def _metrics(outcome: Outcome) -> dict[str, list[float]]:
    return {name: [m.mean, m.low, m.high] for name in outcome.kind.headline
            for m in (outcome.metric(name),)}


class AttemptHistory(AttemptStore):
    """Every attempt and the answers of one student, merged with the file on every save.

    ``student``: whose attempts these are; by default the page's ``?student=`` or the
    served variant's student, else (``page``, a served page) a session file until the
    student gives an id. Without a student and outside a served page, ``path`` is used.
    """

    def __init__(self, path: Path, scenario_id: str, student: str | None = None,
                 page: bool | None = None) -> None:
        workdir = Path(path).parent
        self.page = served_page() if page is None else page
        if student is None and self.page:
            student = student_from_page() or \
                student_from_variant(os.environ.get("CASEKIT_SCENARIO"))
        if student is not None:
            super().__init__(attempts_file(workdir, scenario_id, student), scenario_id,
                             student, workdir)
        elif self.page:
            super().__init__(session_file(workdir, scenario_id), scenario_id, None, workdir,
                             anonymous=True)
            self.notices.append(Notice("ask_student"))
        else:
            super().__init__(path, scenario_id, None, workdir)

    def add(self, plan: Plan, outcome: Outcome, baseline: Outcome,
            feedback_keys: list[str]) -> dict[str, Any]:
        """Keep a run as the next attempt (saved at once; never raises on a full disk)."""
        return self.append({
            "time": _dt.datetime.now().isoformat(timespec="seconds"),
            "plan": plan.model_dump(mode="json"),
            "seed": outcome.seed, "reps": outcome.reps, "customers": outcome.customers,
            "metrics": _metrics(outcome), "baseline": _metrics(baseline),
            "feedback": feedback_keys,
        })


def _notice_html(history: AttemptStore, language: str) -> str:
    notice = history.notice()
    if notice is None:
        return ""
    colour = "#555" if notice.key in ("ask_student", "student_set") else "#b0413e"
    return f"<p style='margin:0.2em 0;color:{colour}'>{for_html(notice.text(language))}</p>"


class HistoryPanel(Panel):
    """Every attempt side by side, with the no-response baseline."""

    SHOWN = ("score", "churn_rate", "churned_customers", "revenue_lost", "cost",
             "sentiment_final", "negative_posts", "complaints")
    #: The baseline column's heading: the page's own word for its baseline.
    BASELINE = "col_baseline"

    def __init__(self, history: AttemptHistory, scenario: Scenario, language: str = "en"):
        self.history = history
        self.scenario = scenario
        self.language = language
        self.head = w.HTML()
        self.student = w.Text(value=history.student or "", layout=w.Layout(width="24em"),
                              style={"description_width": "initial"})
        self.use = w.Button(icon="user", layout=w.Layout(width="auto"))
        self.student_row = w.HBox([self.student, self.use], layout=w.Layout(
            display="" if getattr(history, "page", False) else "none"))
        self.notice = w.HTML()
        self.table = w.HTML()
        self.use.on_click(lambda _: self.use_student(self.student.value))
        history.on_change(self.refresh)
        self.widget = w.VBox([self.head, self.student_row, self.notice, self.table])
        self.relabel()

    def use_student(self, student: str) -> bool:
        """Switch the page to this student's own attempts; False (and a line) if the id is bad."""
        try:
            self.history.use_student(student)
        except StudentIdError as exc:
            reason = REASONS[exc.reason]["tr" if self.language == "tr" else "en"]
            self.notice.value = "<p style='margin:0.2em 0;color:#b0413e'>" + for_html(
                Notice("bad_student", {"reason": reason}).text(self.language)) + "</p>"
            return False
        self.student.value = self.history.student or ""
        self.relabel()
        return True

    def relabel(self) -> None:
        path = self.history.path
        if getattr(self.history, "page", False) or self.history.student:
            intro = _text("history_where", self.language,
                          path=path.name if path and not self.history.anonymous else "-") \
                if self.history.student else ""
        else:
            intro = self.t("history_intro", path=path.name if path else "-")
        self.head.value = heading(self.t("section_history")) + \
            (f"<p style='margin:0.2em 0'>{for_html(intro)}</p>" if intro else "")
        self.student.description = _text("student_id", self.language)
        self.student.placeholder = _text("student_placeholder", self.language)
        self.use.description = _text("use_student", self.language)
        self.refresh()

    def refresh(self) -> None:
        self.notice.value = _notice_html(self.history, self.language)
        attempts = self.history.attempts
        self.table.value = self._table(attempts) if attempts else \
            f"<i>{escape(self.t('history_empty'))}</i>"

    def _table(self, attempts: list[dict]) -> str:
        """The attempts side by side, as an HTML table (a case kind may show other rows).

        Everything from the attempts file is escaped (a number included: the file may
        have been edited by hand).
        """
        cur = self.scenario.currency
        cells = "".join(f"<th style='padding:0.2em 0.6em'>#{for_html(a.get('n', '?'))}<br>"
                        f"<span style='font-weight:normal'>"
                        f"{for_html(a.get('plan', {}).get('name', ''))}</span></th>"
                        for a in attempts)
        head = f"<tr><th style='text-align:left'>{escape(self.t('col_measure'))}</th>{cells}" \
            f"<th>{escape(self.t(self.BASELINE))}</th></tr>"
        rows = [head]
        if any(a.get("plan", {}).get("actions") for a in attempts):  # not for settings plans
            rows.append(f"<tr><td>{escape(self.t('col_steps'))}</td>" + "".join(
                f"<td style='text-align:right'>{len(a.get('plan', {}).get('actions', []))}</td>"
                for a in attempts) + "<td style='text-align:right'>0</td></tr>")
        kind = kind_of(self.scenario)
        for name in self.SHOWN:
            spec = kind.metric(name)
            label = self.t(f"metric_{name}", currency=cur) if spec is None or \
                f"metric_{name}" in STRINGS else spec.label.get(self.language, spec.label["en"])
            unit = None if spec is None else spec.unit
            values = "".join(f"<td style='text-align:right;padding:0 0.6em'>"
                             f"{_fmt(name, _first(a, 'metrics', name), self.language, unit, cur)}"
                             "</td>" for a in attempts)
            base = _fmt(name, _first(attempts[-1], "baseline", name), self.language, unit, cur)
            rows.append(f"<tr><td>{escape(label)}</td>{values}"
                        f"<td style='text-align:right;padding:0 0.6em'>{base}</td></tr>")
        return "<table class='casekit-history' style='border-collapse:collapse'>" + \
            "".join(rows) + "</table>"


def _first(attempt: dict, table: str, name: str) -> Any:
    values = attempt.get(table, {}).get(name)
    return values[0] if isinstance(values, list) and values else None


def _fmt(name: str, value: Any, language: str = "en", unit: str | None = None,
         currency: str = "") -> str:
    """A number from the attempts file, formatted in the page's language by the metric's
    unit where the kind declares one; anything else shown as a dash."""
    if not isinstance(value, (int, float)) or isinstance(value, bool) or \
            not math.isfinite(value):
        return "&ndash;"
    from casekit.text.formats import metric_value
    from casekit.text.formats import number as formatted
    from casekit.text.formats import percent
    if unit is not None and unit != "currency":
        return for_html(metric_value(unit, float(value), language, currency))
    if name == "churn_rate":
        return for_html(percent(value, language, 2))
    if name == "sentiment_final":
        return for_html(formatted(value, language, 3, sign=True))
    return for_html(number(value, language))


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
        history.on_change(self._reload)
        children: list[w.Widget] = [self.head]
        for q in ("A", "B"):
            children += [self.texts[q], self.answers[q]]
        self.widget = w.VBox(children + [w.HBox([self.save, self.status])])
        self.relabel()

    def _store(self, question: str, text: str) -> None:
        if text == self.history.answers.get(question, ""):
            return
        if not self.history.set_answer(question, text):
            self.status.value = _notice_html(self.history, self.language)

    def _reload(self) -> None:
        """Another student's answers (or none) after the page switched student."""
        for q, box in self.answers.items():
            box.value = self.history.answers.get(q, "")
        self.status.value = ""

    def save_answers(self) -> bool:
        for q, box in self.answers.items():
            self.history.answers[q] = box.value
        saved = self.history.save()
        self.status.value = f"<i>{escape(self.t('answers_saved'))}</i>" if saved else \
            _notice_html(self.history, self.language)
        return saved

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
