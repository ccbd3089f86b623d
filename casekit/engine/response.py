"""What a company message is worth to a customer who receives it.

The worth of a message is built from its parts (Coombs's SCCT response families, with values
from the scenario), fitted to the crisis, scaled by tone and by the channel's credibility.
Per customer it then shrinks with the wait since they found out (a reply's value decays
with delay: Istanbulluoglu 2017; Twitter/AMS 2016) and with tenure (Bolton 1998).

A message is not the sum of its parts (issue 11): diminish parts (excuse, justify) inside a
rebuild message undercut it, as deny does (Coombs 2007, mixed strategies); parts beyond what
one sincere message carries cost worth; and what a customer has already heard is worth
little the second time (:func:`novelty`). Parameters a kind's model does not declare take
the value that switches the mechanism off.
"""

from __future__ import annotations

from typing import Any

import math
from dataclasses import dataclass

import numpy as np

from casekit.plan import Action
from casekit.case import Channel

from casekit.vocabulary import FAMILY

#: A scenario of a message kind (its schema has ``model``, ``crisis`` and ``channels``).
Scenario = Any

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
    #: The message's positive parts (compensation aside) as (bit, gain) pairs, for
    #: :func:`novelty`; ``bits`` is the set of all its parts, one bit per part.
    gains: tuple[tuple[int, float], ...] = ()
    bits: int = 0
    guess: bool = False   # explains a cause before the company knows it


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


#: One bit per message part, in the vocabulary's order (a customer's heard parts are a mask).
PART_BITS = {part: 1 << i for i, part in enumerate(FAMILY)}
#: Parts of the deny family and of the rebuild family, as masks.
DENY_BITS = sum(PART_BITS[p] for p, f in FAMILY.items() if f == "deny")
REBUILD_BITS = sum(PART_BITS[p] for p, f in FAMILY.items() if f == "rebuild")


def _param(model: object, name: str, off: float) -> float:
    """A model parameter, or the value that switches its mechanism off."""
    number = getattr(model, name, None)
    return off if number is None else float(number.value)


def evaluate(action: Action, scenario: Scenario, guess: float = 0.0) -> MessageEffect:
    """Score a message action against the scenario's crisis.

    ``guess`` is the chance that the cause it explains is wrong (the action comes before the
    cause is known): the explanation is then worth that much less."""
    value, defensive = _worth(action, scenario, with_compensation=True, guess=guess)
    plain, _ = _worth(action, scenario, with_compensation=False, guess=guess)
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
        gains=tuple((PART_BITS[p], g) for p, g in _gains(action, scenario, guess)),
        bits=sum(PART_BITS[p] for p in action.message),
        guess=guess > 0 and "explain_cause" in action.message,
    )


def _gains(action: Action, scenario: Scenario, guess: float) -> list[tuple[str, float]]:
    """Each positive part's own gain (compensation aside), as it enters the message."""
    return [(part, min(v, 0.95)) for part, v in _part_values(action, scenario, False, guess)
            if v > 0]


def _part_values(action: Action, scenario: Scenario, with_compensation: bool,
                 guess: float) -> list[tuple[str, float]]:
    m, crisis = scenario.model, scenario.crisis
    threat = responsibility(scenario)
    real = crisis.real_failure
    out = []
    for part in action.message:
        family = FAMILY[part]
        v = m.part_values[part].value
        if part == "compensation":
            if not with_compensation:
                continue
            v = compensation_value(action.compensation, scenario)
        if not real and part in CORRECTION_PARTS:
            v = abs(m.part_values["explain_cause"].value) + m.correction_efficacy.value * 0.5
        elif family == "diminish" and threat >= 0.5:
            v *= m.diminish_fit_high_threat.value
        if part == "explain_cause":
            v *= 1.0 - guess
        out.append((part, v))
    return out


def part_gains(scenario: Scenario) -> tuple[float, ...]:
    """Each part's own gain, one per bit of :data:`PART_BITS` (compensation and parts
    that hurt count 0): what a part already heard has used of a customer's room."""
    m, real = scenario.model, scenario.crisis.real_failure
    threat = responsibility(scenario)
    out = []
    for part, family in FAMILY.items():
        v = m.part_values[part].value if part != "compensation" else 0.0
        if not real and part in CORRECTION_PARTS:
            v = abs(m.part_values["explain_cause"].value) + m.correction_efficacy.value * 0.5
        elif family == "diminish" and threat >= 0.5:
            v *= m.diminish_fit_high_threat.value
        out.append(min(max(float(v), 0.0), 0.95))
    return tuple(out)


