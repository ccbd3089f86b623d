"""Figures for the classroom projector: large type, units on every axis, both languages.

Each function reads :class:`casekit.Outcome` objects (the plan's and the no-response
baseline's, run on the same random numbers) and returns a ``matplotlib.figure.Figure``
built without pyplot, so it works in any backend and never leaks global state. matplotlib
is imported when a figure is first drawn; the engine never imports it.

    >>> fig = sentiment(outcome, baseline, language="tr")
    >>> png = to_png(fig)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence

from casekit.ui.strings import figure_text as t

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from casekit.outcomes import Outcome

__all__ = ["sentiment", "thread", "churn", "complaints", "cost", "score_parts", "bought",
           "all_figures", "to_png", "STYLE"]

#: Sizes read from the back of a lecture hall.
STYLE = {"font.size": 15, "axes.titlesize": 17, "axes.labelsize": 15, "legend.fontsize": 13,
         "xtick.labelsize": 13, "ytick.labelsize": 13, "lines.linewidth": 2.5,
         "axes.grid": True, "grid.alpha": 0.3, "axes.spines.top": False,
         "axes.spines.right": False}
SIZE = (11, 5.5)
PLAN_COLOUR, BASE_COLOUR = "#1f6fb4", "#b0413e"
POLARITY_COLOURS = {"negative": "#c0392b", "neutral": "#95a5a6", "positive": "#27ae60"}
COMPLAINT_CHANNELS = ("call_center", "email", "facebook", "twitter")


def _lab() -> Any:
    try:
        import matplotlib
        from matplotlib.figure import Figure
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("figures need matplotlib: pip install 'casekit[lab]'") from exc
    return matplotlib, Figure


def _figure(rows: int = 1, fixed: bool = True) -> tuple["Figure", Any]:
    """A figure in the projector style; time series use fixed margins (one drawing pass,
    about twice as fast as a constrained layout), bar charts with long labels do not."""
    matplotlib, Figure = _lab()
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(SIZE[0], SIZE[1] * (1.0 if rows == 1 else 0.8 * rows)),
                     layout=None if fixed else "constrained")
        if fixed:
            fig.subplots_adjust(left=0.1, right=0.98, top=0.9 if rows == 1 else 0.93,
                                bottom=0.13 if rows == 1 else 0.09, hspace=0.12)
        axes = fig.subplots(rows, 1, sharex=True) if rows > 1 else fig.subplots()
    return fig, axes


def _styled(function: Any) -> Any:
    """Run a figure builder inside the projector style."""
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        matplotlib, _ = _lab()
        with matplotlib.rc_context(STYLE):
            return function(*args, **kwargs)
    wrapper.__name__ = function.__name__
    wrapper.__doc__ = function.__doc__
    return wrapper


def _hours_axis(ax: Any, horizon: int, language: str) -> None:
    ax.set_xlabel(t("hours", language))
    ax.set_xlim(0, horizon)
    step = 24 if horizon <= 24 * 15 else 24 * 7
    ax.set_xticks(range(0, horizon + 1, step))


def _mark_actions(ax: Any, outcome: "Outcome", language: str) -> None:
    times = sorted({a.at for a in outcome.plan.actions})
    for i, at in enumerate(times):
        ax.axvline(at, color="#555555", linewidth=1, linestyle=":",
                   label=t("action", language) if i == 0 else None)


@_styled
def sentiment(outcome: "Outcome", baseline: "Outcome", language: str = "en") -> "Figure":
    """Mean customer sentiment by hour with its 95% band, plan against no response."""
    fig, ax = _figure()
    for result, colour, key in ((baseline, BASE_COLOUR, "baseline"),
                                (outcome, PLAN_COLOUR, "plan")):
        band = result.hourly_band("sentiment_mean")
        ax.fill_between(band["hour"], band["low"], band["high"], color=colour, alpha=0.25,
                        linewidth=0)
        ax.plot(band["hour"], band["mean"], color=colour, label=t(key, language))
    _mark_actions(ax, outcome, language)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_title(t("sentiment_title", language))
    ax.set_ylabel(t("sentiment_y", language))
    _hours_axis(ax, outcome.scenario.horizon_hours, language)
    ax.legend(loc="lower right")
    return fig


@_styled
def thread(outcome: "Outcome", baseline: "Outcome", language: str = "en") -> "Figure":
    """New comments per hour, stacked by polarity, with the baseline's negative comments."""
    fig, ax = _figure()
    hours = outcome.hourly_band("comments_negative")["hour"]
    stacks = [outcome.hourly_band(f"comments_{p}")["mean"] for p in POLARITY_COLOURS]
    ax.stackplot(hours, *stacks, colors=list(POLARITY_COLOURS.values()), alpha=0.85,
                 labels=[t(p, language) for p in POLARITY_COLOURS])
    base = baseline.hourly_band("comments_negative")
    ax.plot(base["hour"], base["mean"], color="black", linestyle="--", linewidth=2,
            label=t("baseline_negative", language))
    _mark_actions(ax, outcome, language)
    ax.set_title(t("thread_title", language))
    ax.set_ylabel(t("thread_y", language))
    horizon = min(outcome.scenario.horizon_hours, 24 * 5)
    _hours_axis(ax, horizon, language)
    ax.legend(loc="upper right")
    return fig


