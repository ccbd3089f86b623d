"""Workbench of the identity-resolution case (a UI module: it imports ipywidgets).

``IdentityBench`` is casekit's generic workbench (``casekit.ui.generic.CaseBench``: a
language switch, the case, the plan as a data file, a run against doing nothing, the kind's
metrics, feedback, figures and score parts, the attempts so far and the questions) with
this case's own sections, each a plain class whose ``widget`` a notebook cell shows:

``ExhibitsPanel`` the sales call, his tweet and the bank's reply, as the student reads them;
``DataPanel``     the bank's records and the social accounts (counts, the first rows with
                  labelled columns) and why Turkish names need their own normaliser;
``RulePanel``     pick blocking keys and up to four rules (a level per field), then see
                  precision, recall, F1, the blocking recall and the review band's size;
``WeightsPanel``  the Fellegi-Sunter model: m, u and the weight log2(m/u) of every level
                  (EM estimates beside the true m, which only the glass box can show), two
                  threshold sliders and the precision-recall figure, redrawn as they move;
``ReplayPanel``   the three policies, then a year of complaints under the student's
                  matching against the reference plans, with the score part by part, on the
                  bench's own number of replications (so a plan shows one score).

A button writes the panels' choices into the plan file, so the attempt is recorded and
can be handed in. The logic lives in ``explore.py`` (no widgets) and is tested there; every
word shown is in ``casekit.text.strings`` (``id_*``) or the kind's own text table, and every
number goes through Babel (``casekit.text.formats``).
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as w
import pandas as pd
import yaml

from casekit.kinds.identity_resolution import matching as mt
from casekit.kinds.identity_resolution.explore import (
    FSExplorer,
    compare_plans,
    quality_row,
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
from casekit.text.formats import number, percent
from casekit.text.strings import STRINGS, plan_name, t
from casekit.ui.common import heading
from casekit.ui.generic import CaseBench, figure_png

__all__ = ["IdentityBench", "ExhibitsPanel", "DataPanel", "RulePanel", "WeightsPanel",
           "ReplayPanel", "quality_line", "replay_html"]

escape = html.escape


def _word(prefix: str, key: str, language: str) -> str:
    """``id_<prefix>_<key>`` from the strings table, or the key as written if it has none."""
    name = f"id_{prefix}_{key}"
    return t(name, language) if name in STRINGS else key.replace("_", " ")


def quality_line(quality: mt.Quality, language: str) -> str:
    """Precision, recall, F1, links, the review band and blocking in one line, in the
    language's numbers (an undefined precision, with no link made, is a dash)."""
    r = quality_row(quality)
    return t("id_quality", language, p=r["precision"], r=r["recall"], f=r["f1"],
             links=int(r["links"]), review=int(r["review"]), ceiling=r["ceiling"],
             pairs=int(r["pairs"]))


def _table(frame: pd.DataFrame, columns: dict[str, str], cells: dict[str, Callable[[Any], str]]
           | None = None) -> str:
    """A small HTML table with labelled columns; ``cells`` formats a column's values."""
    cells = cells or {}
    head = "".join(f"<th>{escape(label)}</th>" for label in columns.values())
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cells.get(c, str)(row[c]))}</td>" for c in columns) +
        "</tr>" for _, row in frame.iterrows())
    return (f"<div style='overflow-x:auto'><table class='casekit-table'><tr>{head}</tr>{body}"
            "</table></div>")


class ExhibitsPanel:
    """The case's exhibits (the call, the tweet, the reply, the lesson) as quotes."""

    def __init__(self, scenario: IdentityScenario, language: str = "en") -> None:
        self.scenario, self.language = scenario, language
        self.widget = w.HTML(layout=w.Layout(max_width="60em"))
        self.relabel(language)

    def relabel(self, language: str) -> None:
        self.language = language
        quotes = "".join(
            f"<p style='margin:0.6em 0 0.1em 0'><b>{escape(_word('exhibit', key, language))}"
            f"</b></p><blockquote style='margin:0 0 0 1em;padding:0.3em 0.8em;border-left:"
            f"3px solid #bbb;background:#f7f7f7'>{escape(body.in_(language))}</blockquote>"
            for key, body in self.scenario.exhibits.items())
        self.widget.value = heading(t("id_exhibits", language)) + quotes


