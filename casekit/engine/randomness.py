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


#: Counts above this are found by the scalar loop (lam <= 30 makes them vanishingly rare).
_POISSON_TABLE = 128


def poisson_quantiles(lam: np.ndarray, u: np.ndarray) -> np.ndarray:
    """``poisson_from_uniform`` over arrays, element by element, with the same arithmetic:
    the probabilities p_k = p_(k-1) * (lam / k) and their running sums are the same products
    and sums in the same order (``cumprod`` and ``cumsum`` go left to right), so a
    replication run alone and beside others draws the same counts."""
    lam = np.asarray(lam, dtype=float)
    u = np.asarray(u, dtype=float)
    k = np.zeros(lam.shape)
    flat_lam, flat_u, flat_k = lam.reshape(-1), u.reshape(-1), k.reshape(-1)
    for i in np.flatnonzero(flat_lam > 30).tolist():  # normal approximation, as above
        flat_k[i] = poisson_from_uniform(float(flat_lam[i]), float(flat_u[i]))
    small = np.flatnonzero((flat_lam > 0) & (flat_lam <= 30))
    if small.size:
        rate, uu = flat_lam[small], flat_u[small]
        top = float(rate.max())  # columns enough for all but about 1e-12 of the mass
        width = min(_POISSON_TABLE, int(top + 8.0 * math.sqrt(top) + 12.0))
        steps = np.empty((small.size, width))
        steps[:, 0] = np.exp(-rate)
        steps[:, 1:] = rate[:, None] / np.arange(1, width)
        cumulative = np.cumsum(np.cumprod(steps, axis=1), axis=1)
        reached = uu[:, None] <= cumulative
        count = np.argmax(reached, axis=1)
        for j in np.flatnonzero(~reached[:, -1]).tolist():  # beyond the table: rare
            count[j] = poisson_from_uniform(float(rate[j]), float(uu[j]))
        flat_k[small] = count
    return k
