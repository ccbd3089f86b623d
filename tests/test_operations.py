"""The capacity queues: first come, first served, capacity respected, impatient callers."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from casekit.engine.operations import CapacityQueue, _stayers_in_order, stayers


def _queue(n, t=0):
    q = CapacityQueue()
    q.push(np.arange(n), t)
    return q


def test_serves_at_most_capacity_in_arrival_order():
    q = _queue(50)
    out = q.serve(0, capacity=20, alive=np.ones(50, dtype=bool))
    assert out.served.tolist() == list(range(20))
    assert out.abandoned.size == 0 and out.waiting == 30 == len(q)
    again = q.serve(1, capacity=20, alive=np.ones(50, dtype=bool))
    assert again.served.tolist() == list(range(20, 40))
    assert (again.waits >= 1.0).all()  # they waited from the previous hour


def test_customers_who_left_are_dropped_from_the_line():
    q = _queue(10)
    alive = np.ones(10, dtype=bool)
    alive[:5] = False
    assert q.serve(0, capacity=10, alive=alive).served.tolist() == [5, 6, 7, 8, 9]


def test_impatient_callers_hang_up_and_free_their_place():
    n = 60
    patience = np.full(n, 1 / 60)  # one minute
    patience[::2] = 10.0           # every other caller would wait ten hours
    q = _queue(n)
    out = q.serve(0, capacity=30, alive=np.ones(n, dtype=bool), patience=patience)
    assert out.abandoned.size > 10
    assert set(out.abandoned) <= set(range(1, n, 2))
    # No patient caller is lost, and those who hung up held no place: the full capacity
    # goes to callers who stayed.
    assert set(range(0, n, 2)) <= set(out.served) | set(q.members)
    assert out.served.size == 30


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-5, 200, allow_nan=False), min_size=1, max_size=300))
def test_fixed_point_matches_caller_by_caller(limits):
    limit = np.array(limits)
    assert np.array_equal(stayers(limit), _stayers_in_order(limit))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.tuples(st.integers(0, 3), st.floats(0.0, 3.0)), max_size=40),
                min_size=2, max_size=4),
       st.floats(0.5, 30.0))
def test_lines_of_several_replications_are_served_as_if_alone(lines, capacity):
    """One queue object holding several replications' lines serves each exactly as a queue
    holding that line alone would: same callers served, same waits, same abandonments."""
    n = 100  # customers per replication
    reps = len(lines)
    patience = np.random.default_rng(0).exponential(0.3, n * reps)
    alive = np.ones(n * reps, dtype=bool)
    joint = CapacityQueue(n, reps)
    alone = [CapacityQueue() for _ in range(reps)]
    for hour in range(4):
        for r, arrivals in enumerate(lines):
            who = np.array(sorted({r * n + k * 7 % n for k, (h, _) in enumerate(arrivals)
                                   if h == hour}), dtype=np.int64)
            alone[r].push(who, hour)
        joint.push(np.concatenate([np.array(sorted(
            {r * n + k * 7 % n for k, (h, _) in enumerate(arr) if h == hour}), dtype=np.int64)
            for r, arr in enumerate(lines)]), hour)
        out = joint.serve(hour, capacity, alive, patience)
        for r in range(reps):
            own = alone[r].serve(hour, capacity, alive, patience)
            mine = (out.served // n) == r
            np.testing.assert_array_equal(out.served[mine], own.served)
            np.testing.assert_array_equal(out.waits[mine], own.waits)
            np.testing.assert_array_equal(out.abandoned[(out.abandoned // n) == r],
                                          own.abandoned)
            assert out.waiting[r] == own.waiting[0]
