"""Scenarios: loading a case file into the schema of its kind.

A scenario file is YAML (see :mod:`casekit.case` for how numbers and texts are written). Its
``kind:`` names the kind of case (``complaint_crisis`` when absent), and the registry in
:mod:`casekit.kinds` gives the schema it is validated into. A file may start from another
with ``extends: other-id`` and override fields.

:data:`Scenario` is the union of every registered kind's schema, discriminated on ``kind``;
every member is a :class:`~casekit.case.Case`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from casekit.case import (Allowed, Case, Channel, Crisis, MessageModel, MessageScore,
                          ReadOnlyDict, Score, Sourced, Text)
from casekit.errors import InputError, ScenarioError
from casekit.files import quote, read_mapping, validation_error
from casekit.text.errors import said

__all__ = [
    "Case", "Scenario", "Sourced", "Text", "Channel", "Crisis", "MessageModel", "Score",
    "MessageScore", "Allowed", "ReadOnlyDict", "load_scenario", "list_scenarios",
    "scenario_dir", "scenario_paths", "scenario_from_mapping", "deep_merge", "scenario_kinds",
    "SCENARIO_ID", "notebook_dir", "copy_notebooks",
]

if TYPE_CHECKING:
    Scenario = Case
else:
    def __getattr__(name: str) -> Any:
        if name == "Scenario":  # the union of the registered kinds' schemas
            from casekit.kinds import scenario_union
            return scenario_union()
        raise AttributeError(name)


#: A scenario id: letters, digits, ``-`` and ``_``, starting with a letter or digit; never a
#: path (no ``/``, ``\\`` or ``.``).
SCENARIO_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")


def _bundled(name: str) -> Path:
    """A folder casekit ships (``scenarios``, ``notebooks``): in a source checkout the one at
    the top of the repository (so edits show at once), in an installed casekit the copy made
    at build time inside the package (``casekit/_data/<name>``, see setup.py)."""
    here = Path(__file__).resolve().parent
    checkout = here.parent / name
    if checkout.is_dir() and (here.parent / "pyproject.toml").is_file():
        return checkout
    from importlib.resources import files
    packaged = Path(str(files("casekit") / "_data" / name))
    if packaged.is_dir():
        return packaged
    return checkout


def scenario_dir() -> Path:
    """Where the bundled scenarios live: ``scenarios/`` of the source checkout, or the copy
    shipped inside an installed package."""
    return _bundled("scenarios")


def notebook_dir() -> Path:
    """Where the bundled notebooks live (like :func:`scenario_dir`)."""
    return _bundled("notebooks")


def copy_notebooks(out: str | Path, replace: bool = False) -> tuple[list[Path], list[Path]]:
    """Copy the bundled notebooks (``*.ipynb``, with their sub-folders) into ``out``; a
    notebook already there is kept unless ``replace``. Returns (copied, kept)."""
    import shutil
    source, target = notebook_dir(), Path(out)
    copied: list[Path] = []
    kept: list[Path] = []
    try:
        for notebook in sorted(source.rglob("*.ipynb")):
            if ".ipynb_checkpoints" in notebook.parts:
                continue
            dest = target / notebook.relative_to(source)
            if dest.exists() and not replace:
                kept.append(dest)
                continue
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(notebook, dest)
            copied.append(dest)
    except OSError as exc:
        raise InputError(str(out), "--out", f"cannot write ({exc.strerror or exc})") from None
    return copied, kept


def scenario_paths() -> dict[str, Path]:
    """Scenario id -> file, for every bundled scenario."""
    return {p.stem: p for p in sorted(scenario_dir().glob("*.yaml")) if not p.stem.startswith("_")}


def scenario_kinds() -> dict[str, str]:
    """Bundled scenario id -> the name of its kind (read from each file's ``kind:``, or its
    parent's through ``extends``), without validating the whole file."""
    from casekit.kinds import DEFAULT_KIND
    out = {}
    for sid, path in scenario_paths().items():
        try:
            out[sid] = str(_read_with_extends(path, seen=()).get("kind", DEFAULT_KIND))
        except ScenarioError:
            out[sid] = "?"
    return out


def list_scenarios() -> list[Case]:
    return [load_scenario(path) for path in scenario_paths().values()]


def load_scenario(name_or_path: str | Path, overrides: dict | None = None) -> Case:
    """Load a scenario by id (``isp-overbilling``) or by path, validated and frozen, into
    the schema of its kind (one member of :data:`Scenario`)."""
    path = _resolve(name_or_path)
    data = _read_with_extends(path, seen=())
    if overrides:
        data = deep_merge(data, overrides)
    return scenario_from_mapping(data, str(path))


def scenario_from_mapping(data: dict, name: str) -> Case:
    """Validate a scenario's fields into the schema of its ``kind`` (the registry's
    ``DEFAULT_KIND`` for files written before kinds had names)."""
    from casekit.kinds import DEFAULT_KIND, KINDS
    if not isinstance(data, dict):
        raise ScenarioError(name, "", "expected a mapping of fields")
    kind = data.get("kind", DEFAULT_KIND)
    if not isinstance(kind, str) or kind not in KINDS:
        raise ScenarioError(name, "kind", f"unknown kind {str(kind)[:40]!r}; expected one of "
                            f"{', '.join(KINDS)}")
    try:
        scenario = KINDS[kind].schema.model_validate({**data, "kind": kind,
                                                      "source_path": name})
    except ValidationError as exc:
        raise validation_error(exc, name, ScenarioError) from None
    return scenario


def _resolve(name_or_path: str | Path) -> Path:
    text = str(name_or_path)
    known = scenario_paths()
    if text in known:
        return known[text]
    path = Path(text)
    if path.suffix.lower() in (".yaml", ".yml", ".json") or path.exists():
        return path
    choices = ", ".join(known) or "none found"
    raise ScenarioError(text, "", said("no_such_scenario", choices=choices))


def _read_with_extends(path: Path, seen: tuple[str, ...]) -> dict:
    data = read_mapping(path, ScenarioError)
    parent = data.pop("extends", None)
    if parent is None:
        return data
    if not isinstance(parent, str) or not SCENARIO_ID.fullmatch(parent):
        shown = quote(parent) if isinstance(parent, str) else said("not_text")
        raise ScenarioError(str(path), "extends", said("extends_not_id", value=shown))
    if parent in seen:
        raise ScenarioError(str(path), "extends", said("extends_circular", value=quote(parent)))
    # the id names a bundled scenario, or a file beside this one (the id has no separators)
    base_path = scenario_paths().get(parent) or path.with_name(f"{parent}.yaml")
    if not base_path.is_file():
        raise ScenarioError(str(path), "extends", said("extends_missing", value=quote(parent),
                                                       choices=", ".join(scenario_paths())))
    return deep_merge(_read_with_extends(base_path, seen + (parent,)), data)


def deep_merge(base: dict, override: dict) -> dict:
    """``override`` laid over ``base``; nested mappings merge, everything else replaces."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            # A bare number over a sourced one keeps the source and replaces the value.
            if set(merged[key]) >= {"value"} and "value" not in value and not value:
                continue
            merged[key] = deep_merge(merged[key], value)
        elif isinstance(merged.get(key), dict) and "value" in merged[key] and \
                isinstance(value, (int, float)) and not isinstance(value, bool):
            merged[key] = {**merged[key], "value": value}
        else:
            merged[key] = value
    return merged
