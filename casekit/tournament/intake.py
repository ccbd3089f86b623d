"""Reading a folder of plans from many strangers: every file validated, none ever run.

Every file is read with ``casekit.files`` (``yaml.safe_load``, at most ``MAX_FILE_BYTES``),
validated into a frozen :class:`~casekit.plan.Plan` and checked against the scenario.
Symbolic links, folders and other extensions are refused. One bad file is reported and
never stops the run.

Who handed a plan in is decided by the file's name (``s-1024.yaml`` is student ``s-1024``),
never by what the file says: a ``student:`` field that names someone else is reported as a
:class:`Note` beside the plan's row (so ``aaa-attacker.yaml`` saying ``student: victim`` is
ranked as ``aaa-attacker``, and the victim's own file is still theirs). A student id may
hold letters, digits, spaces and ``. _ - @ +`` only, and never becomes part of a path.

A file name that is not UTF-8 (a zip made on a Turkish Windows machine keeps names such as
``b'\\xfe\\xf0renci.yaml'``) is read as Windows Turkish (cp1254) for the student id, with a
note; wherever the name itself is shown or written (``rejected.csv``, ``leaderboard.csv``,
the debrief, the terminal) its undecodable bytes are written as ``\\xfe`` escapes, and its
control characters as ``\\x1b``, so every table holds valid, inert text.
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casekit.errors import InputError, PlanError
from casekit.escape import for_terminal
from casekit.files import MAX_FILE_BYTES, read_mapping, shorten
from casekit.plan import Plan, load_plan, plan_from_mapping
from casekit.scenario import scenario_dir

__all__ = [
    "MAX_SUBMISSIONS",
    "NOTES",
    "PLAN_SUFFIXES",
    "REASONS",
    "Note",
    "Rejection",
    "Submission",
    "check_student_id",
    "collect_submissions",
    "readable_name",
    "reference_plans",
]

PLAN_SUFFIXES = (".yaml", ".yml", ".json")
#: More files than this in one folder are refused (the rest are reported, not read).
MAX_SUBMISSIONS = 5000
#: Letters (any script), digits, then also spaces and . _ - @ +; at most 100 characters.
_STUDENT_ID = re.compile(r"^[^\W_][\w .@+-]{0,99}$")
#: The code page a Turkish Windows machine writes file names in.
WINDOWS_TURKISH = "cp1254"

#: What the intake tells the instructor about a plan it accepted, in both languages.
NOTES: dict[str, dict[str, str]] = {
    "student_field": {
        "en": "the plan says student {claimed!r} but the file is named {student!r}; ranked "
              "as {student!r} (the file name decides who handed it in)",
        "tr": "plan {claimed!r} öğrencisine ait olduğunu söylüyor, ancak dosyanın adı "
              "{student!r}; {student!r} olarak sıralandı (planı kimin teslim ettiğine dosya "
              "adı karar verir)"},
    "not_utf8": {
        "en": "the file name is not UTF-8 (a zip made on Windows?); read as Windows Turkish: "
              "student {student!r}",
        "tr": "dosya adı UTF-8 değil (Windows'ta yapılmış bir zip mi?); Windows Türkçesi "
              "olarak okundu: öğrenci {student!r}"},
}


#: Why the intake (or the run) did not rank a file, in both languages. A code's English text
#: is the ``reason`` column of ``rejected.csv``; its Turkish the ``reason_tr`` column.
REASONS: dict[str, dict[str, str]] = {
    "too_many": {"en": "more than {limit} files in the folder; not read",
                 "tr": "klasörde {limit} dosyadan fazlası var; okunmadı"},
    "symlink": {"en": "a symbolic link; expected a plain file",
                "tr": "sembolik bağlantı; düz bir dosya bekleniyordu"},
    "folder": {"en": "a folder; expected plan files directly inside",
               "tr": "bir klasör; plan dosyalarının doğrudan içeride olması bekleniyordu"},
    "not_plan": {"en": "not a plan file; expected .yaml, .yml or .json",
                 "tr": "plan dosyası değil; .yaml, .yml ya da .json bekleniyordu"},
    "name_unreadable": {"en": "the file name is neither UTF-8 nor Windows Turkish text; rename "
                              "it to the student's id",
                        "tr": "dosya adı ne UTF-8 ne de Windows Türkçesi metin; dosyayı "
                              "öğrencinin numarasıyla yeniden adlandırın"},
    "student_id": {"en": "student id {student!r} is not allowed; expected letters, digits, "
                         "spaces and . _ - @ + (starting with a letter or digit, at most 100, "
                         "no '..'); the file name is the student id",
                   "tr": "{student!r} öğrenci numarası olarak kullanılamaz; harf, rakam, "
                         "boşluk ve . _ - @ + bekleniyordu (harf ya da rakamla başlayan, en "
                         "çok 100 karakter, '..' olmadan); öğrenci numarası dosyanın adıdır"},
    "wrong_scenario": {"en": "scenario: plan is for {claimed!r}; expected {expected!r}",
                       "tr": "scenario: plan {claimed!r} vakası için yazılmış; {expected!r} "
                             "bekleniyordu"},
    "unreadable": {"en": "{detail}",
                   "tr": "dosya bir plan olarak okunamadı: {detail}"},
    "unreadable_line": {"en": "line {line}: {detail}",
                        "tr": "dosya bir plan olarak okunamadı, {line}. satır: {detail}"},
    "invalid": {"en": "{field}: {detail}",
                "tr": "plan geçersiz, {field} alanı: {detail}"},
    "duplicate": {"en": "student {student!r} already handed in {first!r}; one plan per student",
                  "tr": "{student!r} öğrencisi zaten {first!r} dosyasını teslim etti; "
                        "öğrenci başına bir plan"},
    "run_failed": {"en": "simulation failed: {error}",
                   "tr": "simülasyon çalıştırılamadı: {error}"},
}


@dataclass(frozen=True)
class Note:
    """Something the instructor should know about an accepted plan (``code`` in
    :data:`NOTES`, with the values its text names)."""

    code: str
    values: tuple[tuple[str, str], ...] = ()

    def text(self, language: str = "en") -> str:
        texts = NOTES[self.code]
        return (texts.get(language) or texts["en"]).format(**dict(self.values))


@dataclass(frozen=True)
class Submission:
    """One valid plan file: who handed it in (decided by the file's name), the file's name
    (as valid text, see :func:`readable_name`), the validated plan, and any notes."""

    student: str
    file: str
    plan: Plan
    notes: tuple[Note, ...] = field(default=())

    def warning(self, language: str = "en") -> str:
        """The notes as one line (empty when there are none)."""
        return "; ".join(note.text(language) for note in self.notes)


@dataclass(frozen=True)
class Rejection:
    """A file that was not run, and why: ``reason`` in English, and (with a ``code`` of
    :data:`REASONS` and the values its text names) in either language by :meth:`text`.
    The validator's own words (``detail``) are quoted as it wrote them."""

    file: str
    reason: str
    code: str = ""
    values: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, file: str, code: str, **values: Any) -> "Rejection":
        """A rejection for ``code`` with its values; ``reason`` is its English text."""
        pairs = tuple((k, v) for k, v in values.items())
        return cls(file, _reason_text(code, "en", pairs), code, pairs)

    def text(self, language: str = "en") -> str:
        """Why, in ``language`` (the English ``reason`` when the code has no text)."""
        if not self.code or self.code not in REASONS:
            return self.reason
        return _reason_text(self.code, language, self.values)


