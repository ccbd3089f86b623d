"""The class tournament: every student's plan on the same random numbers, a leaderboard and
a debrief.

    submissions/  ->  collect_submissions  ->  Submission | Rejection
                  ->  run_tournament       ->  ResultStore (out/results.sqlite)
                  ->  TournamentResult     ->  leaderboard.csv, rejected.csv, debrief.html

Safety: a submission folder comes from many strangers. Every file is read with
``casekit.files`` (``yaml.safe_load``, at most ``MAX_FILE_BYTES``), validated into a frozen
:class:`~casekit.plan.Plan` and checked against the scenario; nothing in a file is ever run.
Symbolic links, folders and other extensions are refused; a student id (from the plan's
``student`` field, else the file name) may hold letters, digits, spaces and ``. _ - @ +``
only, and never becomes part of a path: everything the tournament writes has a fixed name
inside ``out_dir``. One bad file is reported in ``rejected.csv`` and never stops the run.

Fairness: every plan runs replications ``0..reps-1`` of the same seed (common random numbers,
see :mod:`casekit.montecarlo`); with a class seed, each plan runs on its student's variant
(:mod:`casekit.variants`).

Resumability: each finished replication is stored at once in SQLite, keyed by
``(Plan.digest, Scenario.fingerprint, seed, replication)``. An interrupted run picks up where
it stopped; a re-run with one new submission computes only that one; two students who hand in
the same actions share results.

Phases (per-phase scores in the debrief): the score counts four costs (see
:mod:`casekit.scoring`). A phase ``[a, b)`` in hours is scored with the same weights from what
happened in it, read from the hourly series stored per replication: negative public posts
and complaint contacts made in those hours, the change in response cost, and the customers
who left in those hours, each valued at the mean lifetime value of that replication's leavers
(the engine does not record lifetime value hour by hour). The phases are the first 6 hours,
the first day (hours 0-24), and from the arrival of the first paper bills
(``24 x incident.paper_bill_first_day``) to the horizon. Over ``[0, horizon)`` the phase score
equals the total score.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
import sys
import time
import zlib
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Literal, Union

import numpy as np
import pandas as pd

from casekit.engine import simulate_batch
from casekit.errors import InputError, PlanError, ScenarioError
from casekit.files import MAX_FILE_BYTES, read_mapping
from casekit.montecarlo import POOL_THRESHOLD, batches, default_workers
from casekit.outcomes import interval
from casekit.plan import Plan, load_plan, no_response, plan_from_mapping
from casekit.scenario import Scenario, load_scenario, scenario_dir
from casekit.scoring import PART_NAMES, score_parts

__all__ = [
    "Submission", "Rejection", "Entry", "ResultStore", "TournamentResult", "TextProgress",
    "collect_submissions", "run_tournament", "tournament_cli", "plan_features", "phases",
    "engine_version", "SERIES", "PLAN_SUFFIXES", "MAX_SUBMISSIONS", "KEY_METRICS",
]

PLAN_SUFFIXES = (".yaml", ".yml", ".json")
#: More files than this in one folder are refused (the rest are reported, not read).
MAX_SUBMISSIONS = 5000
#: Letters (any script), digits, then also spaces and . _ - @ +; at most 100 characters.
_STUDENT_ID = re.compile(r"^[^\W_][\w .@+-]{0,99}$")
#: Hourly series stored per replication (float32, zlib-compressed, in this order).
SERIES = ("sentiment_mean", "churned", "comments_negative", "negative_posts", "complaints",
          "cost")
#: Metrics on the leaderboard beside the score.
KEY_METRICS = ("churn_rate", "revenue_lost", "cost", "sentiment_final", "negative_posts",
               "complaints")
BASELINE = "baseline"
REFERENCE = "reference"
STUDENT = "student"

ProgressArg = Union[Callable[[int, int], None], None, Literal[False]]


# -- reading the folder ------------------------------------------------------------------------

@dataclass(frozen=True)
class Submission:
    """One valid plan file: who handed it in, the file's name and the validated plan."""

    student: str
    file: str
    plan: Plan


@dataclass(frozen=True)
class Rejection:
    """A file that was not run, and why."""

    file: str
    reason: str


def _reason(exc: InputError) -> str:
    return f"{exc.field}: {exc.expected}" if exc.field else exc.expected


