"""The class debrief: one standalone HTML file with the figures embedded as PNG.

It reads a finished tournament (:class:`casekit.tournament.TournamentResult`) and never runs
a simulation. The file opens offline: no scripts, no links to fetch, every figure a
``data:image/png;base64`` image drawn with matplotlib (imported here, lazily, through its
object API so a notebook's pyplot state is left alone).

Sections: the score distribution; sentiment and churn curves of the top, median and bottom
plans against the reference plans and the no-response baseline; what separates the top
plans (first-response time, channels, message parts, compensation); the most instructive
failures; per-phase scores (phases defined in :mod:`casekit.tournament`); rejected files.
"""

from __future__ import annotations

import base64
import html
import io
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from casekit.kinds import kind_of

#: A tournament's result (casekit.tournament.TournamentResult) and one of its entries: the
#: debrief reads them only, and does not import the tournament.
TournamentResult = Any
Entry = Any

__all__ = ["write_debrief", "debrief_html", "figures", "separating_features", "failures"]

#: Names the debrief's hourly figures are stored under, by series.
_SERIES_FIGURE = {"sentiment_mean": "sentiment", "churn_share": "churn"}
_COLOURS = {"top": "#1b7837", "median": "#d6a100", "bottom": "#b2182b",
            "reference": "#4d4d4d", "baseline": "#000000"}


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


def _label(role: str, entry: Entry) -> str:
    if role in ("top", "median", "bottom"):
        return f"{role}: {entry.label}"
    if role == "baseline":
        return "no response (baseline)"
    return entry.plan.name


def figures(result: TournamentResult) -> dict[str, str]:
    """The debrief's figures, as base64 PNG strings by name."""
    out: dict[str, str] = {}
    board, refs = result.leaderboard, result.references

    fig = _new_figure(8, 3.6)
    ax = fig.add_subplot()
    if not board.empty:
        bins = min(30, max(5, int(math.sqrt(len(board))) * 2))
        ax.hist(board["score"], bins=bins, color="#92c5de", edgecolor="#2166ac",
                label=f"students ({len(board)})")
    for i, row in enumerate(refs.itertuples()):
        style = "-" if row.role == "baseline" else "--"
        colour = _COLOURS["baseline"] if row.role == "baseline" else f"C{(i % 8) + 1}"
        name = "no response (baseline)" if row.role == "baseline" else row.plan
        ax.axvline(row.score, color=colour, linestyle=style, linewidth=1.5, label=name)
    ax.set_xlabel("score (thousands, higher is better)")
    ax.set_ylabel("plans")
    ax.set_title("Score distribution: the class against the reference plans")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1))
    out["score_distribution"] = _png(fig)

    picks = _picks(result)
    kind = kind_of(result.scenario)
    series = {id(e): result.mean_series(e) for _, e in picks}
    marks = kind.marks(result.scenario)
    shaded = " (grey: " + ", ".join(m.label["en"] for m in marks) + ")" if marks else ""
    for spec in kind.series:
        key, column = _SERIES_FIGURE.get(spec.name, spec.name), spec.name
        ylabel = spec.label["en"] if spec.unit != "share" else \
            spec.label["en"].replace("share", "%")
        title = f"{spec.label['en'][:1].upper()}{spec.label['en'][1:]}, hour by hour"
        fig = _new_figure(8, 4)
        ax = fig.add_subplot()
        for i, (role, entry) in enumerate(picks):
            values = series[id(entry)].get(column)
            if values is None:
                continue
            if spec.unit == "share":
                values = 100 * values
            colour = _COLOURS.get(role) if role != "reference" else f"C{(i % 8) + 1}"
            ax.plot(np.arange(len(values)), values, color=colour,
                    linestyle="--" if role == "reference" else "-",
                    linewidth=2.2 if role in ("top", "median", "bottom") else 1.2,
                    label=_label(role, entry))
        for mark in marks:
            ax.axvspan(mark.start, mark.end, color="#f0f0f0", zorder=0)
        ax.set_xlabel("hour")
        ax.set_ylabel(ylabel)
        ax.set_title(title + shaded)
        ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1))
        out[key] = _png(fig)

    features = result.features()
    if not features.empty and {"first_response_hour", "compensation"} <= set(features):
        fig = _new_figure(8, 3.8)
        ax = fig.add_subplot()
        first = features["first_response_hour"].fillna(result.scenario.horizon_hours)
        paid = features["compensation"] > 0
        ax.scatter(first[~paid], features["score"][~paid], color="#4393c3",
                   label="no compensation", alpha=0.8)
        ax.scatter(first[paid], features["score"][paid], color="#d6604d", marker="s",
                   label="offers compensation", alpha=0.8)
        ax.set_xscale("symlog", linthresh=1)
        ax.set_xlabel("hour of the first message (no message: the horizon)")
        ax.set_ylabel("score")
        ax.set_title("Speed of the first response against the score")
        ax.legend(fontsize=8)
        out["first_response"] = _png(fig)

    phase = result.phase_scores
    if not phase.empty:
        names = {id(e): _label(role, e) for role, e in picks}
        chosen = [e for _, e in picks]
        labels = list(dict.fromkeys(phase["phase"]))
        fig = _new_figure(8.5, 4)
        ax = fig.add_subplot()
        width = 0.8 / max(1, len(chosen))
        for j, entry in enumerate(chosen):
            rows = phase[(phase["plan"] == entry.plan.name) & (phase["role"] == entry.role)
                         & (phase["student"] == (entry.label if entry.role == "student"
                                                 else ""))]
            values = [float(rows[rows["phase"] == p]["score"].mean()) for p in labels]
            ax.bar(np.arange(len(labels)) + j * width, values, width, label=names[id(entry)])
        ax.set_xticks(np.arange(len(labels)) + width * (len(chosen) - 1) / 2, labels)
        ax.set_ylabel("points in the phase (higher is better)")
        ax.set_title("Per-phase scores")
        ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1))
        out["phases"] = _png(fig)
    return out


