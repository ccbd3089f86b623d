"""Each student's attempts and answers, kept per student and never lost.

A page served to a class (``casekit app``) is used by many students at once, and one
student may have it open in two tabs. So the attempts are stored per student::

    <workdir>/casekit-attempts/<scenario id>/student-<id>.json

and every write is a small transaction under a file lock: read what is on disk, merge it
with what this tab holds, write it back atomically. Two tabs of one student therefore both
keep their attempts (numbered in the order they were made) and their answers; an answer
that one tab overwrites while the other had changed it is kept under
``replaced_answers``.

A notebook on a student's own machine may still use one file next to it
(``<scenario id>.casekit-attempts.json``, ``student=None``).

Nothing here raises out of an autosave: a damaged file (garbage, a wrong shape such as
``[]``, ``null``, ``{"attempts": 5}``, an attempt without its number) is kept as a
numbered backup (``...damaged-1.json``, ``-2``, ...; every backup is kept), what can be
recovered is recovered, and a :class:`Notice` tells the student in one line; a full or
read-only disk leaves the work in memory, with a notice, until a later save succeeds.

A student id is checked (letters, digits, spaces and ``. _ - @ +``, starting with a
letter or digit, at most 100 characters, no ``..``) and turned into a file name that
keeps only safe characters, so it never names a path. Ids differing only in case are one
student.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import math
import os
import re
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from casekit.errors import InputError
from casekit.files import parse_mapping, shorten

__all__ = ["AttemptStore", "AttemptsError", "Notice", "StudentIdError", "attempts_file",
           "check_student", "served_page", "session_file", "student_from_page",
           "student_from_variant"]

FORMAT = 2
#: Larger attempts files are taken as damaged (a thousand attempts take about 2 MB).
MAX_ATTEMPTS_BYTES = 20_000_000
#: How long a write waits for another tab's write to finish before giving up (it is
#: retried at the next save; nothing is lost).
LOCK_SECONDS = 10.0
#: The folder, under the working folder, that holds one file per student and scenario.
FOLDER = "casekit-attempts"

_STUDENT = re.compile(r"[^\W_][\w .@+-]{0,99}")
_METRIC_KEYS = ("metrics", "baseline", "cafe", "cafe_silence")


class AttemptsError(InputError):
    """An attempts file is not what casekit writes."""


class StudentIdError(InputError):
    """A student id that cannot be used; ``reason`` names a REASONS entry."""

    def __init__(self, source: str, field: str, expected: str, reason: str = "characters"
                 ) -> None:
        super().__init__(source, field, expected)
        self.reason = reason


# -- one-line messages for the student, in both languages ------------------------------------

MESSAGES: dict[str, dict[str, str]] = {
    "damaged": {
        "en": "Your attempts file could not be read ({reason}); it is kept as {backup}, "
              "{kept} attempt(s) were recovered, and you can go on working.",
        "tr": "Deneme dosyanız okunamadı ({reason}); {backup} adıyla saklandı, {kept} deneme "
              "kurtarıldı ve çalışmaya devam edebilirsiniz.",
    },
    "not_saved": {
        "en": "Your attempts could not be saved ({reason}); they stay on this page and are "
              "saved as soon as saving works again.",
        "tr": "Denemeleriniz kaydedilemedi ({reason}); bu sayfada duruyorlar ve kayıt yeniden "
              "çalışır çalışmaz kaydedilecekler.",
    },
    "ask_student": {
        "en": "Enter your student id to keep your attempts and answers; until then they are "
              "kept on this page only.",
        "tr": "Denemelerinizi ve yanıtlarınızı saklamak için öğrenci numaranızı girin; o zamana "
              "kadar yalnızca bu sayfada tutulurlar.",
    },
    "student_set": {
        "en": "Attempts and answers of student {student} are kept in {path}.",
        "tr": "{student} numaralı öğrencinin denemeleri ve yanıtları {path} dosyasında "
              "tutuluyor.",
    },
    "bad_student": {
        "en": "That student id cannot be used: {reason}.",
        "tr": "Bu öğrenci numarası kullanılamaz: {reason}.",
    },
}

REASONS: dict[str, dict[str, str]] = {
    "unreadable": {"en": "it is not a JSON file casekit wrote",
                   "tr": "casekit'in yazdığı bir JSON dosyası değil"},
    "shape": {"en": "its contents have the wrong shape", "tr": "içeriğinin yapısı yanlış"},
    "some_attempts": {"en": "{bad} attempt(s) in it were damaged",
                      "tr": "içindeki {bad} deneme bozuktu"},
    "answers": {"en": "its answers were damaged", "tr": "içindeki yanıtlar bozuktu"},
    "scenario": {"en": "it belongs to another case", "tr": "başka bir vakaya ait"},
    "too_large": {"en": "it is too large", "tr": "çok büyük"},
    "disk_full": {"en": "the disk is full", "tr": "disk dolu"},
    "read_only": {"en": "the folder cannot be written to", "tr": "klasöre yazılamıyor"},
    "busy": {"en": "another tab kept the file busy", "tr": "başka bir sekme dosyayı meşgul etti"},
    "os": {"en": "the system said: {error}", "tr": "sistem yanıtı: {error}"},
    "empty": {"en": "it is empty", "tr": "boş"},
    "characters": {"en": "use letters, digits, spaces and . _ - @ + only, starting with a "
                         "letter or digit, at most 100 characters",
                   "tr": "yalnızca harf, rakam, boşluk ve . _ - @ + kullanın; bir harf ya da "
                         "rakamla başlayın, en çok 100 karakter"},
}


@dataclass(frozen=True)
class Notice:
    """Something the student is told in one line (``key`` names a MESSAGES entry)."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)
    reason: str = ""
    reason_values: dict[str, Any] = field(default_factory=dict)

    def text(self, language: str = "en") -> str:
        lang = language if language in ("en", "tr") else "en"
        values = dict(self.values)
        if self.reason:
            values["reason"] = REASONS[self.reason][lang].format(**self.reason_values)
        return " ".join(MESSAGES[self.key][lang].format(**values).split())


