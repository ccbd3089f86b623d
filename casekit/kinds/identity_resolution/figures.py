"""Figures of the identity-resolution case (matplotlib, imported when a figure is drawn).

``identity_figures(outcome, baseline, language)`` draws the replies and the customers lost
over the year against the baseline; ``precision_recall_figure`` draws precision and recall
of a Fellegi-Sunter model over its link threshold, with the student's threshold marked.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from casekit.kinds.identity_resolution.replay import REPLY_KINDS

__all__ = ["LABELS", "identity_figures", "precision_recall_figure"]

LABELS = {
    "context": {"en": "reply with context", "tr": "bağlamlı yanıt"},
    "ask": {"en": "asked to DM details", "tr": "DM ile bilgi istendi"},
    "asked_again": {"en": "asked again", "tr": "yeniden istendi"},
    "false_link": {"en": "answered as someone else", "tr": "başkası sanılarak yanıtlandı"},
    "replies": {"en": "Replies to complaints in a year", "tr": "Bir yılda şikâyetlere yanıtlar"},
    "churn": {"en": "Customers lost (cumulative)", "tr": "Kaybedilen müşteri (birikimli)"},
    "month": {"en": "month", "tr": "ay"},
    "plan": {"en": "your plan", "tr": "planınız"},
    "baseline": {"en": "the bank of the source", "tr": "kaynaktaki banka"},
    "pr": {"en": "Precision and recall over the link threshold",
           "tr": "Bağlantı eşiğine göre kesinlik ve duyarlılık"},
    "threshold": {"en": "link threshold (match weight)", "tr": "bağlantı eşiği (eşleşme ağırlığı)"},
    "precision": {"en": "precision", "tr": "kesinlik"},
    "recall": {"en": "recall", "tr": "duyarlılık"},
    "yours": {"en": "your threshold", "tr": "sizin eşiğiniz"},
}


def _pyplot() -> Any:
    try:
        import matplotlib
        matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - the lab extra installs it
        raise ImportError("figures need matplotlib: pip install 'casekit[lab]'") from exc
    return plt


def _t(key: str, language: str) -> str:
    return LABELS[key]["tr" if language == "tr" else "en"]


def _mean_kinds(outcome: Any) -> np.ndarray:
    keys = ("context_replies", "asks", "asked_again", "false_link_replies")
    return np.array([np.mean([r.totals[k] for r in outcome.runs]) for k in keys])


def replies_figure(outcome: Any, baseline: Any = None, language: str = "en") -> Any:
    """A bar per plan (yours, the baseline), split by the kind of reply complaints got."""
    plt = _pyplot()
    rows = [(_t("plan", language), _mean_kinds(outcome))]
    if baseline is not None:
        rows.append((_t("baseline", language), _mean_kinds(baseline)))
    fig, ax = plt.subplots(figsize=(7, 3.4))
    colours = ("#2b8a3e", "#e8590c", "#c92a2a", "#5f3dc4")
    for y, (_name, counts) in enumerate(rows):
        left = 0.0
        for kind, count, colour in zip(REPLY_KINDS, counts, colours):
            ax.barh(y, count, left=left, color=colour,
                    label=_t(kind, language) if y == 0 else None)
            left += count
    ax.set_yticks(range(len(rows)), [name for name, _ in rows])
    ax.set_title(_t("replies", language))
    # the legend below the axes, never over the bars
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize=9,
              frameon=False)
    fig.tight_layout()
    return fig


def churn_figure(outcome: Any, baseline: Any = None, language: str = "en") -> Any:
    """Customers lost over the months, yours against the baseline."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 3))
    for label, source, style in ((_t("plan", language), outcome, "-"),
                                 (_t("baseline", language), baseline, "--")):
        if source is None:
            continue
        churn = np.mean([r.hourly["churned"] for r in source.runs], axis=0)
        months = np.arange(len(churn)) / 730.0
        ax.plot(months, churn, style, label=label)
    ax.set_xlabel(_t("month", language))
    ax.set_title(_t("churn", language))
    ax.legend()
    fig.tight_layout()
    return fig


#: The kind's results figures by name (``Kind.figures``), each (outcome, baseline, language).
BUILDERS = {"replies": replies_figure, "churn": churn_figure}


def builders() -> dict:
    """The kind's figures by name, each ``(outcome, baseline, language) -> Figure``: its own
    and the shared score-parts figure (read from the registry's Kind, so it is looked up
    only when the tools ask)."""
    from casekit.report.figures import SHARED_FIGURES
    return {**BUILDERS, "score": SHARED_FIGURES["score"]}


def identity_figures(outcome: Any, baseline: Any = None, language: str = "en") -> dict[str, Any]:
    """Every figure of the kind, drawn."""
    return {name: build(outcome, baseline, language) for name, build in BUILDERS.items()}


def precision_recall_figure(curve: Any, threshold: float | None = None,
                            language: str = "en") -> Any:
    """Precision and recall (a ``matching.threshold_curve`` table) over the threshold."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 3.2))
    ax.plot(curve["threshold"], curve["precision"], label=_t("precision", language))
    ax.plot(curve["threshold"], curve["recall"], label=_t("recall", language))
    if threshold is not None:
        ax.axvline(threshold, color="grey", linestyle=":", label=_t("yours", language))
    ax.set_xlabel(_t("threshold", language))
    ax.set_ylim(0, 1.02)
    ax.set_title(_t("pr", language))
    ax.legend(loc="center left", fontsize=9)  # where neither curve runs
    fig.tight_layout()
    return fig
