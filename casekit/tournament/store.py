"""Finished replications in SQLite, so a tournament resumes where it stopped.

Each replication is stored at once, keyed by ``(Plan.digest, Scenario.fingerprint, seed,
replication)`` and the engine's version: an interrupted run picks up where it stopped; a re-run
with one new submission computes only that one; two students who hand in the same actions
share results; a changed engine recomputes.

The store is a file in the instructor's output folder, and files get damaged. Nothing in it is
trusted, and no damage ends a tournament:

- every row carries a checksum of everything in it; a row whose checksum does not match, or
  whose totals or series cannot be decoded, is dropped, counted and recomputed, and the other
  rows are kept;
- a file that SQLite cannot use (garbage bytes, a truncated or corrupted file, a database of
  another program or of an older casekit) is moved aside as ``results.damaged-N.sqlite``
  (every such file is kept, numbered), whatever rows in it are still readable and intact are
  copied into a new file, and the tournament goes on;
- a folder or file that cannot be written (read-only, or a full disk, even in the middle of a
  run) keeps the results in memory for the rest of the run.

Each of these is reported as one :class:`StoreNotice` (in English and Turkish) in
:attr:`ResultStore.notices`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import sqlite3
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "FORMAT",
    "ResultStore",
    "StoreDamage",
    "StoreNotice",
    "engine_version",
    "pack_series",
    "row_checksum",
    "unpack_series",
]

#: What a store written by this version says it is (``meta.format``).
FORMAT = "casekit-results-2"
_COLUMNS = ("plan_digest", "fingerprint", "seed", "replication", "engine", "customers",
            "totals", "series", "finished", "checksum")
#: Series longer than this (values per name) are taken as damage, not decoded.
_MAX_SERIES_VALUES = 10_000_000
#: Rowids a salvage tries past the last one it could read before it gives up.
_SALVAGE_GAP = 2_000
#: Damaged files larger than this are kept but not salvaged (a class's store is a few MB).
_MAX_SALVAGE_BYTES = 1_000_000_000

MESSAGES: dict[str, dict[str, str]] = {
    "damaged_rows": {
        "en": "{path}: {count} stored replication(s) were damaged (checksum or contents); "
              "they are recomputed",
        "tr": "{path}: saklanan {count} tekrar bozuktu (sağlama toplamı ya da içerik); "
              "yeniden hesaplanıyor"},
    "moved_aside": {
        "en": "{path} could not be used ({reason}); kept as {backup}, {kept} intact "
              "replication(s) copied into a new store",
        "tr": "{path} kullanılamadı ({reason}); {backup} adıyla saklandı, sağlam {kept} "
              "tekrar yeni bir depoya kopyalandı"},
    "in_memory": {
        "en": "{path} cannot be written ({reason}); this run's results are kept in memory "
              "only",
        "tr": "{path} dosyasına yazılamıyor ({reason}); bu çalıştırmanın sonuçları yalnızca "
              "bellekte tutuluyor"},
}

REASONS: dict[str, dict[str, str]] = {
    "not_sqlite": {"en": "not an SQLite file, or damaged",
                   "tr": "SQLite dosyası değil ya da bozuk"},
    "foreign": {"en": "written by another program or another casekit version",
                "tr": "başka bir program ya da başka bir casekit sürümü yazmış"},
    "full": {"en": "the disk is full", "tr": "disk dolu"},
    "read_only": {"en": "read-only", "tr": "salt okunur"},
    "other": {"en": "{error}", "tr": "{error}"},
}


@dataclass(frozen=True)
class StoreNotice:
    """One thing the store found and did about it (``code`` names a MESSAGES entry)."""

    code: str
    values: tuple[tuple[str, str], ...] = ()
    reason: str = ""
    error: str = ""

    def text(self, language: str = "en") -> str:
        lang = language if language in ("en", "tr") else "en"
        values = dict(self.values)
        if self.reason:
            values["reason"] = REASONS[self.reason][lang].format(error=self.error)
        return MESSAGES[self.code][lang].format(**values)

    def __str__(self) -> str:
        return self.text("en")


class StoreDamage(Exception):
    """A stored row that is not what this module wrote."""


def pack_series(series: dict[str, np.ndarray]) -> bytes:
    """Hourly series of one replication (its kind's ``hourly_series``) as compressed bytes:
    a JSON line of names, then the float32 values of each, in that order."""
    names = list(series)
    stack = np.stack([np.asarray(series[name], dtype=np.float32) for name in names])
    return zlib.compress(json.dumps(names).encode() + b"\n" + stack.tobytes(), 6)


def unpack_series(blob: bytes) -> dict[str, np.ndarray]:
    """Name -> hourly values, from :func:`pack_series` bytes; StoreDamage if they are not."""
    try:
        inflate = zlib.decompressobj()
        raw = inflate.decompress(blob, 4 * _MAX_SERIES_VALUES + 65_536)
        if inflate.unconsumed_tail:
            raise StoreDamage("series too large")
        if not inflate.eof or inflate.unused_data:
            raise StoreDamage("series cut short or with bytes after its end")
        head, _, body = raw.partition(b"\n")
        names = json.loads(head)
        if not isinstance(names, list) or not names or \
                not all(isinstance(n, str) for n in names):
            raise StoreDamage("series names")
        stack = np.frombuffer(body, dtype=np.float32).reshape(len(names), -1)
    except (zlib.error, ValueError, TypeError, UnicodeDecodeError) as exc:
        raise StoreDamage(f"series: {type(exc).__name__}") from None
    return {name: stack[i] for i, name in enumerate(names)}


def _unpack_totals(text: Any) -> dict[str, float]:
    try:
        totals = json.loads(text)
    except (TypeError, ValueError) as exc:
        raise StoreDamage(f"totals: {type(exc).__name__}") from None
    if not isinstance(totals, dict) or not all(
            isinstance(k, str) and isinstance(v, (int, float)) and not isinstance(v, bool)
            and not math.isinf(v) for k, v in totals.items()):  # NaN: undefined (a plan's
        # precision with no link made), not damage
        raise StoreDamage("totals")
    return totals


def row_checksum(digest: str, fingerprint: str, seed: int, replication: int, engine: str,
                 customers: int, totals: str, series: bytes) -> str:
    """A checksum of everything a row holds (BLAKE2b, 128 bits, hex)."""
    h = hashlib.blake2b(digest_size=16)
    for part in (digest, fingerprint, str(int(seed)), str(int(replication)), engine,
                 str(int(customers)), totals):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    h.update(bytes(series))
    return h.hexdigest()


def engine_version(scenario: Any = None) -> str:
    """A hash of the shared engine's source and of the scenario's kind (its whole package):
    results from another version are not reused."""
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


def _reason(exc: BaseException, folder: Path | None = None) -> tuple[str, str]:
    """(REASONS key, the error's text when the key is "other") for a failure."""
    text = str(exc).lower()
    if folder is not None and "unable to open" in text and not os.access(folder, os.W_OK):
        return "read_only", ""
    if "full" in text or getattr(exc, "errno", None) == 28:
        return "full", ""
    if "readonly" in text or "read-only" in text or "permission" in text or \
            isinstance(exc, PermissionError):
        return "read_only", ""
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return "not_sqlite", ""
    return "other", f"{type(exc).__name__}: {str(exc)[:120]}"


def _create(conn: sqlite3.Connection) -> None:
    with conn:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS replications ("
            " plan_digest TEXT NOT NULL, fingerprint TEXT NOT NULL, seed INTEGER NOT NULL,"
            " replication INTEGER NOT NULL, engine TEXT NOT NULL,"
            " customers INTEGER NOT NULL, totals TEXT NOT NULL, series BLOB NOT NULL,"
            " finished REAL NOT NULL, checksum TEXT NOT NULL,"
            " PRIMARY KEY (plan_digest, fingerprint, seed, replication, engine))")
        conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        conn.execute("INSERT OR IGNORE INTO meta VALUES ('format', ?)", (FORMAT,))


def _intact(row: tuple, decode: bool = True) -> bool:
    """Whether a full row (in ``_COLUMNS`` order) is what this module wrote: its checksum
    matches and (with ``decode``) its totals and series can be read."""
    try:
        digest, fingerprint, seed, rep, engine, customers, totals, series, _, checksum = row
        if not (isinstance(totals, str) and isinstance(series, bytes)):
            return False
        if row_checksum(digest, fingerprint, seed, rep, engine, customers, totals,
                        series) != checksum:
            return False
        if decode:
            _unpack_totals(totals)
            unpack_series(series)
    except (StoreDamage, TypeError, ValueError, AttributeError):
        return False
    return True


def _readable_rows(path: Path) -> list[tuple] | None:
    """Every intact row of the store at ``path`` that can be read, one by one past damage;
    None if not even its table list can be read."""
    try:
        old = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    select = f"SELECT {', '.join(_COLUMNS)} FROM replications"
    try:
        try:
            tables = {r[0] for r in old.execute("SELECT name FROM sqlite_master")}
        except sqlite3.Error:
            return None
        if "replications" not in tables:
            return []
        with contextlib.suppress(sqlite3.Error):
            return [r for r in old.execute(select).fetchall() if _intact(r)]
        rows: list[tuple] = []
        rowid, misses, started = 1, 0, time.monotonic()
        while misses < _SALVAGE_GAP and time.monotonic() - started < 10:
            try:
                row = old.execute(f"{select} WHERE rowid=?", (rowid,)).fetchone()
            except sqlite3.Error:
                row = None
            if row is not None and _intact(row):
                rows.append(row)
                misses = 0
            else:
                misses += 1
            rowid += 1
        return rows
    finally:
        old.close()


class ResultStore:
    """Finished replications in SQLite, keyed by plan digest, scenario fingerprint, seed and
    replication (and the engine version, so a changed engine recomputes). Only the process
    that runs the tournament writes to it.

    ``repair=False`` opens it for reading only (a finished tournament's results): nothing is
    moved or deleted, and damaged rows are skipped.
    """

    def __init__(self, path: str | Path, engine: str | None = None, repair: bool = True
                 ) -> None:
        self.path = Path(path)
        self.engine = engine or engine_version()
        self.notices: list[StoreNotice] = []
        self.in_memory = False
        self.damaged_rows = 0
        self.repair = repair
        self.conn = self._open() if repair else self._open_for_reading()

    # -- opening -----------------------------------------------------------------------------

    def _open_for_reading(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            self._check(conn)
            return conn
        except (sqlite3.Error, StoreDamage) as exc:
            reason, error = _reason(exc)
            self.notices.append(StoreNotice("in_memory", (("path", str(self.path)),),
                                            reason, error))
            self.in_memory = True
            conn = sqlite3.connect(":memory:")
            _create(conn)
            return conn

    @staticmethod
    def _check(conn: sqlite3.Connection) -> None:
        """StoreDamage (or sqlite3.DatabaseError) unless ``conn`` holds a usable store."""
        status = conn.execute("PRAGMA integrity_check(1)").fetchone()
        if not status or status[0] != "ok":
            raise sqlite3.DatabaseError("malformed: integrity_check failed")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE "
                                              "type='table'")}
        if not tables:
            return  # a new, empty file
        if not {"replications", "meta"} <= tables:
            raise StoreDamage("foreign")
        columns = tuple(r[1] for r in conn.execute("PRAGMA table_info(replications)"))
        fmt = conn.execute("SELECT value FROM meta WHERE key='format'").fetchone()
        if columns != _COLUMNS or not fmt or fmt[0] != FORMAT:
            raise StoreDamage("foreign")

    def _open(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(str(self.path))
        except sqlite3.Error as exc:
            return self._memory(exc, None)
        try:
            self._check(conn)
        except (sqlite3.Error, StoreDamage) as exc:
            conn.close()
            if isinstance(exc, sqlite3.OperationalError) and \
                    _reason(exc)[0] in ("read_only", "full"):
                return self._memory(exc, None)
            return self._move_aside(exc)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            _create(conn)
        except sqlite3.Error as exc:
            return self._memory(exc, conn)
        return conn

    def _memory(self, exc: BaseException, source: sqlite3.Connection | None
                ) -> sqlite3.Connection:
        """Go on in memory, with a copy of what ``source`` holds (if it can be read)."""
        reason, error = _reason(exc, self.path.parent)
        self.notices.append(StoreNotice("in_memory", (("path", str(self.path)),), reason,
                                        error))
        self.in_memory = True
        memory = sqlite3.connect(":memory:")
        if source is None and self.path.exists():
            # read-only; "immutable" reads a WAL file in a folder where its -shm cannot be made
            for mode in ("mode=ro", "immutable=1"):
                try:
                    source = sqlite3.connect(f"file:{self.path}?{mode}", uri=True)
                    self._check(source)
                    break
                except (sqlite3.Error, StoreDamage):
                    with contextlib.suppress(sqlite3.Error):
                        source.close()  # type: ignore[union-attr]
                    source = None
        if source is not None:
            with contextlib.suppress(sqlite3.Error, StoreDamage):
                source.backup(memory)
            with contextlib.suppress(sqlite3.Error):
                source.close()
        try:
            _create(memory)
        except sqlite3.Error:  # what was copied is not a store after all
            memory.close()
            memory = sqlite3.connect(":memory:")
            _create(memory)
        return memory

    def _backup_path(self) -> Path:
        stem, suffix = self.path.stem, self.path.suffix or ".sqlite"
        n = 1
        while True:
            candidate = self.path.with_name(f"{stem}.damaged-{n}{suffix}")
            if not candidate.exists():
                return candidate
            n += 1

    def _move_aside(self, exc: BaseException) -> sqlite3.Connection:
        """Keep the unusable file under a new name, salvage its intact rows into a new one."""
        reason, error = ("foreign", "") if isinstance(exc, StoreDamage) else _reason(exc)
        backup = self._backup_path()
        try:
            self.path.rename(backup)
            for extra in ("-wal", "-shm"):
                side = self.path.with_name(self.path.name + extra)
                if side.exists():
                    side.rename(backup.with_name(backup.name + extra))
        except OSError as move_error:
            return self._memory(move_error, None)
        rows = self._salvage(backup) if reason != "foreign" else []
        self.notices.append(StoreNotice("moved_aside", (("path", str(self.path)),
                                                        ("backup", backup.name),
                                                        ("kept", str(len(rows)))),
                                        reason, error))
        insert = f"INSERT OR REPLACE INTO replications VALUES ({', '.join('?' * len(_COLUMNS))})"
        try:
            conn = sqlite3.connect(str(self.path))
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            _create(conn)
        except sqlite3.Error as open_error:
            conn = self._memory(open_error, None)
        try:
            with conn:
                conn.executemany(insert, rows)
        except sqlite3.Error as write_error:
            conn = self._memory(write_error, conn)
            with conn:
                conn.executemany(insert, rows)
        return conn

    @staticmethod
    def _salvage(path: Path) -> list[tuple]:
        """The intact rows that can still be read from a damaged store: read as it is, else
        from a copy whose header is made to match what is left of the file (a truncated
        file still holds its first pages)."""
        rows = _readable_rows(path)
        if rows is not None:
            return rows
        try:
            if path.stat().st_size > _MAX_SALVAGE_BYTES:
                return []
            raw = bytearray(path.read_bytes())
        except OSError:
            return []
        if len(raw) < 100 or not raw.startswith(b"SQLite format 3\x00"):
            return []
        size = int.from_bytes(raw[16:18], "big")
        size = 65536 if size == 1 else size
        if size < 512 or size & (size - 1) or len(raw) < size:
            return []
        pages = len(raw) // size
        raw[18] = raw[19] = 1  # a rollback journal: no WAL files needed to read it
        raw[28:32] = pages.to_bytes(4, "big")
        copy = path.with_name(path.name + ".salvage")
        try:
            copy.write_bytes(bytes(raw[:pages * size]))
            return _readable_rows(copy) or []
        except OSError:
            return []
        finally:
            with contextlib.suppress(OSError):
                copy.unlink()

    # -- using it ----------------------------------------------------------------------------

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()

    def __len__(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM replications").fetchone()[0])

    def _rows(self, digest: str, fingerprint: str, seed: int, extra: str = "",
              args: tuple = ()) -> list[tuple]:
        return self.conn.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM replications WHERE plan_digest=? AND "
            f"fingerprint=? AND seed=? AND engine=?{extra} ORDER BY replication",
            (digest, fingerprint, seed, self.engine, *args)).fetchall()

    def _drop(self, rows: list[tuple]) -> None:
        """Forget damaged rows (so they are recomputed) and report them once."""
        if not rows:
            return
        self.damaged_rows += len(rows)
        self.notices = [n for n in self.notices if n.code != "damaged_rows"]  # one line
        self.notices.append(StoreNotice("damaged_rows", (("path", str(self.path)),
                                                         ("count", str(self.damaged_rows)))))
        if not self.repair:
            return
        try:
            with self.conn:
                self.conn.executemany(
                    "DELETE FROM replications WHERE plan_digest=? AND fingerprint=? AND "
                    "seed=? AND replication=? AND engine=?",
                    [(r[0], r[1], r[2], r[3], r[4]) for r in rows])
        except sqlite3.Error as exc:
            self._fall_back(exc)

    def _fall_back(self, exc: BaseException) -> None:
        """Writing failed (a full or read-only disk): go on in memory with what is stored."""
        if self.in_memory:
            raise exc
        self.conn = self._memory(exc, self.conn)

    def _safe_rows(self, digest: str, fingerprint: str, seed: int, extra: str = "",
                   args: tuple = ()) -> list[tuple]:
        """The rows asked for, the damaged ones dropped; a store that breaks while being
        read is moved aside."""
        try:
            rows = self._rows(digest, fingerprint, seed, extra, args)
        except sqlite3.DatabaseError as exc:
            if not self.repair or self.in_memory:
                self.notices.append(StoreNotice("in_memory", (("path", str(self.path)),),
                                                *_reason(exc)))
                return []
            self.close()
            self.conn = self._move_aside(exc)
            rows = self._rows(digest, fingerprint, seed, extra, args)
        intact = [_intact(r, decode=False) for r in rows]
        if not all(intact):
            self._drop([r for r, ok in zip(rows, intact) if not ok])
        return [r for r, ok in zip(rows, intact) if ok]

    def finished(self, digest: str, fingerprint: str, seed: int) -> set[int]:
        """The replications stored intact (damaged ones are dropped, to be recomputed)."""
        return {int(r[3]) for r in self._safe_rows(digest, fingerprint, seed)}

    def put_many(self, digest: str, fingerprint: str, seed: int, customers: int,
                 results: list[tuple[int, dict[str, float], bytes]]) -> None:
        """Store a batch of replications in one transaction: all of them or none. A full or
        read-only disk moves the store into memory (with a notice) rather than raising."""
        now = time.time()
        rows = []
        for rep, totals, series in results:
            text = json.dumps(totals)
            rows.append((digest, fingerprint, seed, rep, self.engine, customers, text, series,
                         now, row_checksum(digest, fingerprint, seed, rep, self.engine,
                                           customers, text, series)))
        insert = f"INSERT OR REPLACE INTO replications VALUES ({', '.join('?' * len(_COLUMNS))})"
        try:
            with self.conn:
                self.conn.executemany(insert, rows)
        except sqlite3.Error as exc:
            self._fall_back(exc)
            with self.conn:
                self.conn.executemany(insert, rows)

    def load(self, digest: str, fingerprint: str, seed: int, reps: int
             ) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
        """Totals (one row per replication) and each stored series as (reps, hours); damaged
        rows are left out (and reported)."""
        rows = self._safe_rows(digest, fingerprint, seed, " AND replication<?", (reps,))
        records, unpacked, undecodable = [], [], []
        for row in rows:  # a checksum that matches what cannot be read: written wrong
            try:
                records.append({"replication": row[3], **_unpack_totals(row[6])})
                unpacked.append(unpack_series(row[7]))
            except StoreDamage:
                del records[len(unpacked):]
                undecodable.append(row)
        self._drop(undecodable)
        totals = pd.DataFrame(records)
        names = list(unpacked[0]) if unpacked else []
        series = {name: np.stack([u[name] for u in unpacked]) for name in names}
        return totals, series
