"""Figures of a service-operations outcome against a baseline (matplotlib, imported lazily).

``service_figures`` returns ``{"queues": Figure, "kpi": Figure, "public": Figure}``: the
open tickets hour by hour, the KPI report's headline rates side by side, and the public
posts with the attention they drew.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["builders", "kpi_bars", "open_tickets", "public_posts", "service_figures"]

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


def _pairs(outcome: Any, baseline: Any, language: str) -> tuple[dict, list]:
    tr = {k: v.get(language, v["en"]) for k, v in _TEXT.items()}
    pairs = [(outcome, tr["plan"], "#1f77b4")]
    if baseline is not None:
        pairs.append((baseline, tr["baseline"], "#999999"))
    return tr, pairs


def open_tickets(outcome: Any, baseline: Any = None, language: str = "en") -> Any:
    """Open tickets hour by hour, plan against baseline."""
    plt = _pyplot()
    tr, pairs = _pairs(outcome, baseline, language)
    fig, ax = plt.subplots(figsize=(7, 3))
    for out, label, colour in pairs:
        ax.plot(_mean_series(out, "open_tickets"), label=label, color=colour)
    ax.set_xlabel(tr["hour"])
    ax.set_title(tr["open"])
    ax.legend()
    fig.tight_layout()
    return fig


def public_posts(outcome: Any, baseline: Any = None, language: str = "en") -> Any:
    """Public complaints per day, plan against baseline."""
    plt = _pyplot()
    tr, pairs = _pairs(outcome, baseline, language)
    fig, ax = plt.subplots(figsize=(7, 3))
    for out, label, colour in pairs:
        hourly = _mean_series(out, "public_posts")
        days = hourly[: hourly.size // 24 * 24].reshape(-1, 24).sum(axis=1)
        ax.plot(np.arange(days.size), days, marker="o", label=label, color=colour)
    ax.set_xlabel(tr["day"])
    ax.set_title(tr["public"])
    ax.legend()
    fig.tight_layout()
    return fig


def kpi_bars(outcome: Any, baseline: Any = None, language: str = "en") -> Any:
    """The KPI report's headline rates, plan against baseline."""
    plt = _pyplot()
    tr, pairs = _pairs(outcome, baseline, language)
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
    return fig


BUILDERS = {"queues": open_tickets, "public": public_posts, "kpi": kpi_bars}


def builders() -> dict:
    """The kind's figures by name, each ``(outcome, baseline, language) -> Figure``."""
    return dict(BUILDERS)


def service_figures(outcome: Any, baseline: Any = None, language: str = "en") -> dict:
    """All three figures, drawn."""
    return {name: build(outcome, baseline, language) for name, build in BUILDERS.items()}
