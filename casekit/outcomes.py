"""Tidy results: per-hour DataFrames, a per-segment summary and headline metrics with
95% intervals over replications."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from casekit.engine import RunResult
from casekit.plan import Plan
from casekit.scenario import Scenario
from casekit.scoring import PART_NAMES, explain, score_parts

__all__ = ["Outcome", "Metric", "HEADLINE_METRICS", "interval"]

#: The metrics every JSON result carries (a contract with notebooks and the tournament).
HEADLINE_METRICS = ("churn_rate", "churned_customers", "revenue_lost", "cost",
                    "sentiment_final", "negative_posts", "complaints", "score")

# Two-sided 95% Student t quantiles by degrees of freedom (1..30); 1.96 beyond.
_T95 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
        2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
        2.060, 2.056, 2.052, 2.048, 2.045, 2.042)


@dataclass(frozen=True)
class Metric:
    mean: float
    low: float
    high: float

    def as_dict(self) -> dict[str, Any]:
        return {"mean": self.mean, "ci95": [self.low, self.high]}


def interval(values: np.ndarray) -> Metric:
    """Mean and 95% confidence interval (Student t) of replication values."""
    values = np.asarray(values, dtype=float)
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

    def per_run(self) -> pd.DataFrame:
        """One row per replication: totals and score parts."""
        if self._per_run is None:
            rows = []
            for run in self.runs:
                row = {"replication": run.replication, **run.totals}
                row.update(score_parts(run.totals, self.scenario))
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
        for part in PART_NAMES:
            m = self.metric(f"score_{part}")
            kind = getattr(self.scenario, "kind", "complaint_crisis")
            rows.append({"part": part, "points": m.mean, "low": m.low, "high": m.high,
                         "explanation": explain(part, language, kind)})
        total = self.metric("score")
        rows.append({"part": "score", "points": total.mean, "low": total.low,
                     "high": total.high, "explanation": "" if language != "en" else
                     "The sum of the parts: higher (closer to zero) is better."})
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
        """Per segment (bill type x how they found out), averaged over replications."""
        frames = []
        labels = np.array(["never", "own bill", "the thread", "the company"])
        for run in self.runs:
            f = run.final
            if not f:
                continue
            frames.append(pd.DataFrame({
                "bill": np.where(f["e_bill"], "e_bill", "paper_bill"),
                "found_out_from": labels[f["found_via"]],
                "sentiment": f["sentiment"], "churned": f["churned"],
                "complained": f["complained"], "refunded": f["refunded"],
                "lifetime_value_lost": np.where(f["churned"], f["lifetime_value"], 0.0),
            }))
        if not frames:
            return pd.DataFrame()
        data = pd.concat(frames, ignore_index=True)
        grouped = data.groupby(["bill", "found_out_from"], observed=True)
        table = grouped.agg(customers=("sentiment", "size"), sentiment=("sentiment", "mean"),
                            churn_rate=("churned", "mean"), complained=("complained", "mean"),
                            refunded=("refunded", "mean"),
                            lifetime_value_lost=("lifetime_value_lost", "sum"))
        table["customers"] = table["customers"] / len(frames)
        table["lifetime_value_lost"] = table["lifetime_value_lost"] / len(frames)
        return table.reset_index()

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
            "metrics": {name: metrics[name].as_dict() for name in HEADLINE_METRICS},
            "score_parts": {part: metrics[f"score_{part}"].as_dict() for part in PART_NAMES},
            "extra": {name: m.as_dict() for name, m in metrics.items()
                      if name not in HEADLINE_METRICS and not name.startswith("score_")},
            "actions": [{"action": a["action"], "reached": a["reached"], "cost": a["cost"]}
                        for a in (self.runs[0].actions if self.runs else [])],
        }
