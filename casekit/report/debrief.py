"""The class debrief: one standalone HTML file with the figures embedded as PNG, in English or
Turkish.

It reads a finished tournament (:class:`casekit.tournament.TournamentResult`) and never runs
a simulation. The file opens offline: no scripts, no links to fetch, every figure a
``data:image/png;base64`` image drawn with matplotlib (imported here, lazily, through its
object API so a notebook's pyplot state is left alone).

Sections: the score distribution; sentiment and churn curves of the top, median and bottom
plans against the reference plans and the no-response baseline; what separates the top
plans (first-response time, channels, message parts, compensation); the most instructive
failures; per-phase scores (phases defined by the kind); rejected files (the reason in the
page's language); what the intake noticed about files it ran (``result.warnings``) and what
the result store repaired (``result.store_notices``). With a class seed the leaderboard shows
each plan's improvement over doing nothing on its student's own variant, with its interval.

Made for a lecture room: tables have labels for headers (never column keys), numbers in the
language's own style (:mod:`casekit.text.formats`), text columns left-aligned; figures have
linear axes, a count axis in whole plans, and one colour per plan in every figure; the
no-response baseline is drawn underneath so a reference plan that equals it (the cynic)
stays visible on top.
"""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from casekit.escape import for_html
from casekit.kinds import kind_of
from casekit.text.formats import fill, metric_value, number, percent
from casekit.text.strings import describe_action, plan_name

#: A tournament's result (casekit.tournament.TournamentResult) and one of its entries: the
#: debrief reads them only, and does not import the tournament.
TournamentResult = Any
Entry = Any

__all__ = ["WORDS", "debrief_html", "failures", "figure_objects", "figures", "palette",
           "separating_features",
           "write_debrief"]

#: Names the debrief's hourly figures are stored under, by series.
_SERIES_FIGURE = {"sentiment_mean": "sentiment", "churn_share": "churn"}
#: Colours of the class's top, median and bottom plans and of the baseline.
_ROLE_COLOURS = {"top": "#1b7837", "median": "#d6a100", "bottom": "#b2182b",
                 "baseline": "#000000"}
#: Colours of the reference plans, in the order they are listed (never a role's colour).
_REFERENCE_COLOURS = ("#2166ac", "#762a83", "#e08214", "#35978f", "#c51b7d", "#7f3b08",
                      "#4d9221", "#8c510a")
_HIST = {"face": "#c6dbef", "edge": "#6baed6"}

