"""What a tournament produced: its entries, tables and access to the stored replications."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from casekit.escape import for_cell
from casekit.kinds import kind_of
from casekit.outcomes import interval
from casekit.plan import Plan
from casekit.tournament.store import ResultStore, StoreNotice

__all__ = [
    "BASELINE",
    "REFERENCE",
    "REJECTED_COLUMNS",
    "STUDENT",
    "VARIANT_BASELINE",
    "Entry",
    "TournamentResult",
    "csv_safe",
    "improvement",
    "key_metrics",
    "rejection_reasons",
    "summary",
    "with_scores",
]

BASELINE = "baseline"
REFERENCE = "reference"
STUDENT = "student"
#: Doing nothing on one student's own variant: what that student's plan is measured against.
VARIANT_BASELINE = "variant_baseline"
#: The columns of ``rejected.csv``: the file, why in English, the reason's language-neutral
#: code (a key of :data:`casekit.tournament.intake.REASONS`) and why in Turkish.
REJECTED_COLUMNS = ("file", "reason", "code", "reason_tr")


def rejection_reasons(rejected: pd.DataFrame, language: str = "en") -> list[str]:
    """Each rejected file's reason in ``language`` (English where a row has no Turkish)."""
    if language == "tr" and "reason_tr" in rejected:
        return [tr if isinstance(tr, str) and tr else en
                for en, tr in zip(rejected["reason"], rejected["reason_tr"])]
    return [str(r) for r in rejected["reason"]]


def key_metrics(scenario: Any) -> tuple[str, ...]:
    """Metrics on the leaderboard beside the score: the kind's headline metrics."""
    return tuple(name for name in kind_of(scenario).headline if name != "score")


@dataclass(frozen=True)
class Entry:
    """One plan in the tournament: a student's, a reference plan or the baseline."""

    role: str           # STUDENT, REFERENCE, BASELINE or VARIANT_BASELINE
    label: str          # the student id, or the reference plan's name
    plan: Plan
    scenario: Any
    file: str = ""
    #: What the intake noticed about a student's file (in English; see ``Submission``).
    warning: str = ""
    warning_tr: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return self.plan.digest, self.scenario.fingerprint



@dataclass
class TournamentResult:
    """What a tournament produced: tables, the files written, and access to stored results."""

    scenario: Any
    leaderboard: pd.DataFrame
    references: pd.DataFrame
    rejected: pd.DataFrame
    phase_scores: pd.DataFrame
    out_dir: Path
    seed: int
    reps: int
    customers: int
    class_seed: int | None
    computed: int
    reused: int
    entries: list[Entry] = field(repr=False, default_factory=list)
    engine: str = ""
    #: The leaderboard's order: "score", or "improvement" (with a class seed: each plan
    #: against doing nothing on its student's own variant).
    ranked_by: str = "score"
    #: What the result store found and repaired (damaged rows, a file moved aside), one
    #: line each.
    store_notices: list[StoreNotice] = field(default_factory=list)
    #: The store itself when it had to be kept in memory (its file could not be written).
    memory_store: ResultStore | None = field(default=None, repr=False)

    @property
    def leaderboard_path(self) -> Path:
        return self.out_dir / "leaderboard.csv"

    @property
    def rejected_path(self) -> Path:
        return self.out_dir / "rejected.csv"

    @property
    def debrief_path(self) -> Path:
        return self.out_dir / "debrief.html"

    @property
    def store_path(self) -> Path:
        return self.out_dir / "results.sqlite"

    def warnings(self, language: str = "en") -> pd.DataFrame:
        """Students whose file drew a note from the intake (a ``student:`` field naming
        someone else, a file name that was not UTF-8), in ``language``."""
        rows = [{"student": e.label, "file": e.file,
                 "warning": e.warning_tr if language == "tr" and e.warning_tr else e.warning}
                for e in self.entries if e.role == STUDENT and e.warning]
        return pd.DataFrame(rows, columns=["student", "file", "warning"])

    def rejections(self, language: str = "en") -> pd.DataFrame:
        """The rejected files (``file``, ``code``, ``reason``) with the reason in
        ``language``."""
        return pd.DataFrame({"file": self.rejected["file"],
                             "code": self.rejected.get("code", ""),
                             "reason": rejection_reasons(self.rejected, language)},
                            columns=["file", "code", "reason"])

    def entry(self, label: str) -> Entry:
        """A student's entry (by id), or a reference plan's (by name, or 'baseline')."""
        for e in self.entries:
            if e.label == label or (e.role == BASELINE and label == BASELINE):
                return e
        known = ", ".join(e.label for e in self.entries if e.role == STUDENT)
        raise KeyError(f"no entry {label!r}; students: {known}")

    def plan(self, student: str) -> Plan:
        return self.entry(student).plan

    def _load(self, label: str | Entry) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
        e = label if isinstance(label, Entry) else self.entry(label)
        if self.memory_store is not None:
            return self.memory_store.load(e.plan.digest, e.scenario.fingerprint, self.seed,
                                          self.reps)
        store = ResultStore(self.store_path, self.engine or None, repair=False)
        try:
            return store.load(e.plan.digest, e.scenario.fingerprint, self.seed, self.reps)
        finally:
            store.close()

    def per_run(self, label: str | Entry) -> pd.DataFrame:
        """One row per replication: totals and score parts."""
        e = label if isinstance(label, Entry) else self.entry(label)
        totals, _ = self._load(e)
        return with_scores(totals, e.scenario)

    def hourly(self, label: str | Entry) -> pd.DataFrame:
        """Tidy stored hourly series: one row per replication and hour."""
        _, series = self._load(label)
        if not series:
            return pd.DataFrame(columns=["replication", "hour"])
        reps, hours = next(iter(series.values())).shape
        frame = pd.DataFrame({"replication": np.repeat(np.arange(reps), hours),
                              "hour": np.tile(np.arange(hours), reps)})
        for name, values in series.items():
            frame[name] = values.reshape(-1).astype(float)
        return frame

    def mean_series(self, label: str | Entry) -> dict[str, np.ndarray]:
        """Each stored hourly series averaged over replications."""
        _, series = self._load(label)
        return {name: values.mean(axis=0).astype(float) for name, values in series.items()}

    def features(self) -> pd.DataFrame:
        """What each student's plan does (its kind's ``features``), with its score."""
        features = kind_of(self.scenario).features
        rows = [{"student": e.label, **features(e.plan)} for e in self.entries
                if e.role == STUDENT]
        table = pd.DataFrame(rows)
        if table.empty:
            return table
        return table.merge(self.leaderboard[["student", "score", "rank"]], on="student")

    def top(self, n: int = 10) -> pd.DataFrame:
        columns = ["rank", "student", "plan", "score", "score_low", "score_high",
                   "improvement", "improvement_low", "improvement_high",
                   *key_metrics(self.scenario)]
        return self.leaderboard[[c for c in columns if c in self.leaderboard]].head(n)