def _reason_text(code: str, language: str, values: tuple[tuple[str, Any], ...]) -> str:
    """The text of ``code`` in ``language``; a value ``detail_tr`` stands for ``detail`` in
    Turkish (the validator's message in that language)."""
    from casekit.text.formats import fill
    texts = REASONS[code]
    given = dict(values)
    for key in [k for k in given if k.endswith(f"_{language}")]:
        given[key.removesuffix(f"_{language}")] = given[key]
    return fill(texts.get(language) or texts["en"], language, **given)


def _rejection(name: str, exc: InputError) -> Rejection:
    """The rejection for a file whose reading (no field, or a line) or validation failed:
    the validator's message in English (``detail``) and, when it has one, in Turkish."""
    details = {"detail": readable_name(exc.expected)}
    if exc.expected_tr:
        details["detail_tr"] = readable_name(exc.expected_tr)
    if not exc.field:
        return Rejection.of(name, "unreadable", **details)
    if exc.field.startswith("line ") and exc.field[5:].isdigit():
        return Rejection.of(name, "unreadable_line", line=exc.field[5:], **details)
    return Rejection.of(name, "invalid", field=readable_name(exc.field), **details)


def readable_name(name: str) -> str:
    """A file name (or any text from a file) as inert, valid text: bytes that were not UTF-8
    (which Python keeps as lone surrogates) written as ``\\xfe``, control characters and
    characters that reorder a line as ``\\x1b``, ``\\n``, ``\\u202e``; every other
    character, Turkish letters included, kept (see :func:`casekit.escape.for_terminal`)."""
    return for_terminal(name)