#: Every word of the debrief, in both languages.
WORDS: dict[str, dict[str, str]] = {
    "title": {"en": "Class debrief: {title}", "tr": "Sınıf değerlendirmesi: {title}"},
    "page_title": {"en": "Debrief: {title}", "tr": "Değerlendirme: {title}"},
    "intro": {
        "en": "{plans} plans ranked, {rejected} files rejected; {reps} replications each on "
              "common random numbers (seed {seed}), {customers:,} customers; {variants}. Scores "
              "are in thousands of {currency}, negated: higher (closer to zero) is better. "
              "Intervals are 95% over replications.",
        "tr": "{plans} plan sıralandı, {rejected} dosya reddedildi; her biri ortak "
              "rastlantısal sayılarla {reps} tekrar (tohum {seed}), {customers:,} müşteri; "
              "{variants}. Puanlar bin {currency} cinsinden, eksi işaretli: yüksek olan "
              "(sıfıra yakın olan) daha iyidir. Aralıklar, tekrarlar üzerinden %95 aralıklardır."},
    "variants_on": {"en": "each plan ran on its student's variant (class seed {seed}); scores "
                          "compare plans on slightly different cases",
                    "tr": "her plan kendi öğrencisinin vaka sürümünde çalıştı (sınıf tohumu "
                          "{seed}); puanlar biraz farklı vakalardaki planları karşılaştırır"},
    "variants_off": {"en": "every plan ran on the same case",
                     "tr": "her plan aynı vakada çalıştı"},
    "h_leaderboard": {"en": "Leaderboard (top 10)", "tr": "Sıralama (ilk 10)"},
    "h_references": {"en": "Reference plans and the baseline",
                     "tr": "Örnek planlar ve karşılaştırma tabanı"},
    "parts_note": {"en": "The score's parts:", "tr": "Puanın kalemleri:"},
    "h_distribution": {"en": "Score distribution", "tr": "Puanların dağılımı"},
    "h_hourly": {"en": "Hour by hour: top, median and bottom plans",
                 "tr": "Saat saat: en iyi, ortanca ve en zayıf planlar"},
    "h_separates": {"en": "What separates the top plans",
                    "tr": "En iyi planları ayıran ne"},
    "separates_note": {"en": "Top and bottom quarter of the class by score, from what the "
                             "plans do.",
                       "tr": "Sınıfın puana göre en iyi ve en zayıf çeyreği, planların "
                             "yaptıklarına göre."},
    "effects_note": {
        "en": "Mean score of the plans with and without each practice (a comparison across "
              "the class, not a controlled experiment: plans that do one thing well often do "
              "others).",
        "tr": "Her uygulamayı içeren ve içermeyen planların ortalama puanı (sınıf içinde bir "
              "karşılaştırma, kontrollü bir deney değil: bir şeyi iyi yapan planlar çoğu kez "
              "başka şeyleri de iyi yapar)."},
    "h_failures": {"en": "The most instructive failures", "tr": "En öğretici başarısızlıklar"},
    "too_few": {"en": "(too few plans)", "tr": "(çok az plan var)"},
    "failure_head": {"en": "#{rank} {student}: {plan} (score {score})",
                     "tr": "{rank}. {student}: {plan} (puan {score})"},
    "failure_body": {"en": "Lost most on {part}: {gap} points below the median plan. What "
                           "hurt: {why}.",
                     "tr": "En çok {part} kaleminde kaybetti: ortanca planın {gap} puan "
                           "altında. Zarar veren: {why}."},
    "no_actions": {"en": "(no actions)", "tr": "(hiç adım yok)"},
    "settings": {"en": "settings of the plan file: {keys}",
                 "tr": "plan dosyasının ayarları: {keys}"},
    "nothing_stands_out": {"en": "no single practice stands out",
                           "tr": "tek başına öne çıkan bir uygulama yok"},
    "said_nothing": {"en": "said nothing at all", "tr": "hiçbir şey söylemedi"},
    "waited": {"en": "waited {hours:g} hours before the first message",
               "tr": "ilk mesajdan önce {hours:g} saat bekledi"},
    "h_phases": {"en": "Per-phase scores", "tr": "Aşamalara göre puanlar"},
    "phases_note": {"en": "Points lost within each phase, with the score's weights applied to "
                          "what happened in those hours. Phases (hours, from-to; they may "
                          "overlap): {phases}.",
                    "tr": "Her aşamada kaybedilen puan; puanın ağırlıkları o saatlerde olanlara "
                          "uygulanır. Aşamalar (saat, başlangıç-bitiş; çakışabilirler): "
                          "{phases}."},
    "h_rejected": {"en": "Rejected files", "tr": "Reddedilen dosyalar"},
    "h_warnings": {"en": "Notes on the files that were run",
                   "tr": "Çalıştırılan dosyalarla ilgili notlar"},
    "warnings_note": {"en": "These plans were ranked, but something about the file needs a "
                            "look (the file name decides who handed a plan in).",
                      "tr": "Bu planlar sıralandı, ancak dosyada bakılması gereken bir şey var "
                            "(planı kimin teslim ettiğine dosya adı karar verir)."},
    "h_store": {"en": "The stored results", "tr": "Saklanan sonuçlar"},
    "store_note": {"en": "What the result store found and did about it; the tournament went "
                         "on with every plan:",
                   "tr": "Sonuç deposunun bulduğu ve bununla ilgili yaptığı; turnuva her "
                         "planla sürdü:"},
    "ranked_improvement": {
        "en": "Ranked by the improvement over doing nothing on each student's own variant "
              "(the same random numbers, replication by replication), so a lucky variant "
              "does not lift a plan that does little; the score is shown beside it.",
        "tr": "Sıralama, her öğrencinin kendi vaka sürümünde hiçbir şey yapmamaya göre "
              "sağlanan iyileşmeye göredir (tekrar tekrar aynı rastlantısal sayılarla); böylece "
              "şanslı bir vaka sürümü az şey yapan bir planı yukarı taşımaz. Puan yanında "
              "gösterilir."},
    "ranked_score": {"en": "Ranked by score; every plan ran on the same case and the same "
                           "random numbers.",
                     "tr": "Sıralama puana göredir; her plan aynı vakada, aynı rastlantısal "
                           "sayılarla çalıştı."},
    "none": {"en": "(none)", "tr": "(yok)"},
    # column headers
    "col_rank": {"en": "Rank", "tr": "Sıra"},
    "col_student": {"en": "Student", "tr": "Öğrenci"},
    "col_plan": {"en": "Plan", "tr": "Plan"},
    "col_score": {"en": "Score (thousands of {currency})", "tr": "Puan (bin {currency})"},
    "col_interval": {"en": "95% interval", "tr": "%95 aralık"},
    "col_improvement": {"en": "Better than doing nothing by (points)",
                        "tr": "Hiçbir şey yapmamaya göre fark (puan)"},
    "col_feature": {"en": "What the plans do", "tr": "Planların yaptığı"},
    "col_top": {"en": "Top quarter", "tr": "En iyi çeyrek"},
    "col_bottom": {"en": "Bottom quarter", "tr": "En zayıf çeyrek"},
    "col_class": {"en": "Whole class", "tr": "Bütün sınıf"},
    "col_practice": {"en": "Practice (plans that …)", "tr": "Uygulama (şunu yapan planlar …)"},
    "col_with": {"en": "Plans with it", "tr": "İçeren plan"},
    "col_without": {"en": "Plans without it", "tr": "İçermeyen plan"},
    "col_score_with": {"en": "Mean score with", "tr": "İçerenlerin ortalama puanı"},
    "col_score_without": {"en": "Mean score without", "tr": "İçermeyenlerin ortalama puanı"},
    "col_difference": {"en": "Difference", "tr": "Fark"},
    "col_file": {"en": "File", "tr": "Dosya"},
    "col_reason": {"en": "Reason", "tr": "Neden"},
    "col_file_note": {"en": "Note", "tr": "Not"},
    "col_improvement_own": {"en": "Better than doing nothing on their own variant by (points)",
                            "tr": "Kendi vaka sürümünde hiçbir şey yapmamaya göre fark (puan)"},
    "col_improvement_interval": {"en": "95% interval of the difference",
                                 "tr": "Farkın %95 aralığı"},
    "share_that": {"en": "share that {has}", "tr": "şunu yapanların payı: {has}"},
    # plan roles
    "top": {"en": "top: {name}", "tr": "en iyi: {name}"},
    "median": {"en": "median: {name}", "tr": "ortanca: {name}"},
    "bottom": {"en": "bottom: {name}", "tr": "en zayıf: {name}"},
    "baseline": {"en": "no response (baseline)", "tr": "hiç tepki yok (karşılaştırma tabanı)"},
    # figures
    "fig_students": {"en": "students ({n})", "tr": "öğrenciler ({n})"},
    "fig_score_x": {"en": "score (thousands of {currency}; higher is better)",
                    "tr": "puan (bin {currency}; yüksek olan iyi)"},
    "fig_plans": {"en": "number of plans", "tr": "plan sayısı"},
    "fig_distribution": {"en": "Score distribution: the class against the reference plans",
                         "tr": "Puan dağılımı: sınıf ve örnek planlar"},
    "fig_hour": {"en": "hours since the start", "tr": "başlangıçtan bu yana saat"},
    "fig_hourly": {"en": "{label}, hour by hour", "tr": "{label}, saat saat"},
    "fig_shaded": {"en": "grey: {marks}", "tr": "gri: {marks}"},
    "fig_no_comp": {"en": "no compensation", "tr": "tazminat yok"},
    "fig_comp": {"en": "offers compensation", "tr": "tazminat önerir"},
    "fig_first_x": {"en": "hour of the first message (no message: the last hour)",
                    "tr": "ilk mesajın saati (mesaj yoksa: son saat)"},
    "fig_score_y": {"en": "score (thousands of {currency})", "tr": "puan (bin {currency})"},
    "fig_first": {"en": "Speed of the first response against the score",
                  "tr": "İlk yanıtın hızı ve puan"},
    "fig_phase_y": {"en": "points in the phase (higher is better)",
                    "tr": "aşamadaki puan (yüksek olan iyi)"},
    "fig_phases": {"en": "Per-phase scores", "tr": "Aşamalara göre puanlar"},
}


