"""Workbench panels of the identity-resolution case (ipywidgets, imported lazily).

``IdentityBench(scenario)`` holds three panels, each a plain class whose ``widget`` a
notebook cell shows:

``RulePanel``     pick blocking keys and up to four rules (a level per field), then see
                  precision, recall, F1, the blocking recall and the review band's size;
``WeightsPanel``  the Fellegi-Sunter model: m, u and the weight log2(m/u) of every level
                  (EM estimates beside the true m, which only the glass box can show), two
                  threshold sliders and the precision-recall figure;
``ReplayPanel``   the three policies, then a year of complaints under the student's
                  matching against the reference plans, with the score explained part by part.

The logic under the widgets (``FSExplorer``, ``compare_plans``) needs no widgets and is
tested on its own; the panels only read and write widgets and call it.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from casekit.kinds.identity_resolution import matching as mt
from casekit.kinds.identity_resolution.replay import (
    fs_parameters,
    match,
    scored,
    prepared_of,
    simulate_batch,
    world_of,
)
from casekit.kinds.identity_resolution.schema import (
    FellegiSunter,
    IdentityScenario,
    IdentitySettings,
    Rule,
    load_settings,
)

__all__ = [
    "STRINGS",
    "FSExplorer",
    "IdentityBench",
    "ReplayPanel",
    "RulePanel",
    "WeightsPanel",
    "compare_plans",
    "quality_row",
]

STRINGS: dict[str, dict[str, str]] = {
    "rules": {"en": "Rules", "tr": "Kurallar"},
    "weights": {"en": "Fellegi-Sunter", "tr": "Fellegi-Sunter"},
    "replay": {"en": "Policies and the year", "tr": "Politikalar ve bir yıl"},
    "blocking": {"en": "Blocking keys", "tr": "Bloklama anahtarları"},
    "rule": {"en": "Rule {n}", "tr": "Kural {n}"},
    "any": {"en": "(any)", "tr": "(fark etmez)"},
    "evaluate": {"en": "Evaluate the links", "tr": "Eşleşmeleri değerlendir"},
    "link": {"en": "link at", "tr": "bağla:"},
    "review": {"en": "review from", "tr": "incele:"},
    "look_up": {"en": "Look the complainer up before replying",
                "tr": "Yanıtlamadan önce şikâyetçiyi kayıtlarda ara"},
    "writing": {"en": "Send offers in writing when asked",
                "tr": "İstendiğinde teklifi yazılı gönder"},
    "ask_again": {"en": "Ask known customers for their details again",
                  "tr": "Bilinen müşterilerden bilgilerini yeniden iste"},
    "method": {"en": "Matching", "tr": "Eşleştirme"},
    "none": {"en": "none", "tr": "yok"},
    "run": {"en": "Replay the year", "tr": "Yılı oynat"},
    "quality": {"en": "precision {p:.1%} · recall {r:.1%} · F1 {f:.3f} · {links:,} links · "
                      "{review:,} pairs to review · blocking lets {ceiling:.0%} of true pairs "
                      "through ({pairs:,} pairs compared)",
                "tr": "kesinlik {p:.1%} · duyarlılık {r:.1%} · F1 {f:.3f} · {links:,} eşleşme · "
                      "incelenecek {review:,} çift · bloklama doğru çiftlerin %{ceiling_pct:.0f} "
                      "kadarını geçiriyor ({pairs:,} çift karşılaştırıldı)"},
    "yours": {"en": "your plan", "tr": "planınız"},
    "error": {"en": "Not valid: {message}", "tr": "Geçersiz: {message}"},
    "weights_note": {
        "en": "m: how often the level occurs when the pair is the same person; u: when it is "
              "not; weight = log2(m/u). 'true m' is measured on the hidden truth: the EM "
              "never sees it.",
        "tr": "m: çift aynı kişiyken bu düzeyin görülme sıklığı; u: farklı kişilerken; "
              "ağırlık = log2(m/u). 'gerçek m' gizli doğru eşleşmelerden ölçülür; EM onu "
              "hiç görmez."},
}


def _reference() -> Path:
    """Where the case's reference plans live."""
    from casekit.scenario import scenario_dir
    return scenario_dir() / "bank-cross-channel" / "plans"



def _s(key: str, language: str, **values: Any) -> str:
    text = STRINGS[key]["tr" if language == "tr" else "en"]
    return text.format(**values) if values else text


