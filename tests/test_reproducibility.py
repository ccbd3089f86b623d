"""One seed in, the same numbers out: in one process, across processes, across a process
pool, and the same customers and thresholds for every plan (common random numbers)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from casekit import montecarlo
from casekit.simulation import simulate
from casekit.kinds.complaint_crisis.population import draw_population
from casekit.engine.randomness import STREAMS, streams
from casekit.plan import load_plan, no_response, plan_from_mapping
from casekit.scenario import load_scenario, scenario_dir

SCENARIO = load_scenario("isp-overbilling")
PLAN_FILE = scenario_dir() / "isp-overbilling" / "plans" / "transparent-rebuild.yaml"
PLAN = load_plan(PLAN_FILE, SCENARIO)
CASEKIT = Path(sys.executable).with_name("casekit")


def assert_same_runs(a, b) -> None:
    """Two outcomes hold identical replications, down to every hourly value."""
    pd.testing.assert_frame_equal(a.per_run(), b.per_run(), check_exact=True)
    assert [r.replication for r in a.runs] == [r.replication for r in b.runs]
    for run_a, run_b in zip(a.runs, b.runs):
        assert run_a.hourly.keys() == run_b.hourly.keys()
        for name in run_a.hourly:
            np.testing.assert_array_equal(run_a.hourly[name], run_b.hourly[name],
                                          err_msg=name)
        assert run_a.actions == run_b.actions


def test_same_seed_same_outcome_in_one_process() -> None:
    first = montecarlo.run(SCENARIO, PLAN, seed=5, reps=2, customers=1500, workers=1)
    again = montecarlo.run(SCENARIO, PLAN, seed=5, reps=2, customers=1500, workers=1)
    assert_same_runs(first, again)
    assert first.to_json() == again.to_json()
    other = montecarlo.run(SCENARIO, PLAN, seed=6, reps=2, customers=1500, workers=1)
    assert other.to_json()["metrics"] != first.to_json()["metrics"]


def test_same_seed_same_outcome_in_separate_processes() -> None:
    if not CASEKIT.exists():
        pytest.skip(f"no casekit entry point beside {sys.executable}")
    command = [str(CASEKIT), "run", "isp-overbilling", "--plan", str(PLAN_FILE), "--seed", "5",
               "--reps", "2", "--customers", "1500", "--json"]
    # two interpreters at once, each with its own hash seed and import order
    processes = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True, env={**os.environ, "PYTHONHASHSEED": str(i)})
                 for i in (1, 2)]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        results.append(json.loads(out))
    assert results[0] == results[1]
    here = montecarlo.run(SCENARIO, PLAN, seed=5, reps=2, customers=1500, workers=1)
    # `casekit run --json` adds the comparison with the baseline beside the outcome.
    results[0].pop("baseline", None)
    assert json.loads(json.dumps(here.to_json())) == results[0]


def test_process_pool_gives_the_same_outcome_as_one_process() -> None:
    plans = [PLAN, no_response(SCENARIO.id)]
    pooled = montecarlo.run_many(SCENARIO, plans, seed=3, reps=2, customers=1000, workers=2)
    serial = montecarlo.run_many(SCENARIO, plans, seed=3, reps=2, customers=1000, workers=1)
    for a, b in zip(pooled, serial):
        assert a.plan == b.plan
        assert_same_runs(a, b)
    # and the pool kept the plans apart
    assert pooled[0].metric("cost").mean > 0
    assert pooled[1].metric("cost").mean == 0


def test_population_for_a_replication_is_fixed_by_seed_and_replication() -> None:
    first = draw_population(SCENARIO, 2000, streams(11, 4)["population"])
    again = draw_population(SCENARIO, 2000, streams(11, 4)["population"])
    other_rep = draw_population(SCENARIO, 2000, streams(11, 5)["population"])
    other_seed = draw_population(SCENARIO, 2000, streams(12, 4)["population"])
    for name in first.__dataclass_fields__:
        np.testing.assert_array_equal(getattr(first, name), getattr(again, name), err_msg=name)
    assert not np.array_equal(first.revenue, other_rep.revenue)
    assert not np.array_equal(first.revenue, other_seed.revenue)
    # the streams of one key are independent of each other
    draws = {name: rng.random(5) for name, rng in streams(11, 4).items()}
    assert set(draws) == set(STREAMS)
    assert len({tuple(d) for d in draws.values()}) == len(STREAMS)


def test_streams_refuse_negative_keys() -> None:
    with pytest.raises(ValueError):
        streams(-1, 0)
    with pytest.raises(ValueError):
        streams(0, -1)


def test_every_plan_meets_the_same_customers() -> None:
    """The engine draws replication r's customers from the key alone, whatever the plan."""
    population = draw_population(SCENARIO, 1200, streams(8, 1)["population"])
    for plan in (no_response(SCENARIO.id), PLAN):
        final = simulate(SCENARIO, plan, seed=8, replication=1, customers=1200).final
        for name in ("tenure", "lifetime_value", "e_bill", "sentiment0", "contract"):
            np.testing.assert_array_equal(final[name], getattr(population, name),
                                          err_msg=name)


