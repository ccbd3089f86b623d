"""Figures of a service-operations outcome against a baseline (matplotlib, imported lazily).

``service_figures`` returns ``{"queues": Figure, "kpi": Figure, "public": Figure}``: the
open tickets hour by hour, the KPI report's headline rates side by side, and the public
posts with the attention they drew.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["service_figures"]

_TEXT = {
    "open": {"en": "Open tickets", "tr": "Açık kayıtlar"},
    "hour": {"en": "hour", "tr": "saat"},
    "public": {"en": "Public complaints per day", "tr": "Günlük herkese açık şikâyet"},
    "day": {"en": "day", "tr": "gün"},
    "kpi": {"en": "KPI report (total)", "tr": "KPI raporu (toplam)"},
    "plan": {"en": "plan", "tr": "plan"},
    "baseline": {"en": "baseline", "tr": "karşılaştırma"},
    "resolution_rate": {"en": "resolved", "tr": "çözülen"},
    "first_contact_resolution": {"en": "first contact", "tr": "ilk temasta"},
    "true_satisfaction": {"en": "satisfied", "tr": "memnun"},
    "repurchase_rate": {"en": "buy again", "tr": "yeniden alır"},
    "phone_abandonment": {"en": "calls abandoned", "tr": "bırakılan çağrı"},
}


def _pyplot() -> Any:
    try:
        import matplotlib
        matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ImportError("figures need matplotlib: pip install 'casekit[lab]'") from exc
    return plt


def _mean_series(outcome: Any, key: str) -> np.ndarray:
    return np.mean([r.hourly[key] for r in outcome.runs], axis=0)


def service_figures(outcome: Any, baseline: Any = None, language: str = "en") -> dict:
    plt = _pyplot()
    tr = {k: v.get(language, v["en"]) for k, v in _TEXT.items()}
    pairs = [(outcome, tr["plan"], "#1f77b4")]
    if baseline is not None:
        pairs.append((baseline, tr["baseline"], "#999999"))
    figures = {}
    fig, ax = plt.subplots(figsize=(7, 3))
    for out, label, colour in pairs:
        ax.plot(_mean_series(out, "open_tickets"), label=label, color=colour)
    ax.set_xlabel(tr["hour"])
    ax.set_title(tr["open"])
    ax.legend()
    fig.tight_layout()
    figures["queues"] = fig
    fig, ax = plt.subplots(figsize=(7, 3))
    for out, label, colour in pairs:
        daily = _mean_series(out, "public_posts")
        days = daily[: daily.size // 24 * 24].reshape(-1, 24).sum(axis=1)
        ax.plot(np.arange(days.size), days, marker="o", label=label, color=colour)
    ax.set_xlabel(tr["day"])
    ax.set_title(tr["public"])
    ax.legend()
    fig.tight_layout()
    figures["public"] = fig
    keys = ("resolution_rate", "first_contact_resolution", "true_satisfaction",
            "repurchase_rate", "phone_abandonment")
    fig, ax = plt.subplots(figsize=(7, 3))
    width = 0.8 / len(pairs)
    for i, (out, label, colour) in enumerate(pairs):
        values = [np.mean([r.totals[k] for r in out.runs]) for k in keys]
        ax.bar(np.arange(len(keys)) + i * width, values, width, label=label, color=colour)
    ax.set_xticks(np.arange(len(keys)) + width * (len(pairs) - 1) / 2)
    ax.set_xticklabels([tr[k] for k in keys])
    ax.set_ylim(0, 1)
    ax.set_title(tr["kpi"])
    ax.legend()
    fig.tight_layout()
    figures["kpi"] = fig
    return figures