class DataPanel:
    """What the student links: the bank's records, the accounts, their posts."""

    ROWS = 5
    NAMES = ("IŞIK", "Işık", "İSMAİL", "Ayşe-Nur ÇELİK")

    def __init__(self, scenario: IdentityScenario, language: str = "en") -> None:
        self.scenario, self.language = scenario, language
        self.world = world_of(scenario)
        self.widget = w.HTML(layout=w.Layout(max_width="72em"))
        self.relabel(language)

    def relabel(self, language: str) -> None:
        from casekit.kinds.identity_resolution.normalise import name_key
        self.language = language
        world = self.world
        customers, accounts, posts = world.customers, world.accounts, world.posts
        full = customers["first_name"] + " " + customers["last_name"]
        col = {c: _word("col", c, language) for c in
               ("customer_id", "first_name", "last_name", "city", "district", "email",
                "mobile", "card_last4", "account_id", "handle", "display_name", "location",
                "text")}
        col["city"], col["district"] = _word("field", "city", language), \
            _word("field", "district", language)
        col["email"], col["mobile"] = _word("field", "email", language), \
            _word("field", "phone", language)
        col["card_last4"] = _word("field", "card", language)
        col["location"] = _word("field", "city", language)
        card = posts[posts["text"].str.contains("ile bit|sonu", regex=True)]
        naive = {n: "".join(c for c in unicodedata.normalize("NFKD", n.lower())
                            if not unicodedata.combining(c)) for n in self.NAMES}
        names = pd.DataFrame({"name": self.NAMES, "lower": [n.lower() for n in self.NAMES],
                              "naive": [naive[n] for n in self.NAMES],
                              "casekit": [name_key(n) for n in self.NAMES]})
        self.widget.value = (
            heading(t("id_data", language)) +
            f"<p>{escape(t('id_data_counts', language, customers=len(customers), accounts=len(accounts), posts=len(posts), shared=float(full.duplicated(keep=False).mean())))}</p>"  # noqa: E501
            + heading(t("id_data_customers", language), 4) +
            _table(customers.head(self.ROWS), {c: col[c] for c in (
                "customer_id", "first_name", "last_name", "city", "district", "email",
                "mobile", "card_last4")}) +
            heading(t("id_data_accounts", language), 4) +
            _table(accounts.head(self.ROWS), {c: col[c] for c in (
                "account_id", "handle", "display_name", "location")}) +
            heading(t("id_data_posts", language), 4) +
            _table(card.head(self.ROWS), {"account_id": col["account_id"],
                                          "text": col["text"]}) +
            heading(t("id_turkish", language), 4) +
            f"<p>{escape(t('id_turkish_note', language))}</p>" +
            _table(names, {"name": t("id_col_name", language),
                           "lower": "str.lower()",
                           "naive": t("id_col_naive", language),
                           "casekit": "casekit"}))


