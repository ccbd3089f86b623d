"""Feedback in words, tied to the theory: what a student's plan did and why it mattered.

Each kind of case has its own rules (``casekit/kinds/<kind>/feedback.py``); every rule gives
:class:`Note` objects, whose texts live in both teaching languages in a table the note names
(``casekit.text.strings.FEEDBACK`` unless the kind gives its own) with the source they rest on.

    >>> notes = feedback(scenario, plan, outcome, baseline)
    >>> [note.text("tr") for note in notes]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from casekit.text.strings import FEEDBACK

__all__ = ["Note", "Level", "feedback", "LEVEL_ORDER"]

Level = Literal["good", "warning", "problem", "info"]
#: Notes are shown the overall comparison first, then problems, warnings and praise.
LEVEL_ORDER = {"info": 0, "problem": 1, "warning": 2, "good": 3}


@dataclass(frozen=True)
class Note:
    """One piece of feedback: which rule, how it judges the plan, and the numbers it used.

    ``table`` holds the note's texts (``{key: {"en", "tr", "source"}}``); the shared table
    by default, a kind's own otherwise.
    """

    key: str
    level: Level
    values: dict[str, Any] = field(default_factory=dict)
    table: Mapping[str, Mapping[str, str]] = field(default_factory=lambda: FEEDBACK,
                                                   repr=False, compare=False)

    def text(self, language: str = "en") -> str:
        """The note in ``language`` (English if it has none), every number written in that
        language's style (:func:`casekit.text.formats.fill`, Babel): ``{share:.0%}`` reads
        ``40%`` in English and ``%40`` in Turkish, ``{n:,.1f}`` ``1,234.5`` and ``1.234,5``.
        A value given in both languages (``{"en": ..., "tr": ...}``: a channel's name) is
        written in ``language``."""
        from casekit.text.formats import fill
        texts = self.table[self.key]
        values = {k: (v.get(language) or v["en"]) if isinstance(v, Mapping) and "en" in v
                  else v for k, v in self.values.items()}
        return fill(texts.get(language) or texts["en"], language, **values)

    @property
    def source(self) -> str:
        return self.table[self.key]["source"]


def feedback(scenario: Any, plan: Any, outcome: Any, baseline: Any = None) -> list[Note]:
    """Every note the scenario's kind gives for ``plan``'s outcome (against the baseline)."""
    from casekit.kinds import kind_of
    return kind_of(scenario).feedback(scenario, plan, outcome, baseline)
