"""The ISP crisis's own results figures: the Facebook thread and the complaint queues.

Drawn with matplotlib (imported when a figure is first drawn, never by the engine), in the
projector style of :mod:`casekit.report.figures`, whose shared figures (sentiment, churn,
cost, the score) come first.
"""

from __future__ import annotations

from typing import Any

from casekit.report.figures import (POLARITY_COLOURS, SHARED_FIGURES, figure, hours_axis,
                                    mark_actions, styled)
from casekit.text.strings import figure_text as t
from casekit.vocabulary import COMPLAINT_CHANNELS

__all__ = ["thread", "complaints", "builders"]


@styled
def thread(outcome: Any, baseline: Any, language: str = "en") -> Any:
    """New comments per hour, stacked by polarity, with the baseline's negative comments."""
    fig, ax = figure()
    hours = outcome.hourly_band("comments_negative")["hour"]
    stacks = [outcome.hourly_band(f"comments_{p}")["mean"] for p in POLARITY_COLOURS]
    ax.stackplot(hours, *stacks, colors=list(POLARITY_COLOURS.values()), alpha=0.85,
                 labels=[t(p, language) for p in POLARITY_COLOURS])
    base = baseline.hourly_band("comments_negative")
    ax.plot(base["hour"], base["mean"], color="black", linestyle="--", linewidth=2,
            label=t("baseline_negative", language))
    mark_actions(ax, outcome, language)
    ax.set_title(t("thread_title", language))
    ax.set_ylabel(t("thread_y", language))
    horizon = min(outcome.scenario.horizon_hours, 24 * 5)
    hours_axis(ax, horizon, language)
    ax.legend(loc="upper right")
    return fig


@styled
def complaints(outcome: Any, baseline: Any, language: str = "en") -> Any:
    """Complaints per hour by channel (top); call-centre calls answered and abandoned."""
    fig, (top, bottom) = figure(rows=2)
    hours = outcome.hourly_band("complaints")["hour"]
    stacks = [outcome.hourly_band(f"complaints_{c}")["mean"] for c in COMPLAINT_CHANNELS]
    top.stackplot(hours, *stacks, labels=[t(c, language) for c in COMPLAINT_CHANNELS],
                  alpha=0.85)
    base = baseline.hourly_band("complaints")
    top.plot(base["hour"], base["mean"], color="black", linestyle="--", linewidth=2,
             label=t("baseline", language))
    top.set_title(t("complaints_title", language))
    top.set_ylabel(t("complaints_y", language))
    top.legend(loc="upper right", ncols=2)
    for result, style, suffix in ((outcome, "-", "plan"), (baseline, "--", "baseline")):
        for column, colour in (("served_calls", "#27ae60"), ("abandoned_calls", "#c0392b")):
            band = result.hourly_band(column)
            bottom.plot(band["hour"], band["mean"], color=colour, linestyle=style,
                        linewidth=2 if suffix == "plan" else 1.5,
                        label=f"{t(column, language)}, {t(suffix, language).lower()}")
    bottom.set_ylabel(t("calls_y", language))
    bottom.legend(loc="upper right", ncols=2)
    hours_axis(bottom, min(outcome.scenario.horizon_hours, 24 * 7), language)
    return fig


def builders() -> dict[str, Any]:
    """The crisis's results figures by name, in the order the workbench shows them."""
    return {"sentiment": SHARED_FIGURES["sentiment"], "thread": thread,
            "churn": SHARED_FIGURES["churn"], "complaints": complaints,
            "cost": SHARED_FIGURES["cost"], "score": SHARED_FIGURES["score"]}
