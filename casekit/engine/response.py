"""What a company message is worth to a customer who receives it.

The worth of a message is built from its parts (Coombs's SCCT response families, with values
from the scenario), fitted to the crisis, scaled by tone and by the channel's credibility.
Per customer it then shrinks with the wait since they found out (a reply's value decays
with delay: Istanbulluoglu 2017; Twitter/AMS 2016) and with tenure (Bolton 1998).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from casekit.plan import Action
from casekit.case import Case as Scenario, Channel
from casekit.vocabulary import FAMILY

#: Parts that correct a false belief in a perception-only crisis (Lewandowsky et al. 2012).
CORRECTION_PARTS = ("explain_cause", "deny")


@dataclass(frozen=True)
class MessageEffect:
    """A message's worth before per-customer timing and tenure are applied."""

    value: float          # sentiment change for a customer reached at once, in (-1, 1)
    value_without_compensation: float  # the same for someone compensated before
    defensive: bool       # defensive tone or a deny-family part after a real failure
    refund: bool          # promises the money back
    compensation: float   # money per customer reached
    correction: float     # share of a false belief removed (perception-only crises)
    tau_hours: float      # how fast the value of this reply decays with delay


def responsibility(scenario: Scenario) -> float:
    """Attributed crisis responsibility (SCCT), raised by history or a poor reputation."""
    c, m = scenario.crisis, scenario.model
    base = {"victim": m.responsibility_victim, "accidental": m.responsibility_accidental,
            "preventable": m.responsibility_preventable}[c.cluster].value
    if c.history or c.prior_reputation == "poor":
        base *= m.velcro_multiplier.value
    return min(base, 1.0)


def compensation_value(amount: float, scenario: Scenario) -> float:
    """Concave in the amount: doubling compensation never doubles its effect."""
    m = scenario.model
    return m.compensation_max.value * (1.0 - math.exp(-amount / m.compensation_scale.value))


def evaluate(action: Action, scenario: Scenario) -> MessageEffect:
    """Score a message action against the scenario's crisis."""
    value, defensive = _worth(action, scenario, with_compensation=True)
    plain, _ = _worth(action, scenario, with_compensation=False)
    m, channel = scenario.model, scenario.channels[action.channel]
    correction = 0.0
    if not scenario.crisis.real_failure and any(p in CORRECTION_PARTS for p in action.message):
        correction = m.correction_efficacy.value * channel.credibility.value
    return MessageEffect(
        value=value, value_without_compensation=plain, defensive=defensive,
        refund="refund" in action.message,
        compensation=float(action.compensation) if "compensation" in action.message else 0.0,
        correction=correction,
        tau_hours=channel.tau_hours.value,
    )


def _worth(action: Action, scenario: Scenario, with_compensation: bool) -> tuple[float, bool]:
    """The message's value and whether the crowd reads it as defensive."""
    m, crisis = scenario.model, scenario.crisis
    channel: Channel = scenario.channels[action.channel]
    threat = responsibility(scenario)
    real = crisis.real_failure
    gains: list[float] = []
    losses = 0.0
    families = set()
    for part in action.message:
        family = FAMILY[part]
        families.add(family)
        v = m.part_values[part].value
        if part == "compensation":
            if not with_compensation:
                continue
            v = compensation_value(action.compensation, scenario)
        if not real and part in CORRECTION_PARTS:
            v = abs(m.part_values["explain_cause"].value) + m.correction_efficacy.value * 0.5
        elif family == "diminish" and threat >= 0.5:
            v *= m.diminish_fit_high_threat.value
        if v >= 0:
            gains.append(v)
        else:
            losses += v
    # Positive parts combine with diminishing returns; negative ones add.
    positive = 1.0 - float(np.prod([1.0 - min(g, 0.95) for g in gains])) if gains else 0.0
    denying = real and "deny" in families
    if denying and families & {"rebuild", "diminish"}:
        positive *= m.mixed_deny_penalty.value  # never mix deny with others (Coombs 2007)
    tone = action.tone
    if tone == "human":
        positive *= m.human_tone.value
    elif tone == "defensive":
        positive *= m.defensive_tone.value
        losses -= m.defensive_shock.value if real else 0.0
    value = (positive + losses) * channel.credibility.value
    return float(np.clip(value, -0.95, 0.95)), (tone == "defensive" or denying) and real


def timeliness(delay_hours: np.ndarray, tau: float, floor: float) -> np.ndarray:
    """v(t) = floor + (1 - floor) * exp(-t / tau): fitted to the $20 / $9 / $2.33 figures."""
    d = np.maximum(delay_hours, 0.0)
    return (floor + (1.0 - floor) * np.exp(-d / tau)).astype(np.float32)


def bounded_shift(s: np.ndarray, delta: np.ndarray) -> np.ndarray:
    """Move sentiment by delta as a share of the room left, so it stays inside [-1, 1]."""
    return np.where(delta >= 0, s + delta * (1.0 - s), s + delta * (1.0 + s)).astype(np.float32)