@_styled
def churn(outcome: "Outcome", baseline: "Outcome", language: str = "en") -> "Figure":
    """Customers who left, cumulative, with 95% bands."""
    fig, ax = _figure()
    for result, colour, key in ((baseline, BASE_COLOUR, "baseline"),
                                (outcome, PLAN_COLOUR, "plan")):
        band = result.hourly_band("churned")
        ax.fill_between(band["hour"], band["low"], band["high"], color=colour, alpha=0.25,
                        linewidth=0)
        ax.plot(band["hour"], band["mean"], color=colour, label=t(key, language))
    _mark_actions(ax, outcome, language)
    ax.set_title(t("churn_title", language))
    ax.set_ylabel(t("churn_y", language))
    _hours_axis(ax, outcome.scenario.horizon_hours, language)
    ax.legend(loc="upper left")
    return fig


@_styled
def complaints(outcome: "Outcome", baseline: "Outcome", language: str = "en") -> "Figure":
    """Complaints per hour by channel (top); call-centre calls answered and abandoned."""
    fig, (top, bottom) = _figure(rows=2)
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
    _hours_axis(bottom, min(outcome.scenario.horizon_hours, 24 * 7), language)
    return fig


@_styled
def cost(outcome: "Outcome", baseline: "Outcome", language: str = "en") -> "Figure":
    """Money spent on the response, cumulative."""
    fig, ax = _figure()
    currency = outcome.scenario.currency
    for result, colour, key in ((baseline, BASE_COLOUR, "baseline"),
                                (outcome, PLAN_COLOUR, "plan")):
        band = result.hourly_band("cost")
        ax.plot(band["hour"], band["mean"], color=colour, label=t(key, language))
    _mark_actions(ax, outcome, language)
    ax.set_title(t("cost_title", language))
    ax.set_ylabel(t("cost_y", language, currency=currency))
    ax.ticklabel_format(axis="y", style="plain")
    _hours_axis(ax, outcome.scenario.horizon_hours, language)
    ax.legend(loc="upper left")
    return fig


@_styled
def score_parts(outcome: "Outcome", baseline: "Outcome", language: str = "en") -> "Figure":
    """Points each score part takes off, plan against no response (0 is best)."""
    from casekit import PART_NAMES
    fig, ax = _figure(fixed=False)
    names = [t(f"part_{p}", language) for p in PART_NAMES]
    y = list(range(len(PART_NAMES)))
    height = 0.38
    for offset, result, colour, key in ((-height / 2, outcome, PLAN_COLOUR, "plan"),
                                        (height / 2, baseline, BASE_COLOUR, "baseline")):
        points = [result.metric(f"score_{p}").mean for p in PART_NAMES]
        ax.barh([v + offset for v in y], points, height=height, color=colour,
                label=t(key, language))
    ax.set_yticks(y, names)
    ax.invert_yaxis()
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_title(t("score_title", language))
    ax.set_xlabel(t("points", language, currency=outcome.scenario.currency))
    ax.legend(loc="lower left")
    return fig


@_styled
def bought(labels: Sequence[str], points: Sequence[float], language: str = "en") -> "Figure":
    """Points each step of a plan bought: score with the step minus score without it."""
    fig, ax = _figure(fixed=False)
    fig.set_size_inches(SIZE[0], max(3.0, 0.6 * len(labels) + 1.8))
    colours = [PLAN_COLOUR if p >= 0 else BASE_COLOUR for p in points]
    y = list(range(len(labels)))
    ax.barh(y, list(points), color=colours)
    ax.set_yticks(y, [_short(label) for label in labels])
    ax.invert_yaxis()
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_title(t("bought_title", language))
    ax.set_xlabel(t("bought_x", language))
    return fig


def _short(text: str, width: int = 42) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


FIGURE_BUILDERS = {"sentiment": sentiment, "thread": thread, "churn": churn,
                   "complaints": complaints, "cost": cost, "score": score_parts}


def all_figures(outcome: "Outcome", baseline: "Outcome", language: str = "en") -> dict:
    """Every results figure by name (the order the workbench shows them in)."""
    return {name: build(outcome, baseline, language) for name, build in FIGURE_BUILDERS.items()}


def to_png(fig: "Figure", dpi: int = 72) -> bytes:
    """The figure as PNG bytes (for an image widget or a report)."""
    import io
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()

