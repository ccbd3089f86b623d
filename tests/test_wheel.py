"""A regular install ships the scenarios, their reference plans and the notebooks.

Builds a wheel from a copy of the repository, installs it (without its dependencies, which
the running interpreter's site-packages provide: no network) into a fresh virtual
environment, and runs every scenario from it, from a folder outside the repository.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from casekit.scenario import notebook_dir, scenario_dir, scenario_paths

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
SOURCES = ("pyproject.toml", "setup.py", "README.md", "casekit", "scenarios", "notebooks")


def _can_build_wheels() -> bool:
    if importlib.util.find_spec("wheel") is not None:
        return True
    import setuptools
    major, minor = (int(p) for p in setuptools.__version__.split(".")[:2])
    return (major, minor) >= (70, 1)  # bdist_wheel built into setuptools


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict:
    if not _can_build_wheels():
        pytest.skip("building a wheel offline needs the 'wheel' package (in the test extra)")
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"  # a copy: building never writes into the shared checkout
    source.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", "_data")
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, source / name, ignore=ignore)
        else:
            shutil.copy2(REPO / name, source / name)
    dist = root / "dist"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PIP_INDEX_URL")}
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--no-index", "-q", "-w", str(dist), str(source)],
                   check=True, env=env, capture_output=True, timeout=300)
    wheel = next(dist.glob("casekit-*.whl"))
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   timeout=120)
    python = venv / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; "
                              "print(sysconfig.get_paths()['purelib'])"], check=True,
                             capture_output=True, text=True).stdout.strip()
    # the running interpreter's site-packages provide the dependencies (after the venv's own)
    (Path(purelib) / "casekit-test-deps.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install",
                    "--no-deps", "--no-index", "-q", str(wheel)], check=True, env=env,
                   capture_output=True, timeout=300)
    work = root / "elsewhere"  # not the repository: nothing can be found by accident
    work.mkdir()
    return {"python": python, "casekit": venv / "bin" / "casekit", "site": Path(purelib),
            "work": work, "env": env, "wheel": wheel}


def _run(installed: dict, *args: str, timeout: float = 240) -> subprocess.CompletedProcess:
    return subprocess.run([str(installed["casekit"]), *args], cwd=installed["work"],
                          env=installed["env"], capture_output=True, text=True,
                          timeout=timeout)


def _python(installed: dict, code: str) -> str:
    return subprocess.run([str(installed["python"]), "-c", code], cwd=installed["work"],
                          env=installed["env"], capture_output=True, text=True, check=True,
                          timeout=120).stdout.strip()


def test_the_wheel_carries_the_scenarios_plans_and_notebooks(installed):
    import zipfile
    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    for sid in scenario_paths():
        assert f"casekit/_data/scenarios/{sid}.yaml" in names
    plans = {p.relative_to(scenario_dir()).as_posix() for p in scenario_dir().rglob("*.yaml")
             if p.parent.name == "plans"}
    assert plans and {f"casekit/_data/scenarios/{p}" for p in plans} <= names
    notebooks = {p.relative_to(notebook_dir()).as_posix() for p in notebook_dir().rglob("*.ipynb")
                 if ".ipynb_checkpoints" not in p.parts}
    assert {f"casekit/_data/notebooks/{n}" for n in notebooks} <= names
    assert not any(n.endswith(".casekit-attempts.json") or "/attempts-" in n for n in names)


def test_the_installed_package_is_the_one_running(installed):
    where = _python(installed, "import casekit, casekit.scenario as s; "
                    "print(casekit.__file__); print(s.scenario_dir())").splitlines()
    assert all(line.startswith(str(installed["site"])) for line in where)
    assert not any(str(REPO) in line for line in where)


def test_casekit_scenarios_lists_every_scenario(installed):
    done = _run(installed, "scenarios")
    assert done.returncode == 0, done.stderr
    listed = {line.split()[0] for line in done.stdout.splitlines() if not line.startswith(" ")}
    assert listed == set(scenario_paths())


@pytest.mark.parametrize("sid", sorted(scenario_paths()))
def test_every_scenario_runs_from_the_install_with_its_reference_plan(installed, sid):
    plans = sorted((installed["site"] / "casekit" / "_data" / "scenarios" / sid / "plans")
                   .glob("*.yaml"))
    args = ["run", sid, "--reps", "1", "--customers", "400", "--json"]
    if plans:
        args += ["--plan", str(plans[-1])]
    done = _run(installed, *args)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["scenario"] == sid and result["metrics"]
    if plans:  # the packaged reference plan was read and run
        import yaml
        assert result["plan"] == yaml.safe_load(plans[-1].read_text(encoding="utf-8"))["name"]


def test_notebooks_are_copied_next_to_the_student(installed):
    out = installed["work"] / "my-notebooks"
    done = _run(installed, "notebooks", "--out", str(out))
    assert done.returncode == 0, done.stderr
    copied = sorted(p.relative_to(out) for p in out.rglob("*.ipynb"))
    expected = sorted(p.relative_to(notebook_dir()) for p in notebook_dir().rglob("*.ipynb")
                      if ".ipynb_checkpoints" not in p.parts)
    assert copied == expected
    first = out / expected[0]
    first.write_text("my own edits", encoding="utf-8")
    again = _run(installed, "notebooks", "--out", str(out))
    assert again.returncode == 0 and "kept" in again.stdout
    assert first.read_text(encoding="utf-8") == "my own edits"  # a student's work is kept


def test_casekit_app_serves_the_packaged_notebook(installed):
    found = _python(installed, "from casekit.ui.app import page_notebook, voila_command; "
                    "nb = page_notebook('isp-overbilling'); print(nb); "
                    "print(' '.join(voila_command(nb, 8866, False)))").splitlines()
    assert found[0].startswith(str(installed["site"] / "casekit" / "_data" / "notebooks"))
    assert found[0].endswith(".ipynb") and found[0] in found[1]
