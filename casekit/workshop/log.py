"""The session log: one SQLite file per workshop, an append-only list of what happened.

Two tables. ``meta`` holds the setup, written once (the scenario as validated data, the
seed, the number of teams and rounds, the countdown, the population size, the facilitator's
key). ``events`` holds every accepted decision and facilitator action in order, each with
its wall-clock time and a JSON payload; nothing is ever updated or deleted (an undo is an
event too). The model is recomputed from the setup and the events, so the file alone
replays the session.

A session file may come from a stranger: :meth:`SessionLog.open` checks it is an SQLite
file of bounded size holding exactly these two tables (no triggers, no views), with bounded
payloads, before anything is read from it; every event is then validated as it is replayed
(:mod:`casekit.workshop.rounds`). Anything wrong is one :class:`WorkshopError` line.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from casekit.errors import InputError

__all__ = ["SessionLog", "Event", "WorkshopError", "FORMAT", "MAX_SESSION_BYTES",
           "MAX_EVENTS", "MAX_PAYLOAD_BYTES"]

FORMAT = "casekit-workshop/1"
#: A session file larger than this is refused before it is opened.
MAX_SESSION_BYTES = 32 * 1024 * 1024
#: More events than this is no workshop (a three-hour session has a few hundred).
MAX_EVENTS = 50_000
MAX_PAYLOAD_BYTES = 64 * 1024
MAX_META_BYTES = 2 * 1024 * 1024
_HEADER = b"SQLite format 3\x00"
_TABLES = {"meta", "events", "sqlite_sequence"}
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at REAL NOT NULL,
    type TEXT NOT NULL,
    payload TEXT NOT NULL
);
"""


class WorkshopError(InputError):
    """A session file, a decision or a facilitator action is not what casekit expects."""


@dataclass(frozen=True)
class Event:
    """One line of the log: its number, when it happened, what it is and its data."""

    seq: int
    at: float
    type: str
    payload: dict[str, Any]