def separating_features(result: TournamentResult) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(top quarter vs bottom quarter, mean score with and without each practice)."""
    features = result.features()
    if features.empty:
        return pd.DataFrame(), pd.DataFrame()
    features = features.sort_values("score", ascending=False)
    quarter = max(1, len(features) // 4)
    top, bottom = features.head(quarter), features.tail(quarter)
    rows = []
    kind = kind_of(result.scenario)
    numeric = {name: label["en"] for name, label in kind.feature_labels.items()
               if name in features}
    flags = {name: spec.has["en"] for name, spec in kind.flags.items() if name in features}
    for column, label in numeric.items():
        agg = "median" if "hour" in column and "agent" not in column else "mean"
        rows.append({"feature": label, "top quarter": getattr(top[column], agg)(),
                     "bottom quarter": getattr(bottom[column], agg)(),
                     "whole class": getattr(features[column], agg)()})
    for column, label in flags.items():
        rows.append({"feature": f"share that {label}", "top quarter": top[column].mean(),
                     "bottom quarter": bottom[column].mean(),
                     "whole class": features[column].mean()})
    compare = pd.DataFrame(rows)
    effects = []
    for column, label in flags.items():
        has = features[features[column]]
        lacks = features[~features[column]]
        effects.append({"practice": label, "plans with": len(has), "plans without": len(lacks),
                        "mean score with": has["score"].mean() if len(has) else np.nan,
                        "mean score without": lacks["score"].mean() if len(lacks) else np.nan})
    table = pd.DataFrame(effects)
    table["difference"] = table["mean score with"] - table["mean score without"]
    return compare, table


def failures(result: TournamentResult, n: int = 3) -> list[dict[str, Any]]:
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
        f = features.loc[row["student"]]
        reasons = [spec.harmful["en"] for key, spec in kind.flags.items()
                   if spec.harmful and key in f and f[key]]
        reasons += [spec.missing["en"] for key, spec in kind.flags.items()
                    if spec.missing and key in f and not f[key]]
        first = f.get("first_response_hour", math.nan)
        if isinstance(first, float) and math.isnan(first):
            reasons.insert(0, "said nothing at all")
        elif first > 24:
            reasons.insert(0, f"waited {first:g} hours before the first message")
        plan = result.plan(row["student"])
        out.append({"student": row["student"], "plan": row["plan"], "rank": row["rank"],
                    "score": row["score"], "worst_part": worst, "gap": gaps[worst],
                    "reasons": reasons, "actions": [a.describe() for a in plan.actions]})
    return out


# -- the page ----------------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:980px;margin:2em auto;
padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;font-size:.85em;margin:.6em 0}
td,th{border:1px solid #ddd;padding:.25em .5em;text-align:right}
th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}
img{max-width:100%;display:block;margin:.6em 0}.note{color:#555;font-size:.9em}
code{background:#f4f4f4;padding:0 .2em}
"""


def _table(frame: pd.DataFrame, digits: int = 1) -> str:
    if frame.empty:
        return "<p class='note'>(none)</p>"
    return frame.to_html(index=False, escape=True, border=0, na_rep="-",
                         float_format=lambda x: f"{x:,.{digits}f}")


def _img(name: str, figs: dict[str, str], alt: str) -> str:
    if name not in figs:
        return ""
    return f'<img src="data:image/png;base64,{figs[name]}" alt="{html.escape(alt)}">'


