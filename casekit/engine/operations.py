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
    waiting: np.ndarray     # still in line at the end of the hour, per replication


class CapacityQueue:
    """First come, first served, with optional abandonment.

    One object holds the lines of several replications side by side: customer ``g`` belongs
    to replication ``g // customers``. Each replication's line is served on its own with the
    same capacity (capacity comes from the plan, which every replication shares), and its
    result does not depend on the other lines.
    """

    def __init__(self, customers: int = 0, reps: int = 1) -> None:
        """``customers`` per replication; needed only when ``reps`` > 1."""
        if reps > 1 and customers <= 0:
            raise ValueError("a queue for several replications needs their size")
        self.n, self.reps = int(customers), int(reps)
        self.members = np.zeros(0, dtype=np.int64)
        self.entered = np.zeros(0, dtype=np.float64)

    def push(self, idx: np.ndarray, t: float) -> None:
        """Join the lines. ``idx`` is in replication order, as index arrays here are."""
        if idx.size == 0:
            return
        idx = idx.astype(np.int64)
        if self.reps > 1 and self.members.size:
            # Each newcomer goes behind everyone of their replication already in line.
            at = np.searchsorted(self._line(self.members), self._line(idx), side="right")
            self.members = np.insert(self.members, at, idx)
            self.entered = np.insert(self.entered, at, float(t))
        else:
            self.members = np.concatenate([self.members, idx])
            self.entered = np.concatenate([self.entered, np.full(idx.size, float(t))])

    def _line(self, members: np.ndarray) -> np.ndarray:
        """Which replication's line each member stands in."""
        if self.reps == 1:
            return np.zeros(members.size, dtype=np.int64)
        return members // self.n

    def __len__(self) -> int:
        return int(self.members.size)

    def serve(self, t: int, capacity: float, alive: np.ndarray,
              patience: np.ndarray | None = None) -> Served:
        """Serve hour ``t``: at most ``capacity`` customers per line, the rest wait or
        abandon."""
        if self.members.size == 0:
            empty = np.zeros(0, dtype=np.int64)
            return Served(empty, np.zeros(0), empty, np.zeros(self.reps, dtype=np.int64))
        keep = alive[self.members]
        # Customers are pushed in time order, so each line is already first come, first served.
        members, entered = self.members[keep], self.entered[keep]
        line = self._line(members)
        start = _starts(line, self.reps)
        place = np.arange(members.size) - start[line]   # place in the line, from 0
        rate = max(capacity, 1e-9)
        # Those who arrived this hour arrive spread over it; those waiting from earlier hours
        # are there from its start. A caller's wait is the time already waited plus the time
        # until an agent is free for their place in line, counted from when they arrived.
        # Only callers who stay hold a place: the place of caller k is the number of stayers
        # ahead of them, and k stays while that wait is within their patience (stayers()).
        new = entered >= t
        offset = np.zeros(members.size)
        if new.any():
            arrivals = np.bincount(line[new], minlength=self.reps)
            first_new = start + np.bincount(line[~new], minlength=self.reps)
            offset[new] = (place[new] - (first_new - start)[line[new]]) / \
                arrivals[line[new]].astype(np.float64)
        waited = np.maximum(t - entered, 0.0)
        if patience is None:
            stays = np.ones(members.size, dtype=bool)
        else:
            stays = stayers(rate * (offset + patience[members] - waited), line, start)
        ahead = _ahead(stays, line, start).astype(np.float64)
        waits = waited + np.maximum(ahead / rate - offset, 0.0)
        gives_up = ~stays
        served_mask = stays & (ahead < capacity)
        stay = ~served_mask & ~gives_up
        self.members, self.entered = members[stay], entered[stay]
        return Served(served=members[served_mask], waits=waits[served_mask],
                      abandoned=members[gives_up],
                      waiting=np.bincount(line[stay], minlength=self.reps))


def _starts(line: np.ndarray, reps: int) -> np.ndarray:
    """Where each line begins in an array sorted by line."""
    counts = np.bincount(line, minlength=reps)
    return np.cumsum(counts) - counts


def _ahead(stays: np.ndarray, line: np.ndarray | None = None,
           start: np.ndarray | None = None) -> np.ndarray:
    """How many stayers are ahead of each caller in their own line."""
    before = np.cumsum(stays) - stays
    if line is None or start is None:
        return before
    # stayers in earlier lines: the running count where this line starts
    earlier = np.concatenate([[0], np.cumsum(stays)])[start]
    return before - earlier[line]


def stayers(limit: np.ndarray, line: np.ndarray | None = None,
            start: np.ndarray | None = None) -> np.ndarray:
    """Who stays in line: caller k stays while the stayers ahead of them are at most
    ``limit[k]`` (their patience, in places). A fixed point: the first k answers are exact
    after k rounds, and a line usually settles in a few; else caller by caller. Any fixed
    point is the exact answer (by induction along the line), so lines can settle together.
    ``line`` and ``start`` split the array into separate lines (replications)."""
    stays = limit >= 0
    for _ in range(64):
        settled = (_ahead(stays, line, start) <= limit) & (limit >= 0)
        if np.array_equal(settled, stays):
            return stays
        stays = settled
    return _stayers_in_order(limit, line)


def _stayers_in_order(limit: np.ndarray, line: np.ndarray | None = None) -> np.ndarray:
    """The exact answer, caller by caller, for the rare line the iteration does not settle."""
    stays = np.zeros(limit.size, dtype=bool)
    lines = line.tolist() if line is not None else [0] * limit.size
    ahead, current = 0, None
    for k, (bound, which) in enumerate(zip(limit.tolist(), lines)):
        if which != current:
            ahead, current = 0, which
        if bound >= 0 and ahead <= bound:
            stays[k] = True
            ahead += 1
    return stays