class SessionLog:
    """The SQLite file of one session. Create it with :meth:`create`, read one with
    :meth:`open`; :meth:`append` adds an event and returns it."""

    def __init__(self, path: Path, connection: sqlite3.Connection, meta: dict[str, Any],
                 events: list[Event]) -> None:
        self.path = path
        self._db = connection
        self.meta = meta
        self._events = events

    @classmethod
    def create(cls, path: str | Path, meta: dict[str, Any]) -> "SessionLog":
        path = Path(path)
        if path.exists() and path.stat().st_size > 0:
            raise WorkshopError(str(path), "", "a session file already exists here; open it "
                                "instead (casekit workshop ... --session FILE resumes it)")
        try:
            db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
            db.executescript(_SCHEMA)
            with db:
                db.executemany("INSERT INTO meta (key, value) VALUES (?, ?)",
                               [("format", json.dumps(FORMAT))] +
                               [(k, json.dumps(v)) for k, v in meta.items()])
        except sqlite3.Error as exc:
            raise WorkshopError(str(path), "", f"cannot write the session file ({exc})") from None
        return cls(path, db, {"format": FORMAT, **meta}, [])

    @classmethod
    def open(cls, path: str | Path, writable: bool = True) -> "SessionLog":
        """Read a session file, refusing anything that is not one of ours."""
        path = Path(path)
        name = str(path)
        try:
            size = path.stat().st_size
            with open(path, "rb") as handle:
                header = handle.read(len(_HEADER))
        except OSError as exc:
            raise WorkshopError(name, "", f"cannot read the session file "
                                f"({exc.strerror or exc})") from None
        if size > MAX_SESSION_BYTES:
            raise WorkshopError(name, "", f"the file is {size:,} bytes; a session file is at "
                                f"most {MAX_SESSION_BYTES:,}")
        if header != _HEADER:
            raise WorkshopError(name, "", "not a session file (expected an SQLite database "
                                "written by casekit workshop)")
        uri = f"file:{path.resolve()}?mode={'rw' if writable else 'ro'}"
        try:
            db = sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
            db.execute("PRAGMA trusted_schema = OFF")
            check = db.execute("PRAGMA quick_check").fetchone()
            if not check or check[0] != "ok":
                raise WorkshopError(name, "", "the session file is damaged (SQLite's check "
                                    "failed)")
            found = db.execute("SELECT type, name FROM sqlite_master").fetchall()
            extra = [f"{t} {n}" for t, n in found
                     if not (t == "table" and n in _TABLES) and
                     not (t == "index" and str(n).startswith("sqlite_autoindex_"))]
            if extra or not {"meta", "events"} <= {n for t, n in found if t == "table"}:
                raise WorkshopError(name, "tables", "expected exactly the tables meta and "
                                    f"events; found {', '.join(extra) or 'others missing'}")
            meta = cls._read_meta(db, name)
            events = cls._read_events(db, name)
        except sqlite3.DatabaseError as exc:
            raise WorkshopError(name, "", f"not a readable session file ({exc})") from None
        return cls(path, db, meta, events)

    @staticmethod
    def _read_meta(db: sqlite3.Connection, name: str) -> dict[str, Any]:
        rows = db.execute("SELECT key, value, length(value) FROM meta LIMIT 100").fetchall()
        meta: dict[str, Any] = {}
        for key, value, length in rows:
            if not isinstance(key, str) or not isinstance(value, str) or \
                    (length or 0) > MAX_META_BYTES:
                raise WorkshopError(name, "meta", "expected short text keys and JSON values")
            try:
                meta[key] = json.loads(value)
            except ValueError:
                raise WorkshopError(name, f"meta.{key[:40]}", "expected JSON") from None
        if meta.get("format") != FORMAT:
            raise WorkshopError(name, "meta.format", f"expected {FORMAT!r}")
        return meta

    @staticmethod
    def _read_events(db: sqlite3.Connection, name: str) -> list[Event]:
        count = db.execute("SELECT count(*) FROM events").fetchone()[0]
        if count > MAX_EVENTS:
            raise WorkshopError(name, "events", f"{count:,} events; expected at most "
                                f"{MAX_EVENTS:,}")
        events = []
        previous = 0
        for seq, at, kind, payload in db.execute(
                "SELECT seq, at, type, payload FROM events ORDER BY seq"):
            where = f"events.{seq}"
            if not isinstance(seq, int) or seq <= previous:
                raise WorkshopError(name, "events.seq", "expected increasing whole numbers")
            previous = seq
            if not isinstance(at, (int, float)) or not 0 <= at < 1e11:
                raise WorkshopError(name, f"{where}.at", "expected a time in seconds")
            if not isinstance(kind, str) or len(kind) > 40:
                raise WorkshopError(name, f"{where}.type", "expected an event name")
            if not isinstance(payload, str) or len(payload) > MAX_PAYLOAD_BYTES:
                raise WorkshopError(name, f"{where}.payload", "expected JSON of at most "
                                    f"{MAX_PAYLOAD_BYTES:,} bytes")
            try:
                data = json.loads(payload)
            except ValueError:
                raise WorkshopError(name, f"{where}.payload", "expected JSON") from None
            if not isinstance(data, dict):
                raise WorkshopError(name, f"{where}.payload", "expected a JSON object")
            events.append(Event(seq, float(at), kind, data))
        return events

    @property
    def events(self) -> list[Event]:
        return list(self._events)

    def append(self, type_: str, payload: dict[str, Any], at: float | None = None) -> Event:
        """Write one event at the end of the log (durably: SQLite commits it at once)."""
        at = time.time() if at is None else float(at)
        text = json.dumps(payload, ensure_ascii=False, sort_keys=True)
        if len(text) > MAX_PAYLOAD_BYTES:
            raise WorkshopError(str(self.path), type_, "too much data in one step")
        try:
            cursor = self._db.execute("INSERT INTO events (at, type, payload) VALUES (?, ?, ?)",
                                      (at, type_, text))
        except sqlite3.Error as exc:
            raise WorkshopError(str(self.path), "", f"cannot write the session file "
                                f"({exc})") from None
        event = Event(int(cursor.lastrowid or 0), at, type_, json.loads(text))
        self._events.append(event)
        return event

    def close(self) -> None:
        self._db.close()