def _student_from_name(stem: str) -> tuple[str | None, tuple[Note, ...]]:
    """The student id a file's stem stands for, with a note when it was not UTF-8 (read as
    Windows Turkish); None when it cannot be read as text at all."""
    try:
        stem.encode("utf-8")
        # one form for one name: a Mac writes 'ç' as 'c' and a combining cedilla (NFD)
        return unicodedata.normalize("NFC", stem).strip(), ()
    except UnicodeEncodeError:
        pass
    try:
        student = os.fsencode(stem).decode(WINDOWS_TURKISH).strip()
    except UnicodeDecodeError:
        return None, ()
    return student, (Note("not_utf8", (("student", student),)),)


def check_student_id(student: str) -> str | None:
    """None if ``student`` is a usable id, else what is wrong with it."""
    if not _STUDENT_ID.match(student) or ".." in student:
        return _reason_text("student_id", "en", (("student", readable_name(student[:60])),))
    return None


def collect_submissions(folder: str | Path, scenario: Any
                        ) -> tuple[list[Submission], list[Rejection]]:
    """Read and validate every plan file in ``folder``; never raises on a bad file.

    The student is the file's stem; a ``student:`` field naming someone else is kept as a
    note on the submission, never used. Two files of one student (ids equal ignoring case):
    the first by name is run, the other rejected.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(readable_name(str(folder)), "", "expected a folder of plan files")
    entries = sorted(folder.iterdir(), key=lambda p: os.fsencode(p.name))
    accepted: list[Submission] = []
    rejected: list[Rejection] = []
    seen: dict[str, str] = {}
    for count, path in enumerate(entries):
        name = readable_name(path.name)
        if count >= MAX_SUBMISSIONS:
            rejected.append(Rejection.of(name, "too_many", limit=MAX_SUBMISSIONS))
            continue
        if path.is_symlink():
            rejected.append(Rejection.of(name, "symlink"))
            continue
        if path.is_dir():
            rejected.append(Rejection.of(name, "folder"))
            continue
        if path.suffix.lower() not in PLAN_SUFFIXES:
            rejected.append(Rejection.of(name, "not_plan"))
            continue
        student, notes = _student_from_name(path.stem)
        if student is None:
            rejected.append(Rejection.of(name, "name_unreadable"))
            continue
        if check_student_id(student):
            rejected.append(Rejection.of(name, "student_id",
                                         student=readable_name(student[:60])))
            continue
        try:
            data = read_mapping(path, PlanError, MAX_FILE_BYTES)
            claimed_case = data.get("scenario")
            if isinstance(claimed_case, str) and claimed_case != scenario.id:
                rejected.append(Rejection.of(
                    name, "wrong_scenario", expected=scenario.id,
                    claimed=shorten(readable_name(claimed_case), 60)))
                continue
            plan = plan_from_mapping(data, name).check(scenario, name)
        except InputError as exc:
            rejected.append(_rejection(name, exc))
            continue
        key = student.casefold()
        if key in seen:
            rejected.append(Rejection.of(name, "duplicate", student=student,
                                         first=seen[key]))
            continue
        claimed = (plan.student or "").strip()
        if claimed and claimed.casefold() != key:
            notes += (Note("student_field", (("claimed", shorten(readable_name(claimed), 60)),
                                             ("student", student))),)
        seen[key] = name
        accepted.append(Submission(student, name, plan, notes))
    return accepted, rejected


def reference_plans(scenario: Any) -> list[Plan]:
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
