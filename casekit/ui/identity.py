"""Workbench of the identity-resolution case (a UI module: it imports ipywidgets).

``IdentityBench`` is casekit's generic workbench (``casekit.ui.generic.CaseBench``: the
case, the plan as a data file, a run against doing nothing, the kind's metrics, feedback,
figures and score parts, the attempts so far and the questions) with three panels of this
case on top, each a plain class whose ``widget`` a notebook cell shows:

``RulePanel``     pick blocking keys and up to four rules (a level per field), then see
                  precision, recall, F1, the blocking recall and the review band's size;
``WeightsPanel``  the Fellegi-Sunter model: m, u and the weight log2(m/u) of every level
                  (EM estimates beside the true m, which only the glass box can show), two
                  threshold sliders and the precision-recall figure;
``ReplayPanel``   the three policies, then a year of complaints under the student's
                  matching against the reference plans, with the score part by part.

A button writes the panels' choices into the plan file, so the attempt is recorded and
can be handed in. The logic lives in ``explore.py`` (no widgets) and is tested there.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import ipywidgets as w
import pandas as pd
import yaml

from casekit.kinds.identity_resolution import matching as mt
from casekit.kinds.identity_resolution.explore import (
    FSExplorer,
    compare_plans,
    quality_text,
    reference_dir,
    text,
)
from casekit.kinds.identity_resolution.kind import register_if_missing
from casekit.kinds.identity_resolution.replay import match, world_of
from casekit.kinds.identity_resolution.schema import (
    FellegiSunter,
    IdentityScenario,
    IdentitySettings,
    Rule,
    load_settings,
)
from casekit.plan import plan_from_text
from casekit.ui.generic import CaseBench

__all__ = ["IdentityBench", "RulePanel", "WeightsPanel", "ReplayPanel"]


class RulePanel:
    """Blocking keys and rules, then the links' quality against the hidden truth."""

    RULES = 4

    def __init__(self, scenario: IdentityScenario, language: str = "en") -> None:
        self.scenario, self.language = scenario, language
        self.blocking = w.SelectMultiple(options=list(mt.BLOCKING_KEYS),
                                         value=("phone", "email", "surname_city"), rows=5)
        self.conditions: list[dict[str, Any]] = []
        starts = [{"phone": "exact"}, {"email": "exact"},
                  {"first_name": "exact", "surname": "exact", "city": "exact"}, {}]
        rows = []
        grid = w.Layout(grid_template_columns="repeat(4, 240px)")
        for n, start in enumerate(starts[: self.RULES], 1):
            boxes = {f: w.Dropdown(options=[text("any", language), *levels],
                                   value=start.get(f, text("any", language)),
                                   description=f, layout=w.Layout(width="230px"))
                     for f, levels in mt.COMPARISONS.items()}
            self.conditions.append(boxes)
            rows.append(w.VBox([w.HTML(f"<b>{text('rule', language, n=n)}</b>"),
                                w.GridBox(list(boxes.values()), layout=grid)]))
        self.button = w.Button(description=text("evaluate", language), button_style="primary")
        self.result = w.HTML()
        self.button.on_click(lambda _: self.evaluate())
        self.widget = w.VBox([w.HTML(f"<b>{text('blocking', language)}</b>"), self.blocking,
                              *rows, self.button, self.result])

    def rules(self) -> list[Rule]:
        out = []
        for boxes in self.conditions:
            when = {f: b.value for f, b in boxes.items() if b.value in mt.COMPARISONS[f]}
            if when:
                out.append(Rule(when=when))
        return out

    def settings(self, **policy: Any) -> IdentitySettings:
        return IdentitySettings(method="rules", blocking=tuple(self.blocking.value),
                                rules=tuple(self.rules()), **policy)

    def evaluate(self) -> mt.Quality | None:
        try:
            found = match(world_of(self.scenario), self.settings())
        except Exception as exc:  # noqa: BLE001 - shown to the student as one line
            self.result.value = html.escape(text("error", self.language, message=str(exc)))
            return None
        self.result.value = html.escape(quality_text(found.quality, self.language))
        return found.quality


class WeightsPanel:
    """The Fellegi-Sunter model's weights and two thresholds with live quality."""

    def __init__(self, scenario: IdentityScenario, language: str = "en",
                 settings: IdentitySettings | None = None) -> None:
        self.language = language
        base = settings or load_settings(reference_dir() / "careful-fellegi-sunter.yaml")[1]
        self.explorer = FSExplorer(scenario, base)
        fs = base.fellegi_sunter
        self.link = w.FloatSlider(value=fs.link_threshold, min=-10, max=40, step=0.5,
                                  description=text("link", language))
        self.review = w.FloatSlider(value=fs.review_threshold, min=-10, max=40, step=0.5,
                                    description=text("review", language))
        self.result = w.HTML()
        table = self.explorer.table().round(4)
        self.weights = w.HTML(html.escape(text("weights_note", language)) + table.to_html(
            index=False, border=0))
        self.figure = w.Output()
        for slider in (self.link, self.review):
            slider.observe(lambda _: self.update(), names="value")
        self.widget = w.VBox([self.weights, self.link, self.review, self.result, self.figure])
        self.update()

    def update(self) -> mt.Quality:
        self.review.value = min(self.review.value, self.link.value)  # the band cannot be negative
        quality = self.explorer.at(self.link.value, self.review.value)
        self.result.value = html.escape(quality_text(quality, self.language))
        return quality

    def draw(self) -> Any:
        from casekit.kinds.identity_resolution.figures import precision_recall_figure
        fig = precision_recall_figure(self.explorer.curve(), self.link.value, self.language)
        with self.figure:
            self.figure.clear_output(wait=True)
            from IPython.display import display
            display(fig)
        return fig

    def settings(self, **policy: Any) -> IdentitySettings:
        base = self.explorer.settings
        fs = FellegiSunter(**{**base.fellegi_sunter.model_dump(),
                              "link_threshold": float(self.link.value),
                              "review_threshold": float(self.review.value)})
        return IdentitySettings(method="fellegi_sunter", blocking=base.blocking,
                                fellegi_sunter=fs, **policy)


