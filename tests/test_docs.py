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


def _param_table():
    spec = importlib.util.spec_from_file_location("param_table", ROOT / "docs" / "param_table.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_parameter_table_matches_the_scenario_file() -> None:
    module = _param_table()
    text = DOC.read_text(encoding="utf-8")
    table = text.split(START, 1)[1].split(END, 1)[0].strip()
    assert table == module.table(SCENARIO), \
        "docs/model.md's parameter table is stale: run python docs/param_table.py --write"


def _sources(data, found=None) -> list[str]:
    found = [] if found is None else found
    if isinstance(data, dict):
        if isinstance(data.get("source"), str):
            found.append(data["source"])
        for value in data.values():
            _sources(value, found)
    return found


@pytest.mark.parametrize("source", sorted(set(
    _sources(_scenario())
    + _sources(yaml.safe_load((ROOT / "scenarios" / "isp-vat-display.yaml").read_text("utf-8")))
    + ["R", "R: a guess", "R; Liao et al. 2025", "case 001; R", "Coombs 2007 (R)",
       "Tsugawa & Ohsaki 2015 (R for the factor)", "see R, then", "Recon Analytics",
       "SEISMIC (Zhao et al. 2015)", "TARP: RR 1.4", "R2 of the fit", "(RTE)", "HR data"])))
def test_reasoned_guess_rule_matches_the_scenario_schema(source: str) -> None:
    from casekit.scenario import Sourced
    assert _param_table().is_guess(source) == Sourced(value=0, source=source).guess, source


def test_behaviour_table_names_the_tests_that_exist() -> None:
    tests = (ROOT / "tests" / "test_behaviour.py").read_text(encoding="utf-8")
    named = set(re.findall(r"`(test_\d+\w*)`", _prose()))
    assert len({int(re.match(r"test_(\d+)", n).group(1)) for n in named}) >= 10
    for name in named:
        assert f"def {name}(" in tests, f"docs/model.md names {name}, not in test_behaviour.py"


def test_parameter_table_resolves_extends() -> None:
    """The VAT-display variant extends the ISP case: its table lists the inherited numbers."""
    table = _param_table().table(ROOT / "scenarios" / "isp-vat-display.yaml")
    assert "| `crisis.real_failure` | false |" in table
    assert "| `incident.perceived_overcharge_rate` | 0.085 |" in table
    assert "| `model.loss_aversion` | 2.0 |" in table


#: Folders of the repository a page may name as `folder/...`, and folders of the package a page
#: may name without the leading ``casekit/`` (as in the constants table: `engine/spread.py`).
TOP = ("casekit", "tests", "docs", "scenarios", "benchmarks", "scripts", "notebooks")
PACKAGE = ("engine", "kinds", "ui", "report", "text", "tournament", "workshop")
PAGES = sorted(p for p in (ROOT / "docs").glob("*.md") if p.name != "parameters.md") + \
    [ROOT / "README.md"]


def _named_files(text: str) -> set[str]:
    """Every repository file or folder a page names in code font (a `<placeholder>` or a
    glob such as `casekit/engine/*.py` stands for more than one and is left out)."""
    named = set()
    for token in re.findall(r"`([A-Za-z0-9_./-]+/[A-Za-z0-9_./-]*)`", text):
        first = token.split("/", 1)[0]
        if first in TOP:
            named.add(token)
        elif first in PACKAGE and re.search(r"\.(py|yaml|json|ipynb)$", token):
            named.add(f"casekit/{token}")
    return named


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_file_a_page_names_exists(page: Path) -> None:
    """The pages point at the code that moved under casekit/kinds/ (issue 10), not at the
    modules it replaced (engine/simulate.py, engine/cascade.py, scenario_reply.py)."""
    missing = sorted(name for name in _named_files(page.read_text(encoding="utf-8"))
                     if not (ROOT / name.rstrip("/")).exists())
    assert missing == [], f"{page.name} names files that do not exist: {missing}"
