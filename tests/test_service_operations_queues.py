"""The service-operations queues against independent oracles, and Little's law.

* The phone line against Erlang-A: the stationary distribution of the M/M/n+M birth-death
  chain solved here as a linear system (not the engine's product form), and the share who
  abandon as theta E[queue] / lambda (Garnett, Mandelbaum & Reiman 2002).
* The backlog queue against a first-come-first-served loop, item by item.
* Little's law (time-average number in the queue = arrival rate x mean time in it) for
  every queue the engine runs: each intake channel and each department.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from casekit.kinds.service_operations.engine import simulate
from casekit.kinds.service_operations.queues import (
    PHONE_PLACES,
    backlog_queue,
    erlang_a_states,
    phone_queue,
)
from casekit.kinds.service_operations.schema import load_service_scenario, load_settings

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"


def scenario_path(name: str) -> Path:
    path = SCENARIOS / f"{name}.yaml"
    return path if path.exists() else SCENARIOS / f"_draft-{name}.yaml"


def erlang_a_oracle(lam: float, mu: float, theta: float, n: int, states: int = 400
                    ) -> tuple[float, float]:
    """Share who abandon and mean wait on hold, from the generator of the birth-death chain
    (pi Q = 0, sum pi = 1, solved by least squares)."""
    Q = np.zeros((states, states))
    for k in range(states):
        if k + 1 < states:
            Q[k, k + 1] = lam
        if k > 0:
            Q[k, k - 1] = min(k, n) * mu + max(k - n, 0) * theta
        Q[k, k] = -Q[k].sum()
    A = np.vstack([Q.T, np.ones(states)])
    b = np.zeros(states + 1)
    b[-1] = 1.0
    pi = np.linalg.lstsq(A, b, rcond=None)[0]
    queue = float((pi * np.maximum(np.arange(states) - n, 0)).sum())
    return theta * queue / lam, queue / lam


def test_oracle_reproduces_the_research_note() -> None:
    # next-cases.md: 60 calls/h, 6 min handling, 4 min patience: about 10.8% abandon with
    # 7 agents and 6.2% with 8.
    assert erlang_a_oracle(60, 10, 15, 7)[0] == pytest.approx(0.108, abs=0.001)
    assert erlang_a_oracle(60, 10, 15, 8)[0] == pytest.approx(0.062, abs=0.001)


@pytest.mark.parametrize("agents", [3, 7, 8, 12])
def test_phone_line_matches_erlang_a(agents: int) -> None:
    """Constant arrivals (60 an hour, every hour) on a single line: the engine's callers
    abandon as Erlang-A says, within 0.006 (four standard errors at 40,000 calls), and wait
    on hold as long as it says, within 3% or 6 seconds."""
    lam, mu, theta, hours = 60.0, 10.0, 15.0, 666
    rng = np.random.default_rng(agents)
    arrivals = np.repeat(np.arange(hours), int(lam)) + \
        np.tile((np.arange(int(lam)) + 0.5) / lam, hours)
    n = arrivals.size
    patience = rng.exponential(1.0 / theta, n)
    result = phone_queue(arrivals, np.full(hours, agents), mu, theta, patience,
                         rng.random(n), rng.standard_exponential((n, PHONE_PLACES)))
    abandon, wait = erlang_a_oracle(lam, mu, theta, agents)
    assert 1.0 - result.answered.mean() == pytest.approx(abandon, abs=0.006)
    assert result.wait.mean() == pytest.approx(wait, rel=0.03, abs=0.1 / 60)
    # Little's law on the line: mean callers on hold = rate x mean wait on hold.
    assert result.queue_mean.mean() == pytest.approx(lam * result.wait.mean(), rel=0.03,
                                                     abs=0.1)


def test_phone_line_without_agents_loses_every_caller_after_their_patience() -> None:
    patience = np.array([0.05, 0.1, 0.2])
    result = phone_queue(np.array([1.2, 1.5, 1.7]), np.zeros(3, dtype=int), 10.0, 15.0,
                         patience, np.array([0.1, 0.5, 0.9]), np.ones((3, PHONE_PLACES)))
    assert not result.answered.any()
    assert np.array_equal(result.wait, patience)


def test_stationary_states_are_the_chain_solution() -> None:
    p = erlang_a_states(np.array([60.0]), np.array([7]), 10.0, 15.0, places=300)[0]
    abandon = 15.0 * (p * np.maximum(np.arange(p.size) - 7, 0)).sum() / 60.0
    assert abandon == pytest.approx(erlang_a_oracle(60, 10, 15, 7)[0], rel=1e-6)


def fifo_loop(arrivals: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """Item by item: each item needs one unit of work, done at capacity[h] units an hour
    in hour h, first come first served."""
    T = capacity.size
    done = np.full(arrivals.size, np.inf)
    free = 0.0  # when the agents are free for the next item
    for k in np.argsort(arrivals, kind="stable"):
        t = max(free, arrivals[k])
        work = 1.0
        while t < T:
            h = int(t)
            rate = capacity[h]
            room = (h + 1 - t) * rate
            if rate > 0 and room >= work - 1e-12:
                t += work / rate
                work = 0.0
                break
            work -= room
            t = h + 1.0
        if work == 0.0:
            done[k] = t
            free = t
        else:
            free = float(T)
    return done


def test_backlog_queue_matches_the_item_by_item_loop() -> None:
    rng = np.random.default_rng(4)
    T = 240
    hod = np.arange(T) % 24
    capacity = np.where((hod >= 9) & (hod < 18), 6.0, 0.0)
    capacity[100:110] = 0.0  # a day off
    arrivals = rng.uniform(0, T, 900)
    fast = backlog_queue(arrivals, capacity).done
    slow = fifo_loop(arrivals, capacity)
    assert np.array_equal(np.isfinite(fast), np.isfinite(slow))
    finite = np.isfinite(fast)
    assert finite.sum() > 500
    np.testing.assert_allclose(fast[finite], slow[finite], atol=1e-7)
    assert (fast[finite] >= arrivals[finite]).all()


def test_backlog_queue_without_staff_answers_nobody() -> None:
    result = backlog_queue(np.array([1.0, 5.0]), np.zeros(10))
    assert np.isinf(result.done).all()
    assert result.in_system[-1] == 2


def little(hourly_queue: np.ndarray, entered: np.ndarray, left: np.ndarray, T: int
           ) -> tuple[float, float]:
    """(time-average number in the queue from the hourly series, arrival rate x mean time
    in the queue from the items), both over [0, T)."""
    inside = entered < T
    time_in = np.minimum(np.where(np.isfinite(left), left, T), T)[inside] - entered[inside]
    return float(hourly_queue.mean()), float(time_in.sum() / T)


@pytest.mark.parametrize("plan", ["what-the-retailer-did", "what-the-competitor-did"])
def test_littles_law_holds_for_every_queue(plan: str) -> None:
    scenario = load_service_scenario(scenario_path("ecommerce-late-order"))
    _, settings = load_settings(SCENARIOS / scenario.id / "plans" / f"{plan}.yaml",
                                   scenario)
    run = simulate(scenario, settings, seed=3)
    f, T = run.final, scenario.horizon_hours
    checked = 0
    contact = f["row_type"] < 2
    for c, channel in enumerate(scenario.intake):
        rows = contact & (f["row_channel"] == c)
        if rows.sum() < 20:
            continue
        series = run.hourly[f"queue_{channel}"]
        # The hourly series counts the queue at each hour's end (backlog) or its hourly
        # mean (phone): a half-hour offset at most, so 5% (or one item) of slack.
        L, lam_w = little(series, f["row_created"][rows], f["row_left"][rows], T)
        if scenario.intake[channel].queue == "phone":
            assert L == pytest.approx(lam_w, rel=0.1), channel
        else:
            assert L == pytest.approx(lam_w, rel=0.05, abs=1.0), channel
        checked += 1
    for j, department in enumerate(scenario.departments):
        tickets = (f["ticket_department"] == j) & ~f["ticket_fcr"] & \
            np.isfinite(f["ticket_queued"])
        if tickets.sum() < 20:
            continue
        L, lam_w = little(run.hourly[f"queue_dept_{department}"], f["ticket_queued"][tickets],
                          f["ticket_handled"][tickets], T)
        assert L == pytest.approx(lam_w, rel=0.05, abs=1.0), department
        checked += 1
    assert checked >= 3


def test_public_complaints_run_in_weekly_segments_on_long_horizons() -> None:
    from casekit.kinds.service_operations.engine import (
        _public_thread, draw_customers, thread_layout,
    )
    assert thread_layout(168) == (1, 168, 168)
    assert thread_layout(336) == (1, 336, 336)
    assert thread_layout(1344) == (8, 168, 336)
    assert thread_layout(1300) == (8, 168, 336)
    scenario = load_service_scenario(scenario_path("complaint-operations")).with_customers(50)
    T = scenario.horizon_hours
    posts, replies = np.zeros(T), np.zeros(T)
    posts[3 * 168 + 10] = 20  # twenty public complaints in week 4, nothing else
    noise = draw_customers(scenario, 1, 0).thread
    hourly, totals = [{}], [{"staff_cost": 0.0, "gift_cost": 0.0, "call_back_cost": 0.0,
                             "chase_cost": 0.0, "escalation_cost": 0.0}]
    _public_thread(scenario, [noise], [(posts, replies)], hourly, totals)
    attention = hourly[0]["public_attention"]
    assert attention.shape == (T,)
    assert attention[: 3 * 168 + 10].sum() == 0          # nothing before the posts
    assert attention[3 * 168 + 10] > 0
    assert attention[5 * 168:].sum() == 0                # followed for two weeks, no longer
    assert totals[0]["public_engagements"] == pytest.approx(attention.sum())