def _w() -> Any:
    try:
        import ipywidgets
    except ImportError as exc:  # pragma: no cover - the lab extra installs it
        raise ImportError("the workbench needs ipywidgets: pip install 'casekit[lab]'") from exc
    return ipywidgets


def quality_row(q: mt.Quality) -> dict[str, float]:
    return {"precision": q.precision, "recall": q.recall, "f1": q.f1,
            "links": q.true_positives + q.false_positives, "review": q.review_pairs,
            "ceiling": q.blocking_recall, "pairs": q.candidate_pairs}


def _quality_text(q: mt.Quality, language: str) -> str:
    r = quality_row(q)
    return _s("quality", language, p=r["precision"], r=r["recall"], f=r["f1"],
              links=int(r["links"]), review=int(r["review"]), ceiling=r["ceiling"],
              ceiling_pct=100 * r["ceiling"], pairs=int(r["pairs"]))


class FSExplorer:
    """A Fellegi-Sunter model on the case's bank, fitted once, judged at any threshold."""

    def __init__(self, scenario: IdentityScenario, settings: IdentitySettings) -> None:
        self.world = world_of(scenario)
        self.prep = prepared_of(self.world)
        self.settings = settings
        self.pairs = mt.candidates(self.prep, settings.blocking)
        self.levels = mt.compare(self.prep, self.pairs)
        self.params, self.training = fs_parameters(self.world, settings)
        self.fields = settings.fellegi_sunter.fields
        self.weight = mt.fs_weights(self.levels, self.params, self.fields)

    def at(self, link: float, review: float) -> mt.Quality:
        decision = mt.one_per_account(self.pairs, mt.fs_decide(self.weight, link, review),
                                      self.weight)
        return mt.evaluate(mt.Decisions(self.pairs, decision, self.weight, self.params),
                           self.world.owner, self.prep.n_customers)

    def curve(self, thresholds: np.ndarray | None = None) -> pd.DataFrame:
        if thresholds is None:
            thresholds = np.linspace(-10, 40, 51)
        return mt.threshold_curve(self.pairs, self.weight, self.world.owner,
                                  self.prep.n_customers, thresholds)

    def table(self) -> pd.DataFrame:
        """m, u, weight per field and level, with the true m measured on the truth."""
        table = self.params.table()
        table = table[table["field"].isin(self.fields)].reset_index(drop=True)
        same = self.world.owner[self.pairs.account] == self.pairs.customer
        true_m = []
        for f, level in zip(table["field"], table["level"]):
            code = self.levels[f][same]
            code = code[code >= 0]
            k = mt.COMPARISONS[f].index(level)
            true_m.append(float((code == k).mean()) if len(code) else float("nan"))
        table["true m"] = true_m
        return table


def compare_plans(scenario: IdentityScenario, settings: IdentitySettings, seed: int = 1,
                  replications: int = 10, language: str = "en") -> pd.DataFrame:
    """The student's plan beside the reference plans: mean totals and the score parts."""
    plans: list[tuple[str, IdentitySettings]] = [(_s("yours", language), settings)]
    for path in sorted(_reference().glob("*.yaml")):
        plans.append(load_settings(path))
    rows = []
    for name, plan in plans:
        runs = simulate_batch(scenario, plan, seed, range(replications), keep_final=False)
        scored_runs = [scored(r.totals, scenario) for r in runs]
        mean = {k: float(np.mean([row[k] for row in scored_runs])) for k in scored_runs[0]}
        rows.append({"plan": name, "precision": mean["precision"], "recall": mean["recall"],
                     "context_share": mean["context_share"], "churned": mean["churned"],
                     "privacy_incidents": mean["privacy_incidents"],
                     "score_value_lost": mean["score_value_lost"],
                     "score_review_cost": mean["score_review_cost"],
                     "score_privacy_cost": mean["score_privacy_cost"],
                     "score_staff_cost": mean["score_staff_cost"], "score": mean["score"]})
    return pd.DataFrame(rows)


