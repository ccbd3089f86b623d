"""The kind through casekit's own tools once registered: load_scenario, Plan.check,
kind_of. The test registers the kind itself and removes it afterwards, so it passes before
and after the kind is listed in casekit/kinds/__init__.py."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from casekit import kinds
from casekit.errors import PlanError
from casekit.kinds.identity_resolution import KIND, IdentityScenario
from casekit.plan import Plan

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = next(p for p in (ROOT / "scenarios" / "bank-cross-channel.yaml",
                            ROOT / "scenarios" / "_draft-bank-cross-channel.yaml") if p.exists())
PLANS = sorted((ROOT / "scenarios" / "bank-cross-channel" / "plans").glob("*.yaml"))


@pytest.fixture
def registered():
    listed = KIND.name in kinds.BUILT_IN
    if not listed:
        kinds.register(KIND)
    yield
    if not listed:
        kinds.unregister(KIND.name)


def test_load_scenario_and_check_plans(registered):
    from casekit.scenario import load_scenario
    scenario = load_scenario(SCENARIO)
    assert isinstance(scenario, IdentityScenario)
    assert kinds.kind_of(scenario) is KIND
    for path in PLANS:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        Plan(**{k: data[k] for k in ("name", "scenario", "description", "settings")}) \
            .check(scenario, str(path))


def test_plan_check_refuses_bad_settings_in_one_line(registered):
    from casekit.scenario import load_scenario
    scenario = load_scenario(SCENARIO)
    plan = Plan(name="x", scenario="bank-cross-channel",
                settings={"method": "rules", "rules": [{"when": {"phone": "close"}}]})
    with pytest.raises(PlanError) as err:
        plan.check(scenario, "plan.yaml")
    assert err.value.field.startswith("settings.rules") and "\n" not in str(err.value)


def test_montecarlo_feedback_and_shared_figures(registered):
    pytest.importorskip("matplotlib", reason="figures need the lab extra")
    from casekit import montecarlo
    from casekit.feedback import feedback
    from casekit.plan import load_plan
    from casekit.report.figures import all_figures
    from casekit.scenario import load_scenario
    scenario = load_scenario(SCENARIO).with_customers(2000)
    plan = load_plan(ROOT / "scenarios" / "bank-cross-channel" / "plans" / "exact-rules.yaml",
                     scenario)
    outcome, baseline = montecarlo.compare(scenario, plan, seed=1, reps=3, workers=1)
    assert outcome.metric("churned").mean < baseline.metric("churned").mean
    assert outcome.per_run()["score"].mean() > baseline.per_run()["score"].mean()
    assert feedback(scenario, plan, outcome, baseline)[0].key == "overall"
    figures = all_figures(outcome, baseline, "tr")
    assert set(figures) == {"replies", "churn", "score"}
    assert all(fig.axes for fig in figures.values())


def test_tournament_and_debrief(registered, tmp_path):
    pytest.importorskip("matplotlib", reason="the debrief draws figures")
    from casekit.scenario import load_scenario
    from casekit.tournament.run import run_tournament
    submissions = tmp_path / "in"
    submissions.mkdir()
    for path in PLANS:
        text = path.read_text(encoding="utf-8")
        (submissions / path.name).write_text(text, encoding="utf-8")
    result = run_tournament(load_scenario(SCENARIO), submissions, reps=2, seed=1,
                            out_dir=tmp_path / "out", workers=1, customers=2000,
                            progress=False)
    board = result.leaderboard.set_index("student")
    assert board.loc["exact-rules", "score"] > board.loc["what-the-bank-did", "score"]
    assert board.loc["careful-fellegi-sunter", "score"] > board.loc["recall-first", "score"]
    assert (tmp_path / "out" / "debrief.html").stat().st_size > 1000
