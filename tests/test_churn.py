"""The churn ledger (casekit.engine.churn) leaves customers in the same hour as spending
every threshold hour by hour, whatever the window, the rate changes and the anger."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casekit.engine.churn import ChurnLedger

F32 = np.float32


def hour_by_hour(threshold, rates, angers, negs, changes, closes):
    """The plain model in float64: spend C + D max(-s, 0) every hour, for every customer."""
    left = threshold.astype(np.float64)
    C, D = rates.astype(np.float64), angers.astype(np.float64)
    gone = np.full(threshold.size, -1)
    lefts = []
    for t, neg in enumerate(negs):
        for idx, c, d in changes.get(t, ()):
            C[idx], D[idx] = c, d
        left = left - C + D * neg
        lefts.append(left.copy())
        out = (left <= 0) & (gone < 0)
        gone[out] = t
        left[closes.get(t, [])] = np.inf
        C[closes.get(t, [])] = D[closes.get(t, [])] = 0.0
    return gone, np.array(lefts)


def with_ledger(threshold, rates, angers, negs, changes, closes, window):
    ledger = ChurnLedger(threshold, rates, angers, window=window)
    gone = np.full(threshold.size, -1)
    for t, neg in enumerate(negs):
        ledger.open_hour(neg.astype(F32))
        for part in (slice(0, threshold.size // 3), slice(threshold.size // 3, None)):
            ledger.add(part)
        for idx, c, d in changes.get(t, ()):
            ledger.set_rates(idx, np.full(idx.size, c, dtype=F32), np.full(idx.size, d, dtype=F32))
        out = ledger.spend()
        out = out[gone[out] < 0]
        gone[out] = t
        ledger.close(np.asarray(closes.get(t, []), dtype=np.int64))
    return gone


def case(seed: int, n: int = 400, hours: int = 90, scale: float = 0.02):
    """Customers with thresholds of all sizes, rates that change, anger that comes and goes."""
    rng = np.random.default_rng(seed)
    threshold = rng.exponential(1.0, n).astype(F32)
    rates = (rng.random(n) * scale).astype(F32)
    angers = (rng.random(n) * 2 * scale).astype(F32)
    negs = np.minimum(rng.uniform(-1.2, 0.6, (hours, n)), 0.0).clip(-1.0, 0.0).astype(F32)
    changes = {int(t): [(rng.choice(n, rng.integers(1, n // 4)), float(rng.random() * scale * 3),
                         float(rng.random() * scale * 3))]
               for t in rng.choice(hours, 8, replace=False)}
    closes = {int(t): list(rng.choice(n, 5)) for t in rng.choice(hours, 5, replace=False)}
    return threshold, rates, angers, negs, changes, closes


def assert_same_hours(expected, lefts, got):
    differ = np.flatnonzero(expected != got)
    # Float rounding may move a customer whose threshold ran out within rounding of an hour's
    # end by one hour; nobody else.
    for i in differ:
        t = min(expected[i], got[i]) if min(expected[i], got[i]) >= 0 else max(expected[i],
                                                                                   got[i])
        assert abs(lefts[t, i]) < 1e-5, (i, expected[i], got[i], lefts[t, i])
    assert differ.size <= 1


@pytest.mark.parametrize("window", [1, 5, 24, 1000])
def test_customers_leave_in_the_same_hour_as_hour_by_hour(window: int) -> None:
    for seed in range(6):
        threshold, rates, angers, negs, changes, closes = case(seed)
        expected, lefts = hour_by_hour(threshold, rates, angers, negs, changes, closes)
        got = with_ledger(threshold, rates, angers, negs, changes, closes, window)
        assert (expected >= 0).sum() > 50    # plenty of customers leave in these cases
        assert_same_hours(expected, lefts, got)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), window=st.integers(1, 60),
       scale=st.sampled_from([1e-5, 1e-3, 0.05]))
def test_the_ledger_never_misses_a_customer(seed: int, window: int, scale: float) -> None:
    threshold, rates, angers, negs, changes, closes = case(seed, n=200, hours=70, scale=scale)
    expected, lefts = hour_by_hour(threshold, rates, angers, negs, changes, closes)
    got = with_ledger(threshold, rates, angers, negs, changes, closes, window)
    assert_same_hours(expected, lefts, got)


def hour(ledger: ChurnLedger, neg: list[float]) -> np.ndarray:
    ledger.open_hour(np.array(neg, dtype=F32))
    ledger.add()
    return ledger.spend()


def test_a_new_rate_counts_from_the_hour_it_is_set_in() -> None:
    ledger = ChurnLedger(np.array([1.0, 1.0], dtype=F32), np.array([0.1, 0.1], dtype=F32),
                         np.array([0.2, 0.2], dtype=F32), window=4)
    hour(ledger, [-0.5, -0.5])
    ledger.open_hour(np.array([-1.0, -1.0], dtype=F32))
    ledger.add()
    ledger.set_rates(np.array([1]), np.array([0.05], dtype=F32), np.array([0.0], dtype=F32))
    ledger.spend()
    # hour 1 at the old rates for both (0.1 + 0.2 x 0.5); hour 2 at the old rates (0.1 + 0.2)
    # for the first, at the new ones (0.05 + 0) for the second.
    assert ledger.left() == pytest.approx([1 - 0.2 - 0.3, 1 - 0.2 - 0.05], abs=1e-6)
    hour(ledger, [-1.0, -1.0])
    assert ledger.left() == pytest.approx([0.5 - 0.3, 0.75 - 0.05], abs=1e-6)


def test_left_is_the_threshold_less_what_was_spent() -> None:
    ledger = ChurnLedger(np.array([1.0, 2.0, 0.5], dtype=F32), np.array([0.1, 0.0, 0.01],
                         dtype=F32), np.array([0.0, 0.5, 0.1], dtype=F32), window=4)
    for neg in ([-1.0, -0.2, 0.0], [0.0, -0.4, -1.0], [-0.5, 0.0, -0.5]):
        hour(ledger, neg)
    # 1 - 3 x 0.1;  2 - 0.5 x (0.2 + 0.4);  0.5 - 3 x 0.01 - 0.1 x 1.5
    assert ledger.left() == pytest.approx([0.7, 1.7, 0.32], abs=1e-6)
    ledger.set_rates(np.array([0]), np.array([0.2], dtype=F32), np.array([1.0], dtype=F32))
    assert ledger.left()[0] == pytest.approx(0.7, abs=1e-6)   # a new rate spends nothing
    for _ in range(3):   # crosses into the next window: the account is settled on the way
        hour(ledger, [-0.1, 0.0, 0.0])
    assert ledger.left() == pytest.approx([0.7 - 3 * 0.3, 1.7, 0.32 - 0.03], abs=1e-6)
    ledger.close(np.array([1]))
    assert ledger.left()[1] == np.inf


def test_only_customers_close_to_leaving_are_watched() -> None:
    # Rates like the ISP case's (1.5% a month, x4.5 when unresolved and angry): a day's
    # hazard is about 1e-3, so about 0.1-0.5% of Exp(1) thresholds are within reach.
    rng = np.random.default_rng(3)
    n = 100_000
    h0 = -np.log(1 - 0.015) / 720
    ledger = ChurnLedger(rng.exponential(1.0, n), np.full(n, 4.5 * h0), np.full(n, 4.5 * h0))
    assert 0 < ledger._watch.size < 0.01 * n
