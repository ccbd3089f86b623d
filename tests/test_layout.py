"""The package's shape: the core never imports the UI, there are no import circles, and
nothing outside a kind's folder asks which kind it holds."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "casekit"
#: Modules that may import casekit.ui: the UI itself and the command line that serves it.
UI_USERS = ("casekit.ui", "casekit.cli", "casekit.workshop")


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        out[name.removesuffix(".__init__")] = path
    return out


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Every casekit module ``name`` imports, at any depth (lazy imports count)."""
    found = set()
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[:len(package) - node.level + 1] + ([base] if base
                                                                          else []))
            targets = [base] + [f"{base}.{a.name}" for a in node.names]
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def test_the_core_never_imports_the_ui() -> None:
    offenders = {name: sorted(d for d in deps if d.startswith("casekit.ui"))
                 for name, deps in GRAPH.items() if not name.startswith(UI_USERS)}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_there_are_no_import_circles() -> None:
    """Tarjan's strongly connected components; a package's ``__init__`` re-exporting its
    modules is not a circle (edges into or out of a package face are left out)."""
    faces = {name for name, path in MODULES.items() if path.name == "__init__.py"}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    circles: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in GRAPH[v]:
            if v in faces or w in faces:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for v in GRAPH:
        if v not in index:
            visit(v)
    assert circles == []


def test_no_tool_branches_on_a_kind_name() -> None:
    """Outside casekit/kinds/, no code names a kind (as a string) and no code asks
    ``isinstance`` of a kind's schema."""
    names = [p.name for p in (PACKAGE / "kinds").iterdir()
             if p.is_dir() and (p / "__init__.py").exists()]
    schemas = ("CrisisScenario", "ReplyScenario", "ServiceScenario", "IdentityScenario")
    pattern = re.compile("|".join([rf"[\"']{n}[\"']" for n in names] +
                                  [rf"isinstance\([^)]*{s}" for s in schemas]))
    hits = []
    for name, path in MODULES.items():
        if name.startswith("casekit.kinds"):
            continue
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                hits.append(f"{path.relative_to(ROOT)}:{i}: {line.strip()}")
    assert hits == []
