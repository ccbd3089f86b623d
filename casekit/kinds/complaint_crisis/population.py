"""The customers: who they are, how to reach them and when they find the error.

Everything here is drawn from the ``population`` stream only, so the same seed and
replication give the same customers whatever the plan.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from casekit.kinds.complaint_crisis.schema import CrisisScenario as Scenario
from casekit.vocabulary import COMPLAINT_CHANNELS

#: (How strongly a non-follower sees the page is population.social_visibility and
#: population.other_visibility in the scenario now: issue 10.)


@dataclass(frozen=True)
class Population:
    """Arrays of one value per customer (float32 where a value is continuous)."""

    revenue: np.ndarray          # monthly revenue
    tenure: np.ndarray           # months as a customer
    lifetime_value: np.ndarray   # margin x revenue x expected remaining months
    e_bill: np.ndarray           # bool: receives the bill by e-mail
    mobile: np.ndarray           # bool: reachable by SMS
    email: np.ndarray            # bool: has an e-mail address on file
    follower: np.ndarray         # bool: follows the company's page
    social: np.ndarray           # bool: active on social media
    contract: np.ndarray         # bool: under contract (a switching cost)
    vindictive: np.ndarray       # bool: wants revenge, ignores replies (Weitzl 2019)
    sentiment0: np.ndarray       # sentiment before the crisis, in [-1, 1]
    weight: np.ndarray           # weight of a new event, 1 / (1 + tenure / scale)
    visibility: np.ndarray       # how much of the public thread reaches them
    overcharge: np.ndarray       # money actually overcharged
    perceived: np.ndarray        # money the customer believes was overcharged
    bill_time: np.ndarray        # hour the bill is opened
    notices: np.ndarray          # bool: spots the error on opening the bill
    complaint_channel: np.ndarray  # int index into COMPLAINT_CHANNELS

    @property
    def size(self) -> int:
        return int(self.revenue.shape[0])


def draw_population(scenario: Scenario, n: int, rng: np.random.Generator) -> Population:
    p, inc = scenario.population, scenario.incident
    f32 = np.float32
    mean, sd = float(p.monthly_revenue_mean), float(p.monthly_revenue_sd)
    shape = (mean / sd) ** 2 if sd > 0 else 1e6
    revenue = rng.gamma(shape, mean / shape, n).astype(f32)
    tenure = rng.exponential(float(p.tenure_months_mean), n).astype(f32)
    ltv = (revenue * f32(float(p.margin) * float(p.expected_lifetime_months))).astype(f32)
    u = rng.random((9, n), dtype=f32)
    e_bill = u[0] < float(p.e_bill_share)
    mobile = u[1] < float(p.mobile_share)
    email = u[2] < float(p.email_share)
    follower = u[3] < float(p.follower_share)
    social = follower | (u[4] < float(p.social_active_share))
    contract = u[5] < float(p.contract_share)
    vindictive = u[6] < float(p.vindictive_share)
    notices = u[7] < float(inc.notice_share)
    sentiment0 = np.clip(rng.normal(float(p.initial_sentiment_mean),
                                    float(p.initial_sentiment_sd), n), -0.95, 0.95).astype(f32)
    weight = (1.0 / (1.0 + tenure / f32(float(scenario.model.tenure_scale_months)))).astype(f32)
    visibility = np.where(follower, f32(1.0),
                          np.where(social, f32(float(p.social_visibility)),
                                   f32(float(p.other_visibility))))
    rate = float(inc.overcharge_rate)
    perceived_rate = float(inc.perceived_overcharge_rate) if inc.perceived_overcharge_rate \
        is not None else rate
    first, last = float(inc.paper_bill_first_day), float(inc.paper_bill_last_day)
    e_open = rng.exponential(float(inc.e_bill_open_hours), n)
    paper_open = 24.0 * (first + (last - first) * rng.random(n)) + rng.exponential(12.0, n)
    bill_time = np.where(e_bill, e_open, paper_open).astype(f32)
    return Population(
        revenue=revenue, tenure=tenure, lifetime_value=ltv, e_bill=e_bill, mobile=mobile,
        email=email, follower=follower, social=social, contract=contract,
        vindictive=vindictive, sentiment0=sentiment0, weight=weight,
        visibility=visibility.astype(f32), overcharge=(revenue * f32(rate)).astype(f32),
        perceived=(revenue * f32(perceived_rate)).astype(f32), bill_time=bill_time,
        notices=notices, complaint_channel=_complaint_channels(scenario, social, u[8]),
    )


def _complaint_channels(scenario: Scenario, social: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Where each customer would complain: social channels only for social-media users."""
    mix = scenario.complaints.channel_mix
    shares = np.array([mix.get(c, 0.0) for c in COMPLAINT_CHANNELS])
    social_channels = [COMPLAINT_CHANNELS.index("facebook"), COMPLAINT_CHANNELS.index("twitter")]
    # Only social-media users complain on social media. Their shares are raised so that,
    # over all customers, each channel gets the share the scenario gives it.
    q = max(float(social.mean()), 1e-6)
    online = shares.copy()
    wanted = shares[social_channels].sum()
    online[social_channels] = shares[social_channels] / max(q, wanted, 1e-6)
    offline_total = max(1.0 - online[social_channels].sum(), 0.0)
    rest = [i for i in range(len(COMPLAINT_CHANNELS)) if i not in social_channels]
    offline = np.zeros_like(shares)
    offline[rest] = shares[rest] / max(shares[rest].sum(), 1e-9)
    online[rest] = offline[rest] * offline_total
    # Customers not on social media split the phone and e-mail shares, topped up so that the
    # population-wide shares still match: solve for their off-line mix.
    need = shares[rest] - q * online[rest]
    if need.sum() > 0 and (1 - q) > 0:
        offline[rest] = np.maximum(need, 0) / np.maximum(need, 0).sum()
    cum_on = np.cumsum(online / online.sum())
    cum_off = np.cumsum(offline / offline.sum())
    on = np.searchsorted(cum_on, u, side="right")
    off = np.searchsorted(cum_off, u, side="right")
    return np.minimum(np.where(social, on, off), len(COMPLAINT_CHANNELS) - 1).astype(np.int8)
