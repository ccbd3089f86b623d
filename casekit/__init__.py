"""casekit: an open, offline workbench for teaching social CRM, complaint management and
crisis communication.

    >>> import casekit
    >>> scenario = casekit.load_scenario("isp-overbilling")
    >>> plan = casekit.load_plan("scenarios/isp-overbilling/plans/transparent-rebuild.yaml")
    >>> outcome, baseline = casekit.compare(scenario, plan, seed=1, reps=10)
    >>> outcome.metric("churn_rate").mean < baseline.metric("churn_rate").mean
    True
"""

from casekit.engine import RunResult, simulate
from casekit.errors import CasekitError, InputError, PlanError, ScenarioError
from casekit.montecarlo import compare, run, run_many
from casekit.outcomes import HEADLINE_METRICS, Metric, Outcome
from casekit.plan import (Action, Plan, Staffing, load_plan, no_response, plan_from_mapping,
                          plan_to_yaml)
from casekit.scenario import Scenario, list_scenarios, load_scenario
from casekit.scoring import PART_NAMES

__version__ = "0.1.0"

__all__ = [
    "Action", "CasekitError", "HEADLINE_METRICS", "InputError", "Metric", "Outcome",
    "PART_NAMES", "Plan", "PlanError", "RunResult", "Scenario", "ScenarioError", "Staffing",
    "compare", "list_scenarios", "load_plan", "load_scenario", "no_response",
    "plan_from_mapping", "plan_to_yaml", "run", "run_many", "simulate",
]
