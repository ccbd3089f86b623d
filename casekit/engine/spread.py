"""The public thread: a self-exciting (Hawkes) process of comments, likes and shares.

Each comment of polarity q (negative, neutral, positive) triggers on average ``n_q`` further
comments, spread over the following hours by a kernel that is flat for the first minutes and
then decays as a power law (SEISMIC, Zhao et al. 2015; Crane & Sornette 2008). Angry
comments trigger more (Tsugawa & Ohsaki 2015) and sooner. Complaints posted by customers and
thank-you notes after a good reply enter from outside. The company's public stance damps or
inflames the branching and tilts the polarity of new comments.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from casekit.engine.randomness import clip_unit, normal_quantiles, poisson_quantiles

NEG, NEU, POS = 0, 1, 2
POLARITIES = ("negative", "neutral", "positive")
#: Maximum effective branching ratio: the cascade stays subcritical (model-grounding.md).
MAX_BRANCHING = 0.95
#: Share of the comments already on the first post that are negative (from the case text:
#: every quoted comment is hostile). R.
START_NEGATIVE_SHARE = 0.85
#: How many hours old the viral post is at hour 0. R.
START_AGE_HOURS = 4


@functools.lru_cache(maxsize=32)
def power_law_kernel(horizon: int, flat_minutes: float, theta: float,
                     share_within_5h: float, speedup: float = 1.0) -> np.ndarray:
    """Hourly weights (summing to 1 over the horizon) of when a comment's offspring appear.

    The continuous kernel is flat for ``flat_minutes`` and then falls as
    ``(t / t0) ** -(1 + theta)``. Its time axis is stretched so that ``share_within_5h`` of
    the mass falls within 5 hours; ``speedup`` > 1 compresses it further (angry comments).
    Weight k is the mass in hour k after the parent's hour (children appear from the next
    hour on, so index 0 is always zero).
    """

    def mass(stretch: float) -> np.ndarray:
        t0 = flat_minutes / 60.0 * stretch
        edges = np.arange(horizon + 1, dtype=float)
        cdf = np.where(edges <= t0, edges / t0,
                       1.0 + (1.0 - (np.maximum(edges, t0) / t0) ** -theta) / theta)
        weights = np.diff(cdf)
        return weights / weights.sum()

    lo, hi = 1e-3, 1e3
    for _ in range(80):  # bisection on the stretch (log scale)
        mid = math.sqrt(lo * hi)
        if mass(mid)[:5].sum() > share_within_5h:
            lo = mid
        else:
            hi = mid
    stretch = math.sqrt(lo * hi) / max(speedup, 1e-6)
    weights = mass(stretch)
    kernel = np.zeros(horizon + 1)
    kernel[1:] = weights  # offspring of hour t appear from hour t + 1
    return kernel[: horizon + 1]


def thread_noise(rng: np.random.Generator, horizon: int) -> np.ndarray:
    """A thread's noise: a fixed number of uniforms per hour, drawn up front, so the same
    replication sees the same noise whatever the plan does (T, 5)."""
    return rng.random((horizon, 5))


def noise_quantiles(noise: np.ndarray) -> np.ndarray:
    """The standard normal quantiles of the noise, for large Poisson counts (same shape)."""
    return normal_quantiles(clip_unit(noise))


@dataclass
class ThreadState:
    """The threads' counters, one slot per replication and hour, plus the intensity owed to
    future hours. The first axis is the replication (one thread per replication)."""

    reps: int
    horizon: int
    comments: np.ndarray = field(init=False)   # (R, 3, T) new comments by polarity
    posts: np.ndarray = field(init=False)      # (R, 3, T) top-level posts by polarity
    likes: np.ndarray = field(init=False)      # (R, T)
    shares: np.ndarray = field(init=False)     # (R, T)
    attention: np.ndarray = field(init=False)  # (R, T)
    future: np.ndarray = field(init=False)     # (R, 3, T + 1) expected offspring per hour

    def __post_init__(self) -> None:
        R, T = self.reps, self.horizon
        self.comments = np.zeros((R, 3, T))
        self.posts = np.zeros((R, 3, T))
        self.likes = np.zeros((R, T))
        self.shares = np.zeros((R, T))
        self.attention = np.zeros((R, T))
        self.future = np.zeros((R, 3, T + 1))


def _number(params: Any, name: str, default: float) -> float:
    value = getattr(params, name, None)
    return default if value is None else float(value)


class PublicThread:
    """The company's page: what people post, comment, like and share, hour by hour.

    One object runs the thread of several replications side by side, one per row of
    ``noise`` (R, T, 5: see ``thread_noise``); every quantity that differs between
    replications is an array with one entry per replication, and no replication's numbers
    depend on another's. ``params`` is a scenario's thread section: the fields read below
    (start counts, branching, kernel, stance) with ``Sourced`` numbers.
    """

    def __init__(self, params: Any, horizon: int, noise: np.ndarray,
                 quantiles: np.ndarray | None = None) -> None:
        self.p = params
        self.T = horizon
        self.R = int(noise.shape[0])
        self.state = ThreadState(self.R, horizon)
        base = float(params.branching)
        angry = float(params.angry_branching_multiplier)
        self.branching = np.array([min(base * angry, MAX_BRANCHING), base, base])
        args = (horizon, float(params.kernel_flat_minutes), float(params.kernel_theta),
                float(params.kernel_share_within_5h))
        calm = power_law_kernel(*args)
        fast = power_law_kernel(*args, speedup=float(params.angry_speedup))
        self.kernels = np.stack([fast, calm, calm])  # cached: never written to
        self.u = noise
        self.z = noise_quantiles(noise) if quantiles is None else quantiles
        self.likes_per_comment = float(params.likes_per_comment)
        self.shares_per_comment = float(params.shares_per_comment)
        self.decay = 0.5 ** (1.0 / float(params.stance_half_life_hours))
        self._damping = float(params.stance_damping)
        self._inflaming = float(params.defensive_inflaming)
        self._angry_extra = float(params.angry_branching_multiplier) - 1.0
        self._reexposure = float(params.reexposure_per_reply)
        self._max_factor = MAX_BRANCHING / max(float(self.branching.max()), 1e-9)
        self.accommodating = np.zeros(self.R)  # stance built by accommodating public messages
        self.defensive = np.zeros(self.R)      # stance built by defensive or denying messages
        self._seed_start(params.start_comments)

    def _seed_start(self, comments: int) -> None:
        """The viral post is a few hours old at hour 0: its comments still breed offspring."""
        # A thread section may carry its own (the ISP case's does); else the defaults.
        hours = int(_number(self.p, "start_age_hours", START_AGE_HOURS))
        negative = _number(self.p, "start_negative_share", START_NEGATIVE_SHARE)
        per_hour = comments / hours
        for age in range(1, hours + 1):
            for q, share in ((NEG, negative), (NEU, 1 - negative)):
                k = self.kernels[q]
                owed = self.branching[q] * per_hour * share * k[age:age + self.T]
                self.state.future[:, q, : owed.shape[0]] += owed

    def add_post(self, hour: int, comments: float, negative_share: float) -> None:
        """A second viral post at ``hour`` restarts the thread, in every replication: its
        ``comments`` (expected) first comments arrive over the hours from ``hour`` on, as
        the offspring of one parent would, on the angry kernel for ``negative_share`` of
        them and the calm one for the rest. They enter the hours' expected comments, so the
        company's stance damps or inflames them, the crowd's mood sets what they say and
        each then breeds its own offspring (a Hawkes immigrant: Crane & Sornette 2008).

        Called before the thread is stepped past ``hour`` (at set-up, for a scheduled
        inject); hours before ``hour`` are unchanged."""
        hour = int(hour)
        if not 0 <= hour < self.T or comments <= 0:
            return
        share = min(max(float(negative_share), 0.0), 1.0)
        for q, part in ((NEG, share), (NEU, 1.0 - share)):
            # kernel[k] is the mass k hours after the parent's hour; the post's hour is the
            # first hour its comments can appear in, as for a comment's offspring.
            wave = float(comments) * part * self.kernels[q][1:self.T - hour + 1]
            self.state.future[:, q, hour:hour + wave.shape[0]] += wave

    def stance_add(self, value: np.ndarray, defensive: bool, where: np.ndarray) -> None:
        """A public company message, per replication (only where ``where`` holds):
        accommodating ones damp the thread, defensive ones inflame it (Weitzl 2019;
        van Noort & Willemsen 2012)."""
        value = np.broadcast_to(np.asarray(value, dtype=float), (self.R,))
        inflames = where & ((value < 0) | defensive)
        self.defensive[inflames] += np.abs(value[inflames]) + (0.5 if defensive else 0.0)
        calms = where & ~inflames
        self.accommodating[calms] += value[calms]

    def polarity_mix(self, mood: np.ndarray) -> np.ndarray:
        """Shares of new comments that are negative, neutral and positive, per replication
        (R, 3). ``mood`` is the mean sentiment of customers who know of the error, in
        [-1, 1], one per replication."""
        mood = np.asarray(mood, dtype=float)
        z = -2.5 * mood - float(self.p.stance_damping) * self.accommodating \
            + float(self.p.defensive_inflaming) * self.defensive
        neg = 0.05 + 0.9 / (1.0 + np.exp(-z))
        pos = (1.0 - neg) * 0.5 * (1.0 + np.tanh(self.accommodating + mood - 0.5))
        return np.stack([neg, 1.0 - neg - pos, pos], axis=-1)

    def step(self, t: int, outside_posts: np.ndarray, mood: np.ndarray,
             replies: np.ndarray) -> np.ndarray:
        """Advance every replication's thread by hour ``t``; returns the hour's attention
        (engagements), one per replication.

        ``outside_posts`` (R, 3) are new top-level posts by polarity (complaints, thanks);
        ``replies`` is the number of public company replies this hour (each re-surfaces a
        complaint: Golmohammadi et al. 2021).
        """
        s, u, z = self.state, self.u[:, t], self.z[:, t]
        damp = np.exp(-self._damping * self.accommodating)
        inflame = 1.0 + self._inflaming * self.defensive
        factor = np.minimum(damp * inflame, self._max_factor)
        offspring = s.future[:, :, t].sum(axis=1) * factor
        mix = self.polarity_mix(mood)
        # Outside posts each draw their own first wave of comments too.
        expected = offspring[:, None] * mix
        s.comments[:, :, t] = poisson_quantiles(expected, u[:, :3], z[:, :3])
        s.posts[:, :, t] = outside_posts
        new_items = s.comments[:, :, t] + outside_posts
        total = new_items.sum(axis=1)
        angry_share = new_items[:, NEG] / np.maximum(total, 1.0)
        share_rate = self.shares_per_comment * (1.0 + self._angry_extra * angry_share)
        both = poisson_quantiles(np.stack([total * self.likes_per_comment, total * share_rate],
                                          axis=1), u[:, 3:5], z[:, 3:5])
        s.likes[:, t], s.shares[:, t] = both[:, 0], both[:, 1]
        if total.any():  # a replication with nothing new adds exact zeros
            s.future[:, :, t + 1:] += (self.branching * new_items)[:, :, None] * \
                self.kernels[:, 1:self.T - t + 1]
        resurfaced = self._reexposure * np.asarray(replies) * (1 + self.likes_per_comment)
        s.attention[:, t] = total * (1 + self.likes_per_comment) + 3.0 * s.shares[:, t] + \
            resurfaced
        self.accommodating *= self.decay
        self.defensive *= self.decay
        return s.attention[:, t].copy()

    def tone(self, t: int) -> np.ndarray:
        """Net negativity of the hour's new items, in [-1, 1] (positive = hostile), per
        replication."""
        c = self.state.comments[:, :, t] + self.state.posts[:, :, t]
        total = c.sum(axis=1)
        return np.where(total == 0, 0.0, (c[:, NEG] - c[:, POS]) / np.maximum(total, 1e-300))
