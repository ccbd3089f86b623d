"""The public-reply kind's own results figure: the cascade over time.

Drawn with matplotlib (imported when first drawn); the shared figures (sentiment, churn,
cost, the score) come from :mod:`casekit.report.figures`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from casekit.kinds.public_reply.text import COLOURS, NEGATIVE, NEUTRAL, POSITIVE, t
from casekit.kinds.public_reply.text import polarity as _polarity
from casekit.report.figures import SHARED_FIGURES

__all__ = ["cascade_figure", "builders"]


def cascade_figure(outcome: Any, baseline: Any, language: str = "en",
                   hours: int = 72) -> Any:
    """Items per hour by tone under the plan (with silence's negative line) and accounts
    reached over time, plan against silence."""
    from matplotlib.figure import Figure
    fig = Figure(figsize=(9, 5.2), layout="constrained")
    top, bottom = fig.subplots(2, 1, sharex=True)
    x = np.arange(hours)
    stack = np.zeros(hours)
    for q in (NEGATIVE, NEUTRAL, POSITIVE):
        mean = outcome.hourly_band(f"items_{q}")["mean"].to_numpy()[:hours]
        top.bar(x, mean, bottom=stack, color=COLOURS[q], width=0.9,
                label=_polarity(q, language))
        stack += mean
    silence = baseline.hourly_band("items_negative")["mean"].to_numpy()[:hours]
    top.step(x, silence, where="mid", color="black", lw=1.2,
             label=t("fig_silence_negative", language))
    top.set_ylabel(t("fig_items", language))
    top.legend(loc="upper right", fontsize=8, frameon=False)
    for out, colour, key in ((outcome, COLOURS["cafe"], "fig_plan"),
                             (baseline, "#999999", "fig_silence")):
        band = out.hourly_band("reach_cumulative")
        bottom.plot(x, band["mean"].to_numpy()[:hours], color=colour, label=t(key, language))
        bottom.fill_between(x, band["low"].to_numpy()[:hours], band["high"].to_numpy()[:hours],
                            color=colour, alpha=0.15, lw=0)
    for action in outcome.plan.actions:
        if action.staff is None and action.at < hours:
            for ax in (top, bottom):
                ax.axvline(action.at, color=COLOURS["cafe"], ls="--", lw=0.8)
    bottom.set_ylabel(t("fig_reach", language))
    bottom.set_xlabel(t("fig_hours", language))
    bottom.legend(loc="lower right", fontsize=8, frameon=False)
    for ax in (top, bottom):
        ax.spines[["top", "right"]].set_visible(False)
    return fig


def builders() -> dict[str, Any]:
    """The public reply's results figures by name, the cascade first."""
    return {"cascade": cascade_figure, **SHARED_FIGURES}
