"""Tidy results: per-hour DataFrames, a per-segment summary and headline metrics with
95% intervals over replications."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from casekit.engine import RunResult
from casekit.kinds import Kind, kind_of
from casekit.plan import Plan
from casekit.scenario import Scenario

__all__ = ["Outcome", "Metric", "HEADLINE_METRICS", "interval"]

#: The headline metrics of the message kinds (the ISP crisis and the public reply). Each
#: kind names its own (``Kind.headline``); every JSON result carries its kind's.
HEADLINE_METRICS = ("churn_rate", "churned_customers", "revenue_lost", "cost",
                    "sentiment_final", "negative_posts", "complaints", "score")

# Two-sided 95% Student t quantiles by degrees of freedom (1..30); 1.96 beyond.
_T95 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
        2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
        2.060, 2.056, 2.052, 2.048, 2.045, 2.042)


_TOTAL = {"en": "The sum of the parts: higher (closer to zero) is better.",
          "tr": "Kalemlerin toplamı: yüksek (sıfıra yakın) olan daha iyidir."}
_TOTAL_LABEL = {"en": "Score", "tr": "Puan"}


@dataclass(frozen=True)
class Metric:
    mean: float
    low: float
    high: float

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON: an undefined value (NaN, e.g. the precision of no link) is null."""
        def plain(x: float) -> float | None:
            return x if math.isfinite(x) else None
        return {"mean": plain(self.mean), "ci95": [plain(self.low), plain(self.high)]}


def _records(table: pd.DataFrame) -> list[dict[str, Any]]:
    """A table as JSON-safe records: numbers as plain floats, NaN and infinities as None."""
    if not isinstance(table.index, pd.RangeIndex):  # a named index (a department) is a column
        table = table.reset_index()
    out = []
    for row in table.to_dict("records"):
        clean: dict[str, Any] = {}
        for key, value in row.items():
            if isinstance(value, (np.floating, float)):
                value = float(value) if math.isfinite(value) else None
            elif isinstance(value, (np.integer,)):
                value = int(value)
            elif isinstance(value, np.bool_):
                value = bool(value)
            clean[str(key)] = value
        out.append(clean)
    return out


def interval(values: np.ndarray) -> Metric:
    """Mean and 95% confidence interval (Student t) of replication values. An undefined
    value (NaN: the precision of a replication that made no link) is left out; with none
    defined the metric is undefined too."""
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    if values.size == 0:
        return Metric(math.nan, math.nan, math.nan)
    mean = float(values.mean())
    if values.size < 2:
        return Metric(mean, mean, mean)
    q = _T95[values.size - 2] if values.size - 1 <= len(_T95) else 1.96
    half = q * float(values.std(ddof=1)) / math.sqrt(values.size)
    return Metric(mean, mean - half, mean + half)


@dataclass
class Outcome:
    """All replications of one plan on one scenario."""

    scenario: Scenario
    plan: Plan
    seed: int
    runs: list[RunResult]
    customers: int
    _per_run: pd.DataFrame | None = field(default=None, repr=False)

    @property
    def reps(self) -> int:
        return len(self.runs)

    @property
    def kind(self) -> Kind:
        """The scenario's kind: its metrics, score parts, feedback and figures."""
        return kind_of(self.scenario)

    def per_run(self) -> pd.DataFrame:
        """One row per replication: totals and score parts."""
        if self._per_run is None:
            rows = []
            for run in self.runs:
                row = {"replication": run.replication, **run.totals}
                row.update(self.kind.score(run.totals, self.scenario))
                rows.append(row)
            self._per_run = pd.DataFrame(rows)
        return self._per_run

    def metric(self, name: str) -> Metric:
        return interval(self.per_run()[name].to_numpy())

    @property
    def metrics(self) -> dict[str, Metric]:
        table = self.per_run()
        names = [c for c in table.columns if c != "replication"]
        return {name: interval(table[name].to_numpy()) for name in names}

    def score_breakdown(self, language: str = "en") -> pd.DataFrame:
        """Each part of the score: points (mean, 95% interval) and what it means."""
        rows = []
        for spec in self.kind.score_parts:
            m = self.metric(f"score_{spec.name}")
            rows.append({"part": spec.name, "label": spec.label.get(language, spec.label["en"]),
                         "points": m.mean, "low": m.low, "high": m.high,
                         "explanation": spec.explain.get(language, spec.explain["en"])})
        total = self.metric("score")
        rows.append({"part": "score", "label": _TOTAL_LABEL.get(language, _TOTAL_LABEL["en"]),
                     "points": total.mean, "low": total.low, "high": total.high,
                     "explanation": _TOTAL.get(language, _TOTAL["en"])})
        return pd.DataFrame(rows)

    def hourly(self) -> pd.DataFrame:
        """Tidy per-hour results: one row per replication and hour."""
        frames = []
        for run in self.runs:
            frame = pd.DataFrame(run.hourly)
            frame.insert(0, "hour", np.arange(len(frame)))
            frame.insert(0, "replication", run.replication)
            frames.append(frame)
        return pd.concat(frames, ignore_index=True)

    def hourly_band(self, column: str) -> pd.DataFrame:
        """Mean and 95% interval of one hourly column across replications."""
        stack = np.stack([run.hourly[column] for run in self.runs])
        mean = stack.mean(axis=0)
        if stack.shape[0] > 1:
            q = _T95[stack.shape[0] - 2] if stack.shape[0] - 1 <= len(_T95) else 1.96
            half = q * stack.std(axis=0, ddof=1) / math.sqrt(stack.shape[0])
        else:
            half = np.zeros_like(mean)
        return pd.DataFrame({"hour": np.arange(stack.shape[1]), "mean": mean,
                             "low": mean - half, "high": mean + half})

    def segments(self) -> pd.DataFrame:
        """A per-segment summary averaged over replications, for kinds that have one
        (empty otherwise, or when the runs kept no final states)."""
        segments = self.kind.segments
        return segments(self) if segments is not None else pd.DataFrame()

    def to_json(self) -> dict[str, Any]:
        """The result as plain data: the ``--json`` contract of ``casekit run``."""
        metrics = self.metrics
        return {
            "scenario": self.scenario.id,
            "scenario_version": self.scenario.version,
            "plan": self.plan.name,
            "seed": self.seed,
            "reps": self.reps,
            "customers": self.customers,
            "kind": self.kind.name,
            "metrics": {name: metrics[name].as_dict() for name in self.kind.headline},
            "score_parts": {part: metrics[f"score_{part}"].as_dict()
                            for part in self.kind.part_names},
            "extra": {name: m.as_dict() for name, m in metrics.items()
                      if name not in self.kind.headline and not name.startswith("score_")},
            "actions": [{"action": a["action"], "reached": a["reached"], "cost": a["cost"]}
                        for a in (self.runs[0].actions if self.runs else [])],
            # the kind's per-segment table (the KPI report, the bill-type segments), if any
            "segments": _records(self.segments()) if self.runs and self.runs[0].final
            else [],
        }
