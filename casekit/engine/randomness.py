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


def poisson_quantiles(lam: np.ndarray, u: np.ndarray, z: np.ndarray | None = None
                      ) -> np.ndarray:
    """``poisson_from_uniform`` over arrays, element by element, with the same arithmetic:
    the probabilities p_k = p_(k-1) * (lam / k) and their running sums are the same products
    and sums in the same order (``cumprod`` and ``cumsum`` go left to right), so a
    replication run alone and beside others draws the same counts. ``z``, if given, is
    ``normal_quantiles`` of the same clipped u, computed once ahead (the thread's noise is
    fixed, so its quantiles are drawn with it)."""
    lam = np.asarray(lam, dtype=float)
    u = np.asarray(u, dtype=float)
    k = np.zeros(lam.shape)
    flat_lam, flat_u, flat_k = lam.reshape(-1), u.reshape(-1), k.reshape(-1)
    big = np.flatnonzero(flat_lam > 30)
    if big.size:  # normal approximation, as above
        rate = flat_lam[big]
        zz = normal_quantiles(clip_unit(flat_u[big])) if z is None else \
            np.asarray(z, dtype=float).reshape(-1)[big]
        flat_k[big] = np.maximum(0.0, np.round(rate + np.sqrt(rate) * zz))
    # Small rates need short tables: two groups, each with columns enough for all but
    # about 1e-12 of its largest rate's mass (a column more or less changes no count).
    for group in (np.flatnonzero((flat_lam > 0) & (flat_lam <= 4)),
                  np.flatnonzero((flat_lam > 4) & (flat_lam <= 30))):
        if group.size:
            flat_k[group] = _inverted(flat_lam[group], flat_u[group])
    return k


def _inverted(rate: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Poisson inversion for rates up to 30 (see poisson_quantiles)."""
    top = float(rate.max())
    width = min(_POISSON_TABLE, int(top + 8.0 * math.sqrt(top) + 12.0))
    steps = np.empty((rate.size, width))
    steps[:, 0] = np.exp(-rate)
    steps[:, 1:] = rate[:, None] / np.arange(1, width)
    probability = np.cumprod(steps, axis=1)
    cumulative = np.cumsum(probability, axis=1)
    reached = u[:, None] <= cumulative
    count = np.argmax(reached, axis=1)
    for j in np.flatnonzero(~reached[:, -1]).tolist():  # beyond the table: rare
        # Go on from the table's last column with the same float64 steps, so the count
        # does not depend on how wide the table was (that is, on the other rates).
        k, p, c, lam, uj = width - 1, float(probability[j, -1]), float(cumulative[j, -1]), \
            float(rate[j]), float(u[j])
        while uj > c and k < 10_000:
            k += 1
            p *= lam / k
            c += p
        count[j] = k
    return count


# Wichura (1988), algorithm AS241, as in Python's statistics.NormalDist.inv_cdf: numerator
# and denominator coefficients, highest power first (np.polyval is Horner's rule).
_AS241_CENTRAL = (
    (2.5090809287301226727e+3, 3.3430575583588128105e+4, 6.7265770927008700853e+4,
     4.5921953931549871457e+4, 1.3731693765509461125e+4, 1.9715909503065514427e+3,
     1.3314166789178437745e+2, 3.3871328727963666080e+0),
    (5.2264952788528545610e+3, 2.8729085735721942674e+4, 3.9307895800092710610e+4,
     2.1213794301586595867e+4, 5.3941960214247511077e+3, 6.8718700749205790830e+2,
     4.2313330701600911252e+1, 1.0))
_AS241_NEAR = (
    (7.74545014278341407640e-4, 2.27238449892691845833e-2, 2.41780725177450611770e-1,
     1.27045825245236838258e+0, 3.64784832476320460504e+0, 5.76949722146069140550e+0,
     4.63033784615654529590e+0, 1.42343711074968357734e+0),
    (1.05075007164441684324e-9, 5.47593808499534494600e-4, 1.51986665636164571966e-2,
     1.48103976427480074590e-1, 6.89767334985100004550e-1, 1.67638483018380384940e+0,
     2.05319162663775882187e+0, 1.0))
_AS241_FAR = (
    (2.01033439929228813265e-7, 2.71155556874348757815e-5, 1.24266094738807843860e-3,
     2.65321895265761230930e-2, 2.96560571828504891230e-1, 1.78482653991729133580e+0,
     5.46378491116411436990e+0, 6.65790464350110377720e+0),
    (2.04426310338993978564e-15, 1.42151175831644588870e-7, 1.84631831751005468180e-5,
     7.86869131145613259100e-4, 1.48753612908506148525e-2, 1.36929880922735805310e-1,
     5.99832206555887937690e-1, 1.0))


def clip_unit(u: np.ndarray) -> np.ndarray:
    """Keep u inside (0, 1) for a quantile, as poisson_from_uniform does."""
    return np.clip(u, 1e-12, 1 - 1e-12)


def normal_quantiles(p: np.ndarray) -> np.ndarray:
    """The standard normal quantile of each p in (0, 1), element by element (AS241)."""
    p = np.asarray(p, dtype=float)
    q = p - 0.5
    x = np.empty_like(p)
    central = np.abs(q) <= 0.425
    if central.any():
        qc = q[central]
        r = 0.180625 - qc * qc
        x[central] = np.polyval(_AS241_CENTRAL[0], r) * qc / np.polyval(_AS241_CENTRAL[1], r)
    tail = ~central
    if tail.any():
        qt = q[tail]
        r = np.sqrt(-np.log(np.where(qt <= 0.0, p[tail], 1.0 - p[tail])))
        near = r <= 5.0
        out = np.empty_like(r)
        for mask, (num, den), shift in ((near, _AS241_NEAR, 1.6), (~near, _AS241_FAR, 5.0)):
            rr = r[mask] - shift
            out[mask] = np.polyval(num, rr) / np.polyval(den, rr)
        x[tail] = np.where(qt < 0.0, -out, out)
    return x
