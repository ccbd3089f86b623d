"""Reading data files from strangers safely: YAML or JSON, bounded, never executed.

Every scenario, plan and attempts file goes through :func:`read_mapping` (or
:func:`parse_mapping` for text). What a file may hold is bounded before anything else
looks at it:

- size: larger files are refused before they are parsed;
- YAML is composed by a loader that counts nodes as they would be after alias
  expansion, so an alias bomb (``a: &a [x, x]``, ``b: &b [*a, *a]``, ...) fails after a
  few dozen nodes with one line, in bounded memory, and an alias that refers to itself
  is refused; nesting depth is bounded too;
- tags that are not plain data (``!!python/object``) are refused rather than run;
- a key written twice in one mapping is refused with its line (YAML and JSON alike),
  instead of the second silently winning;
- numbers must be finite and of a sane magnitude (no ``nan``, ``.inf``, ``1e400`` or 400
  nines), checked everywhere in the file, with the field path;
- what an error message quotes from the file is cut (``...``), so a long value cannot
  make a long error.

Pydantic's validation errors are turned into one line that names the file, the field (as
a dotted path) and what was expected.
"""

from __future__ import annotations

import json
import json.decoder
import json.scanner
import math
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from casekit.errors import InputError
from casekit.text.errors import (json_problem, kind_of_value, os_reason, pydantic_text, said,
                                 turkish, yaml_problem)

__all__ = ["MAX_DEPTH", "MAX_FILE_BYTES", "MAX_MAGNITUDE", "MAX_NODES", "MAX_QUOTE",
           "parse_mapping", "quote", "read_mapping", "shorten", "validation_error"]

#: A validator message may start with the field it is about (``"audience: ..."``); that
#: field is moved into the dotted path so the line names it.
_FIELD_PREFIX = re.compile(r"^([a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)*): (.+)$", re.DOTALL)

#: Larger files are refused before they are parsed (a plan is a few hundred bytes).
MAX_FILE_BYTES = 1_000_000
#: Nodes a file may hold once its aliases are expanded (a scenario has about 1,100).
MAX_NODES = 100_000
#: How deeply mappings and lists may nest.
MAX_DEPTH = 64
#: Numbers larger than this (in absolute value) are refused as absurd.
MAX_MAGNITUDE = 1e15
#: Characters of a value or of a validator's message an error line quotes at most.
MAX_QUOTE = 80
#: Characters of a whole error message at most.
MAX_MESSAGE = 300

_MERGE_TAG = "tag:yaml.org,2002:merge"


def shorten(text: str, limit: int = MAX_QUOTE) -> str:
    """``text`` cut to ``limit`` characters, ending in ``...`` when cut."""
    text = str(text)
    return text if len(text) <= limit else text[:max(limit - 3, 0)] + "..."


def quote(value: Any, limit: int = MAX_QUOTE) -> str:
    """``repr(value)`` for an error line, cut to ``limit`` characters.

    A huge number is not turned into digits (Python refuses past 4,300 of them).
    """
    if isinstance(value, _Written):
        return said("digits", digits=str(len(value.lstrip("+-")))) \
            if value.lstrip("+-").isdigit() else shorten(str(value), limit)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10 ** 30:
        return said("digits", digits=str(int(math.log10(abs(value))) + 1))
    if isinstance(value, (list, dict, tuple)):
        return _kind_said(value)
    return shorten(repr(value), limit)


class _Written(str):
    """A number as written in the file, kept as text because it is too large to be one."""


#: Digits past which an integer is kept as written rather than converted.
_MAX_DIGITS = 30


def _json_int(text: str) -> int | _Written:
    return int(text) if len(text) <= _MAX_DIGITS else _Written(text)


def _json_float(text: str) -> float | _Written:
    value = float(text)
    return value if math.isfinite(value) else _Written(text)


# -- YAML: a loader that bounds alias expansion, depth, and refuses duplicate keys -----------

