"""What a kind of case provides, so that every tool works on every scenario.

A *kind* is one shape of teaching case: the many-customers billing crisis
(``complaint_crisis``), one public complaint and the crowd watching it (``public_reply``), and
the kinds still to come. Each lives in its own package under ``casekit/kinds/`` and hands the
registry one :class:`Kind`. The tools (run, compare, validate, variant, tournament, debrief,
workbench, app, export) only ever talk to that object: nothing outside ``casekit/kinds/``
asks which kind it holds.

What a kind gives, in the order a run needs it:

schema         the pydantic scenario model (``kind`` is a literal field) on the shared
               :class:`casekit.case.Case` base; every model number a ``Sourced``. The schema
               also carries the kind's plan vocabulary (``vocabulary``), the model of a
               plan's ``settings:`` mapping (``plan_settings``, None if plans have none) and
               any plan rule beyond the vocabulary (``check_plan``): ``Plan.check`` reads them
simulate_batch ``(scenario, plan, seed, replications, customers, keep_final)`` ->
               one RunResult per replication; common random numbers, and a batch equal
               bit for bit to each replication run alone
metrics        what it reports: name, unit, which direction is good, EN/TR labels
score_parts    the parts of the score with a sentence each (EN/TR); ``score`` computes them
hourly_points  points lost in each hour (the debrief's phase scores add them up)
series         hourly series the tournament keeps per replication for the debrief
phases, marks  the debrief's phases and the spans it shades in its figures
features       what a plan does, as numbers (the debrief compares them across the class)
feedback       notes in both languages, each with its source
figures        the builders of its results figures by name, each ``(outcome, baseline,
               language) -> matplotlib Figure`` (matplotlib imported when one is drawn)
segments       an optional per-segment table of an outcome
debrief_sections  optional sections of the kind's own in the class debrief: ``(tournament
               result, language) -> [DebriefSection]`` (headings and tables already in the
               page's language; the debrief draws them like its own)
plan_notes     optional ``(scenario, plan) -> [Note]``: one line for each action that comes
               before the company can know or do what it says (and the like), read without a
               run: the workbench and ``casekit validate`` show them
exporters      optional ``casekit export NAME`` subcommands of the kind's own data
               (``{name: (add_arguments, run, help)}``, each importing its module when run)
workbench      ``"module:Class"`` of its workbench: shared panels in ``casekit.ui``
               (``casekit.ui.generic:CaseBench`` serves any kind) or the kind's own
               ``panels.py`` (widgets imported when it is opened); the core only holds the
               name, never imports it. ``notebook``: the notebook its page serves
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    from casekit.case import Case
    from casekit.engine.result import RunResult
    from casekit.feedback import Note

__all__ = ["Kind", "DebriefSection", "MetricSpec", "ScorePartSpec", "SeriesSpec", "Phase",
           "Mark", "FlagSpec", "Bilingual", "UNITS"]

#: A text in both teaching languages, as a plain mapping ``{"en": ..., "tr": ...}``.
Bilingual = Mapping[str, str]

#: Units a metric may have; the reports format each one for the locale.
UNITS = ("share", "count", "currency", "sentiment", "points", "hours")


def _bilingual(text: Bilingual, where: str) -> None:
    if not (isinstance(text, Mapping) and text.get("en") and text.get("tr")):
        raise ValueError(f"{where}: expected a text in English and Turkish")


@dataclass(frozen=True)
class MetricSpec:
    """One number a run reports, per replication (a key of ``RunResult.totals``)."""

    name: str
    unit: Literal["share", "count", "currency", "sentiment", "points", "hours"]
    better: Literal["higher", "lower"]
    label: Bilingual
    headline: bool = True   # in every JSON result and the summary tables
    # NaN is a value, not a fault: e.g. the precision of a plan that makes no link (0/0);
    # shown as a dash, stored as null, and left out of means (every other metric is finite)
    may_be_undefined: bool = False

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"metric {self.name}: unknown unit {self.unit!r}")
        if self.better not in ("higher", "lower"):
            raise ValueError(f"metric {self.name}: better must be 'higher' or 'lower'")
        _bilingual(self.label, f"metric {self.name}")

    def good(self, change: float) -> bool | None:
        """Whether a change of this metric is good news (None for no change)."""
        if change == 0 or change != change:
            return None
        return (change > 0) == (self.better == "higher")


@dataclass(frozen=True)
class ScorePartSpec:
    """One part of the score: points taken off, and what they stand for."""

    name: str
    explain: Bilingual
    label: Bilingual

    def __post_init__(self) -> None:
        _bilingual(self.explain, f"score part {self.name}")
        _bilingual(self.label, f"score part {self.name}")


@dataclass(frozen=True)
class SeriesSpec:
    """An hourly series the tournament keeps per replication for the debrief's figures."""

    name: str
    label: Bilingual
    unit: str = "count"