def check_student_id(student: str) -> str | None:
    """None if ``student`` is a usable id, else what is wrong with it."""
    if not _STUDENT_ID.match(student) or ".." in student:
        return (f"student id {student[:60]!r} is not allowed; expected letters, digits, "
                "spaces and . _ - @ + (starting with a letter or digit, at most 100, no '..')")
    return None


def collect_submissions(folder: str | Path, scenario: Scenario
                        ) -> tuple[list[Submission], list[Rejection]]:
    """Read and validate every plan file in ``folder``; never raises on a bad file."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(str(folder), "", "expected a folder of plan files")
    entries = sorted(folder.iterdir(), key=lambda p: p.name)
    accepted: list[Submission] = []
    rejected: list[Rejection] = []
    seen: dict[str, str] = {}
    for count, path in enumerate(entries):
        name = path.name
        if count >= MAX_SUBMISSIONS:
            rejected.append(Rejection(name, f"more than {MAX_SUBMISSIONS} files in the folder; "
                                      "not read"))
            continue
        if path.is_symlink():
            rejected.append(Rejection(name, "a symbolic link; expected a plain file"))
            continue
        if path.is_dir():
            rejected.append(Rejection(name, "a folder; expected plan files directly inside"))
            continue
        if path.suffix.lower() not in PLAN_SUFFIXES:
            rejected.append(Rejection(name, "not a plan file; expected .yaml, .yml or .json"))
            continue
        try:
            data = read_mapping(path, PlanError, MAX_FILE_BYTES)
            plan = plan_from_mapping(data, name).check(scenario, name)
        except InputError as exc:
            rejected.append(Rejection(name, _reason(exc)))
            continue
        student = (plan.student or path.stem).strip()
        problem = check_student_id(student)
        if problem:
            rejected.append(Rejection(name, problem))
            continue
        key = student.casefold()
        if key in seen:
            rejected.append(Rejection(name, f"student {student!r} already handed in "
                                      f"{seen[key]!r}; one plan per student"))
            continue
        seen[key] = name
        accepted.append(Submission(student, name, plan))
    return accepted, rejected


def reference_plans(scenario: Scenario) -> list[Plan]:
    """The plans shipped with the scenario (``scenarios/<id>/plans/``), checked."""
    candidates = []
    if scenario.source_path:
        candidates.append(Path(scenario.source_path).parent / scenario.id / "plans")
    candidates.append(scenario_dir() / scenario.id / "plans")
    for folder in candidates:
        if folder.is_dir():
            plans = []
            for path in sorted(folder.iterdir()):
                if path.suffix.lower() in PLAN_SUFFIXES and path.is_file():
                    try:
                        plans.append(load_plan(path, scenario))
                    except InputError as exc:
                        print(f"casekit: skipping reference plan {exc}", file=sys.stderr)
            return plans
    return []


# -- what a plan does, for the debrief -----------------------------------------------------------

_HARMFUL_PARTS = ("deny", "attack_accuser")
_DIRECT = ("sms", "email", "paper_letter")


def plan_features(plan: Plan) -> dict[str, Any]:
    """What a plan does, as numbers the debrief compares across the class."""
    messages = [a for a in plan.actions if not a.is_staffing]
    parts = {p for a in messages for p in a.message}
    first = min((a.at for a in messages), default=math.nan)
    public = [a.at for a in messages if a.audience in ("public", "followers", "complainers")]
    agent_hours = sum(a.staff.agents * a.staff.hours for a in plan.actions
                      if a.staff is not None)
    return {
        "first_response_hour": first,
        "first_public_hour": min(public, default=math.nan),
        "actions": len(plan.actions),
        "channels": len({a.channel for a in messages}),
        "channel_list": "+".join(sorted({str(a.channel) for a in messages})),
        "message_parts": len(parts),
        "compensation": max((a.compensation for a in messages), default=0.0),
        "apology": "apology" in parts,
        "refund": "refund" in parts,
        "corrective_action": "corrective_action" in parts,
        "explain_cause": "explain_cause" in parts,
        "deny_or_attack": bool(parts & set(_HARMFUL_PARTS)),
        "defensive_tone": any(a.tone == "defensive" for a in messages),
        "human_tone": any(a.tone == "human" for a in messages),
        "tells_paper_bill": any(a.channel in _DIRECT and a.audience in ("paper_bill", "everyone")
                                for a in messages),
        "extra_agent_hours": float(agent_hours),
    }


def phases(scenario: Scenario) -> list[tuple[str, int, int]]:
    """The debrief's phases as (label, first hour, end hour); see the module docstring."""
    paper = int(round(24 * float(scenario.incident.paper_bill_first_day.value)))
    horizon = scenario.horizon_hours
    return [("first 6 hours", 0, min(6, horizon)), ("first day", 0, min(24, horizon)),
            (f"paper bills (hour {paper} on)", min(paper, horizon), horizon)]


