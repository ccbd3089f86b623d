"""Plain-text tables for the terminal, from any kind's metrics."""

from __future__ import annotations

from casekit.escape import for_terminal
from casekit.outcomes import Outcome

_WORDS = {
    "en": {"score": "Score (higher is better)", "title": "Plan", "ci": "95% interval",
           "mean": "mean", "run": "seed {seed}, {reps} reps, {customers:,} customers",
           "points": "points (thousands of {currency})"},
    "tr": {"score": "Puan (yüksek olan iyi)", "title": "Plan", "ci": "%95 aralık",
           "mean": "ortalama", "run": "tohum {seed}, {reps} tekrar, {customers:,} müşteri",
           "points": "puan (bin {currency})"},
}


def format_value(unit: str, value: float) -> str:
    """A metric's value as the terminal shows it, by its unit."""
    if unit == "share":
        return f"{100 * value:.2f}%"
    if unit == "sentiment":
        return f"{value:+.3f}"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.1f}"


def outcome_table(outcome: Outcome, language: str = "en") -> str:
    """The outcome's headline metrics with 95% intervals, then the score part by part."""
    words = _WORDS.get(language, _WORDS["en"])
    sc, kind = outcome.scenario, outcome.kind
    rows = []
    for name in kind.headline:
        spec = kind.metric(name)
        label = words["score"] if spec is None else (spec.label.get(language) or
                                                     spec.label["en"])
        unit = "points" if spec is None else spec.unit
        rows.append((name, label, unit))
    lines = [for_terminal(sc.title.in_(language)),
             f"{words['title']}: {for_terminal(outcome.plan.name)}   " +
             words["run"].format(seed=outcome.seed, reps=outcome.reps,
                                 customers=outcome.customers), ""]
    width = max(len(label) for _, label, _ in rows)
    lines.append(f"{'':{width}}  {words['mean']:>14}  {words['ci']:>29}")
    for name, label, unit in rows:
        m = outcome.metric(name)
        if unit in ("count", "currency"):  # counts and money are never negative
            m = type(m)(m.mean, max(m.low, 0.0), m.high)
        suffix = f" {sc.currency}" if unit == "currency" else ""
        lines.append(f"{label:{width}}  {format_value(unit, m.mean) + suffix:>14}  "
                     f"[{format_value(unit, m.low):>12}, {format_value(unit, m.high):>12}]")
    lines.append("")
    lines.append(words["points"].format(currency=sc.currency))
    for row in outcome.score_breakdown(language).itertuples():
        if row.part != "score":
            lines.append(f"  {row.label:24} {row.points:10.1f}   {row.explanation}")
    return "\n".join(lines)