def debrief_html(result: TournamentResult) -> str:
    """The debrief page as one HTML string."""
    e = html.escape
    sc = result.scenario
    figs = figures(result)
    board = result.leaderboard
    kind = kind_of(sc)
    metrics = [name for name in kind.headline if name != "score"]
    columns = ["rank", "student", "plan", "score", "score_low", "score_high", *metrics]
    top = board[[c for c in columns if c in board]].head(10).copy() if not board.empty \
        else pd.DataFrame()
    if "churn_rate" in top:
        top["churn_rate"] = 100 * top["churn_rate"]
        top = top.rename(columns={"churn_rate": "churn %"})
    refs = result.references[[c for c in ["plan", "score", "score_low", "score_high",
                                          *metrics] if c in result.references]].copy()
    if "churn_rate" in refs:
        refs["churn_rate"] = 100 * refs["churn_rate"]
        refs = refs.rename(columns={"churn_rate": "churn %"})
    compare, effects = separating_features(result)
    variants = (f"each plan ran on its student's variant (class seed {result.class_seed}); "
                "scores compare plans on slightly different cases"
                if result.class_seed is not None else "every plan ran on the same case")
    parts = "".join(f"<li><b>{e(p.label['en'])}</b>: {e(p.explain['en'])}</li>"
                    for p in kind.score_parts)
    spans = dict.fromkeys(result.phase_scores["phase"]) if not result.phase_scores.empty else {}
    phase_list = "; ".join(f"{p.label['en']} ({p.start}-{p.end})" for p in kind.phases(sc))

    failure_html = []
    for f in failures(result):
        actions = "".join(f"<li><code>{e(a)}</code></li>" for a in f["actions"]) or \
            "<li>(no actions)</li>"
        why = "; ".join(f["reasons"]) or "no single practice stands out"
        failure_html.append(
            f"<h3>#{f['rank']} {e(str(f['student']))}: {e(str(f['plan']))} "
            f"(score {f['score']:,.1f})</h3>"
            f"<p>Lost most on <b>{e(f['worst_part'])}</b>: {abs(f['gap']):,.1f} points below "
            "the "
            f"median plan. What hurt: {e(why)}.</p><ul>{actions}</ul>")

    phase_table = pd.DataFrame()
    if not result.phase_scores.empty:
        chosen = {id(en): _label(role, en) for role, en in _picks(result)}
        rows = []
        for entry in result.entries:
            if id(entry) not in chosen:
                continue
            sel = result.phase_scores[
                (result.phase_scores["plan"] == entry.plan.name)
                & (result.phase_scores["role"] == entry.role)
                & (result.phase_scores["student"] == (entry.label if entry.role == "student"
                                                      else ""))]
            rows.append({"plan": chosen[id(entry)],
                         **{p: float(sel[sel["phase"] == p]["score"].mean()) for p in spans}})
        phase_table = pd.DataFrame(rows)

    body = f"""
<h1>Class debrief: {e(sc.title.en)}</h1>
<p class="note">{len(board)} plans ranked, {len(result.rejected)} files rejected;
{result.reps} replications each on common random numbers (seed {result.seed}),
{result.customers:,} customers; {e(variants)}. Scores are in thousands of {e(sc.currency)},
negated: higher (closer to zero) is better. Intervals are 95% over replications.</p>
<h2>Leaderboard (top 10)</h2>{_table(top)}
<h2>Reference plans and the baseline</h2>{_table(refs)}
<p class="note">The score's parts:</p><ul class="note">{parts}</ul>
<h2>Score distribution</h2>{_img("score_distribution", figs, "score distribution")}
<h2>Hour by hour: top, median and bottom plans</h2>
{"".join(_img(_SERIES_FIGURE.get(s.name, s.name), figs, s.label["en"]) for s in kind.series)}
<h2>What separates the top plans</h2>
<p class="note">Top and bottom quarter of the class by score, from what the plans do.</p>
{_table(compare, 2)}
<p class="note">Mean score of the plans with and without each practice (a comparison across
the class, not a controlled experiment: plans that do one thing well often do others).</p>
{_table(effects)}
{_img("first_response", figs, "first response against score")}
<h2>The most instructive failures</h2>{"".join(failure_html) or "<p>(too few plans)</p>"}
<h2>Per-phase scores</h2>
<p class="note">Points lost within each phase, with the score's weights applied to what
happened in those hours. Phases (hours, from-to; they may overlap): {e(phase_list)}.</p>
{_table(phase_table)}{_img("phases", figs, "per-phase scores")}
<h2>Rejected files</h2>{_table(result.rejected)}
"""
    return (f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            f"<title>Debrief: {e(sc.title.en)}</title><style>{_CSS}</style></head>"
            f"<body>{body}</body></html>\n")


def write_debrief(result: TournamentResult, path: str | Path) -> Path:
    """Write the debrief page to ``path`` (one standalone file) and return the path."""
    path = Path(path)
    path.write_text(debrief_html(result), encoding="utf-8")
    return path