# -- storage -------------------------------------------------------------------------------------

def pack_series(hourly: dict[str, np.ndarray], scenario: Scenario) -> bytes:
    """The stored hourly series of one replication, as compressed float32 bytes."""
    other = "complaints_twitter" if scenario.thread.platform == "facebook" \
        else "complaints_facebook"
    columns = {
        "sentiment_mean": hourly["sentiment_mean"],
        "churned": hourly["churned"],
        "comments_negative": hourly["comments_negative"],
        "negative_posts": hourly["comments_negative"] + hourly["posts_negative"] + hourly[other],
        "complaints": hourly["complaints"],
        "cost": hourly["cost"],
    }
    stack = np.stack([np.asarray(columns[name], dtype=np.float32) for name in SERIES])
    return zlib.compress(stack.tobytes(), 6)


def unpack_series(blob: bytes) -> np.ndarray:
    """(len(SERIES), hours) array from :func:`pack_series` bytes."""
    return np.frombuffer(zlib.decompress(blob), dtype=np.float32).reshape(len(SERIES), -1)


def engine_version() -> str:
    """A hash of the engine's source: results from another engine version are not reused."""
    import hashlib

    import casekit.engine
    digest = hashlib.sha256()
    for source in sorted(Path(casekit.engine.__file__).parent.glob("*.py")):
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()[:12]


class ResultStore:
    """Finished replications in SQLite, keyed by plan digest, scenario fingerprint, seed and
    replication (and the engine version, so a changed engine recomputes). Only the process
    that runs the tournament writes to it."""

    def __init__(self, path: str | Path, engine: str | None = None) -> None:
        self.path = Path(path)
        self.engine = engine or engine_version()
        self.conn = sqlite3.connect(str(self.path))
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        with self.conn:
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS replications ("
                " plan_digest TEXT NOT NULL, fingerprint TEXT NOT NULL, seed INTEGER NOT NULL,"
                " replication INTEGER NOT NULL, engine TEXT NOT NULL,"
                " customers INTEGER NOT NULL, totals TEXT NOT NULL, series BLOB NOT NULL,"
                " finished REAL NOT NULL,"
                " PRIMARY KEY (plan_digest, fingerprint, seed, replication, engine))")
            self.conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('series', ?)",
                              (json.dumps(SERIES),))

    def close(self) -> None:
        self.conn.close()

    def __len__(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM replications").fetchone()[0])

    def finished(self, digest: str, fingerprint: str, seed: int) -> set[int]:
        rows = self.conn.execute(
            "SELECT replication FROM replications WHERE plan_digest=? AND fingerprint=? "
            "AND seed=? AND engine=?", (digest, fingerprint, seed, self.engine))
        return {int(r[0]) for r in rows}

    def put_many(self, digest: str, fingerprint: str, seed: int, customers: int,
                 results: list[tuple[int, dict[str, float], bytes]]) -> None:
        """Store a batch of replications in one transaction: all of them or none."""
        now = time.time()
        with self.conn:
            self.conn.executemany(
                "INSERT OR REPLACE INTO replications VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(digest, fingerprint, seed, rep, self.engine, customers, json.dumps(totals),
                  series, now) for rep, totals, series in results])

    def load(self, digest: str, fingerprint: str, seed: int, reps: int
             ) -> tuple[pd.DataFrame, np.ndarray]:
        """Totals (one row per replication) and series (reps, len(SERIES), hours)."""
        rows = self.conn.execute(
            "SELECT replication, totals, series FROM replications WHERE plan_digest=? AND "
            "fingerprint=? AND seed=? AND engine=? AND replication<? ORDER BY replication",
            (digest, fingerprint, seed, self.engine, reps)).fetchall()
        totals = pd.DataFrame([{"replication": r[0], **json.loads(r[1])} for r in rows])
        series = np.stack([unpack_series(r[2]) for r in rows]) if rows else np.empty((0, 0, 0))
        return totals, series