# -- student ids and where their files go ----------------------------------------------------

def check_student(student: Any) -> str:
    """The student id, tidied (NFC, single spaces); StudentIdError if it cannot be used."""
    text = unicodedata.normalize("NFC", re.sub(" +", " ", str(student or "").strip(" ")))
    if not text:
        raise StudentIdError("student id", "", REASONS["empty"]["en"], "empty")
    if not _STUDENT.fullmatch(text) or ".." in text:
        raise StudentIdError("student id", "", f"{shorten(repr(text), 60)}: "
                             f"{REASONS['characters']['en']}", "characters")
    return text


def _file_part(text: str) -> str:
    """``text`` as part of a file name: letters, digits and ``._-@+`` kept, the rest %XX."""
    return "".join(c if c.isalnum() or c in "._-@+" else f"%{ord(c):02X}"
                   for c in unicodedata.normalize("NFC", text).casefold())


def attempts_file(workdir: str | Path, scenario_id: str, student: str | None = None) -> Path:
    """Where a student's attempts for a scenario are kept (one file per notebook if None)."""
    workdir = Path(workdir)
    scenario = _file_part(str(scenario_id)).lstrip(".") or "scenario"
    if student is None:
        return workdir / f"{scenario}.casekit-attempts.json"
    return workdir / FOLDER / scenario / f"student-{_file_part(check_student(student))}.json"


def served_page() -> bool:
    """Whether this kernel runs a page served by Voila (``casekit app``), not a notebook."""
    return os.environ.get("SERVER_SOFTWARE", "").startswith("voila") or \
        "VOILA_REQUEST_URL" in os.environ


def session_file(workdir: str | Path, scenario_id: str) -> Path:
    """A new file for one page session whose student has not given an id yet."""
    scenario = _file_part(str(scenario_id)).lstrip(".") or "scenario"
    return Path(workdir) / FOLDER / scenario / f"session-{uuid.uuid4().hex[:16]}.json"


