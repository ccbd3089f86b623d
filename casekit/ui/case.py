"""The case panel: title, narrative and what the company knows at hour 0."""

from __future__ import annotations

import ipywidgets as w

from casekit import Scenario
from casekit.ui.common import Panel, escape, heading, paragraphs

__all__ = ["CasePanel"]


class CasePanel(Panel):
    """The case text in the chosen language."""

    def __init__(self, scenario: Scenario, language: str = "en") -> None:
        self.scenario = scenario
        self.language = language
        self.body = w.HTML()
        self.widget = w.VBox([self.body], layout=w.Layout(max_width="60em"))
        self.relabel()

    def relabel(self) -> None:
        sc, lang = self.scenario, self.language
        parts = [heading(self.t("section_case")),
                 f"<h2 style='margin:0.2em 0'>{escape(sc.title.in_(lang))}</h2>",
                 paragraphs(sc.narrative.in_(lang))]
        if sc.hour0 is not None:
            parts += [heading(self.t("hour0"), 4), paragraphs(sc.hour0.in_(lang))]
        self.body.value = "".join(parts)
