"""Queues with limited capacity: the call centre, the back office and social care.

A queue holds the customers waiting, in order of arrival. Each hour it serves as many as
its capacity allows. In the call centre, a caller whose expected wait (their place in line
divided by the hourly capacity) exceeds their patience hangs up (abandons).
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
        # Expected wait: time already waited plus the time to reach the front of the line.
        waits = np.maximum(t - entered, 0.0) + position / rate
        n_served = int(min(capacity, members.size))
        gives_up = np.zeros(members.size, dtype=bool)
        if patience is not None:
            gives_up = waits > patience[members]
        served_mask = (position < n_served) & ~gives_up
        stay = ~served_mask & ~gives_up
        self.members, self.entered = members[stay], entered[stay]
        return Served(served=members[served_mask], waits=waits[served_mask],
                      abandoned=members[gives_up], waiting=int(stay.sum()))