# -- running ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Entry:
    """One plan in the tournament: a student's, a reference plan or the baseline."""

    kind: str
    label: str          # the student id, or the reference plan's name
    plan: Plan
    scenario: Scenario
    file: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return self.plan.digest, self.scenario.fingerprint


def _replications(task: tuple[Scenario, Plan, int, list[int], int]
                  ) -> list[tuple[int, dict[str, float], bytes]]:
    """A batch of replications in a worker: for each, its totals and packed hourly series."""
    scenario, plan, seed, reps, customers = task
    results = simulate_batch(scenario, plan, seed=seed, replications=reps,
                             customers=customers, keep_final=False)
    return [(r.replication, r.totals, pack_series(r.hourly, scenario)) for r in results]


class TextProgress:
    """A plain-text progress bar on stderr: ``[#####-----] 120/600 20% 0:45, ~3:00 left``."""

    def __init__(self, label: str = "tournament", stream: Any = None, width: int = 30) -> None:
        self.label, self.width = label, width
        self.stream = stream if stream is not None else sys.stderr
        self.start = time.monotonic()
        self.last = 0.0

    @staticmethod
    def _clock(seconds: float) -> str:
        seconds = int(seconds)
        return f"{seconds // 60}:{seconds % 60:02d}"

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.last < 0.25:
            return
        self.last = now
        share = done / total if total else 1.0
        filled = int(round(self.width * share))
        elapsed = now - self.start
        left = f", ~{self._clock(elapsed / share - elapsed)} left" if 0 < share < 1 else ""
        self.stream.write(f"\r{self.label} [{'#' * filled}{'-' * (self.width - filled)}] "
                          f"{done}/{total} {100 * share:3.0f}% {self._clock(elapsed)}{left}  ")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def _execute(tasks: list[tuple[Entry, list[int]]], store: ResultStore, seed: int,
             customers: int, workers: int, executor: Executor | None,
             progress: Callable[[int, int], None] | None) -> dict[tuple[str, str], str]:
    """Run the tasks (a plan and a batch of its replications each), storing every batch as
    it finishes; returns failures by key."""
    failures: dict[tuple[str, str], str] = {}
    total = sum(len(reps) for _, reps in tasks)
    done = 0

    def finish(entry: Entry, reps: list[int],
               outcome: Callable[[], list[tuple[int, dict, bytes]]]) -> None:
        nonlocal done
        try:
            results = outcome()
        except Exception as exc:  # noqa: BLE001 - one plan that breaks the engine
            failures.setdefault(entry.key, f"simulation failed: {type(exc).__name__}: {exc}")
        else:
            store.put_many(entry.plan.digest, entry.scenario.fingerprint, seed, customers,
                           results)
        done += len(reps)
        if progress:
            progress(done, total)

    if progress:
        progress(0, total)
    if executor is None and workers <= 1:
        for entry, reps in tasks:
            job = (entry.scenario, entry.plan, seed, reps, customers)
            finish(entry, reps, lambda job=job: _replications(job))
        return failures

    own = executor is None
    pool: Executor = executor or ProcessPoolExecutor(max_workers=workers)
    # Enough tasks in flight to keep every worker busy, few enough that an interruption
    # loses little; a cluster's executor may have far more workers than this machine.
    cap = max(2, 2 * workers) if own else max(256, 4 * workers)
    queue = deque(tasks)
    running: dict[Future, tuple[Entry, list[int]]] = {}
    try:
        while queue or running:
            while queue and len(running) < cap:
                entry, reps = queue.popleft()
                future = pool.submit(_replications,
                                     (entry.scenario, entry.plan, seed, reps, customers))
                running[future] = (entry, reps)
            finished, _ = wait(list(running), return_when=FIRST_COMPLETED)
            for future in finished:
                entry, reps = running.pop(future)
                finish(entry, reps, future.result)
    except BaseException:
        for future in running:
            future.cancel()
        raise
    finally:
        if own:
            pool.shutdown(wait=True, cancel_futures=True)
    return failures


