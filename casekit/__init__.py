"""casekit: an open, offline workbench for teaching social CRM, complaint management and
crisis communication.

    >>> import casekit
    >>> scenario = casekit.load_scenario("isp-overbilling")
    >>> plan = casekit.load_plan("scenarios/isp-overbilling/plans/transparent-rebuild.yaml")
    >>> outcome, baseline = casekit.compare(scenario, plan, seed=1, reps=10)
    >>> outcome.metric("churn_rate").mean < baseline.metric("churn_rate").mean
    True
"""

from casekit.case import Case
from casekit.engine import RunResult
from casekit.errors import CasekitError, InputError, PlanError, ScenarioError
from casekit.kinds import KINDS, Kind, kind_of
from casekit.kinds.messages import PART_NAMES
from casekit.montecarlo import compare, run, run_many
from casekit.outcomes import HEADLINE_METRICS, Metric, Outcome
from casekit.plan import (Action, Plan, Staffing, load_plan, no_response, plan_from_mapping,
                          plan_to_yaml)
from casekit.scenario import Scenario, list_scenarios, load_scenario
from casekit.simulation import simulate, simulate_batch

__version__ = "0.1.0"

__all__ = [
    "Action", "Case", "CasekitError", "HEADLINE_METRICS", "InputError", "KINDS", "Kind",
    "Metric", "Outcome", "PART_NAMES", "Plan", "PlanError", "RunResult", "Scenario",
    "ScenarioError", "Staffing", "compare", "kind_of", "list_scenarios", "load_plan",
    "load_scenario", "no_response", "plan_from_mapping", "plan_to_yaml", "run", "run_many",
    "simulate", "simulate_batch",
]
