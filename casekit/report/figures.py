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

from casekit.text.strings import figure_text as t

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from casekit.outcomes import Outcome

__all__ = ["sentiment", "churn", "cost", "score_parts", "bought", "all_figures", "to_png",
           "STYLE", "SHARED_FIGURES", "builders", "styled", "figure", "hours_axis", "mark_actions",
           "localise"]

#: Sizes read from the back of a lecture hall.
STYLE = {"font.size": 15, "axes.titlesize": 17, "axes.labelsize": 15, "legend.fontsize": 13,
         "xtick.labelsize": 13, "ytick.labelsize": 13, "lines.linewidth": 2.5,
         "axes.grid": True, "grid.alpha": 0.3, "axes.spines.top": False,
         "axes.spines.right": False}
SIZE = (11, 5.5)
PLAN_COLOUR, BASE_COLOUR = "#1f6fb4", "#b0413e"
POLARITY_COLOURS = {"negative": "#c0392b", "neutral": "#95a5a6", "positive": "#27ae60"}


def _lab() -> Any:
    try:
        import matplotlib
        from matplotlib.figure import Figure
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("figures need matplotlib: pip install 'casekit[lab]'") from exc
    return matplotlib, Figure


def figure(rows: int = 1, fixed: bool = True) -> tuple["Figure", Any]:
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


def styled(function: Any) -> Any:
    """Run a figure builder inside the projector style."""
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        matplotlib, _ = _lab()
        with matplotlib.rc_context(STYLE):
            return function(*args, **kwargs)
    wrapper.__name__ = function.__name__
    wrapper.__doc__ = function.__doc__
    return wrapper


def hours_axis(ax: Any, horizon: int, language: str) -> None:
    ax.set_xlabel(t("hours", language))
    ax.set_xlim(0, horizon)
    step = 24 if horizon <= 24 * 15 else 24 * 7
    ax.set_xticks(range(0, horizon + 1, step))


def mark_actions(ax: Any, outcome: "Outcome", language: str) -> None:
    times = sorted({a.at for a in outcome.plan.actions})
    for i, at in enumerate(times):
        ax.axvline(at, color="#555555", linewidth=1, linestyle=":",
                   label=t("action", language) if i == 0 else None)


@styled
def sentiment(outcome: "Outcome", baseline: "Outcome", language: str = "en") -> "Figure":
    """Mean customer sentiment by hour with its 95% band, plan against no response."""
    fig, ax = figure()
    for result, colour, key in ((baseline, BASE_COLOUR, "baseline"),
                                (outcome, PLAN_COLOUR, "plan")):
        band = result.hourly_band("sentiment_mean")
        ax.fill_between(band["hour"], band["low"], band["high"], color=colour, alpha=0.25,
                        linewidth=0)
        ax.plot(band["hour"], band["mean"], color=colour, label=t(key, language))
    mark_actions(ax, outcome, language)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_title(t("sentiment_title", language))
    ax.set_ylabel(t("sentiment_y", language))
    hours_axis(ax, outcome.scenario.horizon_hours, language)
    ax.legend(loc="lower right")
    return fig


@styled
def churn(outcome: "Outcome", baseline: "Outcome", language: str = "en") -> "Figure":
    """Customers who left, cumulative, with 95% bands."""
    fig, ax = figure()
    for result, colour, key in ((baseline, BASE_COLOUR, "baseline"),
                                (outcome, PLAN_COLOUR, "plan")):
        band = result.hourly_band("churned")
        ax.fill_between(band["hour"], band["low"], band["high"], color=colour, alpha=0.25,
                        linewidth=0)
        ax.plot(band["hour"], band["mean"], color=colour, label=t(key, language))
    mark_actions(ax, outcome, language)
    ax.set_title(t("churn_title", language))
    ax.set_ylabel(t("churn_y", language))
    hours_axis(ax, outcome.scenario.horizon_hours, language)
    ax.legend(loc="upper left")
    return fig


@styled
def cost(outcome: "Outcome", baseline: "Outcome", language: str = "en") -> "Figure":
    """Money spent on the response, cumulative."""
    fig, ax = figure()
    currency = outcome.scenario.currency
    for result, colour, key in ((baseline, BASE_COLOUR, "baseline"),
                                (outcome, PLAN_COLOUR, "plan")):
        band = result.hourly_band("cost")
        ax.plot(band["hour"], band["mean"], color=colour, label=t(key, language))
    mark_actions(ax, outcome, language)
    ax.set_title(t("cost_title", language))
    ax.set_ylabel(t("cost_y", language, currency=currency))
    ax.ticklabel_format(axis="y", style="plain")
    hours_axis(ax, outcome.scenario.horizon_hours, language)
    ax.legend(loc="upper left")
    return fig


@styled
def score_parts(outcome: "Outcome", baseline: "Outcome", language: str = "en") -> "Figure":
    """Points each score part takes off, plan against no response (0 is best)."""
    from casekit.kinds import kind_of
    kind = kind_of(outcome.scenario)
    parts = kind.part_names
    fig, ax = figure(fixed=False)
    names = [kind.part(p).label.get(language) or kind.part(p).label["en"] for p in parts]
    y = list(range(len(parts)))
    height = 0.38
    for offset, result, colour, key in ((-height / 2, outcome, PLAN_COLOUR, "plan"),
                                        (height / 2, baseline, BASE_COLOUR, "baseline")):
        points = [result.metric(f"score_{p}").mean for p in parts]
        ax.barh([v + offset for v in y], points, height=height, color=colour,
                label=t(key, language))
    ax.set_yticks(y, names)
    ax.invert_yaxis()
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_title(t("score_title", language))
    ax.set_xlabel(t("points", language, currency=outcome.scenario.currency))
    ax.legend(loc="lower left")
    return fig


@styled
def bought(labels: Sequence[str], points: Sequence[float], language: str = "en") -> "Figure":
    """Points each step of a plan bought: score with the step minus score without it."""
    fig, ax = figure(fixed=False)
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


#: Figures every kind's results have (each kind records these hourly columns).
SHARED_FIGURES = {"sentiment": sentiment, "churn": churn, "cost": cost, "score": score_parts}


def all_figures(outcome: "Outcome", baseline: "Outcome", language: str = "en") -> dict:
    """Every results figure of the outcome's kind by name (the order the workbench shows
    them in)."""
    return {name: build(outcome, baseline, language)
            for name, build in builders(outcome.scenario).items()}


def builders(scenario: Any) -> dict[str, Any]:
    """The scenario's kind's results figures by name: ``(outcome, baseline, language) ->
    Figure`` each, drawn only when called."""
    from casekit.kinds import kind_of
    return dict(kind_of(scenario).figures())


def localise(fig: "Figure", language: str) -> "Figure":
    """Write the tick labels of every axis in the language's number style (Turkish:
    ``1.500`` and ``0,25``), through :mod:`casekit.text.formats`; returns the figure."""
    if language == "en":
        return fig
    from matplotlib.ticker import FuncFormatter, ScalarFormatter

    from casekit.text.formats import number

    def tick(x: float, _pos: int) -> str:
        text = f"{x:.6g}"
        digits = len(text.split(".")[1]) if "." in text and "e" not in text else 0
        return number(x, language, min(digits, 4))
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if isinstance(axis.get_major_formatter(), ScalarFormatter) and \
                    axis.get_scale() == "linear":
                axis.set_major_formatter(FuncFormatter(tick))
    return fig


def to_png(fig: "Figure", dpi: int = 72) -> bytes:
    """The figure as PNG bytes (for an image widget or a report)."""
    import io
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()

