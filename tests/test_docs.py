"""docs/model.md explains every parameter of the ISP scenario, and its table is current.

The generated parameter table lists every name by construction, so the first test looks for
each name in the rest of the page: every parameter must be explained in the prose, not only
listed.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "model.md"
SCENARIO = ROOT / "scenarios" / "isp-overbilling.yaml"
SECTIONS = ("population", "incident", "thread", "operations", "complaints", "model", "score",
            "channels")
START, END = "<!-- param-table:start -->", "<!-- param-table:end -->"


def _scenario() -> dict:
    return yaml.safe_load(SCENARIO.read_text(encoding="utf-8"))


def _parameter_names() -> list[str]:
    data = _scenario()
    names: set[str] = set()
    for section in SECTIONS:
        for name, value in data[section].items():
            names.add(name)
            if name in ("part_values", "channel_mix") or section == "channels":
                names.update(value)  # each message part, complaint channel, channel field
    return sorted(names)


def _prose() -> str:
    """The page without the generated table."""
    text = DOC.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    return head + rest.split(END, 1)[1]


@pytest.mark.parametrize("name", _parameter_names())
def test_every_parameter_is_explained(name: str) -> None:
    assert re.search(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", _prose()), \
        f"{name!r} from {SCENARIO.name} is not mentioned in docs/model.md"


def test_parameter_table_matches_the_scenario_file() -> None:
    spec = importlib.util.spec_from_file_location("param_table", ROOT / "docs" / "param_table.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text = DOC.read_text(encoding="utf-8")
    table = text.split(START, 1)[1].split(END, 1)[0].strip()
    assert table == module.table(SCENARIO), \
        "docs/model.md's parameter table is stale: run python docs/param_table.py --write"