def _w(key: str, language: str, **values: Any) -> str:
    texts = WORDS[key]
    return fill(texts.get(language) or texts["en"], language, **values)


def _bi(text: Any, language: str) -> str:
    """A ``{en, tr}`` mapping's text in ``language``."""
    return text.get(language) or text["en"]


def _require_matplotlib() -> Any:
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError("the debrief draws figures with matplotlib; install it with "
                          "pip install 'casekit[lab]' (or pip install matplotlib)") from None
    return Figure, FigureCanvasAgg


def _png(fig: Any) -> str:
    _, canvas_class = _require_matplotlib()
    canvas_class(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _new_figure(width: float = 8.0, height: float = 4.0) -> Any:
    figure_class, _ = _require_matplotlib()
    return figure_class(figsize=(width, height))


def _locale_axis(ax: Any, language: str, which: str = "both", integer: bool = False) -> None:
    """Tick labels in the language's number style (and whole numbers when ``integer``)."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    def formatter(x: float, _pos: int) -> str:
        digits = 0 if float(x).is_integer() else (1 if abs(x) >= 1 else 2)
        return number(x, language, digits)
    axes = [ax.xaxis, ax.yaxis] if which == "both" else [getattr(ax, f"{which}axis")]
    for axis in axes:
        axis.set_major_formatter(FuncFormatter(formatter))
    if integer:
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))


# -- the pieces ----------------------------------------------------------------------------------

def _picks(result: TournamentResult) -> list[tuple[str, Entry]]:
    """(role, entry) for the top, median and bottom students, references and the baseline."""
    board = result.leaderboard
    picks: list[tuple[str, Entry]] = []
    if not board.empty:
        for role, i in (("top", 0), ("median", len(board) // 2), ("bottom", len(board) - 1)):
            student = board.iloc[i]["student"]
            entry = next(e for e in result.entries if e.role == "student" and e.label == student)
            if all(entry is not e for _, e in picks):
                picks.append((role, entry))
    picks += [("reference", e) for e in result.entries if e.role == "reference"]
    picks += [("baseline", e) for e in result.entries if e.role == "baseline"]
    return picks


def palette(result: TournamentResult) -> dict[str, str]:
    """One colour per plan, the same in every figure: by a reference plan's name, by the
    roles ``top``, ``median``, ``bottom`` and by ``baseline``."""
    colours = dict(_ROLE_COLOURS)
    names = [e.plan.name for e in result.entries if e.role == "reference"]
    for i, name in enumerate(dict.fromkeys(names)):
        colours[name] = _REFERENCE_COLOURS[i % len(_REFERENCE_COLOURS)]
    return colours


def _colour(colours: dict[str, str], role: str, name: str) -> str:
    return colours.get(name if role == "reference" else role, "#4d4d4d")


def _label(role: str, entry: Entry, language: str = "en") -> str:
    if role in ("top", "median", "bottom"):
        return _w(role, language, name=entry.label)
    if role == "baseline":
        return _w("baseline", language)
    return plan_name(entry.plan.name, language)


def _style(role: str) -> dict[str, Any]:
    """How a plan's line is drawn: the baseline wide, pale and underneath, so a reference
    that equals it (the cynic) shows on top; references dashed; students solid."""
    if role == "baseline":
        return {"linestyle": "-", "linewidth": 5.0, "alpha": 0.3, "zorder": 1}
    if role == "reference":
        return {"linestyle": "--", "linewidth": 1.6, "alpha": 1.0, "zorder": 3}
    return {"linestyle": "-", "linewidth": 2.2, "alpha": 1.0, "zorder": 2}


def figures(result: TournamentResult, language: str = "en") -> dict[str, str]:
    """The debrief's figures, as base64 PNG strings by name."""
    return {name: _png(fig) for name, fig in figure_objects(result, language).items()}


def figure_objects(result: TournamentResult, language: str = "en") -> dict[str, Any]:
    """The debrief's figures as matplotlib Figures by name (drawn, not yet rendered)."""
    out: dict[str, Any] = {}
    board, refs = result.leaderboard, result.references
    sc = result.scenario
    colours = palette(result)
    cur = sc.currency

    fig = _new_figure(8, 3.6)
    ax = fig.add_subplot()
    if not board.empty:
        bins = min(30, max(5, int(math.sqrt(len(board))) * 2))
        ax.hist(board["score"], bins=bins, color=_HIST["face"], edgecolor=_HIST["edge"],
                label=_w("fig_students", language, n=len(board)), zorder=0)
    order = sorted(refs.itertuples(), key=lambda r: r.role != "baseline")  # baseline first
    for row in order:
        style = _style(row.role)
        name = _w("baseline", language) if row.role == "baseline" else \
            plan_name(row.plan, language)
        ax.axvline(row.score, color=_colour(colours, row.role, row.plan),
                   linestyle=style["linestyle"], linewidth=style["linewidth"] * 0.8,
                   alpha=style["alpha"] if row.role == "baseline" else 1.0,
                   zorder=style["zorder"], label=name)
    ax.set_xlabel(_w("fig_score_x", language, currency=cur))
    ax.set_ylabel(_w("fig_plans", language))
    ax.set_title(_w("fig_distribution", language))
    _locale_axis(ax, language, integer=True)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1))
    out["score_distribution"] = fig

    picks = _picks(result)
    drawn = sorted(picks, key=lambda p: p[0] != "baseline")  # baseline underneath
    kind = kind_of(sc)
    series = {id(e): result.mean_series(e) for _, e in picks}
    marks = kind.marks(sc)
    marked = ", ".join(_bi(m.label, language) for m in marks)
    shaded = f" ({_w('fig_shaded', language, marks=marked)})" if marks else ""
    for spec in kind.series:
        key, column = _SERIES_FIGURE.get(spec.name, spec.name), spec.name
        label = _bi(spec.label, language)
        ylabel = label if spec.unit != "share" else f"{label} (%)"
        fig = _new_figure(8, 4)
        ax = fig.add_subplot()
        for role, entry in drawn:
            values = series[id(entry)].get(column)
            if values is None:
                continue
            if spec.unit == "share":
                values = 100 * values
            ax.plot(np.arange(len(values)), values, color=_colour(colours, role, entry.plan.name),
                    label=_label(role, entry, language), **_style(role))
        for mark in marks:
            ax.axvspan(mark.start, mark.end, color="#f0f0f0", zorder=0)
        ax.set_xlabel(_w("fig_hour", language))
        ax.set_ylabel(ylabel)
        ax.set_title(_w("fig_hourly", language, label=label[:1].upper() + label[1:]) + shaded)
        _locale_axis(ax, language)
        handles, names = ax.get_legend_handles_labels()
        ax.legend(handles[::-1], names[::-1], fontsize=7, loc="upper left",
                  bbox_to_anchor=(1.01, 1))
        out[key] = fig

    features = result.features()
    if not features.empty and {"first_response_hour", "compensation"} <= set(features):
        fig = _new_figure(8, 3.8)
        ax = fig.add_subplot()
        first = features["first_response_hour"].fillna(sc.horizon_hours)
        paid = features["compensation"] > 0
        ax.scatter(first[~paid], features["score"][~paid], color="#4393c3",
                   label=_w("fig_no_comp", language), alpha=0.8)
        ax.scatter(first[paid], features["score"][paid], color="#d6604d", marker="s",
                   label=_w("fig_comp", language), alpha=0.8)
        ax.set_xlim(left=0)
        ax.set_xlabel(_w("fig_first_x", language))
        ax.set_ylabel(_w("fig_score_y", language, currency=cur))
        ax.set_title(_w("fig_first", language))
        _locale_axis(ax, language)
        ax.legend(fontsize=8)
        out["first_response"] = fig

    phase = result.phase_scores
    if not phase.empty:
        labels = list(dict.fromkeys(phase["phase"]))
        fig = _new_figure(8.5, 4)
        ax = fig.add_subplot()
        width = 0.8 / max(1, len(picks))
        for j, (role, entry) in enumerate(picks):
            values = [float(_phase_rows(phase, entry, p)["score"].mean()) for p in labels]
            ax.bar(np.arange(len(labels)) + j * width, values, width,
                   color=_colour(colours, role, entry.plan.name),
                   label=_label(role, entry, language),
                   alpha=0.45 if role == "baseline" else 1.0,
                   hatch="//" if role == "reference" else None, edgecolor="white")
        names = _phase_names(result, language)
        ax.set_xticks(np.arange(len(labels)) + width * (len(picks) - 1) / 2,
                      [names.get(p, p) for p in labels])
        ax.set_ylabel(_w("fig_phase_y", language))
        ax.set_title(_w("fig_phases", language))
        _locale_axis(ax, language, which="y")
        ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1))
        out["phases"] = fig
    return out