@dataclass
class TournamentResult:
    """What a tournament produced: tables, the files written, and access to stored results."""

    scenario: Scenario
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

    def entry(self, label: str) -> Entry:
        """A student's entry (by id), or a reference plan's (by name, or 'baseline')."""
        for e in self.entries:
            if e.label == label or (e.kind == BASELINE and label == BASELINE):
                return e
        known = ", ".join(e.label for e in self.entries if e.kind == STUDENT)
        raise KeyError(f"no entry {label!r}; students: {known}")

    def plan(self, student: str) -> Plan:
        return self.entry(student).plan

    def _load(self, label: str | Entry) -> tuple[pd.DataFrame, np.ndarray]:
        e = label if isinstance(label, Entry) else self.entry(label)
        store = ResultStore(self.store_path, self.engine or None)
        try:
            return store.load(e.plan.digest, e.scenario.fingerprint, self.seed, self.reps)
        finally:
            store.close()

    def per_run(self, label: str | Entry) -> pd.DataFrame:
        """One row per replication: totals and score parts."""
        e = label if isinstance(label, Entry) else self.entry(label)
        totals, _ = self._load(e)
        return _with_scores(totals, e.scenario)

    def hourly(self, label: str | Entry) -> pd.DataFrame:
        """Tidy stored hourly series: one row per replication and hour."""
        _, series = self._load(label)
        reps, _, hours = series.shape
        frame = pd.DataFrame({"replication": np.repeat(np.arange(reps), hours),
                              "hour": np.tile(np.arange(hours), reps)})
        for i, name in enumerate(SERIES):
            frame[name] = series[:, i, :].reshape(-1).astype(float)
        return frame

    def mean_series(self, label: str | Entry) -> dict[str, np.ndarray]:
        """Each stored hourly series averaged over replications (churned as a share)."""
        _, series = self._load(label)
        means = {name: series[:, i, :].mean(axis=0).astype(float)
                 for i, name in enumerate(SERIES)}
        means["churn_share"] = means["churned"] / self.customers
        return means

    def features(self) -> pd.DataFrame:
        """What each student's plan does (see :func:`plan_features`), with its score."""
        rows = [{"student": e.label, **plan_features(e.plan)} for e in self.entries
                if e.kind == STUDENT]
        table = pd.DataFrame(rows)
        if table.empty:
            return table
        return table.merge(self.leaderboard[["student", "score", "rank"]], on="student")

    def top(self, n: int = 10) -> pd.DataFrame:
        columns = ["rank", "student", "plan", "score", "score_low", "score_high",
                   *KEY_METRICS]
        return self.leaderboard[[c for c in columns if c in self.leaderboard]].head(n)


def _with_scores(totals: pd.DataFrame, scenario: Scenario) -> pd.DataFrame:
    if totals.empty:
        return totals
    parts = pd.DataFrame([score_parts(row, scenario) for row in totals.to_dict("records")])
    return pd.concat([totals.reset_index(drop=True), parts], axis=1)


def _summary(entry: Entry, per_run: pd.DataFrame) -> dict[str, Any]:
    row: dict[str, Any] = {"student": entry.label if entry.kind == STUDENT else "",
                           "plan": entry.plan.name, "kind": entry.kind, "file": entry.file}
    for name in ("score", *(f"score_{p}" for p in PART_NAMES)):
        m = interval(per_run[name].to_numpy())
        row[name], row[f"{name}_low"], row[f"{name}_high"] = m.mean, m.low, m.high
    for name in KEY_METRICS:
        row[name] = float(per_run[name].mean())
    features = plan_features(entry.plan)
    row["first_response_hour"] = features["first_response_hour"]
    row["channels"] = features["channel_list"]
    row["compensation"] = features["compensation"]
    row["reps"] = len(per_run)
    row["plan_digest"] = entry.plan.digest
    row["scenario_fingerprint"] = entry.scenario.fingerprint
    return row


