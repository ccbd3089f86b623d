"""Every number of every kind's scenario has a finite range (issue 15).

A scenario number is a :class:`~casekit.case.Sourced`; its field declares the bounds its
meaning allows (:func:`casekit.case.bounded`, which leaves a :class:`~casekit.case.Bounds`
on the field). The tests walk each registered kind's schema, nested sections, mappings and
lists of numbers included, and fail for a number declared without bounds; then, for every
shipped scenario, they set each number just outside its bounds and expect one line that
names the file and the field.
"""

from __future__ import annotations

import math
import typing
from collections.abc import Iterator
from types import UnionType
from typing import Annotated, Any, get_args, get_origin

import pytest
from pydantic import BaseModel

from casekit.case import Bounds, Frozen, Sourced, bounded
from casekit.errors import ScenarioError
from casekit.kinds import KINDS
from casekit.scenario import deep_merge, load_scenario, scenario_from_mapping, scenario_paths

SCENARIOS = sorted(scenario_paths())


# -- reading the schema ---------------------------------------------------------------------

def _strip(tp: Any) -> tuple[Any, tuple]:
    """A type without its ``Annotated`` wrapper, and the metadata the wrapper carried."""
    metadata: tuple = ()
    while get_origin(tp) is Annotated:
        metadata += tuple(tp.__metadata__)
        tp = get_args(tp)[0]
    return tp, metadata


def _choices(tp: Any) -> tuple:
    """The members of a union (``X | None``), or the type itself."""
    return get_args(tp) if get_origin(tp) in (typing.Union, UnionType) else (tp,)


def _bounds(metadata: tuple) -> Bounds | None:
    return next((m for m in metadata if isinstance(m, Bounds)), None)


def _is_sourced(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, Sourced)


def _is_section(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel) and not issubclass(tp, Sourced)


def _declared(tp: Any, metadata: tuple, path: str, seen: set
              ) -> Iterator[tuple[str, Bounds | None]]:
    """(path, bounds or None) for every Sourced a type can hold; ``*`` stands for a key of
    a mapping or an item of a list."""
    for choice in _choices(tp):
        base, more = _strip(choice)
        here = metadata + more
        if _is_sourced(base):
            yield path, _bounds(here)
        elif _is_section(base):
            yield from _schema_numbers(base, path, seen)
        elif get_origin(base) is dict:
            yield from _declared(get_args(base)[1], (), f"{path}.*", seen)
        elif get_origin(base) in (tuple, list):
            for item in get_args(base):
                if item is not Ellipsis:
                    yield from _declared(item, (), f"{path}.*", seen)
        elif get_origin(base) in (typing.Union, UnionType):
            yield from _declared(base, here, path, seen)


def _schema_numbers(model: type[BaseModel], prefix: str = "",
                    seen: set | None = None) -> Iterator[tuple[str, Bounds | None]]:
    """Every Sourced field a schema declares, nested sections included (each section once)."""
    seen = set() if seen is None else seen
    if model in seen:
        return
    seen.add(model)
    for name, info in model.model_fields.items():
        path = f"{prefix}.{name}" if prefix else name
        yield from _declared(info.annotation, tuple(info.metadata), path, seen)
    seen.discard(model)


# -- reading a loaded scenario --------------------------------------------------------------

def _held(value: Any, tp: Any, metadata: tuple, path: str
          ) -> Iterator[tuple[str, Sourced, Bounds | None]]:
    for choice in _choices(tp):
        base, more = _strip(choice)
        if isinstance(value, Sourced) and _is_sourced(base):
            yield path, value, _bounds(metadata + more)
            return
        if isinstance(value, BaseModel) and _is_section(base) and isinstance(value, base):
            yield from _scenario_numbers(value, path)
            return
        if isinstance(value, dict) and get_origin(base) is dict:
            for key, item in value.items():
                yield from _held(item, get_args(base)[1], (), f"{path}.{key}")
            return
        if isinstance(value, (tuple, list)) and get_origin(base) in (tuple, list):
            args = [a for a in get_args(base) if a is not Ellipsis]
            for i, item in enumerate(value):
                yield from _held(item, args[min(i, len(args) - 1)], (), f"{path}.{i}")
            return


def _scenario_numbers(section: BaseModel, prefix: str = ""
                      ) -> Iterator[tuple[str, Sourced, Bounds | None]]:
    """(dotted path, number, its field's bounds) for every Sourced a loaded scenario holds,
    defaults a file leaves out included."""
    for name, info in type(section).model_fields.items():
        path = f"{prefix}.{name}" if prefix else name
        yield from _held(getattr(section, name), info.annotation, tuple(info.metadata), path)


# -- the walk itself is checked --------------------------------------------------------------

class _Inner(Frozen):
    loose: Sourced
    tight: bounded(0.0, 1.0)


class _Outer(Frozen):
    plain: Sourced
    cuts: dict[str, Sourced]
    tight_cuts: dict[str, bounded(0.0, 1.0)]
    maybe: Sourced | None = None
    maybe_tight: bounded(0.0, 1.0) | None = None
    inner: _Inner
    inners: tuple[_Inner, ...] = ()
    count: int = 0


def test_the_walk_finds_a_number_without_bounds_wherever_it_is_declared():
    found = dict(_schema_numbers(_Outer))
    unbounded = sorted(path for path, bounds in found.items() if bounds is None)
    assert unbounded == ["cuts.*", "inner.loose", "inners.*.loose", "maybe", "plain"]
    assert found["tight_cuts.*"] == Bounds(0.0, 1.0)
    assert found["maybe_tight"] == Bounds(0.0, 1.0)
    assert found["inner.tight"] == Bounds(0.0, 1.0)