def test_plans_share_every_draw_until_they_act() -> None:
    """Common random numbers reach the thresholds and the thread noise too: a plan that does
    nothing until hour 200 matches the baseline hour by hour until then, and differs after."""
    late = plan_from_mapping({"name": "late", "scenario": SCENARIO.id, "actions": [
        {"at": 200, "channel": "sms", "audience": "everyone",
         "message": ["apology", "refund"]}]}).check(SCENARIO)
    baseline = simulate(SCENARIO, no_response(SCENARIO.id), seed=4, replication=1,
                        customers=1500)
    acting = simulate(SCENARIO, late, seed=4, replication=1, customers=1500)
    for name in baseline.hourly:
        np.testing.assert_array_equal(baseline.hourly[name][:200], acting.hourly[name][:200],
                                      err_msg=name)
    for name in ("sentiment_mean", "refunded", "cost"):
        assert not np.array_equal(baseline.hourly[name][200:], acting.hourly[name][200:]), name


def test_a_resized_case_keeps_its_capacities_in_proportion():
    """``with_customers(n)`` and ``customers=n`` are the same scale model of the case: staff,
    queues and the thread scale with the population, so costs and results agree."""
    import casekit
    scenario = casekit.load_scenario("isp-overbilling")
    plans = Path(__file__).resolve().parent.parent / "scenarios" / "isp-overbilling" / "plans"
    plan = casekit.load_plan(plans / "transparent-rebuild.yaml", scenario)
    by_argument = casekit.simulate(scenario, plan, seed=3, customers=3000).totals
    resized = scenario.with_customers(3000)
    assert resized.population.reference == scenario.population.customers
    assert casekit.simulate(resized, plan, seed=3).totals == by_argument
    full = casekit.simulate(scenario, plan, seed=3, customers=scenario.population.customers)
    # Staffing costs scale with the population: 3,000 customers pay 15% of the full bill.
    assert by_argument["cost"] < 0.3 * full.totals["cost"]


@pytest.mark.parametrize("scenario_id", ["isp-overbilling", "isp-vat-display"])
def test_every_reference_plan_runs_the_same_alone_and_in_a_batch(scenario_id: str) -> None:
    """The tournament and the CLI run replications in batches; a student's single run in
    the notebook must still show the very same numbers."""
    from casekit.simulation import simulate_batch
    from test_properties import assert_same_run
    scenario = load_scenario(scenario_id)
    plans = [load_plan(f, scenario)
             for f in sorted((scenario_dir() / scenario_id / "plans").glob("*.yaml"))]
    for plan in plans + [no_response(scenario.id)]:
        batch = simulate_batch(scenario, plan, 9, [3, 0, 7], customers=2500)
        for run in batch:
            assert_same_run(run, simulate(scenario, plan, seed=9, replication=run.replication,
                                          customers=2500))


def test_remembered_draws_are_read_only_and_keyed_by_every_number() -> None:
    """Draws are reused across plans, so nothing may write to them, and a changed case (even
    one copied without clearing its cached fingerprint) must not reuse the old draws."""
    from casekit.kinds.complaint_crisis import draws
    first, second = draws.customer_draws(SCENARIO, 2, [0, 1], 800)
    assert draws.customer_draws(SCENARIO, 2, [0], 800)[0] is first
    assert not np.array_equal(first.E_churn, second.E_churn)
    with pytest.raises(ValueError):
        first.E_churn[0] = 1.0
    with pytest.raises(ValueError):
        first.population.sentiment0[0] = 0.0
    _ = SCENARIO.fingerprint
    population = SCENARIO.population.model_copy(update={
        "tenure_months_mean": SCENARIO.population.tenure_months_mean.model_copy(
            update={"value": 99.0})})
    changed = SCENARIO.model_copy(update={"population": population})
    (other,) = draws.customer_draws(changed, 2, [0], 800)
    assert other is not first
    assert not np.array_equal(other.population.tenure, first.population.tenure)


def test_vectorised_draws_match_the_scalar_ones_whatever_their_neighbours() -> None:
    """The thread's Poisson counts are drawn for all replications at once; each count must
    be what the one-at-a-time inversion gives, and must not depend on the other rates in
    the call (they set the table's width)."""
    from statistics import NormalDist

    from casekit.engine.randomness import (_inverted, normal_quantiles, poisson_from_uniform,
                                           poisson_quantiles)
    rng = np.random.default_rng(7)
    lam = np.concatenate([rng.random(400) * 4, rng.random(400) * 30, rng.random(200) * 900])
    u = rng.random(lam.size)
    u[::50] = 1 - 1e-13  # far tails, beyond any table
    expected = [poisson_from_uniform(float(a), float(b)) for a, b in zip(lam, u)]
    assert poisson_quantiles(lam, u).tolist() == expected
    assert poisson_quantiles(lam.reshape(20, 50), u.reshape(20, 50)).ravel().tolist() == expected
    small, tails = lam[:400], u[:400]
    alone = [int(_inverted(small[i:i + 1], tails[i:i + 1])[0]) for i in range(400)]
    beside_a_large_rate = _inverted(np.append(small, 4.0), np.append(tails, 0.5))[:400]
    assert beside_a_large_rate.tolist() == alone
    p = np.concatenate([rng.random(500), [1e-12, 1 - 1e-12, 0.5, 0.075, 0.925]])
    np.testing.assert_allclose(normal_quantiles(p), [NormalDist().inv_cdf(float(x)) for x in p],
                               rtol=0, atol=1e-12)
