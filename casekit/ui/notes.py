"""A kind's notes on a plan and its feedback, as the pages write them (every workbench)."""

from __future__ import annotations

from typing import Any

from casekit.feedback import Note
from casekit.text.strings import t
from casekit.ui.common import escape

__all__ = ["note_text", "plan_note_lines", "plan_notes_html"]


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
