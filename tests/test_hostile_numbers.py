"""A scenario number at the edge of what its file may say never crashes a run (issue 15):
a case whose month brings no complaints still scores, with every reference plan."""

from __future__ import annotations

import math

import pytest

from casekit.kinds import kind_of
from casekit.plan import load_plan
from casekit.scenario import load_scenario, scenario_dir
from casekit.simulation import simulate_batch


@pytest.mark.parametrize("plan", sorted(p.name for p in
                                        (scenario_dir() / "bank-cross-channel" / "plans")
                                        .glob("*.yaml")))
def test_a_bank_month_without_complaints_scores_with_every_plan(tmp_path, plan):
    path = tmp_path / "bank-cross-channel.yaml"
    path.write_text("extends: bank-cross-channel\nid: bank-cross-channel\n"
                    "replay: {complaints_per_month: {value: 0, range: null}}\n",
                    encoding="utf-8")
    scenario = load_scenario(path)
    chosen = load_plan(scenario_dir() / "bank-cross-channel" / "plans" / plan, scenario)
    runs = simulate_batch(scenario, chosen, 0, [0], int(scenario.population.customers),
                          keep_final=False)
    parts = kind_of(scenario).score(runs[0].totals, scenario)
    assert math.isfinite(parts["score"]), parts