def _phase_rows(phase: pd.DataFrame, entry: Entry, name: str | None = None) -> pd.DataFrame:
    rows = phase[(phase["plan"] == entry.plan.name) & (phase["role"] == entry.role)
                 & (phase["student"] == (entry.label if entry.role == "student" else ""))]
    return rows if name is None else rows[rows["phase"] == name]


def _phase_names(result: TournamentResult, language: str) -> dict[str, str]:
    """The phase column's values (English labels or keys) -> the phase's label in
    ``language``."""
    out = {}
    for p in kind_of(result.scenario).phases(result.scenario):
        out[p.key] = out[p.label["en"]] = _bi(p.label, language)
    return out


def separating_features(result: TournamentResult, language: str = "en"
                        ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(top quarter vs bottom quarter, mean score with and without each practice), with
    the column headers of ``language``."""
    features = result.features()
    if features.empty:
        return pd.DataFrame(), pd.DataFrame()
    features = features.sort_values("score", ascending=False)
    quarter = max(1, len(features) // 4)
    top, bottom = features.head(quarter), features.tail(quarter)
    rows = []
    kind = kind_of(result.scenario)
    numeric = {name: _bi(label, language) for name, label in kind.feature_labels.items()
               if name in features}
    flags = {name: _bi(spec.has, language) for name, spec in kind.flags.items()
             if name in features}
    col = {k: _w(f"col_{k}", language) for k in ("feature", "top", "bottom", "class",
                                                  "practice", "with", "without", "score_with",
                                                  "score_without", "difference")}
    for column, label in numeric.items():
        agg = "median" if "hour" in column and "agent" not in column else "mean"
        rows.append({col["feature"]: label, col["top"]: getattr(top[column], agg)(),
                     col["bottom"]: getattr(bottom[column], agg)(),
                     col["class"]: getattr(features[column], agg)()})
    for column, label in flags.items():
        rows.append({col["feature"]: _w("share_that", language, has=label),
                     col["top"]: _Num(percent(top[column].mean(), language, 0)),
                     col["bottom"]: _Num(percent(bottom[column].mean(), language, 0)),
                     col["class"]: _Num(percent(features[column].mean(), language, 0))})
    compare = pd.DataFrame(rows)
    effects = []
    for column, label in flags.items():
        has = features[features[column]]
        lacks = features[~features[column]]
        effects.append({col["practice"]: label, col["with"]: len(has),
                        col["without"]: len(lacks),
                        col["score_with"]: has["score"].mean() if len(has) else np.nan,
                        col["score_without"]: lacks["score"].mean() if len(lacks) else np.nan})
    table = pd.DataFrame(effects)
    if not table.empty:
        table[col["difference"]] = table[col["score_with"]] - table[col["score_without"]]
    return compare, table


class _Num:
    """A number already written in the page's language (right-aligned, never wrapped)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text


def failures(result: TournamentResult, n: int = 3, language: str = "en") -> list[dict[str, Any]]:
    """The bottom ``n`` plans: where they lost most against the median and what hurt them."""
    board = result.leaderboard
    if len(board) < 2:
        return []
    kind = kind_of(result.scenario)
    median = {p: float(board[f"score_{p}"].median()) for p in kind.part_names}
    features = result.features().set_index("student")
    out = []
    for row in board.tail(min(n, len(board) - 1)).iloc[::-1].to_dict("records"):
        gaps = {p: row[f"score_{p}"] - median[p] for p in kind.part_names}
        worst = min(gaps, key=lambda p: gaps[p])
        if gaps[worst] > -0.05:  # the median plan itself (a small class): nothing lost
            continue
        f = features.loc[row["student"]]
        reasons = [_bi(spec.harmful, language) for key, spec in kind.flags.items()
                   if spec.harmful and key in f and f[key]]
        reasons += [_bi(spec.missing, language) for key, spec in kind.flags.items()
                    if spec.missing and key in f and not f[key]]
        if "first_response_hour" in f:  # a kind whose plans send messages at set hours
            first = f["first_response_hour"]
            if isinstance(first, float) and math.isnan(first):
                reasons.insert(0, _w("said_nothing", language))
            elif first > 24:
                reasons.insert(0, _w("waited", language, hours=float(first)))
        plan = result.plan(row["student"])
        out.append({"student": row["student"], "plan": row["plan"], "rank": row["rank"],
                    "score": row["score"], "worst_part": worst,
                    "worst_label": _bi(kind.part(worst).label, language), "gap": gaps[worst],
                    "reasons": reasons,
                    "actions": [describe_action(a, language, result.scenario.currency)
                                for a in plan.actions],
                    "settings": list(getattr(plan, "settings", None) or ())})
    return out


# -- the page ----------------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1100px;margin:2em auto;
padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;font-size:.85em;margin:.6em 0}
td,th{border:1px solid #ddd;padding:.3em .55em;vertical-align:top}
th{background:#f4f4f4;text-align:left;font-weight:600;max-width:9em}
td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}th.num{text-align:right}
td.text{text-align:left;max-width:24em}th.text{text-align:left}
img{max-width:100%;display:block;margin:.6em 0}.note{color:#555;font-size:.9em}
code{background:#f4f4f4;padding:0 .2em}.wide{overflow-x:auto}
"""


def _cell(value: Any, language: str, digits: int) -> tuple[str, str]:
    """(css class, escaped text) of one table cell."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "num", "–"
    if isinstance(value, _Num):
        return "num", for_html(str(value))
    if isinstance(value, (bool, np.bool_)):
        return "text", for_html(str(value))
    if isinstance(value, (int, np.integer)):
        return "num", for_html(number(int(value), language, 0))
    if isinstance(value, (float, np.floating)):
        return "num", for_html(number(float(value), language, digits))
    return "text", for_html(str(value))


def _html_table(frame: pd.DataFrame, language: str, digits: int = 1,
                columns: Sequence[str] | None = None) -> str:
    """A table with its headers as written, numbers right-aligned in the language's style,
    text left-aligned and wrapping."""
    if frame.empty:
        return f"<p class='note'>{for_html(_w('none', language))}</p>"
    columns = list(columns or frame.columns)
    kinds = {}
    for c in columns:
        values = [v for v in frame[c] if v is not None and not (isinstance(v, float)
                                                                   and math.isnan(v))]
        kinds[c] = "num" if values and all(_cell(v, language, digits)[0] == "num"
                                           for v in values) else "text"
    head = "".join(f"<th class='{kinds[c]}'>{for_html(str(c))}</th>" for c in columns)
    body = []
    for row in frame[columns].itertuples(index=False):
        cells = []
        for c, value in zip(columns, row):
            _, text = _cell(value, language, digits)
            cells.append(f"<td class='{kinds[c]}'>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f"<div class='wide'><table><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table></div>")


def _img(name: str, figs: dict[str, str], alt: str) -> str:
    if name not in figs:
        return ""
    return f'<img src="data:image/png;base64,{figs[name]}" alt="{for_html(alt)}">'


#: How many of the kind's headline metrics the leaderboard shows beside the score (the
#: references table shows them all).
LEADERBOARD_METRICS = 4


def _ranking(frame: pd.DataFrame, result: TournamentResult, language: str,
             references: bool = False) -> pd.DataFrame:
    """A leaderboard (or the references) with readable headers: labels, not keys."""
    if frame.empty:
        return pd.DataFrame()
    kind = kind_of(result.scenario)
    cur = result.scenario.currency
    out = pd.DataFrame()
    if not references:
        out[_w("col_rank", language)] = frame["rank"].astype(int)
        out[_w("col_student", language)] = frame["student"].astype(str)
        out[_w("col_plan", language)] = [plan_name(str(p), language) for p in frame["plan"]]
    else:
        out[_w("col_plan", language)] = [
            _w("baseline", language) if role == "baseline" else plan_name(p, language)
            for p, role in zip(frame["plan"], frame.get("role", [""] * len(frame)))]
    out[_w("col_score", language, currency=cur)] = frame["score"].astype(float)
    if {"score_low", "score_high"} <= set(frame):
        out[_w("col_interval", language)] = [
            _Num(f"{number(lo, language, 1)} … {number(hi, language, 1)}")
            for lo, hi in zip(frame["score_low"], frame["score_high"])]
    if "improvement" in frame and not references:
        if getattr(result, "ranked_by", "score") == "improvement":
            out[_w("col_improvement_own", language)] = [
                _Num(number(v, language, 1, sign=True)) for v in frame["improvement"]]
            if {"improvement_low", "improvement_high"} <= set(frame):
                out[_w("col_improvement_interval", language)] = [
                    _Num(f"{number(lo, language, 1, sign=True)} … "
                         f"{number(hi, language, 1, sign=True)}")
                    for lo, hi in zip(frame["improvement_low"], frame["improvement_high"])]
        else:
            out[_w("col_improvement", language)] = frame["improvement"].astype(float)
    shown = [m for m in kind.metrics if m.headline and m.name in frame]
    for spec in shown if references else shown[:LEADERBOARD_METRICS]:
        label = _bi(spec.label, language)
        values = frame[spec.name].astype(float)
        if spec.unit == "share":
            label = f"{label} (%)"
            cells = [number(100 * v, language, 2) for v in values]
        else:
            if spec.unit == "currency":
                label = f"{label} ({cur})"
            cells = [metric_value(spec.unit, v, language) for v in values]
        out[label] = [_Num(c) for c in cells]
    return out


def _section(section: Any, language: str) -> str:
    """A kind's own debrief section (``casekit.kinds.contract.DebriefSection``) as HTML."""
    e = for_html
    parts = [f"<h2>{e(section.title)}</h2>"]
    if section.note:
        parts.append(f"<p class='note'>{e(section.note)}</p>")
    for caption, table in section.tables:
        parts.append(f"<h3>{e(caption)}</h3>{_html_table(table, language)}")
    return "".join(parts)


def _rejected(result: TournamentResult, language: str) -> pd.DataFrame:
    """The rejected files with their reason in ``language``, headed in words."""
    if hasattr(result, "rejections"):
        table = result.rejections(language)[["file", "reason"]]
    else:
        table = result.rejected[["file", "reason"]]
    return table.rename(columns={"file": _w("col_file", language),
                                 "reason": _w("col_reason", language)})


def _warnings(result: TournamentResult, language: str) -> pd.DataFrame:
    """What the intake noticed about accepted files (``result.warnings``), headed in words."""
    if not hasattr(result, "warnings"):
        return pd.DataFrame()
    table = result.warnings(language)
    return table.rename(columns={"student": _w("col_student", language),
                                 "file": _w("col_file", language),
                                 "warning": _w("col_file_note", language)})


def debrief_html(result: TournamentResult, language: str = "en") -> str:
    """The debrief page as one HTML string, in ``language`` (``en`` or ``tr``)."""
    e = for_html
    lang = language if language in ("en", "tr") else "en"
    sc = result.scenario
    figs = figures(result, lang)
    board = result.leaderboard
    kind = kind_of(sc)
    top = _ranking(board.head(10), result, lang)
    refs = _ranking(result.references, result, lang, references=True)
    compare, effects = separating_features(result, lang)
    variants = (_w("variants_on", lang, seed=result.class_seed)
                if result.class_seed is not None else _w("variants_off", lang))
    parts = "".join(f"<li><b>{e(_bi(p.label, lang))}</b>: {e(_bi(p.explain, lang))}</li>"
                    for p in kind.score_parts)
    phases = kind.phases(sc)
    phase_list = "; ".join(f"{_bi(p.label, lang)} ({p.start}-{p.end})" for p in phases)

    failure_html = []
    for f in failures(result, language=lang):
        actions = "".join(f"<li>{e(a)}</li>" for a in f["actions"])
        if f.get("settings"):
            actions += f"<li>{e(_w('settings', lang, keys=', '.join(f['settings'])))}</li>"
        actions = actions or f"<li>{e(_w('no_actions', lang))}</li>"
        why = "; ".join(f["reasons"]) or _w("nothing_stands_out", lang)
        head = _w("failure_head", lang, rank=int(f["rank"]), student=str(f["student"]),
                  plan=plan_name(str(f["plan"]), lang), score=number(f["score"], lang, 1))
        body = _w("failure_body", lang, part=f["worst_label"],
                  gap=number(abs(f["gap"]), lang, 1), why=why)
        failure_html.append(f"<h3>{e(head)}</h3><p>{e(body)}</p><ul>{actions}</ul>")

    phase_table = pd.DataFrame()
    if not result.phase_scores.empty:
        names = _phase_names(result, lang)
        spans = list(dict.fromkeys(result.phase_scores["phase"]))
        rows = []
        for role, entry in _picks(result):
            sel = _phase_rows(result.phase_scores, entry)
            rows.append({_w("col_plan", lang): _label(role, entry, lang),
                         **{names.get(p, p): float(sel[sel["phase"] == p]["score"].mean())
                            for p in spans}})
        phase_table = pd.DataFrame(rows)
    rejected = _rejected(result, lang)
    warnings = _warnings(result, lang)
    notices = [n.text(lang) if hasattr(n, "text") else str(n)
               for n in getattr(result, "store_notices", None) or []]
    store_html = ""
    if notices:
        items = "".join(f"<li>{e(n)}</li>" for n in notices)
        store_html = (f"<h2>{e(_w('h_store', lang))}</h2><p class='note'>"
                      f"{e(_w('store_note', lang))}</p><ul>{items}</ul>")
    warnings_html = ""
    if not warnings.empty:
        warnings_html = (f"<h2>{e(_w('h_warnings', lang))}</h2><p class='note'>"
                         f"{e(_w('warnings_note', lang))}</p>{_html_table(warnings, lang)}")
    kind_html = "".join(_section(section, lang) for section in
                        (kind.debrief_sections(result, lang) if kind.debrief_sections else []))
    ranked = _w("ranked_improvement" if getattr(result, "ranked_by", "score") == "improvement"
                else "ranked_score", lang)
    intro = _w("intro", lang, plans=len(board), rejected=len(result.rejected),
               reps=result.reps, seed=result.seed, customers=int(result.customers),
               variants=variants, currency=sc.currency)
    title = sc.title.in_(lang) if hasattr(sc.title, "in_") else sc.title.en
    series_imgs = "".join(_img(_SERIES_FIGURE.get(s.name, s.name), figs, _bi(s.label, lang))
                          for s in kind.series)
    body = f"""
<h1>{e(_w("title", lang, title=title))}</h1>
<p class="note">{e(intro)}</p>
<h2>{e(_w("h_leaderboard", lang))}</h2>
<p class="note">{e(ranked)}</p>{_html_table(top, lang)}
<h2>{e(_w("h_references", lang))}</h2>{_html_table(refs, lang)}
<p class="note">{e(_w("parts_note", lang))}</p><ul class="note">{parts}</ul>
<h2>{e(_w("h_distribution", lang))}</h2>
{_img("score_distribution", figs, _w("h_distribution", lang))}
<h2>{e(_w("h_hourly", lang))}</h2>
{series_imgs}
{kind_html}
<h2>{e(_w("h_separates", lang))}</h2>
<p class="note">{e(_w("separates_note", lang))}</p>
{_html_table(compare, lang, 2)}
<p class="note">{e(_w("effects_note", lang))}</p>
{_html_table(effects, lang)}
{_img("first_response", figs, _w("fig_first", lang))}
<h2>{e(_w("h_failures", lang))}</h2>{"".join(failure_html) or f"<p>{e(_w('too_few', lang))}</p>"}
<h2>{e(_w("h_phases", lang))}</h2>
<p class="note">{e(_w("phases_note", lang, phases=phase_list))}</p>
{_html_table(phase_table, lang)}{_img("phases", figs, _w("h_phases", lang))}
<h2>{e(_w("h_rejected", lang))}</h2>{_html_table(rejected, lang)}
{warnings_html}{store_html}
"""
    return (f"<!DOCTYPE html>\n<html lang='{lang}'><head><meta charset='utf-8'>"
            f"<title>{e(_w('page_title', lang, title=title))}</title><style>{_CSS}</style>"
            f"</head><body>{body}</body></html>\n")


def write_debrief(result: TournamentResult, path: str | Path, language: str = "en") -> Path:
    """Write the debrief page to ``path`` (one standalone file) and return the path."""
    path = Path(path)
    path.write_text(debrief_html(result, language), encoding="utf-8")
    return path