def novelty(effect: MessageEffect, heard: np.ndarray, repeat: float,
            mixed: float, contacts: np.ndarray | None = None,
            reassure: np.ndarray | None = None,
            heard_gains: tuple[float, ...] | None = None) -> np.ndarray:
    """The share of a message's worth each customer still gets, given the parts they have
    heard (a bit mask per customer): what its new parts add, combined as the message
    combines them, with ``repeat ** contacts`` kept for a message that says nothing new
    (``contacts``: messages each has had before, at least 1 counted; reassurance fades with
    each telling); a deny part heard with rebuild parts (in either order) is a mixed
    campaign, worth ``mixed`` of it. Where ``reassure`` is False (the last message came too
    recently) nothing is kept for repetition: only the new parts count. With
    ``heard_gains`` (:func:`part_gains`) the new parts add what they add to everything the
    customer has heard, combined as one message combines its parts: a campaign split over
    several messages is worth no more than one message with all their parts."""
    total = 1.0 - float(np.prod([1.0 - g for _, g in effect.gains]))
    if total <= 0:
        return np.ones(heard.shape, dtype=np.float32)
    left = np.ones(heard.shape, dtype=np.float32)
    for bit, g in effect.gains:
        left *= np.where(heard & bit, np.float32(1.0), np.float32(1.0 - g))
    share = (1.0 - left) / np.float32(total)
    if heard_gains is not None:
        used = np.ones(heard.shape, dtype=np.float32)
        for bit, g in zip(PART_BITS.values(), heard_gains):
            if g > 0:
                used *= np.where(heard & bit, np.float32(1.0 - g), np.float32(1.0))
        share = share * used
    floor = np.float32(repeat) if contacts is None else \
        np.float32(repeat) ** np.maximum(np.asarray(contacts, dtype=np.float32), 1.0)
    if reassure is not None:
        floor = np.where(reassure, floor, np.float32(0.0)).astype(np.float32)
    value = floor + (np.float32(1.0) - floor) * share
    clash = None
    if effect.bits & DENY_BITS:
        clash = (heard & REBUILD_BITS) != 0
    elif effect.bits & REBUILD_BITS:
        clash = (heard & DENY_BITS) != 0
    if clash is not None:
        value = np.where(clash, value * np.float32(mixed), value)
    return value.astype(np.float32)


def _worth(action: Action, scenario: Scenario, with_compensation: bool,
           guess: float = 0.0) -> tuple[float, bool]:
    """The message's value and whether the crowd reads it as defensive."""
    m, crisis = scenario.model, scenario.crisis
    channel: Channel = scenario.channels[action.channel]
    real = crisis.real_failure
    gains: list[float] = []
    losses = 0.0
    families = {FAMILY[part] for part in action.message}
    for _, v in _part_values(action, scenario, with_compensation, guess):
        if v >= 0:
            gains.append(v)
        else:
            losses += v
    # Positive parts combine with diminishing returns; negative ones add.
    positive = 1.0 - float(np.prod([1.0 - min(g, 0.95) for g in gains])) if gains else 0.0
    denying = real and "deny" in families
    if denying and families & {"rebuild", "diminish"}:
        positive *= m.mixed_deny_penalty.value  # never mix deny with others (Coombs 2007)
    elif real and "diminish" in families and "rebuild" in families:
        # An apology with an excuse reads as self-serving (R; Coombs 2007: rebuild alone).
        positive *= _param(m, "mixed_diminish_penalty", 1.0)
    # Everything at once reads as less sincere than a message that says what matters (R).
    extra = len(action.message) - _param(m, "sincere_parts", 1e9)
    if extra > 0:
        positive *= (1.0 - _param(m, "overload_penalty", 0.0)) ** extra
    tone = action.tone
    if tone == "human":
        positive *= m.human_tone.value
    elif tone == "defensive":
        positive *= m.defensive_tone.value
        losses -= m.defensive_shock.value if real else 0.0
    value = (positive + losses) * channel.credibility.value
    return float(np.clip(value, -MAX_STEP, MAX_STEP)), (tone == "defensive" or denying) and real


#: The largest change of sentiment one message can make, as a share of the room left: the
#: one bound both message kinds use (it keeps a customer's sentiment inside (-1, 1)).
MAX_STEP = 0.95


def timeliness(delay_hours: np.ndarray, tau: float, floor: float) -> np.ndarray:
    """v(t) = floor + (1 - floor) * exp(-t / tau): fitted to the $20 / $9 / $2.33 figures."""
    d = np.maximum(delay_hours, 0.0)
    return (floor + (1.0 - floor) * np.exp(-d / tau)).astype(np.float32)


def felt_step(delta: np.ndarray | float, loss_aversion: float) -> np.ndarray:
    """A change of sentiment as felt: losses count ``loss_aversion`` times (Baumeister et al.
    2001; Bolton 1998), and one step moves at most :data:`MAX_STEP` of the room left. Both
    message kinds take every step through here."""
    d = np.array(delta, dtype=np.float32)
    d += np.float32(loss_aversion - 1.0) * np.minimum(d, np.float32(0.0))
    return np.clip(d, np.float32(-MAX_STEP), np.float32(MAX_STEP))


def bounded_shift(s: np.ndarray, delta: np.ndarray) -> np.ndarray:
    """Move sentiment by delta as a share of the room left, so it stays inside [-1, 1]."""
    return np.where(delta >= 0, s + delta * (1.0 - s), s + delta * (1.0 + s)).astype(np.float32)