class RulePanel:
    """Blocking keys and rules, then the links' quality against the hidden truth."""

    RULES = 4

    def __init__(self, scenario: IdentityScenario, language: str = "en") -> None:
        w = _w()
        self.scenario, self.language = scenario, language
        self.blocking = w.SelectMultiple(options=list(mt.BLOCKING_KEYS),
                                         value=("phone", "email", "surname_city"), rows=5)
        self.conditions: list[dict[str, Any]] = []
        starts = [{"phone": "exact"}, {"email": "exact"},
                  {"first_name": "exact", "surname": "exact", "city": "exact"}, {}]
        rows = []
        grid = w.Layout(grid_template_columns="repeat(4, 240px)")
        for n, start in enumerate(starts[: self.RULES], 1):
            boxes = {f: w.Dropdown(options=[_s("any", language), *levels],
                                   value=start.get(f, _s("any", language)),
                                   description=f, layout=w.Layout(width="230px"))
                     for f, levels in mt.COMPARISONS.items()}
            self.conditions.append(boxes)
            rows.append(w.VBox([w.HTML(f"<b>{_s('rule', language, n=n)}</b>"),
                                w.GridBox(list(boxes.values()), layout=grid)]))
        self.button = w.Button(description=_s("evaluate", language), button_style="primary")
        self.result = w.HTML()
        self.button.on_click(lambda _: self.evaluate())
        self.widget = w.VBox([w.HTML(f"<b>{_s('blocking', language)}</b>"), self.blocking,
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
            self.result.value = html.escape(_s("error", self.language, message=str(exc)))
            return None
        self.result.value = html.escape(_quality_text(found.quality, self.language))
        return found.quality


class WeightsPanel:
    """The Fellegi-Sunter model's weights and two thresholds with live quality."""

    def __init__(self, scenario: IdentityScenario, language: str = "en",
                 settings: IdentitySettings | None = None) -> None:
        w = _w()
        self.language = language
        base = settings or load_settings(_reference() / "careful-fellegi-sunter.yaml")[1]
        self.explorer = FSExplorer(scenario, base)
        fs = base.fellegi_sunter
        self.link = w.FloatSlider(value=fs.link_threshold, min=-10, max=40, step=0.5,
                                  description=_s("link", language))
        self.review = w.FloatSlider(value=fs.review_threshold, min=-10, max=40, step=0.5,
                                    description=_s("review", language))
        self.result = w.HTML()
        table = self.explorer.table().round(4)
        self.weights = w.HTML(html.escape(_s("weights_note", language)) + table.to_html(
            index=False, border=0))
        self.figure = w.Output()
        for slider in (self.link, self.review):
            slider.observe(lambda _: self.update(), names="value")
        self.widget = w.VBox([self.weights, self.link, self.review, self.result, self.figure])
        self.update()

    def update(self) -> mt.Quality:
        self.review.value = min(self.review.value, self.link.value)  # the band cannot be negative
        quality = self.explorer.at(self.link.value, self.review.value)
        self.result.value = html.escape(_quality_text(quality, self.language))
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
        w = _w()
        self.scenario, self.language = scenario, language
        self.rules_panel, self.weights_panel = rules, weights
        self.method = w.ToggleButtons(options=[("rules", "rules"),
                                               ("Fellegi-Sunter", "fellegi_sunter"),
                                               (_s("none", language), "none")],
                                      value="rules", description=_s("method", language))
        self.look_up = w.Checkbox(value=True, description=_s("look_up", language),
                                  layout=w.Layout(width="auto"))
        self.writing = w.Checkbox(value=False, description=_s("writing", language),
                                  layout=w.Layout(width="auto"))
        self.ask_again = w.Checkbox(value=True, description=_s("ask_again", language),
                                    layout=w.Layout(width="auto"))
        self.button = w.Button(description=_s("run", language), button_style="primary")
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
            self.result.value = html.escape(_s("error", self.language, message=str(exc)))
            return None
        self.result.value = self.table.round(3).to_html(index=False, border=0)
        return self.table


class IdentityBench:
    """The three panels in tabs (``widget``), sharing one scenario and language."""

    def __init__(self, scenario: IdentityScenario, language: str = "en") -> None:
        w = _w()
        self.rules = RulePanel(scenario, language)
        self.weights = WeightsPanel(scenario, language)
        self.replay = ReplayPanel(scenario, self.rules, self.weights, language)
        self.widget = w.Tab(children=[self.rules.widget, self.weights.widget,
                                      self.replay.widget])
        for i, key in enumerate(("rules", "weights", "replay")):
            self.widget.set_title(i, _s(key, language))

    def settings(self) -> IdentitySettings:
        return self.replay.settings()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)
