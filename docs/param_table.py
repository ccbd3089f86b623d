"""The parameter table of docs/model.md, generated from a scenario file so it is exact.

    python docs/param_table.py                 # print the table for isp-overbilling
    python docs/param_table.py FILE.yaml       # print it for another scenario file
    python docs/param_table.py --write         # replace the table inside docs/model.md

A number counts as a reasoned guess when its source says so with a stand-alone R: "R",
"R: ...", "R; ...", "...; R", "(R)" or "(R for the number)". The rule is the one
``casekit.scenario.Sourced.guess`` uses (tests/test_docs.py checks that they agree).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "isp-overbilling.yaml"
DOC = ROOT / "docs" / "model.md"
SECTIONS = ("crisis", "population", "incident", "thread", "channels", "operations",
            "complaints", "model", "score")
START, END = "<!-- param-table:start -->", "<!-- param-table:end -->"


#: An R standing alone: at the start or after a space, "(", ";" or ",", and followed by the
#: end, a space, ":", ";", ")" or ",". Kept identical to casekit.scenario._GUESS.
GUESS = re.compile(r"(?:^|[\s(;,])R(?=$|[\s:;),])")


def is_guess(source: str) -> bool:
    return GUESS.search(source) is not None


def entries(data: dict, prefix: str, inherited: str = ""):
    """(dotted name, value, range, source) for every number or setting under ``data``."""
    for key, value in data.items():
        if key == "source":
            continue
        name = prefix + key
        if isinstance(value, dict) and "value" in value:
            yield name, value["value"], value.get("range"), value.get("source", "")
        elif isinstance(value, dict):
            yield from entries(value, name + ".", inherited)
        else:
            yield name, value, None, inherited
            inherited = "as above" if inherited else ""


def cell(x) -> str:
    if isinstance(x, bool):
        return str(x).lower()
    if isinstance(x, (list, tuple)):
        return " to ".join(cell(v) for v in x)
    return str(x).replace("|", "\\|").replace("\n", " ")


def read(path: Path) -> dict:
    """The scenario file as a mapping, with ``extends: other-id`` resolved as casekit does."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    parent = data.pop("extends", None)
    if parent is None:
        return data
    from casekit.scenario import deep_merge, scenario_paths
    base = scenario_paths().get(parent) or path.with_name(f"{parent}.yaml")
    return deep_merge(read(base), data)


def table(path: Path = SCENARIO) -> str:
    data = read(path)
    rows = [("horizon_hours", data["horizon_hours"], None, ""),
            ("currency", data.get("currency", "TL"), None, "")]
    for section in SECTIONS:
        rows += entries(data[section], section + ".", data[section].get("source", "")
                        if section == "crisis" else "")
    lines = ["| parameter | value | range | source (as written in the file) | reasoned guess? |",
             "| --- | --- | --- | --- | --- |"]
    for name, value, rng, source in rows:
        guess = "yes" if is_guess(source) else ("no" if source else "no source given")
        lines.append(f"| `{name}` | {cell(value)} | {cell(rng) if rng else ''} | "
                     f"{cell(source)} | {guess} |")
    return "\n".join(lines)


def write(doc: Path = DOC) -> None:
    text = doc.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    doc.write_text(f"{head}{START}\n{table()}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    args = sys.argv[1:]
    if args == ["--write"]:
        write()
    else:
        print(table(Path(args[0]) if args else SCENARIO))
