"""The firm's queues, vectorised over tickets.

``backlog_queue``: e-mail, web form, social care, complaint sites and departments. Work is
answered first come, first served by the agents on duty, each handling ``per_agent_hour``
items an hour; nobody works outside the opening hours, so a backlog builds overnight and at
weekends. Service is fluid (an agent's hour is split evenly over the items), so the k-th item
in arrival order is done when the cumulative capacity reaches
``g_k = (k + 1) + max_{j <= k} (G(a_j) - j)``, with ``G`` the capacity worked since hour 0:
the Lindley recursion ``g_k = max(G(a_k), g_(k-1)) + 1`` in closed form.

``phone_queue``: Erlang-A (M/M/n+M, Garnett, Mandelbaum & Reiman 2002) in each hour, with
that hour's callers and agents (the pointwise-stationary approximation of Green & Kolesar
1991; calls and patience last minutes, so an hour is long enough for the line to settle). A
caller finds N people on the line with the stationary probability (PASTA); with j = N - n
people ahead, her offered wait is the sum of j + 1 exponential stages with rates
n mu + i theta (i = j, ..., 0: a place frees when an agent finishes or someone ahead hangs
up). She hangs up if her own patience is shorter.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = [
    "PHONE_PLACES",
    "BacklogResult",
    "PhoneResult",
    "backlog_queue",
    "erlang_a_states",
    "phone_queue",
]

#: Places in the phone queue beyond the agents that the engine tracks; the stationary mass
#: beyond them is folded into the last place (negligible unless callers outnumber agents
#: many times over with patience far longer than service).
PHONE_PLACES = 64


@dataclass
class BacklogResult:
    done: np.ndarray      # completion time of each item (inf if not within the horizon)
    in_system: np.ndarray  # items waiting or being answered at the end of each hour (T)


def backlog_queue(arrivals: np.ndarray, capacity: np.ndarray) -> BacklogResult:
    """Completion times of items arriving at ``arrivals`` (hours, any order) served FIFO by
    ``capacity[h]`` items per hour in hour h (fluid service); inf when past the horizon."""
    a = np.asarray(arrivals, dtype=float)
    capacity = np.asarray(capacity, dtype=float)
    T = capacity.shape[0]
    G_edges = np.concatenate([[0.0], np.cumsum(capacity)])
    done = np.full(a.shape, np.inf)
    in_system = np.zeros(T)
    inside = np.flatnonzero(a < T)
    if inside.size == 0:
        return BacklogResult(done, in_system)
    order = inside[np.argsort(a[inside], kind="stable")]
    at = a[order]
    hour = np.minimum(at.astype(np.int64), T - 1)
    G_at = G_edges[hour] + (at - hour) * capacity[hour]
    index = np.arange(at.size, dtype=float)
    goal = index + 1.0 + np.maximum.accumulate(G_at - index)
    # First time G reaches the goal: the hour whose end first reaches it, then linearly.
    h = np.searchsorted(G_edges, goal, side="left") - 1
    h = np.maximum(h, 0)
    finished = goal <= G_edges[-1] + 1e-9
    hh = np.minimum(h, T - 1)
    rate = capacity[hh]
    with np.errstate(divide="ignore", invalid="ignore"):
        t = hh + np.where(rate > 0, (goal - G_edges[hh]) / rate, 0.0)
    t = np.maximum(t, at)  # an idle agent answers at once (guards rounding only)
    done[order] = np.where(finished, t, np.inf)
    edges = np.arange(1, T + 1, dtype=float)
    arrived = np.searchsorted(np.sort(at), edges, side="right")
    completed = np.searchsorted(np.sort(done[order][finished]), edges, side="right")
    in_system[:] = arrived - completed
    return BacklogResult(done, in_system)


def erlang_a_states(calls: np.ndarray, agents: np.ndarray, mu: float, theta: float,
                    places: int = PHONE_PLACES) -> np.ndarray:
    """Stationary probabilities of N = 0 .. n_max callers on the line for each hour (H, S),
    S = max(agents) + places + 1, from the birth-death chain's product form: arrivals at
    ``calls`` per hour, departures min(N, n) mu + max(N - n, 0) theta."""
    calls = np.asarray(calls, dtype=float)
    agents = np.asarray(agents, dtype=np.int64)
    S = int(agents.max(initial=0)) + places + 1
    N = np.arange(1, S)
    death = np.minimum(N[None, :], agents[:, None]) * mu + \
        np.maximum(N[None, :] - agents[:, None], 0) * theta
    with np.errstate(divide="ignore"):
        log_step = np.log(np.maximum(calls, 1e-300))[:, None] - np.log(death)
    log_p = np.concatenate([np.zeros((calls.size, 1)), np.cumsum(log_step, axis=1)], axis=1)
    log_p -= log_p.max(axis=1, keepdims=True)
    p = np.exp(log_p)
    p /= p.sum(axis=1, keepdims=True)
    p[calls <= 0] = 0.0
    p[calls <= 0, 0] = 1.0
    return p


@dataclass
class PhoneResult:
    answered: np.ndarray    # True when an agent picked up before the caller hung up
    wait: np.ndarray        # hours on hold (to the answer or to hanging up)
    queue_mean: np.ndarray  # expected callers on hold in each hour (T)
    calls: np.ndarray       # callers in each hour (T)


def phone_queue(arrivals: np.ndarray, agents_by_hour: np.ndarray, mu: float, theta: float,
                patience: np.ndarray, u_state: np.ndarray, stages: np.ndarray) -> PhoneResult:
    """Each caller's fate on an Erlang-A line.

    ``mu`` is calls per agent hour, ``theta`` 1 / the callers' mean patience (per hour);
    ``patience`` each caller's own patience in hours (exponential with that mean),
    ``u_state`` a uniform per caller for the state she finds, ``stages`` Exp(1) draws
    (callers x places) for the stages of her offered wait.
    """
    a = np.asarray(arrivals, dtype=float)
    agents = np.asarray(agents_by_hour, dtype=np.int64)
    T = agents.shape[0]
    hour = np.clip(a.astype(np.int64), 0, T - 1)
    inside = a < T
    calls = np.bincount(hour[inside], minlength=T).astype(float)
    p = erlang_a_states(calls, agents, mu, theta)
    S = p.shape[1]
    n = agents[hour]
    cdf = np.cumsum(p, axis=1)
    cdf[:, -1] = 1.0
    found = (cdf[hour] < u_state[:, None]).sum(axis=1)   # N seen on arrival
    ahead = np.maximum(found - n, -1)                      # people ahead in line (-1: free)
    places = stages.shape[1]
    ahead = np.minimum(ahead, places - 1)
    i = np.arange(places)[None, :]
    # Stage i has i people ahead of her: she moves up at rate n mu + i theta.
    rates = n[:, None] * mu + i * theta
    with np.errstate(divide="ignore"):
        stage_time = np.where(i <= ahead[:, None], stages / rates, 0.0)
    offered = stage_time.sum(axis=1)
    answered = (patience >= offered) & inside
    wait = np.where(answered, offered, patience)
    wait = np.where(inside, wait, 0.0)
    queued = np.maximum(np.arange(S)[None, :] - agents[:, None], 0)
    queue_mean = (p * queued).sum(axis=1)
    return PhoneResult(answered, wait, queue_mean, calls)
