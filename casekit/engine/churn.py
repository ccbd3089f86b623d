"""When customers leave: each customer's churn threshold, spent hour by hour, kept lazily.

The model (docs/model.md, section 9) gives every customer an Exp(1) threshold ``E`` and an
hourly hazard ``C + D * max(-s, 0)``: a base rate ``C`` set by their state (aware, refunded,
complained; TARP) and a part ``D`` that grows with their anger (Bolton 1998). The customer
leaves in the first hour in which the hazard summed so far reaches ``E``.

Spending every customer's threshold every hour would take four passes over all customers
each hour. Between changes of state, though, ``C`` and ``D`` are constant, so the hazard
spent over ``k`` hours is ``C * k + D * (sum of max(-s, 0) over those hours)``. The ledger
keeps, per customer, the threshold left when the rates last changed (``base``) and the sum
of ``min(s, 0)`` since then (``S``): the threshold left now is ``base - C * k + D * S``.
Each hour then costs one pass (``S += min(s, 0)``), which the engine makes while it goes
through the customers for the complaint step anyway.

An hour has three steps: :meth:`open_hour` with the hour's ``min(s, 0)``, :meth:`add` for
each part of the customers (adding it to ``S``), then :meth:`set_rates` for customers whose
state changed during the hour (the new rates count from this hour on), and :meth:`spend`,
which ends the hour and says who left.

Only customers who could run out of threshold soon need the check. Time is cut into windows
of ``WINDOW_HOURS``; at the start of each, the ledger settles every customer's account and
watches those whose threshold could run out before the window ends even if they were as
angry as possible (``s = -1``) all the time. A customer whose rates change in the window
is settled at that moment and watched if the new rates could use up the rest in time. The
result is the same arithmetic, spent in a different order: it differs from spending hour by
hour only in float rounding (tests/test_churn.py checks both against each other).
"""

from __future__ import annotations

import numpy as np

F32 = np.float32
INF = np.float32(np.inf)
#: Hours between settlements of every customer's account. Any length gives the same
#: model; longer windows settle less often but watch more customers.
WINDOW_HOURS = 24
#: Safety margin on the "could run out in time" test, far above float32 rounding, so that
#: no customer who could leave is ever left unwatched.
_MARGIN = F32(1.01)


class ChurnLedger:
    """The churn thresholds of ``len(threshold)`` customers, spent hour by hour.

    ``rate`` (``C``) and ``anger_rate`` (``D``) are owned by the ledger and change only
    through :meth:`set_rates` and :meth:`close`.
    """

    def __init__(self, threshold: np.ndarray, rate: np.ndarray, anger_rate: np.ndarray,
                 window: int = WINDOW_HOURS) -> None:
        self.base = np.asarray(threshold, dtype=F32).copy()
        self.C = np.asarray(rate, dtype=F32).copy()
        self.D = np.asarray(anger_rate, dtype=F32).copy()
        self.S = np.zeros(self.base.size, dtype=F32)
        self._tmp = np.empty(self.base.size, dtype=F32)
        self.window = int(window)
        self.hours = 0          # hours spent in the current window
        self._neg: np.ndarray | None = None   # this hour's min(s, 0), once the hour is open
        self._watched = np.zeros(self.base.size, dtype=bool)
        self._settle_all()   # sets self._watch

    def left(self, idx: np.ndarray | None = None) -> np.ndarray:
        """The threshold left (of ``idx``, or of everyone): negative or zero means gone."""
        if idx is None:
            return self.base - self.C * F32(self.hours) + self.D * self.S
        return self.base[idx] - self.C[idx] * F32(self.hours) + self.D[idx] * self.S[idx]

    def open_hour(self, neg: np.ndarray) -> None:
        """Begin an hour in which each customer's ``min(s, 0)`` is ``neg`` (kept, not
        copied, until :meth:`spend`)."""
        if self.hours == self.window:
            self._settle_all()
        self._neg = neg

    def add(self, part: slice = slice(None)) -> None:
        """Add this hour's anger of the customers in ``part`` to their running sums."""
        self.S[part] += self._neg[part]  # type: ignore[index]

    def set_rates(self, idx: np.ndarray, rate: np.ndarray, anger_rate: np.ndarray) -> None:
        """New hazard rates for ``idx`` (duplicates carry equal values): from this hour on
        when called during an hour (after :meth:`add`), or from the next one between hours.

        Their account is settled first, so what they spent at the old rates stays spent.
        """
        if idx.size == 0:
            return
        rate, anger_rate = np.asarray(rate, dtype=F32), np.asarray(anger_rate, dtype=F32)
        k = F32(self.hours)
        # Spent before this hour: base - C k + D (S - neg). The new rates take this hour's
        # anger (S' = neg): base' - C' k + D' neg, so base' = base + D (S - neg) - (C - C') k.
        neg = self._neg[idx] if self._neg is not None else F32(0.0)   # between hours: none
        base = self.base[idx] + self.D[idx] * (self.S[idx] - neg) - (self.C[idx] - rate) * k
        self.base[idx] = base
        self.S[idx] = neg
        self.C[idx], self.D[idx] = rate, anger_rate
        # Watch those who could now run out before the window ends.
        most = (np.abs(rate) + np.abs(anger_rate) * _MARGIN) * \
            F32(self.window - self.hours) * _MARGIN
        close = idx[(base - rate * k <= most) & ~self._watched[idx]]
        if close.size:
            self._watched[close] = True
            self._watch = np.concatenate([self._watch, close])  # type: ignore[has-type]

    def close(self, idx: np.ndarray) -> None:
        """Customers who left: nothing more to spend."""
        self.base[idx] = INF
        self.C[idx] = self.D[idx] = self.S[idx] = 0.0

    def spend(self) -> np.ndarray:
        """End the hour; returns the customers whose threshold ran out in it (closed ones
        never do; a customer given twice to one :meth:`set_rates` call may appear twice)."""
        self._neg = None
        self.hours += 1
        watch = self._watch
        return watch[self.left(watch) <= F32(0.0)]

    # ---- accounts -----------------------------------------------------------------------

    def _settle_all(self) -> None:
        """Start a new window: fold every account into ``base`` and choose whom to watch."""
        tmp = self._tmp
        if self.hours:
            self.base += np.multiply(self.D, self.S, out=tmp)
            self.base -= np.multiply(self.C, F32(self.hours), out=tmp)
            self.S.fill(0.0)
            self.hours = 0
        # The most anyone could spend in the window (anger at most 1), with a margin.
        np.abs(self.D, out=tmp)
        tmp *= _MARGIN
        tmp += np.abs(self.C)
        tmp *= F32(self.window) * _MARGIN
        self._watch = np.flatnonzero(self.base <= tmp)
        self._watched.fill(False)
        self._watched[self._watch] = True