def with_scores(totals: pd.DataFrame, scenario: Any) -> pd.DataFrame:
    """Stored totals with each replication's score parts beside them."""
    if totals.empty:
        return totals
    score = kind_of(scenario).score
    parts = pd.DataFrame([score(row, scenario) for row in totals.to_dict("records")])
    return pd.concat([totals.reset_index(drop=True), parts], axis=1)


def improvement(per_run: pd.DataFrame, baseline: pd.DataFrame) -> tuple[float, float, float]:
    """The score minus doing nothing's on the same scenario, replication by replication
    (common random numbers: replication ``r`` of both saw the same random numbers), as
    (mean, low, high) of a 95% interval over the paired differences. NaN if the baseline
    lacks a replication the plan has."""
    mine = per_run.set_index("replication")["score"]
    theirs = baseline.set_index("replication")["score"].reindex(mine.index)
    if theirs.isna().any() or mine.empty:
        return float("nan"), float("nan"), float("nan")
    m = interval((mine - theirs).to_numpy())
    return m.mean, m.low, m.high


def summary(entry: Entry, per_run: pd.DataFrame, baseline: pd.DataFrame | None = None
            ) -> dict[str, Any]:
    """One leaderboard row: the score, its improvement over doing nothing on the same
    scenario (``baseline``: that no-response plan's replications) and the score's parts, each
    with a 95% interval; the key metrics, a few plan features, and where the numbers come
    from."""
    kind = kind_of(entry.scenario)
    row: dict[str, Any] = {"student": entry.label if entry.role == STUDENT else "",
                           "plan": entry.plan.name, "role": entry.role, "file": entry.file}
    for name in ("score", *(f"score_{p}" for p in kind.part_names)):
        m = interval(per_run[name].to_numpy())
        row[name], row[f"{name}_low"], row[f"{name}_high"] = m.mean, m.low, m.high
        if name == "score" and baseline is not None:
            row["improvement"], row["improvement_low"], row["improvement_high"] = \
                improvement(per_run, baseline)
            row["baseline_score"] = float(baseline["score"].mean())
    for name in key_metrics(entry.scenario):
        row[name] = float(per_run[name].mean())
    features = kind.features(entry.plan)
    for name in ("first_response_hour", "channel_list", "compensation"):
        if name in features:
            row["channels" if name == "channel_list" else name] = features[name]
    row["reps"] = len(per_run)
    row["plan_digest"] = entry.plan.digest
    row["scenario_fingerprint"] = entry.scenario.fingerprint
    if entry.role == STUDENT:
        row["warning"] = entry.warning
        row["warning_tr"] = entry.warning_tr
    return row


def csv_safe(table: pd.DataFrame) -> pd.DataFrame:
    """Text cells made inert: control characters shown as escapes (a plan named
    ``\\x1b[2J`` would clear the screen of whoever prints the file), and a cell that a
    spreadsheet would read as a formula gets a leading apostrophe."""
    table = table.copy()
    for column in table.columns:
        if pd.api.types.is_object_dtype(table[column]) or \
                pd.api.types.is_string_dtype(table[column]):
            table[column] = table[column].map(_inert_cell)
    return table


def _inert_cell(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    value = for_cell(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
