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
        position = np.arange(members.size, dtype=np.float64)
        # Those who arrived this hour arrive spread over it; those waiting from earlier hours
        # are there from its start. A caller's wait is the time already waited plus the time
        # until an agent is free for their place in line, counted from when they arrived.
        new = entered >= t
        offset = np.zeros(members.size)
        if new.any():
            offset[new] = np.arange(int(new.sum())) / float(new.sum())
        waits = np.maximum(t - entered, 0.0) + np.maximum(position / rate - offset, 0.0)
        n_served = int(min(capacity, members.size))
        gives_up = np.zeros(members.size, dtype=bool)
        if patience is not None:
            gives_up = waits > patience[members]
        served_mask = (position < n_served) & ~gives_up
        stay = ~served_mask & ~gives_up
        self.members, self.entered = members[stay], entered[stay]
        return Served(served=members[served_mask], waits=waits[served_mask],
                      abandoned=members[gives_up], waiting=int(stay.sum()))
