"""The public API is what it says it is, and importing it stays light."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import casekit

REPO = Path(__file__).resolve().parents[1]

#: Changing this set changes casekit's public API: do it on purpose, with the README.
PUBLIC = {
    "Action", "Case", "CasekitError", "HEADLINE_METRICS", "InputError", "KINDS", "Kind",
    "Metric", "Outcome", "PART_NAMES", "Plan", "PlanError", "RunResult", "Scenario",
    "ScenarioError", "Staffing", "compare", "kind_of", "list_scenarios", "load_plan",
    "load_scenario", "no_response", "plan_from_mapping", "plan_to_yaml", "run", "run_many",
    "simulate", "simulate_batch",
}
#: Presentation extras the core must never import (STYLE.md: no heavy imports in the core).
HEAVY = ("matplotlib", "ipywidgets", "faker")


def test_all_is_exactly_the_public_api() -> None:
    assert len(casekit.__all__) == len(set(casekit.__all__))
    assert set(casekit.__all__) == PUBLIC


def test_every_public_name_is_importable() -> None:
    namespace: dict = {}
    exec("from casekit import *", namespace)
    assert PUBLIC <= set(namespace)
    for name in PUBLIC:
        assert getattr(casekit, name) is namespace[name]


def test_exceptions_form_one_hierarchy() -> None:
    assert issubclass(casekit.InputError, casekit.CasekitError)
    assert issubclass(casekit.ScenarioError, casekit.InputError)
    assert issubclass(casekit.PlanError, casekit.InputError)
    assert issubclass(casekit.CasekitError, Exception)


def test_importing_and_running_casekit_stays_light() -> None:
    """In a fresh interpreter: neither import nor a simulation pulls in the extras."""
    script = f"""
import json, sys
heavy = {HEAVY!r}
def loaded():
    return sorted(m for m in sys.modules if m.split(".")[0] in heavy)
import casekit
after_import = loaded()
scenario = casekit.load_scenario("isp-overbilling")
outcome = casekit.run(scenario, None, seed=0, reps=1, customers=300, workers=1)
outcome.hourly(); outcome.segments(); outcome.score_breakdown()
print(json.dumps({{"import": after_import, "run": loaded(), "file": casekit.__file__,
                  "numpy": "numpy" in sys.modules}}))
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["file"] == str(REPO / "casekit" / "__init__.py")  # the package under test
    assert result["numpy"]  # the check can see imports at all
    assert result["import"] == []
    assert result["run"] == []