def _phase_rows(entry: Entry, per_run: pd.DataFrame, series: np.ndarray,
                spans: list[tuple[str, int, int]]) -> list[dict[str, Any]]:
    w = entry.scenario.score
    idx = {name: i for i, name in enumerate(SERIES)}
    churned = series[:, idx["churned"], :].astype(float)
    cost = series[:, idx["cost"], :].astype(float)
    ltv = np.where(per_run["churned_customers"] > 0,
                   per_run["revenue_lost"] / per_run["churned_customers"].clip(lower=1), 0.0)

    def before(cumulative: np.ndarray, hour: int) -> np.ndarray:
        return cumulative[:, hour - 1] if hour > 0 else np.zeros(cumulative.shape[0])

    rows = []
    for label, a, b in spans:
        if b <= a:
            continue
        amounts = ((before(churned, b) - before(churned, a)) * ltv * w.lifetime_value_lost.value
                   + (before(cost, b) - before(cost, a)) * w.response_cost.value
                   + series[:, idx["negative_posts"], a:b].sum(axis=1)
                   * w.negative_post_cost.value
                   + series[:, idx["complaints"], a:b].sum(axis=1) * w.complaint_cost.value)
        m = interval(-amounts / w.scale)
        rows.append({"student": entry.label if entry.kind == STUDENT else "",
                     "plan": entry.plan.name, "kind": entry.kind, "phase": label,
                     "from_hour": a, "to_hour": b, "score": m.mean, "score_low": m.low,
                     "score_high": m.high})
    return rows


