"""Everything random about one replication, drawn once, before any plan acts.

For a key ``(seed, replication)`` this draws the customers (population stream), their
thresholds (thresholds stream), whether each channel would reach them (reach stream) and the
thread's noise (thread stream). None of it depends on the plan: that is what makes the
random numbers common to every plan.

Because of that, the draws can be kept and reused: a tournament or a comparison runs many
plans on the same replications, and drawing 20,000 customers costs about as much as a
tenth of a run. A small cache in each process holds the most recent draws, read-only; the
simulation copies what it changes.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, fields

import numpy as np

from casekit.kinds.complaint_crisis.population import Population, draw_population
from casekit.engine.randomness import streams
from casekit.engine.spread import noise_quantiles, thread_noise
from casekit.kinds.complaint_crisis.schema import CrisisScenario as Scenario
from casekit.vocabulary import CHANNELS

F32 = np.float32
#: The cache keeps draws for at most this many customers in all (about 150 bytes each).
CACHE_CUSTOMERS = 1_200_000


@dataclass(frozen=True)
class CustomerDraws:
    """One replication's random numbers, one entry per customer unless said otherwise."""

    population: Population
    E_churn: np.ndarray          # Exp(1): churn when the accumulated hazard passes it
    E_complain: np.ndarray       # Exp(1): complain when the accumulated urge passes it
    check_order: np.ndarray      # customers in the order their bill-check level is reached
    check_sorted: np.ndarray     # those levels, ascending
    patience: np.ndarray         # hours a caller will wait in the queue
    ultimatum: np.ndarray        # bool: "refund today or I cancel"
    follow_through: np.ndarray   # U(0,1): compared with the chance of carrying it out
    escalates: np.ndarray        # bool: takes an abandoned call to social media
    reach_u: np.ndarray          # (channels, customers) U(0,1) reach draws
    thread_u: np.ndarray         # (hours, 5) U(0,1) thread noise
    thread_z: np.ndarray         # (hours, 5) their standard normal quantiles


def draw(scenario: Scenario, seed: int, replication: int, n: int) -> CustomerDraws:
    """Draw replication ``replication`` of ``seed`` for ``n`` customers."""
    rng = streams(seed, replication)
    pop = draw_population(scenario, n, rng["population"])
    m, inc, ops = scenario.model, scenario.incident, scenario.operations
    t = rng["thresholds"]
    e = t.exponential(1.0, (4, n)).astype(F32)
    # A customer who does not know yet checks the bill once the thread exposure they took
    # in passes an Exp(1) threshold. Their exposure is their visibility times the thread's
    # cumulative attention X(t), so the check happens when X(t) passes
    # E / (visibility * rate): sorting those levels once lets each hour pick out the new
    # checkers with a binary search instead of a pass over every customer.
    level = e[2] / F32(max(inc.check_after_exposure.value, 1e-9))
    level = level / np.maximum(pop.visibility, F32(1e-6))
    order = np.argsort(level, kind="stable")
    u = t.random((3, n), dtype=F32)
    noise = thread_noise(rng["thread"], scenario.horizon_hours)
    return CustomerDraws(
        population=pop, E_churn=e[0], E_complain=e[1], check_order=order,
        check_sorted=level[order],
        patience=e[3] * F32(ops.patience_minutes.value / 60.0),
        ultimatum=u[0] < m.ultimatum_share.value, follow_through=u[1],
        escalates=u[2] < ops.escalate_to_social_share.value,
        reach_u=rng["reach"].random((len(CHANNELS), n), dtype=F32),
        thread_u=noise, thread_z=noise_quantiles(noise),
    )


_cache: OrderedDict[tuple, CustomerDraws] = OrderedDict()


def customer_draws(scenario: Scenario, seed: int, replications: Sequence[int],
                   n: int) -> list[CustomerDraws]:
    """``draw`` for each replication, remembered: the same key returns the same read-only
    arrays.

    The key hashes the scenario's every number afresh (about 0.1 ms, once per call), not its
    cached fingerprint, so even a copy made with pydantic's ``model_copy`` cannot hit stale
    draws.
    """
    blob = scenario.model_dump_json(exclude={"source_path"}).encode()
    case = hashlib.sha256(blob).hexdigest()
    return [_remembered(scenario, (case, int(seed), int(r), int(n))) for r in replications]


def _remembered(scenario: Scenario, key: tuple[str, int, int, int]) -> CustomerDraws:
    found = _cache.get(key)
    if found is not None:
        _cache.move_to_end(key)
        return found
    _, seed, replication, n = key
    result = draw(scenario, seed, replication, n)
    if n <= CACHE_CUSTOMERS // 2:
        for value in _arrays(result):
            value.flags.writeable = False
        _cache[key] = result
        while sum(k[3] for k in _cache) > CACHE_CUSTOMERS:
            _cache.popitem(last=False)
    return result


def clear_cache() -> None:
    _cache.clear()


def _arrays(d: CustomerDraws) -> list[np.ndarray]:
    out = [getattr(d.population, f.name) for f in fields(Population)]
    return out + [getattr(d, f.name) for f in fields(CustomerDraws) if f.name != "population"]


def join_populations(parts: list[Population]) -> Population:
    """Several replications' customers in one population, one after another (always a new
    array, even for one part: the simulation may write to it)."""
    return Population(**{f.name: np.concatenate([getattr(p, f.name) for p in parts])
                         for f in fields(Population)})