def student_from_page(query: str | None = None) -> str | None:
    """The ``student=`` of the page's address (``...?student=s-1024``), if it is usable."""
    query = os.environ.get("QUERY_STRING", "") if query is None else query
    values = parse_qs(query.lstrip("?")).get("student", [])
    for value in values[:1]:
        with contextlib.suppress(StudentIdError):
            return check_student(value)
    return None


def student_from_variant(path: str | Path | None) -> str | None:
    """The student a variant scenario file was made for (its ``# student:`` header line)."""
    if not path:
        return None
    try:
        with Path(path).open("rb") as handle:
            head = handle.read(4096).decode("utf-8", "replace")
    except OSError:
        return None
    for line in head.splitlines()[:10]:
        if line.startswith("# student:"):
            with contextlib.suppress(StudentIdError):
                return check_student(line.removeprefix("# student:"))
    return None


# -- the lock -------------------------------------------------------------------------------

@contextlib.contextmanager
def _locked(path: Path, seconds: float = LOCK_SECONDS) -> Iterator[None]:
    """An exclusive lock on ``path`` + ``.lock`` for one read-merge-write (OSError if not)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = path.with_name(path.name + ".lock")
    try:
        handle = open(lock, "a+b")  # noqa: SIM115 (held open for the lock's lifetime)
    except OSError as exc:
        if exc.errno not in (errno.EROFS, errno.EACCES, errno.EPERM):
            raise
        yield  # a read-only folder: reading needs no lock, and any write fails anyway
        return
    try:
        deadline = time.monotonic() + seconds
        while True:
            try:
                _lock(handle)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(errno.EBUSY, "busy") from None
                time.sleep(0.01)
        try:
            yield
        finally:
            _unlock(handle)
    finally:
        handle.close()


if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(handle: Any) -> None:
        handle.seek(0)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            raise BlockingIOError from None

    def _unlock(handle: Any) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
else:
    import fcntl

    def _lock(handle: Any) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle: Any) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a reader sees the old file or the new, never half."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _backup(path: Path, raw: bytes) -> Path:
    """Keep ``raw`` as the next free ``<stem>.damaged-<k>.json``; never overwrite one."""
    k = 1
    while True:
        candidate = path.with_name(f"{path.stem}.damaged-{k}{path.suffix or '.json'}")
        try:
            with open(candidate, "xb") as handle:
                handle.write(raw)
            return candidate
        except FileExistsError:
            k += 1


def _os_reason(exc: OSError) -> tuple[str, dict[str, Any]]:
    if isinstance(exc, TimeoutError):
        return "busy", {}
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "disk_full", {}
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return "read_only", {}
    return "os", {"error": shorten(exc.strerror or str(exc), 80)}


# -- what an attempts file may hold ---------------------------------------------------------

def _number(value: Any) -> bool:
    return value is None or (isinstance(value, (int, float)) and not isinstance(value, bool))


def _valid_attempt(record: Any) -> bool:
    """Whether a record read from a file has the shape the pages read."""
    if not isinstance(record, dict):
        return False
    n = record.get("n")
    if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= 10**9:
        return False
    plan = record.get("plan")
    if not (isinstance(plan, dict) and isinstance(plan.get("name"), str)
            and isinstance(plan.get("actions"), list)):
        return False
    for key in ("id", "time"):
        if key in record and not isinstance(record[key], str):
            return False
    for key in _METRIC_KEYS:
        if key not in record:
            continue
        table = record[key]
        if not isinstance(table, dict):
            return False
        for values in table.values():
            if not (isinstance(values, list) and values and all(map(_number, values))):
                return False
    return True


def _canonical(record: dict) -> str:
    return json.dumps(record, sort_keys=True, ensure_ascii=False, default=str)


def _uid(record: dict) -> str:
    """The attempt's id; an attempt from an older file gets one from its content."""
    uid = record.get("id")
    if isinstance(uid, str) and uid:
        return uid
    body = {k: v for k, v in record.items() if k != "id"}
    return "legacy-" + hashlib.sha256(_canonical(body).encode()).hexdigest()[:12]


