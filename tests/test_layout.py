"""The package's shape: the core never imports the UI, there are no import circles,
nothing outside a kind's folder asks which kind it holds, a kind's own panels live in its
folder and casekit/ui/ holds only what two or more workbenches share."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "casekit"
#: Modules that may import casekit.ui: the UI itself and the command line that serves it
#: (and a kind's own panels, :func:`_is_ui`).
UI_USERS = ("casekit.ui", "casekit.cli", "casekit.workshop")
#: A kind's own panels: ``casekit/kinds/<kind>/panels.py`` or a ``panels/`` package.
KIND_PANELS = re.compile(r"casekit\.kinds\.[a-z_]+\.panels(\.|$)")
#: The workbench any kind may name instead of panels of its own (``Kind.workbench``).
GENERIC_BENCH = "casekit.ui.generic:CaseBench"


def _is_ui(name: str) -> bool:
    return name.startswith(UI_USERS) or bool(KIND_PANELS.match(name))


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


def _imports_widgets(path: Path) -> bool:
    """Whether a module imports ipywidgets (at any depth)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "ipywidgets"
                                                for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == \
                "ipywidgets":
            return True
    return False


def test_the_core_never_imports_the_ui() -> None:
    """Neither casekit.ui nor a kind's own panels (lazy imports count: only the workbench
    opens them, by the name its kind gives), nor ipywidgets itself."""
    offenders = {name: sorted(d for d in deps if d.startswith("casekit.ui") or _is_ui(d))
                 for name, deps in GRAPH.items() if not _is_ui(name)}
    assert {k: v for k, v in offenders.items() if v} == {}
    widgets = sorted(name for name, path in MODULES.items()
                     if not _is_ui(name) and _imports_widgets(path))
    assert widgets == []


def _benches() -> dict[str, str]:
    """Kind name -> the module of its workbench (``Kind.workbench``)."""
    from casekit.kinds import KINDS
    return {name: kind.workbench.partition(":")[0] for name, kind in KINDS.items()}


def test_a_kinds_own_panels_live_in_its_folder() -> None:
    """Every kind's workbench is its own ``panels`` (in casekit/kinds/<kind>/) or the
    generic bench: none points at kind-specific panels in casekit/ui/."""
    from casekit.kinds import KINDS
    wrong = {name: kind.workbench for name, kind in KINDS.items()
             if kind.workbench != GENERIC_BENCH and not
             re.fullmatch(rf"casekit\.kinds\.{name}\.panels(\.[a-z_]+)*:[A-Za-z]\w*",
                          kind.workbench)}
    assert wrong == {}
    assert set(_benches().values()) <= set(MODULES)


def _reached(start: str) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        for dep in GRAPH[todo.pop()]:
            if dep not in seen:
                seen.add(dep)
                todo.append(dep)
    return seen


def test_casekit_ui_holds_only_what_two_workbenches_share() -> None:
    """Each widget module in casekit/ui/ is used by two or more workbenches (the kinds' own
    and the generic one any kind may name), and none imports a kind's package: a panel that
    only one kind uses belongs in that kind's folder."""
    benches = set(_benches().values()) | {GENERIC_BENCH.partition(":")[0]}
    reached = {bench: _reached(bench) for bench in benches}
    kinds = tuple(f"casekit.kinds.{p.name}" for p in (PACKAGE / "kinds").iterdir()
                  if (p / "__init__.py").exists())
    lonely, into_a_kind = {}, {}
    for name, path in MODULES.items():
        if not name.startswith("casekit.ui.") or not _imports_widgets(path):
            continue
        users = sorted(b for b, found in reached.items() if name in found)
        if len(users) < 2:
            lonely[name] = users
        deps = sorted(d for d in GRAPH[name]
                      if d in kinds or d.startswith(tuple(k + "." for k in kinds)))
        if deps:
            into_a_kind[name] = deps
    assert lonely == {}
    assert into_a_kind == {}


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
