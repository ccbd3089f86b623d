"""Finished replications in SQLite, so a tournament resumes where it stopped.

Each replication is stored at once, keyed by ``(Plan.digest, Scenario.fingerprint, seed,
replication)`` and the engine's version: an interrupted run picks up where it stopped; a re-run
with one new submission computes only that one; two students who hand in the same actions
share results; a changed engine recomputes.
"""

from __future__ import annotations

import json
import sqlite3
import time
import zlib
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["ResultStore", "pack_series", "unpack_series", "engine_version"]


def pack_series(series: dict[str, np.ndarray]) -> bytes:
    """Hourly series of one replication (its kind's ``hourly_series``) as compressed bytes:
    a JSON line of names, then the float32 values of each, in that order."""
    names = list(series)
    stack = np.stack([np.asarray(series[name], dtype=np.float32) for name in names])
    return zlib.compress(json.dumps(names).encode() + b"\n" + stack.tobytes(), 6)


def unpack_series(blob: bytes) -> dict[str, np.ndarray]:
    """Name -> hourly values, from :func:`pack_series` bytes."""
    raw = zlib.decompress(blob)
    head, _, body = raw.partition(b"\n")
    names = json.loads(head)
    stack = np.frombuffer(body, dtype=np.float32).reshape(len(names), -1)
    return {name: stack[i] for i, name in enumerate(names)}


def engine_version(scenario: Any = None) -> str:
    """A hash of the shared engine's source and of the scenario's kind (its whole package):
    results from another version are not reused."""
    import hashlib

    import casekit.engine
    folders = [Path(casekit.engine.__file__).parent]
    if scenario is not None:
        import importlib

        from casekit.kinds import kind_of
        module = importlib.import_module(kind_of(scenario).schema.__module__)
        folders.append(Path(module.__file__ or "").parent)
    digest = hashlib.sha256()
    for folder in folders:
        for source in sorted(folder.glob("*.py")):
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
             ) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
        """Totals (one row per replication) and each stored series as (reps, hours)."""
        rows = self.conn.execute(
            "SELECT replication, totals, series FROM replications WHERE plan_digest=? AND "
            "fingerprint=? AND seed=? AND engine=? AND replication<? ORDER BY replication",
            (digest, fingerprint, seed, self.engine, reps)).fetchall()
        totals = pd.DataFrame([{"replication": r[0], **json.loads(r[1])} for r in rows])
        unpacked = [unpack_series(r[2]) for r in rows]
        names = list(unpacked[0]) if unpacked else []
        series = {name: np.stack([u[name] for u in unpacked]) for name in names}
        return totals, series