def _csv_safe(table: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would read as a formula get a leading apostrophe."""
    table = table.copy()
    for column in table.columns:
        if table[column].dtype == object:
            table[column] = table[column].map(
                lambda v: "'" + v if isinstance(v, str) and v[:1] in ("=", "+", "-", "@")
                else v)
    return table


def run_tournament(scenario: Scenario | str | Path, submissions_dir: str | Path, reps: int = 30,
                   seed: int = 0, out_dir: str | Path = "tournament", workers: int | None = None,
                   class_seed: int | None = None, progress: ProgressArg = None,
                   customers: int | None = None, executor: Executor | None = None,
                   debrief: bool = True) -> TournamentResult:
    """Run every valid plan in ``submissions_dir`` and write the leaderboard and debrief.

    ``progress``: a callable ``(done, total)``; None draws a text bar on stderr; False is
    silent. ``executor``: any ``concurrent.futures.Executor`` (for example
    ``distributed.Client(...).get_executor()``); without one, a process pool of ``workers``
    (default: all cores for large runs) or, with ``workers=1``, this process.
    """
    if reps < 1:
        raise ValueError("reps must be at least 1")
    base = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    if customers is not None:
        base = base.with_customers(customers)
    n = int(base.population.customers)
    out = Path(out_dir)
    submissions, rejections = collect_submissions(submissions_dir, base)
    out.mkdir(parents=True, exist_ok=True)

    entries: list[Entry] = []
    if class_seed is not None:
        from casekit.variants import make_variant
    for sub in submissions:
        sc = make_variant(base, sub.student, class_seed) if class_seed is not None else base
        entries.append(Entry(STUDENT, sub.student, sub.plan, sc, sub.file))
    for plan in reference_plans(base):
        entries.append(Entry(REFERENCE, plan.name, plan, base))
    entries.append(Entry(BASELINE, "baseline", no_response(base.id), base))

    store = ResultStore(out / "results.sqlite")
    engine = store.engine
    try:
        missing: list[tuple[Entry, list[int]]] = []
        queued: set[tuple[str, str]] = set()
        reused = 0
        for entry in entries:
            have = store.finished(*entry.key, seed)
            reused += sum(rep in have for rep in range(reps))
            todo = [rep for rep in range(reps) if rep not in have]
            if todo and entry.key not in queued:  # two students with the same plan: run once
                queued.add(entry.key)
                missing.append((entry, todo))
        computed = sum(len(todo) for _, todo in missing)
        if workers is None:
            workers = default_workers() if n * computed >= POOL_THRESHOLD else 1
        # Each plan's replications run side by side in batches; with few plans left, smaller
        # batches keep every worker busy.
        parts = -(-workers // max(len(missing), 1)) if workers > 1 else 1
        tasks = [(entry, chunk) for entry, todo in missing
                 for chunk in batches(todo, n, parts)]
        bar: Callable[[int, int], None] | None
        bar = TextProgress() if progress is None else (progress or None)
        failures = _execute(tasks, store, seed, n, workers, executor, bar) if tasks else {}

        rows, reference_rows, phase_rows = [], [], []
        spans = phases(base)
        kept: list[Entry] = []
        for entry in entries:
            if entry.key in failures:
                rejections.append(Rejection(entry.file or entry.label, failures[entry.key]))
                continue
            totals, series = store.load(*entry.key, seed, reps)
            per_run = _with_scores(totals, entry.scenario)
            kept.append(entry)
            (rows if entry.kind == STUDENT else reference_rows).append(_summary(entry, per_run))
            phase_rows.extend(_phase_rows(entry, per_run, series, spans))
    finally:
        store.close()

    leaderboard = pd.DataFrame(rows)
    if not leaderboard.empty:
        leaderboard = leaderboard.sort_values(["score", "student"], ascending=[False, True])
        leaderboard.insert(0, "rank", leaderboard["score"].rank(ascending=False, method="min")
                           .astype(int))
        leaderboard = leaderboard.drop(columns=["kind"]).reset_index(drop=True)
    references = pd.DataFrame(reference_rows).drop(columns=["student", "file"])
    rejected = pd.DataFrame([{"file": r.file, "reason": r.reason} for r in rejections],
                            columns=["file", "reason"])
    result = TournamentResult(base, leaderboard, references, rejected, pd.DataFrame(phase_rows),
                              out, seed, reps, n, class_seed, computed, reused, kept,
                              engine)
    _csv_safe(leaderboard).to_csv(result.leaderboard_path, index=False)
    _csv_safe(rejected).to_csv(result.rejected_path, index=False)
    _csv_safe(references).to_csv(out / "references.csv", index=False)
    _csv_safe(result.phase_scores).to_csv(out / "phases.csv", index=False)
    if debrief:
        from casekit.report.debrief import write_debrief
        write_debrief(result, result.debrief_path)
    return result


# -- command line ----------------------------------------------------------------------------

def rejected_table(rejected: pd.DataFrame) -> str:
    if rejected.empty:
        return "rejected: none"
    width = min(40, max(len(str(f)) for f in rejected["file"]))
    lines = [f"rejected: {len(rejected)} file(s)", f"  {'file':{width}}  reason"]
    for row in rejected.itertuples():
        lines.append(f"  {str(row.file)[:width]:{width}}  {row.reason}")
    return "\n".join(lines)


def leaderboard_table(result: TournamentResult, n: int = 10) -> str:
    board = result.leaderboard
    if board.empty:
        return "leaderboard: no valid plans"
    lines = [f"leaderboard (top {min(n, len(board))} of {len(board)}; score higher is better, "
             f"{result.reps} reps, seed {result.seed})",
             f"  {'rank':>4}  {'student':20}  {'score':>9}  {'95% interval':>21}  "
             f"{'churn':>7}  plan"]
    for row in board.head(n).itertuples():
        lines.append(f"  {row.rank:>4}  {str(row.student)[:20]:20}  {row.score:9.1f}  "
                     f"[{row.score_low:9.1f}, {row.score_high:9.1f}]  "
                     f"{100 * row.churn_rate:6.2f}%  {str(row.plan)[:40]}")
    return "\n".join(lines)


def tournament_cli(args: Any) -> int:
    """``casekit tournament SCENARIO SUBMISSIONS --reps R --seed S --out DIR``."""
    try:
        scenario = load_scenario(args.scenario)
    except ScenarioError as exc:
        print(f"casekit: {exc}", file=sys.stderr)
        return 2
    folder = Path(args.submissions)
    if not folder.is_dir():
        print(f"casekit: {folder}: expected a folder of plan files", file=sys.stderr)
        return 2
    try:
        result = run_tournament(scenario, folder, reps=args.reps, seed=args.seed,
                                out_dir=args.out, workers=args.workers,
                                class_seed=args.class_seed, customers=args.customers)
    except OSError as exc:
        print(f"casekit: {exc.filename or args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(rejected_table(result.rejected))
    print()
    print(leaderboard_table(result))
    print()
    print(f"computed {result.computed} replications, reused {result.reused}; wrote "
          f"{result.leaderboard_path}, {result.rejected_path} and {result.debrief_path}")
    return 0
