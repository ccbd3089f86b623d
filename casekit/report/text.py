"""Plain-text tables for the terminal."""

from __future__ import annotations

from casekit.outcomes import HEADLINE_METRICS, Outcome

LABELS = {
    "en": {"churn_rate": "Customers lost (share)", "churned_customers": "Customers lost",
           "revenue_lost": "Lifetime value lost", "cost": "Response cost",
           "sentiment_final": "Mean sentiment at the end (-1..1)",
           "negative_posts": "Negative public posts", "complaints": "Complaint contacts",
           "score": "Score (higher is better)", "title": "Plan", "ci": "95% interval"},
    "tr": {"churn_rate": "Kaybedilen müşteri (oran)", "churned_customers": "Kaybedilen müşteri",
           "revenue_lost": "Kaybedilen yaşam boyu değer", "cost": "Müdahale maliyeti",
           "sentiment_final": "Sondaki ortalama duygu (-1..1)",
           "negative_posts": "Olumsuz herkese açık gönderi", "complaints": "Şikâyet teması",
           "score": "Puan (yüksek olan iyi)", "title": "Plan", "ci": "%95 aralık"},
}


def _fmt(name: str, value: float) -> str:
    if name == "churn_rate":
        return f"{100 * value:.2f}%"
    if name == "sentiment_final":
        return f"{value:+.3f}"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.1f}"


def outcome_table(outcome: Outcome, language: str = "en") -> str:
    labels = LABELS.get(language, LABELS["en"])
    sc = outcome.scenario
    lines = [f"{sc.title.in_(language)}",
             f"{labels['title']}: {outcome.plan.name}   seed {outcome.seed}, "
             f"{outcome.reps} reps, {outcome.customers:,} customers", ""]
    width = max(len(labels[m]) for m in HEADLINE_METRICS)
    lines.append(f"{'':{width}}  {'mean':>14}  {labels['ci']:>29}")
    for name in HEADLINE_METRICS:
        m = outcome.metric(name)
        if name not in ("sentiment_final", "score"):  # counts and money are never negative
            m = type(m)(m.mean, max(m.low, 0.0), m.high)
        unit = f" {sc.currency}" if name in ("revenue_lost", "cost") else ""
        lines.append(f"{labels[name]:{width}}  {_fmt(name, m.mean) + unit:>14}  "
                     f"[{_fmt(name, m.low):>12}, {_fmt(name, m.high):>12}]")
    lines.append("")
    breakdown = outcome.score_breakdown(language)
    for row in breakdown.itertuples():
        if row.part != "score":
            lines.append(f"  {row.part:18} {row.points:10.1f}   {row.explanation}")
    return "\n".join(lines)
