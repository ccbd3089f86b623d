"""Plain-text tables for the terminal, from any kind's metrics, in English or Turkish.

Every number goes through :mod:`casekit.text.formats` (Babel), every label comes from the
kind's :class:`~casekit.kinds.contract.MetricSpec` or :data:`WORDS`; nothing here knows a
kind by name.
"""

from __future__ import annotations

from typing import Any

from casekit.escape import for_terminal
from casekit.outcomes import Outcome, interval
from casekit.text.formats import metric_value, number
from casekit.text.strings import plan_name

__all__ = ["WORDS", "baseline_json", "comparison", "format_value", "outcome_table", "word"]

#: The terminal tables' own words.
WORDS: dict[str, dict[str, str]] = {
    "score": {"en": "Score (higher is better), {units}",
              "tr": "Puan (yüksek olan iyi), {units}"},
    "units": {"en": "points = thousands of {currency}, negated",
              "tr": "puan = bin {currency}, eksi işaretli"},
    "plan": {"en": "Plan", "tr": "Plan"},
    "ci": {"en": "95% interval", "tr": "%95 aralık"},
    "mean": {"en": "your plan (mean)", "tr": "planınız (ortalama)"},
    "mean_only": {"en": "mean", "tr": "ortalama"},
    "baseline": {"en": "no response", "tr": "hiç tepki yok"},
    "difference": {"en": "difference", "tr": "fark"},
    "run": {"en": "seed {seed}, {reps} reps, {customers:,} customers",
            "tr": "tohum {seed}, {reps} tekrar, {customers:,} müşteri"},
    "parts": {"en": "The score, part by part ({units})",
              "tr": "Puan, kalem kalem ({units})"},
    "vs": {"en": "Against doing nothing (same customers, same random numbers): the score "
                 "changes by {points} points (95% interval {low} to {high}).",
           "tr": "Hiçbir şey yapmamaya göre (aynı müşteriler, aynı rastlantısal sayılar): plan "
                 "puanı {points} değiştiriyor (%95 aralık {low} ile {high} arası)."},
    "is_baseline": {"en": "This plan is the no-response baseline: there is nothing to compare "
                          "it with. Run it with --plan FILE to see what a plan changes.",
                    "tr": "Bu plan hiç tepki vermeme planının kendisi: karşılaştırılacak bir "
                          "şey yok. Bir planın neyi değiştirdiğini görmek için --plan DOSYA "
                          "ile çalıştırın."},
}


def word(key: str, language: str = "en", **values: Any) -> str:
    """One of the terminal tables' words in ``language``, numbers in its style."""
    from casekit.text.formats import fill
    texts = WORDS[key]
    return fill(texts.get(language) or texts["en"], language, **values)


def format_value(unit: str, value: float, language: str = "en", currency: str = "",
                 sign: bool = False) -> str:
    """A metric's value as the terminal shows it, by its unit and language."""
    return metric_value(unit, value, language, currency, sign)


def _rows(outcome: Outcome, language: str) -> list[tuple[str, str, str]]:
    sc, kind = outcome.scenario, outcome.kind
    units = word("units", language, currency=sc.currency)
    rows = []
    for name in kind.headline:
        spec = kind.metric(name)
        if spec is None:
            rows.append((name, word("score", language, units=units), "points"))
        else:
            rows.append((name, spec.label.get(language) or spec.label["en"], spec.unit))
    return rows


def comparison(outcome: Outcome, baseline: Outcome, name: str) -> Any:
    """The paired difference plan minus baseline of one metric over replications."""
    plan = outcome.per_run()[name].to_numpy()
    base = baseline.per_run()[name].to_numpy()
    return interval(plan - base)


def outcome_table(outcome: Outcome, language: str = "en",
                  baseline: Outcome | None = None) -> str:
    """The outcome's headline metrics with 95% intervals, beside doing nothing when a
    ``baseline`` (the no-response plan on the same random numbers) is given, then the score
    part by part."""
    sc = outcome.scenario
    cur = sc.currency
    rows = _rows(outcome, language)
    acts = bool(outcome.plan.actions or outcome.plan.settings)
    if baseline is not None and (not acts or baseline is outcome):
        baseline = None  # the no-response plan itself: nothing to compare it with
    alone = not acts
    lines = [for_terminal(sc.title.in_(language)),
             f"{word('plan', language)}: {for_terminal(plan_name(outcome.plan.name, language))}"
             f"   " + word("run", language, seed=outcome.seed, reps=outcome.reps,
                           customers=outcome.customers), ""]
    width = max(len(label) for _, label, _ in rows)
    cells = []
    for name, label, unit in rows:
        m = outcome.metric(name)
        low, high = m.low, m.high
        if unit in ("count", "currency", "share"):  # counts, money, shares: never negative
            low = max(low, 0.0)
        row = [label, format_value(unit, m.mean, language, cur),
               f"[{format_value(unit, low, language)}, {format_value(unit, high, language)}]"]
        if baseline is not None:
            b = baseline.metric(name)
            d = comparison(outcome, baseline, name)
            row += [format_value(unit, b.mean, language, cur),
                    format_value(unit, d.mean, language, cur, sign=True)]
        cells.append(row)
    heads = ["", word("mean" if baseline is not None else "mean_only", language),
             word("ci", language)]
    if baseline is not None:
        heads += [word("baseline", language), word("difference", language)]
    widths = [max(len(str(r[i])) for r in [heads, *cells]) for i in range(len(heads))]
    widths[0] = width

    def line(row: list[str]) -> str:
        first = f"{row[0]:{widths[0]}}"
        return "  ".join([first, *(f"{c:>{w}}" for c, w in zip(row[1:], widths[1:]))]).rstrip()

    lines.append(line(heads))
    lines += [line(r) for r in cells]
    lines.append("")
    if baseline is not None:
        d = comparison(outcome, baseline, "score")
        lines.append(word("vs", language, points=number(d.mean, language, 1, sign=True),
                          low=number(d.low, language, 1, sign=True),
                          high=number(d.high, language, 1, sign=True)))
    elif alone:
        lines.append(word("is_baseline", language))
    lines.append("")
    lines.append(word("parts", language, units=word("units", language, currency=cur)))
    breakdown = outcome.score_breakdown(language)
    label_width = max(len(str(x)) for x in breakdown["label"])
    for row in breakdown.itertuples():
        points = number(row.points, language, 1)
        text = f"  {row.label:{label_width}} {points:>10}   {row.explanation}"
        if row.part == "score":
            lines.append("  " + "-" * (label_width + 11))
        lines.append(text.rstrip())
    return "\n".join(lines)


def baseline_json(outcome: Outcome, baseline: Outcome) -> dict[str, Any]:
    """The ``baseline`` block of ``casekit run --json``: doing nothing on the same random
    numbers, and the paired difference plan minus baseline of every headline metric."""
    data = baseline.to_json()
    return {"plan": data["plan"], "metrics": data["metrics"],
            "score_parts": data["score_parts"],
            "difference": {name: comparison(outcome, baseline, name).as_dict()
                           for name in outcome.kind.headline}}
