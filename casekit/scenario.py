"""Scenarios: loading a case file into the schema of its kind.

A scenario file is YAML (see :mod:`casekit.case` for how numbers and texts are written). Its
``kind:`` names the kind of case (``complaint_crisis`` when absent), and the registry in
:mod:`casekit.kinds` gives the schema it is validated into. A file may start from another
with ``extends: other-id`` and override fields.

:data:`Scenario` is the union of every registered kind's schema, discriminated on ``kind``;
every member is a :class:`~casekit.case.Case`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from casekit.case import (Allowed, Case, Channel, Crisis, MessageModel, MessageScore,
                          ReadOnlyDict, Score, Sourced, Text)
from casekit.errors import ScenarioError
from casekit.files import read_mapping, validation_error

__all__ = [
    "Case", "Scenario", "Sourced", "Text", "Channel", "Crisis", "MessageModel", "Score",
    "MessageScore", "Allowed", "ReadOnlyDict", "load_scenario", "list_scenarios",
    "scenario_dir", "scenario_paths", "scenario_from_mapping", "deep_merge", "scenario_kinds",
]

if TYPE_CHECKING:
    Scenario = Case
else:
    def __getattr__(name: str) -> Any:
        if name == "Scenario":  # the union of the registered kinds' schemas
            from casekit.kinds import scenario_union
            return scenario_union()
        raise AttributeError(name)


def scenario_dir() -> Path:
    """Where the bundled scenarios live (``scenarios/`` beside the package)."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "scenarios", here / "scenarios"):
        if candidate.is_dir():
            return candidate
    return here.parent / "scenarios"


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
    raise ScenarioError(text, "", f"no such scenario; expected a file or one of: {choices}")


def _read_with_extends(path: Path, seen: tuple[str, ...]) -> dict:
    data = read_mapping(path, ScenarioError)
    parent = data.pop("extends", None)
    if parent is None:
        return data
    if not isinstance(parent, str):
        raise ScenarioError(str(path), "extends", "expected the id of another scenario")
    if parent in seen:
        raise ScenarioError(str(path), "extends", f"circular extends through {parent!r}")
    base_path = scenario_paths().get(parent) or path.with_name(f"{parent}.yaml")
    if not base_path.exists():
        raise ScenarioError(str(path), "extends", f"no scenario {parent!r} to extend")
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