@dataclass(frozen=True)
class Phase:
    """A span of the horizon the debrief scores on its own: hours ``[start, end)``."""

    key: str
    label: Bilingual
    start: int
    end: int


@dataclass(frozen=True)
class Mark:
    """A span the debrief's hourly figures shade, with what it is."""

    label: Bilingual
    start: float
    end: float


@dataclass(frozen=True)
class FlagSpec:
    """A yes/no plan feature the debrief compares across the class.

    ``has`` reads "plans that <has>"; ``harmful`` (when the feature hurts) and ``missing``
    (when lacking it hurts) are what a debrief says a weak plan did.
    """

    has: Bilingual
    harmful: Bilingual | None = None
    missing: Bilingual | None = None


@dataclass(frozen=True)
class DebriefSection:
    """A section a kind adds to the class debrief, in the page's language: a heading, a note,
    and tables (each with a caption) the debrief lays out as its own."""

    title: str
    note: str = ""
    tables: tuple[tuple[str, "pd.DataFrame"], ...] = ()


@dataclass(frozen=True)
class Kind:
    """Everything the tools need to know about one kind of case."""

    name: str
    title: Bilingual
    schema: type["Case"]
    simulate_batch: Callable[..., list["RunResult"]]
    metrics: tuple[MetricSpec, ...]
    score_parts: tuple[ScorePartSpec, ...]
    # The hooks take the kind's own schema: typed Any here, since each kind narrows it.
    score: Callable[[Mapping[str, float], Any], dict[str, float]]
    hourly_points: Callable[[Any, Any], "np.ndarray"]
    series: tuple[SeriesSpec, ...]
    hourly_series: Callable[[Any, Any], dict[str, "np.ndarray"]]
    phases: Callable[[Any], list[Phase]]
    features: Callable[[Any], dict[str, Any]]
    flags: Mapping[str, FlagSpec]
    feedback: Callable[[Any, Any, Any, Any], list["Note"]]
    figures: Callable[[], Mapping[str, Callable[..., Any]]]
    workbench: str
    notebook: str
    marks: Callable[[Any], list[Mark]] = lambda scenario: []
    #: How to read each numeric plan feature the debrief compares (``{feature: {en, tr}}``).
    feature_labels: Mapping[str, Bilingual] = field(default_factory=dict)
    segments: Callable[[Any], "pd.DataFrame"] | None = None
    #: ``casekit export NAME`` commands the kind adds: name -> (add_arguments(parser),
    #: run(args) -> exit status, one line of help).
    exporters: Mapping[str, tuple[Callable[..., Any], Callable[..., int], str]] = \
        field(default_factory=dict)
    #: Tools this kind cannot support, with the one line a user is told.
    unsupported: Mapping[str, Bilingual] = field(default_factory=dict)
    #: The kind's own sections of the class debrief: (tournament result, language) ->
    #: sections (None: the debrief's shared sections only).
    debrief_sections: Callable[[Any, str], Sequence[DebriefSection]] | None = None
    #: Notes on the plan itself, before any run: why an action is early, a message sent
    #: twice (None: the kind has none). ``casekit validate`` prints them.
    plan_notes: Callable[[Any, Any], list["Note"]] | None = None

    def __post_init__(self) -> None:
        _bilingual(self.title, f"kind {self.name}")
        field_ = self.schema.model_fields.get("kind")
        if field_ is None or getattr(field_.annotation, "__args__", None) != (self.name,):
            raise ValueError(f"kind {self.name}: its schema needs the field "
                             f"kind: Literal[{self.name!r}]")
        names = [m.name for m in self.metrics]
        if len(set(names)) != len(names):
            raise ValueError(f"kind {self.name}: a metric is listed twice")
        if ":" not in self.workbench:
            raise ValueError(f"kind {self.name}: workbench must be 'module:Class'")

    def metric(self, name: str) -> MetricSpec | None:
        return next((m for m in self.metrics if m.name == name), None)

    @property
    def headline(self) -> tuple[str, ...]:
        """The metrics every JSON result carries, then the score."""
        return tuple(m.name for m in self.metrics if m.headline) + ("score",)

    @property
    def part_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.score_parts)

    def part(self, name: str) -> ScorePartSpec:
        return next(p for p in self.score_parts if p.name == name)


def metric_names(specs: Sequence[MetricSpec]) -> tuple[str, ...]:
    return tuple(m.name for m in specs)