class _Refused(Exception):
    """Raised inside the loader; turned into an InputError with the line."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class _BoundedLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that counts expanded nodes and refuses duplicate keys."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._size: dict[int, int] = {}   # id(node) -> nodes it stands for, expanded
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        alias = self.check_event(yaml.AliasEvent)
        mark = self.peek_event().start_mark
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _Refused(mark.line + 1, said("too_deep", limit=MAX_DEPTH))
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if alias:
            size = self._size.get(id(node))
            if size is None:  # the anchor is still being composed: it contains itself
                raise _Refused(mark.line + 1, said("alias_loop"))
        elif isinstance(node, yaml.MappingNode):
            size = 1 + sum(self._size[id(k)] + self._size[id(v)] for k, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            size = 1 + sum(self._size[id(v)] for v in node.value)
        else:
            size = 1
        if size > MAX_NODES:
            raise _Refused(mark.line + 1, said("alias_bomb", limit=MAX_NODES))
        self._size[id(node)] = size
        return node

    def construct_yaml_int(self, node: Any) -> Any:
        if len(str(node.value)) > _MAX_DIGITS + 10:  # room for _ separators and a sign
            return _Written(node.value)
        return super().construct_yaml_int(node)

    def construct_mapping(self, node: Any, deep: bool = False) -> dict:
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key_node, _ in node.value:
                if key_node.tag == _MERGE_TAG:  # merged keys may be overridden on purpose
                    continue
                key = self.construct_object(key_node, deep=True)
                line = key_node.start_mark.line + 1
                try:
                    first = seen.get(key)
                except TypeError:  # unhashable: the base class says so with its line
                    continue
                if first is not None:
                    raise _Refused(line, said("duplicate_key", key=quote(key),
                                              first=str(first)))
                seen[key] = line
        return super().construct_mapping(node, deep=deep)


_BoundedLoader.add_constructor("tag:yaml.org,2002:int", _BoundedLoader.construct_yaml_int)


def _load_yaml(text: str) -> Any:
    loader = _BoundedLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


# -- JSON: the pure-Python scanner with a hook that sees each object's pairs ----------------

class _JSONDecoder(json.JSONDecoder):
    """Refuses duplicate keys (with their line) and NaN/Infinity."""

    def __init__(self) -> None:
        super().__init__(parse_constant=float, parse_int=_json_int, parse_float=_json_float,
                         object_pairs_hook=list)
        original = json.decoder.JSONObject  # type: ignore[attr-defined]

        def parse_object(s_and_end: tuple[str, int], *args: Any) -> tuple[dict, int]:
            text, start = s_and_end
            pairs, end = original(s_and_end, *args)
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    line = _json_key_line(text, start, end, key)
                    raise _Refused(line, said("duplicate_json_key", key=quote(key)))
                seen.add(key)
            return dict(pairs), end

        self.parse_object = parse_object  # type: ignore[assignment]
        self.scan_once = json.scanner.py_make_scanner(self)  # type: ignore[attr-defined]


def _json_key_line(text: str, start: int, end: int, key: str) -> int | None:
    """The line of the second ``key`` directly inside the object text[start:end]."""
    depth, i, count = 0, start, 0
    while i < end:
        ch = text[i]
        if ch == '"':
            j = i + 1
            while j < end and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            rest = text[j + 1:end].lstrip()
            if depth == 0 and rest.startswith(":"):
                try:
                    if json.loads(text[i:j + 1]) == key:
                        count += 1
                        if count == 2:
                            return text.count("\n", 0, i) + 1
                except ValueError:
                    pass
            i = j + 1
            continue
        if ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
        i += 1
    return None


def _load_json(text: str) -> Any:
    return _JSONDecoder().decode(text)


# -- the walk every loaded file gets --------------------------------------------------------

def _check_numbers(data: Any, name: str, error: type[InputError]) -> None:
    """Every number in ``data`` is finite and at most MAX_MAGNITUDE; else name its path."""
    stack: list[tuple[Any, tuple]] = [(data, ())]
    while stack:
        value, path = stack.pop()
        if isinstance(value, dict):
            stack.extend((v, (*path, k)) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, (*path, i)) for i, v in enumerate(value))
        elif isinstance(value, bool):
            continue
        elif isinstance(value, _Written):
            raise error(name, _path(path), _too_large(value))
        elif isinstance(value, float):
            if not math.isfinite(value):
                raise error(name, _path(path), said("nan" if math.isnan(value) else "infinite"))
            if abs(value) > MAX_MAGNITUDE:
                raise error(name, _path(path), said("too_large", value=f"{value:.3g}",
                                                    limit=f"{MAX_MAGNITUDE:.0e}"))
        elif isinstance(value, int) and abs(value) > MAX_MAGNITUDE:
            raise error(name, _path(path), _too_large(value))


def _too_large(value: Any) -> str:
    """The message for a number past MAX_MAGNITUDE (one too long to write out by its digits)."""
    limit = f"{MAX_MAGNITUDE:.0e}"
    digits = value.lstrip("+-") if isinstance(value, _Written) else ""
    if digits.isdigit():
        return said("too_many_digits", digits=str(len(digits)), limit=limit)
    if isinstance(value, int) and abs(value) > 10 ** 30:
        return said("too_many_digits", digits=str(int(math.log10(abs(value))) + 1), limit=limit)
    return said("too_large", value=quote(value), limit=limit)


def _path(parts: tuple) -> str:
    return ".".join(_loc_part(p) for p in parts) or "(top level)"


# -- the public entry points --------------------------------------------------------------

def read_mapping(path: Path, error: type[InputError], max_bytes: int = MAX_FILE_BYTES) -> dict:
    """Parse a YAML or JSON file that must hold a mapping at its top level."""
    path = Path(path)
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise error(name, "", said("cannot_read", error=os_reason(exc))) from None
    if not path.is_file():
        raise error(name, "", said("not_a_file"))
    if size > max_bytes:
        raise error(name, "", said("file_too_large", size=size, limit=max_bytes))
    try:
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)  # the file may have grown since stat()
    except OSError as exc:
        raise error(name, "", said("cannot_read", error=os_reason(exc))) from None
    if len(raw) > max_bytes:
        raise error(name, "", said("file_grew", limit=max_bytes))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise error(name, "", said("not_utf8")) from None
    return parse_mapping(text, name, error, json_only=path.suffix.lower() == ".json",
                         max_bytes=max_bytes)


def parse_mapping(text: str, name: str, error: type[InputError], json_only: bool = False,
                  max_bytes: int = MAX_FILE_BYTES) -> dict:
    """Parse YAML (a superset of JSON) or strict JSON text into a mapping."""
    if len(text) > max_bytes:
        raise error(name, "", said("text_too_long", size=len(text), limit=max_bytes))
    try:
        data = _load_json(text) if json_only else _load_yaml(text)
    except _Refused as exc:
        raise error(name, f"line {exc.line}" if exc.line else "", exc.message) from None
    except json.JSONDecodeError as exc:
        raise error(name, f"line {exc.lineno}", said("invalid_json",
                                                     problem=json_problem(exc.msg))) from None
    except yaml.constructor.ConstructorError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else "?"
        if "constructor" not in (exc.problem or ""):  # e.g. a list used as a key
            raise error(name, f"line {line}", said(
                "invalid_yaml", problem=yaml_problem(shorten(exc.problem or "")))) from None
        raise error(name, f"line {line}", said("yaml_tag")) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise error(name, where, said("invalid_yaml", problem=yaml_problem(shorten(problem)))
                    ) from None
    except RecursionError:
        raise error(name, "", said("nested_too_deeply")) from None
    except ValueError as exc:  # a number the parser cannot convert
        raise error(name, "", shorten(str(exc), MAX_MESSAGE)) from None
    if not isinstance(data, dict):
        raise error(name, "", said("not_a_mapping", what=_kind_said(data)))
    _check_numbers(data, name, error)
    return data


def validation_error(exc: ValidationError, name: str, error: type[InputError]) -> InputError:
    """The first problem pydantic found, as one bounded line naming the field, in English
    and (when the validator said it in both languages, or pydantic's check has a Turkish
    text) in Turkish."""
    first = exc.errors()[0]
    field = ".".join(_loc_part(part) for part in first["loc"]) or "(top level)"
    message = first["msg"]
    ctx = first.get("ctx") or {}
    if first["type"] == "extra_forbidden":
        message = "unknown field (check the spelling)"
    elif first["type"] == "missing":
        message = "required field is missing"
    message = message.removeprefix("Value error, ")
    if first["type"] == "value_error":
        message_tr = turkish(ctx.get("error"))
    else:
        message_tr = pydantic_text(first["type"], ctx, "tr")
    if first["type"] == "value_error" and (prefix := _FIELD_PREFIX.match(message)):
        inner, message = prefix.groups()
        field = inner if field == "(top level)" else f"{field}.{inner}"
        if message_tr is not None:
            message_tr = message_tr.removeprefix(f"{inner}: ")
    message = shorten(" ".join(message.split()), MAX_MESSAGE)  # one line, bounded
    if message_tr is not None:
        message_tr = shorten(" ".join(message_tr.split()), MAX_MESSAGE)
    more = len(exc.errors()) - 1
    if more:
        message += f" (and {more} more problem{'s' if more > 1 else ''})"
        if message_tr is not None:
            message_tr += f" (ve {more} sorun daha)"
    made = error(name, shorten(field, MAX_QUOTE * 2), message)
    if message_tr is not None:
        made.expected_tr = message_tr
    return made


def _loc_part(part: Any) -> str:
    """One step of a field path; an odd key (a newline, a space) is quoted to stay one line."""
    text = str(part)
    return text if re.fullmatch(r"[\w-]{1,80}", text) else quote(part)


def _kind_said(value: Any) -> str:
    """What ``value`` is, in both languages (see :data:`casekit.text.errors.KINDS_OF_VALUE`)."""
    if value is None:
        return kind_of_value("nothing")
    key = {list: "list", str: "str", int: "number", float: "number", bool: "bool",
           dict: "mapping", tuple: "list"}.get(type(value))
    return kind_of_value(key) if key else _kind(value)


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {list: "a list", str: "a string", int: "a number", float: "a number",
            bool: "true/false", dict: "a mapping", tuple: "a list"}.get(
                type(value), type(value).__name__)
