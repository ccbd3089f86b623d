"""A fixed numpy workload that tells how fast this machine is right now.

Shared virtual machines slow down when their neighbours are busy, so the same benchmark can
vary by half from one minute to the next. The benchmarks print this figure beside theirs:
ten whole-array float32 operations over 600,000 values (one hour of the engine's
per-customer arithmetic for 30 replications of 20,000 customers), best of three.
On the 2-core machine casekit was developed on it measured 4.2 ms when nothing else ran and
up to 7 ms when the host was busy.
"""

from __future__ import annotations

import time

import numpy as np


def reference_ms(size: int = 600_000, rounds: int = 50) -> float:
    rng = np.random.default_rng(0)
    s, k, left, c, d, churn, tmp, neg = (rng.random(size, dtype=np.float32) for _ in range(8))
    decay = np.float32(0.97)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(rounds):
            np.minimum(s, np.float32(0), out=neg)
            np.multiply(k, neg, out=tmp)
            left += tmp
            k *= decay
            np.flatnonzero(left <= 0)
            churn -= c
            np.multiply(d, neg, out=tmp)
            churn += tmp
            np.flatnonzero(churn <= 0)
        best = min(best, (time.perf_counter() - start) / rounds * 1e3)
    return best


def describe() -> str:
    return (f"machine reference: {reference_ms():.1f} ms for one engine-hour of arithmetic "
            f"(4.2 ms on the development machine when idle; higher means a slower moment)")


if __name__ == "__main__":
    print(describe())
