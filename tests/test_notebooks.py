"""Every notebook runs top to bottom (nbval, lax, in this environment) and is committed
without outputs; the case notebook shows a widget in every section."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("nbval")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(p for p in (ROOT / "notebooks").rglob("*.ipynb")
                   if ".ipynb_checkpoints" not in p.parts)
WIDGET = "application/vnd.jupyter.widget-view+json"


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    env["CASEKIT_WORKDIR"] = str(tmp_path)   # attempts and saved plans stay out of the tree
    return env


def test_the_student_notebooks_exist():
    names = {p.name for p in NOTEBOOKS}
    assert {"00_start_here.ipynb", "01_isp_overbilling.ipynb"} <= names


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(notebook):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [] and cell.get("execution_count") is None, \
                f"{notebook.name}: clear the outputs before committing"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_runs_top_to_bottom_with_nbval(notebook, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=",
         "--nbval-lax", "--nbval-current-env", str(notebook)],
        cwd=ROOT, env=_env(tmp_path), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout


def test_case_notebook_shows_a_widget_in_every_section(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    path = ROOT / "notebooks" / "01_isp_overbilling.ipynb"
    nb = nbformat.read(path, as_version=4)
    old = os.environ.get("CASEKIT_WORKDIR")
    os.environ["CASEKIT_WORKDIR"] = str(tmp_path)
    try:
        nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}}).execute()
    finally:
        if old is None:
            os.environ.pop("CASEKIT_WORKDIR", None)
        else:
            os.environ["CASEKIT_WORKDIR"] = old
    for cell in nb.cells:
        if cell.cell_type == "code":
            kinds = [o.get("output_type") for o in cell.outputs]
            assert "error" not in kinds, cell.source
            assert any(WIDGET in o.get("data", {}) for o in cell.outputs), cell.source
    assert not list(tmp_path.glob("*.json")), "opening the page must not write attempts"
