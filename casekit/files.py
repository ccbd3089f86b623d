"""Reading data files from users safely: YAML or JSON, bounded in size, never executed.

YAML is parsed with ``yaml.safe_load``, so a tag such as ``!!python/object`` is refused
rather than run. Pydantic's validation errors are turned into one line that names the file,
the field (as a dotted path) and what was expected.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from casekit.errors import InputError

#: A validator message may start with the field it is about (``"audience: ..."``); that
#: field is moved into the dotted path so the line names it.
_FIELD_PREFIX = re.compile(r"^([a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)*): (.+)$", re.DOTALL)

#: Larger files are refused before they are parsed (a plan is a few hundred bytes).
MAX_FILE_BYTES = 1_000_000


def read_mapping(path: Path, error: type[InputError], max_bytes: int = MAX_FILE_BYTES) -> dict:
    """Parse a YAML or JSON file that must hold a mapping at its top level."""
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise error(name, "", f"cannot be read ({exc.strerror or exc})") from None
    if not path.is_file():
        raise error(name, "", "expected a file")
    if size > max_bytes:
        raise error(name, "", f"file is {size} bytes; expected at most {max_bytes}")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise error(name, "", "expected UTF-8 text") from None
    return parse_mapping(text, name, error, json_only=path.suffix.lower() == ".json")


def parse_mapping(text: str, name: str, error: type[InputError], json_only: bool = False) -> dict:
    """Parse YAML (a superset of JSON) or strict JSON text into a mapping."""
    try:
        data = json.loads(text) if json_only else yaml.safe_load(text)
    except json.JSONDecodeError as exc:
        raise error(name, f"line {exc.lineno}", f"invalid JSON ({exc.msg})") from None
    except yaml.constructor.ConstructorError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else "?"
        if "constructor" not in (exc.problem or ""):  # e.g. a list used as a key
            raise error(name, f"line {line}", f"invalid YAML ({exc.problem})") from None
        raise error(name, f"line {line}", "a YAML tag that is not plain data; plans and "
                    "scenarios hold data only") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise error(name, where, f"invalid YAML ({problem})") from None
    except RecursionError:
        raise error(name, "", "nested too deeply") from None
    if not isinstance(data, dict):
        raise error(name, "", f"expected a mapping of fields at the top, found {_kind(data)}")
    return data


def validation_error(exc: ValidationError, name: str, error: type[InputError]) -> InputError:
    """The first problem pydantic found, as one line naming the field."""
    first = exc.errors()[0]
    field = ".".join(_loc_part(part) for part in first["loc"]) or "(top level)"
    message = first["msg"]
    if first["type"] == "extra_forbidden":
        message = "unknown field (check the spelling)"
    elif first["type"] == "missing":
        message = "required field is missing"
    message = message.removeprefix("Value error, ")
    if first["type"] == "value_error" and (prefix := _FIELD_PREFIX.match(message)):
        inner, message = prefix.groups()
        field = inner if field == "(top level)" else f"{field}.{inner}"
    message = " ".join(message.split())  # one line, whatever the validator wrote
    more = len(exc.errors()) - 1
    if more:
        message += f" (and {more} more problem{'s' if more > 1 else ''})"
    return error(name, field, message)


def _loc_part(part: str | int) -> str:
    """One step of a field path; an odd key (a newline, a space) is quoted to stay one line."""
    text = str(part)
    return text if re.fullmatch(r"[\w-]+", text) else repr(text)


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {list: "a list", str: "a string", int: "a number", float: "a number",
            bool: "true/false"}.get(type(value), type(value).__name__)