def _plain(value: Any) -> Any:
    """A copy of plain JSON types: numpy scalars as Python numbers, tuples as lists."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and callable(value.item) and not isinstance(value, str):
        return value.item()
    return value


def _finite(value: Any) -> Any:
    """A copy fit for strict JSON: non-finite numbers (a metric with no data) become null."""
    if isinstance(value, dict):
        return {str(k): _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "item") and callable(value.item):  # a numpy scalar
        return _finite(value.item())
    return value


@dataclass
class _Disk:
    """What one read of the file found."""

    attempts: dict[str, dict]
    answers: dict[str, str]
    replaced: list[dict]
    repaired: bool = False


# -- the store ------------------------------------------------------------------------------

class AttemptStore:
    """One student's attempts and answers for one scenario, merged with the file on save.

    ``anonymous``: the file belongs to one page session whose student has not given an id
    yet (see :func:`session_file`); :meth:`use_student` then moves what it holds into that
    student's file. ``path`` None keeps everything in memory only.
    """

    def __init__(self, path: str | Path | None, scenario_id: str, student: str | None = None,
                 workdir: str | Path | None = None, anonymous: bool = False) -> None:
        self.path: Path | None = Path(path) if path is not None else None
        self.scenario_id = scenario_id
        self.student = check_student(student) if student is not None else None
        self.anonymous = anonymous
        self.workdir = Path(workdir) if workdir is not None else \
            (self.path.parent if self.path is not None else Path.cwd())
        self.attempts: list[dict[str, Any]] = []
        self.answers: dict[str, str] = {"A": "", "B": ""}
        self.replaced_answers: list[dict[str, Any]] = []
        self.notices: list[Notice] = []
        self.saved = True
        self._listeners: list[Callable[[], None]] = []
        self._base_attempts: dict[str, str] = {}
        self._base_answers: dict[str, str] = {}
        self._seen: tuple | None = None
        self._shown: dict[str, str] = {}  # the answers this tab's student has seen or written
        self.reload()
        self._shown = dict(self.answers)

    @classmethod
    def for_student(cls, workdir: str | Path, scenario_id: str,
                    student: str | None) -> AttemptStore:
        path = attempts_file(workdir, scenario_id, student)
        return cls(path, scenario_id, student, workdir)

    # -- events ----------------------------------------------------------------------------

    def on_change(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` when the attempts or answers are replaced (another student)."""
        self._listeners.append(callback)

    def _changed(self) -> None:
        for callback in self._listeners:
            callback()

    def notice(self) -> Notice | None:
        """The latest thing to tell the student, if any."""
        return self.notices[-1] if self.notices else None

    # -- reading ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the file (merging anything not yet saved); never raises."""
        self._transaction(None, write_always=False)

    def _signature(self) -> tuple | None:
        try:
            st = self.path.stat()  # type: ignore[union-attr]
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def _read(self) -> _Disk:
        """What is on disk now; a damaged file is backed up and what can be is recovered."""
        assert self.path is not None
        signature = self._signature()
        if signature is None:
            return _Disk({}, {}, [])
        if signature == self._seen:  # unchanged since we last read or wrote it
            return _Disk({uid: json.loads(text) for uid, text in self._base_attempts.items()},
                         dict(self._base_answers), list(self.replaced_answers))
        with open(self.path, "rb") as handle:
            raw = handle.read(MAX_ATTEMPTS_BYTES + 1)
        reason = ""
        values: dict[str, Any] = {}
        disk = _Disk({}, {}, [])
        if len(raw) > MAX_ATTEMPTS_BYTES:
            reason = "too_large"
        else:
            try:
                data = parse_mapping(raw.decode("utf-8"), str(self.path), AttemptsError,
                                     json_only=True, max_bytes=MAX_ATTEMPTS_BYTES)
            except (AttemptsError, UnicodeDecodeError) as exc:
                reason = "shape" if "expected a mapping" in str(exc) else "unreadable"
            else:
                reason, values = self._recover(data, disk)
        if reason:
            backup = _backup(self.path, raw)
            self.notices.append(Notice("damaged", {"backup": backup.name,
                                                   "kept": len(disk.attempts)},
                                       reason, values))
            disk.repaired = True
        return disk

    def _recover(self, data: dict, disk: _Disk) -> tuple[str, dict[str, Any]]:
        """Fill ``disk`` with what is usable in ``data``; the reason if anything was not."""
        if data.get("scenario", self.scenario_id) != self.scenario_id:
            return "scenario", {}
        attempts = data.get("attempts", [])
        answers = data.get("answers", {})
        replaced = data.get("replaced_answers", [])
        if not isinstance(attempts, list) or not isinstance(answers, dict) or \
                not isinstance(replaced, list):
            if isinstance(attempts, list):
                disk.attempts = {a.setdefault("id", _uid(a)): a for a in attempts
                                 if _valid_attempt(a)}
            return "shape", {}
        bad = 0
        for record in attempts:
            if _valid_attempt(record):
                for key in _METRIC_KEYS:  # a metric with no data was written as null
                    for name, values in record.get(key, {}).items():
                        record[key][name] = [math.nan if v is None else v for v in values]
                record["id"] = _uid(record)
                disk.attempts[record["id"]] = record
            else:
                bad += 1
        disk.answers = {k: v for k, v in answers.items() if isinstance(v, str)}
        disk.replaced = [r for r in replaced if isinstance(r, dict)
                         and isinstance(r.get("text"), str)]
        if bad:
            return "some_attempts", {"bad": bad}
        if len(disk.answers) != len(answers) or len(disk.replaced) != len(replaced):
            return "answers", {}
        return "", {}

    # -- merging and writing -----------------------------------------------------------------

    def _merge(self, disk: _Disk) -> None:
        """This tab's state merged with the disk's, three-way against what we last saw."""
        merged: dict[str, dict] = dict(disk.attempts)
        for record in self.attempts:
            uid = record.setdefault("id", _uid(record))
            theirs = merged.get(uid)
            mine = _canonical(record)
            if theirs is None or self._base_attempts.get(uid) != mine or \
                    _canonical(theirs) == mine:
                merged[uid] = record  # new or changed here (or the same): this tab's
        ordered = sorted(merged.values(), key=lambda r: (r["n"], r.get("time", ""), _uid(r)))
        used: set[int] = set()
        clashes = []
        for record in ordered:
            if record["n"] in used:
                clashes.append(record)
            used.add(record["n"])
        top = max(used, default=0)
        for record in clashes:  # attempts made while saving failed, in two tabs
            top += 1
            record["n"] = top
        self.attempts = sorted(ordered, key=lambda r: r["n"])

        replaced = list(disk.replaced)
        known = {(r.get("question"), r.get("text")) for r in replaced}
        for r in self.replaced_answers:
            if (r.get("question"), r.get("text")) not in known:
                replaced.append(r)
        answers = {"A": "", "B": ""}
        for q in sorted({*answers, *disk.answers, *self.answers}):
            my_text = self.answers.get(q, "")
            their_text = disk.answers.get(q, "")
            if my_text != self._base_answers.get(q, ""):
                answers[q] = my_text
                # another tab's answer, never shown here, is kept rather than overwritten
                if their_text not in (my_text, "", self._shown.get(q, "")) and \
                        (q, their_text) not in known:
                    replaced.append({"question": q, "text": their_text, "time": _now()})
                self._shown[q] = my_text
            else:
                answers[q] = their_text
        self.answers = answers
        self.replaced_answers = replaced

    def _data(self) -> dict[str, Any]:
        return {"format": FORMAT, "scenario": self.scenario_id, "student": self.student,
                "attempts": self.attempts, "answers": self.answers,
                "replaced_answers": self.replaced_answers}

    def _remember(self) -> None:
        self._base_attempts = {_uid(r): _canonical(r) for r in self.attempts}
        self._base_answers = dict(self.answers)

    def _transaction(self, change: Callable[[], None] | None,
                     write_always: bool = True) -> bool:
        """Read, merge, apply ``change``, write; on an OSError keep it all in memory."""
        applied = False
        if self.path is None:
            if change is not None:
                change()
            return False
        if change is None and not write_always and not self.path.exists() and \
                not self.attempts and not any(self.answers.values()):
            return True  # nothing on disk, nothing here: opening a page writes nothing
        try:
            with _locked(self.path):
                disk = self._read()
                self._merge(disk)
                if change is not None:
                    change()
                    applied = True
                if write_always or disk.repaired or self._differs(disk):
                    text = json.dumps(_finite(self._data()), ensure_ascii=False, indent=1,
                                      allow_nan=False)
                    _write_atomic(self.path, text.encode("utf-8"))
                self._remember()
                self._seen = self._signature()
        except OSError as exc:
            if change is not None and not applied:
                change()
            reason, values = _os_reason(exc)
            self.notices.append(Notice("not_saved", {}, reason, values))
            self.saved = False
            return False
        if not self.saved:  # saving works again: the notice about it no longer holds
            self.notices = [n for n in self.notices if n.key != "not_saved"]
        self.saved = True
        return True

    def _differs(self, disk: _Disk) -> bool:
        """Whether the merged state holds anything the file does not."""
        if len(self.attempts) != len(disk.attempts) or \
                len(self.replaced_answers) != len(disk.replaced):
            return True
        if any(_canonical(r) != _canonical(disk.attempts.get(r["id"], {}))
               for r in self.attempts):
            return True
        return any(text != disk.answers.get(q, "") for q, text in self.answers.items())

    # -- what the pages call ---------------------------------------------------------------

    def save(self) -> bool:
        """Merge with the file and write it; False (with a notice) if it could not be."""
        return self._transaction(None)

    def append(self, record: dict[str, Any]) -> dict[str, Any]:
        """Add an attempt: it gets the next number, an id and the time; saved at once."""
        record = _plain(record)
        record.setdefault("time", _now())
        record["id"] = uuid.uuid4().hex[:16]

        def change() -> None:
            record["n"] = max((a["n"] for a in self.attempts), default=0) + 1
            self.attempts.append(record)
        self._transaction(change)
        return record

    def set_answer(self, question: str, text: str) -> bool:
        """Keep an answer; if another tab changed it meanwhile, theirs is kept as replaced."""
        self.answers[question] = text
        return self.save()

    def use_student(self, student: str) -> None:
        """Switch to ``student``'s own file (StudentIdError if the id cannot be used).

        What was done on this page before any id was given moves into that file; the
        attempts of a student who was here before are not carried over to the next.
        """
        student = check_student(student)
        path = attempts_file(self.workdir, self.scenario_id, student)
        if self.path is not None and path == self.path:
            return
        session = self.path if self.anonymous else None
        if not self.anonymous:  # another student's work stays in their own file
            self.attempts, self.answers, self.replaced_answers = [], {"A": "", "B": ""}, []
        self.path, self.student, self.anonymous = path, student, False
        self._base_attempts, self._base_answers, self._seen = {}, {}, None
        self.notices = [n for n in self.notices if n.key != "ask_student"]
        moved = self._transaction(None, write_always=bool(self.attempts) or
                                  any(self.answers.values()))
        self._shown = dict(self.answers)
        if moved and session is not None:  # its work is in the student's file now
            for leftover in (session, session.with_name(session.name + ".lock")):
                with contextlib.suppress(OSError):
                    leftover.unlink()
        self._changed()


def _now() -> str:
    import datetime as dt
    return dt.datetime.now().isoformat(timespec="seconds")