class RulePanel:
    """Blocking keys and rules, then the links' quality against the hidden truth."""

    RULES = 4
    ANY = ""   # a field a rule leaves free

    def __init__(self, scenario: IdentityScenario, language: str = "en") -> None:
        self.scenario, self.language = scenario, language
        self.blocking_head = w.HTML()
        self.blocking = w.SelectMultiple(options=[(k, k) for k in mt.BLOCKING_KEYS],
                                         value=("phone", "email", "surname_city"), rows=5,
                                         layout=w.Layout(width="24em"))
        self.conditions: list[dict[str, w.Dropdown]] = []
        starts = [{"phone": "exact"}, {"email": "exact"},
                  {"first_name": "exact", "surname": "exact", "city": "exact"}, {}]
        rows = []
        self.rule_heads: list[w.HTML] = []
        grid = w.Layout(grid_template_columns="repeat(4, 285px)")
        for start in starts[: self.RULES]:
            boxes = {f: w.Dropdown(options=[("", self.ANY), *[(x, x) for x in levels]],
                                   value=start.get(f, self.ANY),
                                   style={"description_width": "9.5em"},
                                   layout=w.Layout(width="280px"))
                     for f, levels in mt.COMPARISONS.items()}
            self.conditions.append(boxes)
            head = w.HTML()
            self.rule_heads.append(head)
            rows.append(w.VBox([head, w.GridBox(list(boxes.values()), layout=grid)]))
        self.button = w.Button(button_style="primary",
                               layout=w.Layout(width="auto", align_self="flex-start"))
        self.result = w.HTML()
        self.quality: mt.Quality | None = None
        self._error: str | None = None
        self.button.on_click(lambda _: self.evaluate())
        self.widget = w.VBox([self.blocking_head, self.blocking, *rows, self.button,
                              self.result])
        self.relabel(language)

    def relabel(self, language: str) -> None:
        self.language = language
        self.blocking_head.value = f"<b>{escape(text('blocking', language))}</b>"
        chosen = self.blocking.value
        self.blocking.options = [(_word("block", k, language), k) for k in mt.BLOCKING_KEYS]
        self.blocking.value = chosen
        for n, (head, boxes) in enumerate(zip(self.rule_heads, self.conditions), 1):
            head.value = f"<b>{escape(text('rule', language, n=n))}</b>"
            for f, box in boxes.items():
                value = box.value
                box.options = [(text("any", language), self.ANY),
                               *[(_word("level", x, language), x)
                                 for x in mt.COMPARISONS[f]]]
                box.value = value
                box.description = _word("field", f, language)
        self.button.description = text("evaluate", language)
        self._show()

    def _show(self) -> None:
        if self._error is not None:
            self.result.value = escape(text("error", self.language, message=self._error))
        elif self.quality is not None:
            self.result.value = escape(quality_line(self.quality, self.language))
        else:
            self.result.value = ""

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
            self._error, self.quality = str(exc), None
            self._show()
            return None
        self._error, self.quality = None, found.quality
        self._show()
        return found.quality


class WeightsPanel:
    """The Fellegi-Sunter model's weights and two thresholds with live quality."""

    def __init__(self, scenario: IdentityScenario, language: str = "en",
                 settings: IdentitySettings | None = None) -> None:
        self.language = language
        base = settings or load_settings(reference_dir() / "careful-fellegi-sunter.yaml")[1]
        self.explorer = FSExplorer(scenario, base)
        fs = base.fellegi_sunter
        wide = {"description_width": "initial"}
        self.link = w.FloatSlider(value=fs.link_threshold, min=-10, max=40, step=0.5,
                                  style=wide, layout=w.Layout(width="36em"))
        self.review = w.FloatSlider(value=fs.review_threshold, min=-10, max=40, step=0.5,
                                    style=wide, layout=w.Layout(width="36em"))
        self.result = w.HTML()
        self.weights = w.HTML()
        self.figure = w.Image(format="png", layout=w.Layout(max_width="100%",
                                                            align_self="flex-start"))
        self._table = self.explorer.table()
        self._curve: pd.DataFrame | None = None
        self.quality: mt.Quality | None = None
        for slider in (self.link, self.review):
            slider.observe(lambda _: self.update(), names="value")
        self.widget = w.VBox([self.weights, self.link, self.review, self.result, self.figure])
        self.relabel(language)

    def relabel(self, language: str) -> None:
        self.language = language
        self.link.description = text("link", language)
        self.review.description = text("review", language)
        table = self._table
        fmt = lambda x: number(x, language, 3)  # noqa: E731
        self.weights.value = (
            heading(t("id_weights_table", language), 4) +
            f"<p>{escape(text('weights_note', language))}</p>" +
            _table(table, {"field": t("id_col_field", language),
                           "level": t("id_col_level", language),
                           "m": t("id_col_m", language), "u": t("id_col_u", language),
                           "weight": t("id_col_weight", language),
                           "true m": t("id_col_true_m", language)},
                   {"field": lambda f: _word("field", f, language),
                    "level": lambda x: _word("level", x, language),
                    "m": fmt, "u": fmt, "true m": fmt,
                    "weight": lambda x: number(x, language, 2)}))
        self.update()

    def update(self) -> mt.Quality:
        """The quality line and the figure at the sliders' thresholds."""
        self.review.value = min(self.review.value, self.link.value)  # the band cannot be negative
        quality = self.explorer.at(self.link.value, self.review.value)
        self.quality = quality
        self.result.value = escape(quality_line(quality, self.language))
        self.draw()
        return quality

    def draw(self) -> bytes:
        """The precision-recall figure with the link threshold marked, as the image shown
        (PNG bytes; the figure is closed)."""
        from casekit.kinds.identity_resolution.figures import precision_recall_figure
        if self._curve is None:
            self._curve = self.explorer.curve()
        fig = precision_recall_figure(self._curve, self.link.value, self.language)
        png = figure_png(fig, self.language)
        self.figure.value = png
        return png

    def settings(self, **policy: Any) -> IdentitySettings:
        base = self.explorer.settings
        fs = FellegiSunter(**{**base.fellegi_sunter.model_dump(),
                              "link_threshold": float(self.link.value),
                              "review_threshold": float(self.review.value)})
        return IdentitySettings(method="fellegi_sunter", blocking=base.blocking,
                                fellegi_sunter=fs, **policy)


