"""Queues with limited capacity: the call centre, the back office and social care.

A queue holds the customers waiting, in order of arrival. Each hour it serves as many as
its capacity allows. New arrivals come spread evenly over the hour; a caller's wait is the
time until an agent is free for their place in line (place / hourly capacity) less the time
they arrived into the hour. In the call centre, a caller whose wait exceeds their patience
hangs up (abandons).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Served:
    served: np.ndarray      # customer indices answered this hour
    waits: np.ndarray       # hours each of them waited
    abandoned: np.ndarray   # customer indices who gave up this hour
    waiting: int            # still in line at the end of the hour


class CapacityQueue:
    """First come, first served, with optional abandonment."""

    def __init__(self) -> None:
        self.members = np.zeros(0, dtype=np.int64)
        self.entered = np.zeros(0, dtype=np.float64)

    def push(self, idx: np.ndarray, t: float) -> None:
        if idx.size:
            self.members = np.concatenate([self.members, idx.astype(np.int64)])
            self.entered = np.concatenate([self.entered, np.full(idx.size, float(t))])

    def __len__(self) -> int:
        return int(self.members.size)

    def serve(self, t: int, capacity: float, alive: np.ndarray,
              patience: np.ndarray | None = None) -> Served:
        """Serve hour ``t``: at most ``capacity`` customers, the rest wait or abandon."""
        if self.members.size == 0:
            empty = np.zeros(0, dtype=np.int64)
            return Served(empty, np.zeros(0), empty, 0)
        keep = alive[self.members]
        # Customers are pushed in time order, so the line is already first come, first served.
        members, entered = self.members[keep], self.entered[keep]
        rate = max(capacity, 1e-9)
        # Those who arrived this hour arrive spread over it; those waiting from earlier hours
        # are there from its start. A caller's wait is the time already waited plus the time
        # until an agent is free for their place in line, counted from when they arrived.
        # Only callers who stay hold a place: the place of caller k is the number of stayers
        # ahead of them, and k stays while that wait is within their patience (stayers()).
        first_new = int(np.searchsorted(entered, t))  # the line is in arrival order
        offset = np.zeros(members.size)
        arrivals = members.size - first_new
        if arrivals:
            offset[first_new:] = np.arange(arrivals) / float(arrivals)
        waited = np.maximum(t - entered, 0.0)
        if patience is None:
            stays = np.ones(members.size, dtype=bool)
        else:
            stays = stayers(rate * (offset + patience[members] - waited))
        ahead = (np.cumsum(stays) - stays).astype(np.float64)
        waits = waited + np.maximum(ahead / rate - offset, 0.0)
        gives_up = ~stays
        served_mask = stays & (ahead < capacity)
        stay = ~served_mask & ~gives_up
        self.members, self.entered = members[stay], entered[stay]
        return Served(served=members[served_mask], waits=waits[served_mask],
                      abandoned=members[gives_up], waiting=int(stay.sum()))


def stayers(limit: np.ndarray) -> np.ndarray:
    """Who stays in line: caller k stays while the stayers ahead of them are at most
    ``limit[k]`` (their patience, in places). A fixed point: the first k answers are exact
    after k rounds, and a line usually settles in a few; else caller by caller."""
    stays = limit >= 0
    for _ in range(64):
        ahead = np.cumsum(stays) - stays
        settled = (ahead <= limit) & (limit >= 0)
        if np.array_equal(settled, stays):
            return stays
        stays = settled
    return _stayers_in_order(limit)


def _stayers_in_order(limit: np.ndarray) -> np.ndarray:
    """The exact answer, caller by caller, for the rare line the iteration does not settle."""
    stays = np.zeros(limit.size, dtype=bool)
    ahead = 0
    for k, bound in enumerate(limit.tolist()):
        if bound >= 0 and ahead <= bound:
            stays[k] = True
            ahead += 1
    return stays
