"""Reading a folder of plans from many strangers: every file validated, none ever run.

Every file is read with ``casekit.files`` (``yaml.safe_load``, at most ``MAX_FILE_BYTES``),
validated into a frozen :class:`~casekit.plan.Plan` and checked against the scenario.
Symbolic links, folders and other extensions are refused; a student id (from the plan's
``student`` field, else the file name) may hold letters, digits, spaces and ``. _ - @ +``
only, and never becomes part of a path. One bad file is reported and never stops the run.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from casekit.errors import InputError, PlanError
from casekit.files import MAX_FILE_BYTES, read_mapping
from casekit.plan import Plan, load_plan, plan_from_mapping
from casekit.scenario import scenario_dir

__all__ = ["Submission", "Rejection", "check_student_id", "collect_submissions",
           "reference_plans", "PLAN_SUFFIXES", "MAX_SUBMISSIONS"]

PLAN_SUFFIXES = (".yaml", ".yml", ".json")
#: More files than this in one folder are refused (the rest are reported, not read).
MAX_SUBMISSIONS = 5000
#: Letters (any script), digits, then also spaces and . _ - @ +; at most 100 characters.
_STUDENT_ID = re.compile(r"^[^\W_][\w .@+-]{0,99}$")


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


def collect_submissions(folder: str | Path, scenario: Any
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