#: The replay table's columns, and how each is written.
_REPLAY = {"plan": "plan", "precision": "share", "recall": "share", "context_share": "share",
           "churned": "count", "privacy_incidents": "count", "score_value_lost": "points",
           "score_review_cost": "points", "score_privacy_cost": "points",
           "score_staff_cost": "points", "score": "points"}


def replay_html(table: pd.DataFrame, language: str) -> str:
    """The replay table with labelled columns, translated plan names (the first row is the
    student's) and numbers in the language's style (an undefined precision is a dash)."""
    cells: dict[str, Callable[[Any], str]] = {
        c: (lambda x: percent(x, language, 1)) if unit == "share" else
        (lambda x: number(x, language, 0)) if unit == "count" else
        (lambda x: number(x, language, 1)) for c, unit in _REPLAY.items() if unit != "plan"}
    frame = table.copy()
    frame["plan"] = [t("col_plan", language) if i == 0 else plan_name(name, language)
                     for i, name in enumerate(frame["plan"])]
    return _table(frame, {c: _word("col", c, language) for c in _REPLAY if c in frame},
                  cells)


class ReplayPanel:
    """The three policies and the year of complaints against the reference plans."""

    METHODS = ("rules", "fellegi_sunter", "none")

    def __init__(self, scenario: IdentityScenario, rules: RulePanel, weights: WeightsPanel,
                 language: str = "en", replications: Callable[[], int] | None = None,
                 seed: Callable[[], int] | None = None) -> None:
        from casekit.ui.generic import REPLICATIONS
        self.scenario, self.language = scenario, language
        self.rules_panel, self.weights_panel = rules, weights
        self.replications = replications or (lambda: REPLICATIONS)
        self.seed = seed or (lambda: 1)
        self.method = w.ToggleButtons(options=[(m, m) for m in self.METHODS], value="rules",
                                      style={"description_width": "initial"})
        self.look_up = w.Checkbox(value=True, layout=w.Layout(width="auto"))
        self.writing = w.Checkbox(value=False, layout=w.Layout(width="auto"))
        self.ask_again = w.Checkbox(value=True, layout=w.Layout(width="auto"))
        self.button = w.Button(button_style="primary",
                               layout=w.Layout(width="auto", align_self="flex-start"))
        self.result = w.HTML()
        self.table: pd.DataFrame | None = None
        self._error: str | None = None
        self._reps = 0
        self.button.on_click(lambda _: self.run())
        self.widget = w.VBox([self.method, self.look_up, self.writing, self.ask_again,
                              self.button, self.result])
        self.relabel(language)

    def relabel(self, language: str) -> None:
        self.language = language
        names = {"rules": t("id_rules_method", language), "fellegi_sunter": "Fellegi-Sunter",
                 "none": text("none", language)}
        value = self.method.value
        self.method.options = [(names[m], m) for m in self.METHODS]
        self.method.value = value
        self.method.description = text("method", language)
        for box, key in ((self.look_up, "look_up"), (self.writing, "writing"),
                         (self.ask_again, "ask_again")):
            box.description = text(key, language)
        self.button.description = text("run", language)
        self._show()

    def _show(self) -> None:
        lang = self.language
        if self._error is not None:
            self.result.value = escape(text("error", lang, message=self._error))
        elif self.table is None:
            self.result.value = f"<i>{escape(t('id_replay_empty', lang))}</i>"
        else:
            self.result.value = (
                f"<p>{escape(t('id_replay_head', lang, reps=self._reps, currency=self.scenario.currency))}</p>"  # noqa: E501
                + replay_html(self.table, lang))

    def settings(self) -> IdentitySettings:
        policy = {"look_up_before_reply": self.look_up.value,
                  "offers_in_writing": self.writing.value,
                  "ask_known_again": self.ask_again.value}
        if self.method.value == "rules":
            return self.rules_panel.settings(**policy)
        if self.method.value == "fellegi_sunter":
            return self.weights_panel.settings(**policy)
        return IdentitySettings(method="none", **policy)

    def run(self, replications: int | None = None) -> pd.DataFrame | None:
        """The year under the panels' choices and under each reference plan, on
        ``replications`` (default: the bench's number, the one its own runs use)."""
        reps = int(replications if replications is not None else self.replications())
        try:
            self.table = compare_plans(self.scenario, self.settings(), seed=int(self.seed()),
                                       replications=reps, language="en")
        except Exception as exc:  # noqa: BLE001 - shown to the student as one line
            self._error, self.table = str(exc), None
            self._show()
            return None
        self._error, self._reps = None, reps
        self._show()
        return self.table