class ReplayPanel:
    """The three policies and the year of complaints against the reference plans."""

    def __init__(self, scenario: IdentityScenario, rules: RulePanel, weights: WeightsPanel,
                 language: str = "en") -> None:
        self.scenario, self.language = scenario, language
        self.rules_panel, self.weights_panel = rules, weights
        self.method = w.ToggleButtons(options=[("rules", "rules"),
                                               ("Fellegi-Sunter", "fellegi_sunter"),
                                               (text("none", language), "none")],
                                      value="rules", description=text("method", language))
        self.look_up = w.Checkbox(value=True, description=text("look_up", language),
                                  layout=w.Layout(width="auto"))
        self.writing = w.Checkbox(value=False, description=text("writing", language),
                                  layout=w.Layout(width="auto"))
        self.ask_again = w.Checkbox(value=True, description=text("ask_again", language),
                                    layout=w.Layout(width="auto"))
        self.button = w.Button(description=text("run", language), button_style="primary")
        self.result = w.HTML()
        self.table: pd.DataFrame | None = None
        self.button.on_click(lambda _: self.run())
        self.widget = w.VBox([self.method, self.look_up, self.writing, self.ask_again,
                              self.button, self.result])

    def settings(self) -> IdentitySettings:
        policy = {"look_up_before_reply": self.look_up.value,
                  "offers_in_writing": self.writing.value,
                  "ask_known_again": self.ask_again.value}
        if self.method.value == "rules":
            return self.rules_panel.settings(**policy)
        if self.method.value == "fellegi_sunter":
            return self.weights_panel.settings(**policy)
        return IdentitySettings(method="none", **policy)

    def run(self, replications: int = 10) -> pd.DataFrame | None:
        try:
            self.table = compare_plans(self.scenario, self.settings(),
                                       replications=replications, language=self.language)
        except Exception as exc:  # noqa: BLE001 - shown to the student as one line
            self.result.value = html.escape(text("error", self.language, message=str(exc)))
            return None
        self.result.value = self.table.round(3).to_html(index=False, border=0)
        return self.table


class IdentityBench(CaseBench):
    """The generic workbench with the case's rule, weights and replay panels on top."""

    def __init__(self, scenario: str | IdentityScenario = "bank-cross-channel",
                 language: str = "en", workdir: str | Path | None = None) -> None:
        register_if_missing()
        from casekit.kinds.identity_resolution.export import resolve_scenario
        case: IdentityScenario = resolve_scenario(scenario)  # an id, a path or the case
        super().__init__(case, language, workdir)
        lang = self.language
        self._label_history_by_kind()
        self.rules = RulePanel(case, lang)
        self.weights = WeightsPanel(case, lang)
        self.replay = ReplayPanel(case, self.rules, self.weights, lang)
        self.tools = w.Tab(children=[self.rules.widget, self.weights.widget,
                                     self.replay.widget])
        for i, key in enumerate(("rules", "weights", "replay")):
            self.tools.set_title(i, text(key, lang))
        self.use = w.Button(description=text("use", lang), icon="pencil",
                            layout=w.Layout(width="auto"))
        self.use.on_click(lambda _: self.use_settings())
        self.widget = w.VBox([self.tools, self.use, *self.widget.children])

    def _label_history_by_kind(self) -> None:
        """The attempts table names each metric by the kind's own label (the shared
        strings table has labels only for the first kinds' metrics)."""
        panel = self.history_panel
        shared = panel.t

        def label(key: str, **values: Any) -> str:
            spec = self.kind.metric(key.removeprefix("metric_")) \
                if key.startswith("metric_") else None
            if spec is not None:
                return spec.label.get(panel.language) or spec.label["en"]
            return shared(key, **values)
        panel.t = label  # type: ignore[method-assign]

    def settings(self) -> IdentitySettings:
        """What the three panels say: the method, its choices and the policies."""
        return self.replay.settings()

    def use_settings(self, name: str = "My plan") -> str:
        """Write the panels' choices into the plan editor (checked), and return the text."""
        body = {"name": name, "scenario": self.scenario.id,
                "settings": self.settings().model_dump(mode="json")}
        plan_text = yaml.safe_dump(body, allow_unicode=True, sort_keys=False)
        plan_from_text(plan_text).check(self.scenario, "plan")
        self.plan_text.value = plan_text
        return plan_text