def test_the_walk_reads_a_loaded_section_with_its_bounds():
    outer = _Outer.model_validate({"plain": 1, "cuts": {"a": 2}, "tight_cuts": {"b": 0.5},
                                   "maybe_tight": 0.25, "inner": {"loose": 3, "tight": 0.1},
                                   "inners": [{"loose": 4, "tight": 0.2}]})
    held = {path: bounds for path, _, bounds in _scenario_numbers(outer)}
    assert held == {"plain": None, "cuts.a": None, "tight_cuts.b": Bounds(0.0, 1.0),
                    "maybe_tight": Bounds(0.0, 1.0), "inner.loose": None,
                    "inner.tight": Bounds(0.0, 1.0), "inners.0.loose": None,
                    "inners.0.tight": Bounds(0.0, 1.0)}


# -- every kind, every number ---------------------------------------------------------------

@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_number_a_kind_declares_has_finite_bounds(kind):
    declared = list(_schema_numbers(KINDS[kind].schema))
    assert len(declared) >= 10, f"{kind}: the walk found only {len(declared)} numbers"
    unbounded = [path for path, bounds in declared if bounds is None]
    assert not unbounded, f"{kind}: numbers without bounds: {', '.join(unbounded)}"
    for path, bounds in declared:
        assert bounds is not None
        assert math.isfinite(bounds.low) and math.isfinite(bounds.high), path
        assert bounds.low < bounds.high, path


def _scenario_data(sid: str) -> tuple[Any, dict]:
    scenario = load_scenario(sid)
    return scenario, scenario.model_dump(exclude={"source_path"})


@pytest.mark.parametrize("sid", SCENARIOS)
def test_every_shipped_number_and_its_variant_range_lie_within_their_bounds(sid):
    scenario, _ = _scenario_data(sid)
    numbers = list(_scenario_numbers(scenario))
    assert numbers
    for path, number, bounds in numbers:
        assert bounds is not None, f"{sid}: {path} has no bounds"
        for v in (number.value, *(number.range or ())):
            assert bounds.low <= v <= bounds.high, f"{sid}: {path} = {v:g} outside {bounds}"


def _override(path: str, value: float) -> dict:
    out: dict = {}
    node = out
    *head, last = path.split(".")
    for key in head:
        node = node.setdefault(int(key) if key.isdigit() else key, {})
    node[last] = {"value": value, "range": None}
    return out


def _set(data: dict, path: str, value: float) -> dict:
    """``data`` with the number at ``path`` set to ``value`` and no variant range (lists of
    sections, such as injects, are copied item by item)."""
    keys = path.split(".")
    if not any(k.isdigit() for k in keys):
        return deep_merge(data, _override(path, value))
    head = data
    copy = dict(data)
    node = copy
    for key in keys[:-1]:
        nxt = head[int(key)] if isinstance(head, list) else head[key]
        nxt = list(nxt) if isinstance(nxt, (list, tuple)) else dict(nxt)
        if isinstance(node, list):
            node[int(key)] = nxt
        else:
            node[key] = nxt
        head, node = nxt, nxt
    node[keys[-1]] = {"value": value, "range": None}
    return copy


def _outside(bounds: Bounds) -> tuple[float, float]:
    below = bounds.low - max(abs(bounds.low) * 1e-3, 1e-3)
    above = bounds.high + max(abs(bounds.high) * 1e-3, 1e-3)
    return below, above


@pytest.mark.parametrize("sid", SCENARIOS)
def test_a_number_just_outside_its_bounds_stops_with_one_line_naming_file_and_field(sid):
    scenario, data = _scenario_data(sid)
    name = str(scenario_paths()[sid])
    scenario_from_mapping(data, name)  # the scenario as dumped loads again
    numbers = list(_scenario_numbers(scenario))
    assert len(numbers) > 20
    for path, _, bounds in numbers:
        assert bounds is not None
        for value in (*_outside(bounds), math.inf, math.nan):
            with pytest.raises(ScenarioError) as caught:
                scenario_from_mapping(_set(data, path, value), name)
            error = caught.value
            text = str(error)
            assert "\n" not in text, text
            assert text.startswith(f"{name}: "), text
            assert error.field == path, f"{path} = {value:g}: {text}"
            assert error.expected_tr, text  # said in Turkish too


def test_the_bounds_of_a_field_are_what_its_error_quotes(tmp_path):
    """End to end, through a file: a shipped number just above its bound, in a scenario
    file that extends the shipped one."""
    for sid in SCENARIOS:
        scenario = load_scenario(sid)
        path, number, bounds = next(n for n in _scenario_numbers(scenario)
                                    if "." in n[0] and not any(k.isdigit()
                                                               for k in n[0].split(".")))
        section, *rest = path.split(".")
        value = _outside(bounds)[1]
        nested = "".join(f"{{{key}: " for key in rest) + f"{{value: {value!r}, range: null}}" + \
            "}" * len(rest)
        file = tmp_path / f"{sid}.yaml"
        file.write_text(f"extends: {sid}\nid: {sid}-edge\n{section}: {nested}\n",
                        encoding="utf-8")
        with pytest.raises(ScenarioError) as caught:
            load_scenario(file)
        text = str(caught.value)
        assert text.startswith(f"{file}: {path}: "), text
        assert f"from {bounds.low:g} to {bounds.high:g}" in text or "whole number" in text, text