class IdentityBench(CaseBench):
    """The generic workbench with the case's exhibits, data, rule, weights and replay
    panels."""

    def __init__(self, scenario: str | IdentityScenario = "bank-cross-channel",
                 language: str = "en", workdir: str | Path | None = None) -> None:
        register_if_missing()
        from casekit.kinds.identity_resolution.export import resolve_scenario
        case: IdentityScenario = resolve_scenario(scenario)  # an id, a path or the case
        super().__init__(case, language, workdir)
        lang = self.language
        self._label_history_by_kind()
        self.exhibits = ExhibitsPanel(case, lang)
        self.data = DataPanel(case, lang)
        self.rules = RulePanel(case, lang)
        self.weights = WeightsPanel(case, lang)
        self.replay = ReplayPanel(case, self.rules, self.weights, lang,
                                  replications=lambda: self.replications,
                                  seed=lambda: int(self.seed.value))
        self.tools_head = w.HTML()
        self.tools = w.Tab(children=[self.rules.widget, self.weights.widget,
                                     self.replay.widget])
        self.use = w.Button(icon="pencil", layout=w.Layout(width="auto"))
        self.use_status = w.HTML()
        self.use.on_click(lambda _: self.use_settings())
        self._sections.update({
            "exhibits": self.exhibits.widget, "data": self.data.widget,
            "rules": self.rules.widget, "weights": self.weights.widget,
            "replay": self.replay.widget,
            "tools": w.VBox([self.tools_head, self.tools, w.HBox([self.use, self.use_status])]),
            "use": w.HBox([self.use, self.use_status])})
        children = list(self.widget.children)
        at = children.index(self.case.widget) + 1
        self.widget.children = (children[:at] + [self.exhibits.widget, self.data.widget,
                                                 self._sections["tools"]] + children[at:])
        self.use_settings()          # the editor opens with the panels' choices, runnable
        self.use_status.value = ""
        self.relabel()

    def relabel(self) -> None:
        super().relabel()
        if not hasattr(self, "replay"):      # the generic bench's first relabel
            return
        lang = self.language
        for panel in (self.exhibits, self.data, self.rules, self.weights, self.replay):
            panel.relabel(lang)
        self.tools_head.value = heading(t("id_tools", lang))
        for i, key in enumerate(("rules", "weights", "replay")):
            self.tools.set_title(i, text(key, lang))
        self.use.description = text("use", lang)
        if self.use_status.value:
            self.use_status.value = escape(t("id_used", lang))

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
        panel.refresh()

    def settings(self) -> IdentitySettings:
        """What the three panels say: the method, its choices and the policies."""
        return self.replay.settings()

    def use_settings(self, name: str | None = None) -> str:
        """Write the panels' choices into the plan editor (checked), and return the text."""
        if name is None:
            name = t("plan_default_name", self.language)
        body = {"name": name, "scenario": self.scenario.id,
                "settings": self.settings().model_dump(mode="json")}
        plan_text = yaml.safe_dump(body, allow_unicode=True, sort_keys=False)
        plan_from_text(plan_text).check(self.scenario, "plan")
        self.plan_text.value = plan_text
        self.use_status.value = escape(t("id_used", self.language))
        return plan_text
