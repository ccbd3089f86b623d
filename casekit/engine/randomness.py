"""Random streams with common random numbers.

Every run is keyed by ``(seed, replication)``. From that key a ``SeedSequence`` spawns one
independent generator per purpose. Customer-level randomness is drawn once, up front, as
thresholds (for example an Exp(1) draw per customer for churn): a customer leaves when the
hazard accumulated since hour 0 passes their threshold. Because the draws never depend on the
plan, two plans run with the same key face the same customers, the same thresholds and the
same thread noise, and differ only through what the plans do.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np

STREAMS = ("population", "thresholds", "reach", "thread")
_NORMAL = NormalDist()


def streams(seed: int, replication: int) -> dict[str, np.random.Generator]:
    """One generator per purpose, identical for every plan with the same key."""
    if seed < 0 or replication < 0:
        raise ValueError("seed and replication must be zero or more")
    root = np.random.SeedSequence(entropy=int(seed), spawn_key=(int(replication),))
    return {name: np.random.Generator(np.random.PCG64(child))
            for name, child in zip(STREAMS, root.spawn(len(STREAMS)))}


def poisson_from_uniform(lam: float, u: float) -> int:
    """The Poisson(lam) quantile at u: inversion keeps plans coupled on the same draw."""
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, int(round(lam + math.sqrt(lam) * _NORMAL.inv_cdf(min(max(u, 1e-12),
                                                                          1 - 1e-12)))))
    k, p = 0, math.exp(-lam)
    cumulative = p
    while u > cumulative and k < 10_000:
        k += 1
        p *= lam / k
        cumulative += p
    return k
