"""The hourly loop: customers find the error, watch the thread, complain, hear from the
company, wait in queues, get their money back, and some leave.

Every per-customer quantity is a numpy array; each hour does a fixed, small number of
whole-array operations, and everything that happens to only some customers (finding out,
receiving a message, a refund landing) works on index arrays. docs/model.md gives the
equations; each step below names the mechanism it implements.

Several replications of one plan run side by side in one simulation: their customers sit
one after another in the same arrays (customer ``g`` belongs to replication ``g // N``), and
everything a replication has as one number (its thread, its costs, its counts) is an array
with one entry per replication. The hourly Python work is then shared by all of them. No
replication's numbers depend on another's: a replication run alone gives the same results,
bit for bit, as run in a batch (tests/test_reproducibility.py).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from casekit.engine import operations, response, spread
from casekit.engine.churn import ChurnLedger
from casekit.kinds.complaint_crisis.draws import CustomerDraws, customer_draws, join_populations
from casekit.kinds.complaint_crisis.population import Population
from casekit.engine.result import RunResult
from casekit.plan import REPLY_CHANNELS, Action, Plan
from casekit.kinds.complaint_crisis.schema import CrisisScenario as Scenario
from casekit.vocabulary import CHANNELS, COMPLAINT_CHANNELS, PLATFORM

F32 = np.float32
INF = np.float32(np.inf)
CALL, EMAIL, FACEBOOK, TWITTER = (COMPLAINT_CHANNELS.index(c) for c in COMPLAINT_CHANNELS)
#: (The behavioural constants that lived here, from DEFENSIVE_EXTRA_WOM to the severity
#: cap, are scenario fields now: ``model.defensive_extra_wom`` and the rest, docs/model.md.)
#: Customers per chunk in the whole-array steps: small enough that a chunk's scratch
#: arrays stay in the processor's cache. It changes no number, only the speed.
CHUNK_CUSTOMERS = 50_000
#: Channels people must come to: at posting time only those who know of the error look;
#: others find the statement when they find out (it stays up).
PULLED = ("website",)
#: Inbound channels whose staff follow a script set by an action with audience complainers.
SCRIPTED = {"call_center": CALL, "email": EMAIL}


@dataclass
class _Policy:
    """A standing instruction: answer complainers on a channel from ``start`` to ``end``."""

    index: int
    action: Action
    effect: response.MessageEffect
    start: float
    end: float


class _Simulation:
    def __init__(self, scenario: Scenario, plan: Plan, seed: int, replications: list[int],
                 customers: int | None, keep_final: bool) -> None:
        self.sc = scenario
        self.plan = plan
        self.seed, self.reps = seed, list(replications)
        self.keep_final = keep_final
        self.N = n = int(customers or scenario.population.customers)
        self.R = len(self.reps)
        self.M = self.R * n
        self.T = scenario.horizon_hours
        draws = customer_draws(scenario, seed, self.reps, n)
        self.pop: Population = join_populations([d.population for d in draws])
        self._join_thresholds(draws)
        self.reach_u = np.concatenate([d.reach_u for d in draws], axis=1)
        # The page's audience scales with the customer base, so a smaller run is a scale model.
        scale = n / scenario.population.reference
        thread = scenario.thread.model_copy(update={
            "start_comments": int(round(scenario.thread.start_comments * scale)),
            "start_likes": int(round(scenario.thread.start_likes * scale))})
        self.thread = spread.PublicThread(thread, self.T, np.stack([d.thread_u for d in draws]),
                                          np.stack([d.thread_z for d in draws]))
        self.attention_reference = scenario.thread.attention_reference.value * scale
        self._apply_injects(n)
        self._init_state()
        self._init_plan()

    # ---- set-up -------------------------------------------------------------------------

    def _apply_injects(self, customers: int) -> None:
        """The scheduled injects' effects, each at its hour: a second viral post restarts
        the thread (``PublicThread.add_post``), its comments scaled with the page's
        audience like the first post's. Unscheduled injects (a scenario file's, unless a
        workshop has published them) change nothing."""
        for inject in self.sc.injects:
            effect = inject.effect
            if not inject.scheduled or effect is None:
                continue
            if effect.type == "second_post":
                self.thread.add_post(int(inject.hour),
                                     self.sc.inject_comments(effect.comments.value, customers),
                                     effect.negative_share.value)

    def _join_thresholds(self, draws: list[CustomerDraws]) -> None:
        join = lambda name: np.concatenate([getattr(d, name) for d in draws])
        self.E_churn = join("E_churn")
        self.E_complain = join("E_complain")
        self.patience = join("patience")
        self.ultimatum = join("ultimatum")
        self.follow_through = join("follow_through")
        self.escalates = join("escalates")
        # Bill checkers, in the order their exposure levels are passed: one sorted list per
        # replication (each has its own thread), in indices of the joined arrays. To search
        # all replications at once, each level becomes the key (replication, level's bits):
        # for numbers >= 0 the float32 bit pattern, read as an integer, sorts as the number.
        self.check_order = np.concatenate([d.check_order + k * self.N
                                           for k, d in enumerate(draws)])
        self.check_keys = np.concatenate([_level_keys(d.check_sorted, k)
                                          for k, d in enumerate(draws)])
        self.check_next = np.arange(self.R) * self.N   # where each replication's list starts

    def _init_state(self) -> None:
        n, p, m = self.M, self.pop, self.sc.model
        self.s = p.sentiment0.copy()
        self.alive = np.ones(n, dtype=bool)
        self.aware = np.zeros(n, dtype=bool)
        self.aware_f = np.zeros(n, dtype=F32)
        self.aware_time = np.full(n, INF, dtype=F32)
        self.told_first = np.zeros(n, dtype=bool)
        self.found_via = np.zeros(n, dtype=np.int8)   # 0 never, 1 bill, 2 thread, 3 company
        self.complained = np.zeros(n, dtype=bool)
        self.n_complaints = np.zeros(n, dtype=np.int16)
        self.channel = p.complaint_channel.copy()
        self.social_platform = np.zeros(n, dtype=np.int8)  # 1 facebook, 2 twitter
        self.answered_by = np.full(n, -1, dtype=np.int16)  # last reply policy that answered
        self.in_social_queue = np.zeros(n, dtype=bool)
        self.refunded = np.zeros(n, dtype=bool)
        self.refund_pending = np.zeros(n, dtype=bool)
        self.refund_time = np.full(n, INF, dtype=F32)
        self.belief = np.ones(n, dtype=F32)
        self.churn_time = np.full(n, INF, dtype=F32)
        self.messages = np.zeros(n, dtype=np.int16)
        self.last_message = np.full(n, -INF, dtype=F32)   # when the last message arrived
        self.part_gains = response.part_gains(self.sc)
        self.heard = np.zeros(n, dtype=np.int32)   # message parts heard, a bit per part
        self.guessed = np.zeros(n, dtype=bool)     # told a cause before it was known
        self.retry_weight = (m.retry_decay.value ** np.arange(32)).astype(F32)
        self.compensated = np.zeros(n, dtype=F32)  # compensation paid so far, per customer
        # What each customer can still take before they complain: the Exp(1) threshold less
        # the urge accumulated so far. Counting down to zero is the same as H >= E, and each
        # hour's check reads one array instead of two. (Churn thresholds: self.churn.)
        self.complain_left = self.E_complain.copy()
        self.K = np.zeros(n, dtype=F32)
        self.exposure_total = np.zeros(self.R)   # X(t): cumulative thread attention
        self.vis = p.visibility.copy()
        self.vis_w = (p.visibility * p.weight).astype(F32)
        self.h0 = -math.log(1.0 - m.baseline_monthly_churn.value) / (30.0 * 24.0)
        self.damp = (1.0 - m.switching_cost_damping.value * p.contract).astype(F32)
        # Churn hazard C + D max(-s, 0): everyone starts unaware, at the base rate.
        self.churn = ChurnLedger(self.E_churn, np.full(n, self.h0, dtype=F32),
                                 self.h0 * self.damp * F32(m.churn_sentiment_slope.value))
        self.threat = response.responsibility(self.sc)
        # Bigger losses hurt more (TARP: the size of the loss), with diminishing growth.
        reference = F32(max(m.loss_reference.value, 1e-9))
        self.severity = np.clip(np.sqrt(p.perceived / reference), 0.0,
                                m.severity_cap.value).astype(F32)
        R = self.R
        self.cost = np.zeros(R)
        self.refunds_paid = np.zeros(R)
        self.n_refunded = np.zeros(R, dtype=np.int64)
        self.n_churned = np.zeros(R, dtype=np.int64)
        self._dirty: list[np.ndarray] = []
        self.n_aware = np.zeros(R, dtype=np.int64)
        self.calls = operations.CapacityQueue(self.N, R)
        self.office = operations.CapacityQueue(self.N, R)
        self.social = operations.CapacityQueue(self.N, R)
        self.reply_policy = np.full(n, -1, dtype=np.int16)
        self.outside_next = np.zeros((R, 3))
        self.replies_last = np.zeros(R)
        self.persistent: list[tuple[int, Action, response.MessageEffect]] = []
        self.crowd_heard = 0   # parts the plan's public statements have said so far
        # Denying after apologising (or the reverse) is a mixed campaign only when something
        # really failed; in a perception-only crisis a denial is the correction.
        self.mixed = m.mixed_deny_penalty.value if self.sc.crisis.real_failure else 1.0
        self.refund_due: dict[int, list[np.ndarray]] = {}
        self.deadline: dict[int, list[np.ndarray]] = {}
        hours = np.where(p.notices, np.floor(p.bill_time), np.inf)
        self.self_discovery = _bucket(hours, self.T)
        # The audience overcharged_most: in each replication, the share of its customers
        # with the largest loss (as they see it), ranked from the billing data.
        self.most_overcharged = self._top(p.perceived)

    def _init_plan(self) -> None:
        sc, T = self.sc, self.T
        ops = sc.operations
        # Capacities are given for the case's own population; other sizes scale them.
        self.scale = self.N / sc.population.reference
        self.call_agents = np.full(T, ops.call_center_agents.value * self.scale)
        self.social_agents = np.full(T, ops.social_care_agents.value * self.scale)
        self.office_extra = np.zeros(T)
        self.broadcasts: dict[int, list[tuple[int, Action, response.MessageEffect, float]]] = {}
        self.policies: dict[str, list[_Policy]] = {}
        self.reached = np.zeros((len(self.plan.actions), self.R), dtype=np.int64)
        self.spent = np.zeros((len(self.plan.actions), self.R))
        self._effects: dict[int, response.MessageEffect] = {}
        know = sc.knowledge
        # The explanation in a message written before the cause is known is a guess; those
        # told it hear the correction (a credibility cost) when the cause is found.
        self.cause_hour = int(math.ceil(know.cause_known_hours.value))
        self.ready = F32(know.refund_ready_hours.value)
        for i, a in enumerate(self.plan.actions):
            if a.staff is not None:
                self._staff(i, a)
                continue
            guess = know.guess_wrong_share.value if a.at < know.cause_known_hours.value else 0.0
            effect = self._effects[i] = response.evaluate(a, sc, guess=guess)
            channel = sc.channels[a.channel]
            # Writing and approving a statement costs in proportion to the company's size.
            self._spend(i, channel.fixed_cost.value * self.scale)
            if a.audience == "complainers" and (a.channel in REPLY_CHANNELS or a.channel in
                                                SCRIPTED):
                end = a.until if a.until is not None else float(T)
                self.policies.setdefault(a.channel, []).append(_Policy(i, a, effect, a.at, end))
                continue
            when = a.at + channel.delay_hours.value
            hour = int(when)
            if hour < T:
                self.broadcasts.setdefault(hour, []).append((i, a, effect, when))
        default = Action(at=0, channel="call_center", audience="complainers",
                         message=("acknowledge",), tone="formal")
        self.default_script = {name: response.evaluate(default.model_copy(
            update={"channel": name}), sc) for name in SCRIPTED if name in sc.channels}

    def _staff(self, i: int, a: Action) -> None:
        staff = a.staff
        # Staff work whole hours in the hourly model: the hours they hold the line are the
        # hours paid for (a shift of 0.002 h buys, and costs, one hour).
        start, end = int(a.at), min(int(math.ceil(a.at + staff.hours)), self.T)
        agents = staff.agents * self.scale
        if staff.channel == "call_center":
            self.call_agents[start:end] += agents
        elif staff.channel == "email":
            self.office_extra[start:end] += agents
        else:
            self.social_agents[start:end] += agents
        hours = max(end - start, 0)
        self._spend(i, agents * hours * self.sc.operations.agent_cost_per_hour.value)

    def _spend(self, i: int, amount: float | np.ndarray) -> None:
        """Charge action ``i``: one amount for every replication, or one per replication."""
        self.cost += amount
        self.spent[i] += amount

    def _per_rep(self, idx: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        """How many of ``idx`` (or the sum of ``weights`` over them, in order, in float64)
        fall in each replication."""
        if weights is not None:
            weights = np.asarray(weights, dtype=np.float64)
        return np.bincount(idx // self.N, weights=weights, minlength=self.R)

    # ---- mechanisms ---------------------------------------------------------------------

    def _refresh_hazard(self, idx: np.ndarray) -> None:
        """Mark customers whose state changed; their hazard is recomputed before churn."""
        if idx.size:
            self._dirty.append(idx)

    def _apply_hazard(self) -> None:
        """Churn hazard multiplier from the customer's state (TARP; Recon; Bolton)."""
        if not self._dirty:
            return
        # Duplicates are harmless: each gets the same value written twice.
        idx = np.concatenate(self._dirty) if len(self._dirty) > 1 else self._dirty[0]
        self._dirty = []
        m = self.sc.model
        aware = self.aware[idx]
        # In a perception-only crisis the problem is the belief, not the money: a refund of
        # what was never overcharged leaves the belief (and the churn it drives) in place.
        refunded = self.refunded[idx] & self.sc.crisis.real_failure
        # "Resolved quickly" counts from when the customer knew, or from when the fix let
        # refunds run if that was later (no plan can pay before it: the case's clock).
        quick = (self.refund_time[idx] - np.maximum(self.aware_time[idx], self.ready)) <= \
            self.sc.operations.quick_resolution_hours.value
        unresolved = np.where(self.complained[idx],
                              m.churn_complainer_unresolved_multiplier.value,
                              m.churn_unresolved_multiplier.value)
        unresolved = 1.0 + (unresolved - 1.0) * self.belief[idx]
        resolved = np.where(quick, 1.0, m.churn_resolved_slow_multiplier.value)
        state = np.where(~aware, 1.0, np.where(refunded, resolved, unresolved)).astype(F32)
        damp = self.damp[idx]
        alive = self.alive[idx]
        self.churn.set_rates(
            idx, np.where(alive, self.h0 * (1.0 - damp + damp * state), 0.0),
            np.where(alive, self.h0 * damp * state * m.churn_sentiment_slope.value, 0.0))

    def _shock(self, idx: np.ndarray, delta: np.ndarray) -> None:
        """Apply a sentiment change; losses weigh more than gains (Baumeister; Bolton)."""
        if idx.size == 0:
            return
        self._shift(idx, self._felt(delta))

    def _felt(self, delta: np.ndarray) -> np.ndarray:
        """A change as felt: losses count ``loss_aversion`` times, at most one step
        (:func:`casekit.engine.response.felt_step`, shared with the café kind)."""
        return response.felt_step(delta, self.sc.model.loss_aversion.value)

    def _shift(self, idx: np.ndarray, delta: np.ndarray) -> None:
        """Move sentiment by an already-felt change d in [-1, 1] as a share of the room left:
        s + d (1 - s) for gains, s + d (1 + s) for losses, both equal to s (1 - |d|) + d."""
        d = np.clip(np.asarray(delta, dtype=F32), F32(-response.MAX_STEP),
                    F32(response.MAX_STEP))
        s = self.s[idx]
        s *= F32(1.0) - np.abs(d)
        s += d
        self.s[idx] = s

    def _discover(self, idx: np.ndarray, t: float, via: int) -> None:
        """Customers learn of the error: a shock scaled by the attributed threat (SCCT)."""
        idx = idx[self.alive[idx] & ~self.aware[idx]]
        if idx.size == 0:
            return
        m = self.sc.model
        told = via == 3
        self.aware[idx] = True
        self.n_aware += self._per_rep(idx)
        self.aware_f[idx] = 1.0
        self.aware_time[idx] = t
        self.found_via[idx] = via
        self.told_first[idx] = told
        severity = self.severity[idx] * (m.stealing_thunder_severity.value if told else 1.0)
        self._shock(idx, -m.discovery_shock.value * self.threat * severity * self.pop.weight[idx])
        rate = self.sc.complaints.rate_per_hour.value * (m.stealing_thunder_severity.value
                                                        if told else 1.0)
        open_ = ~self.refunded[idx]
        self.K[idx] = np.where(open_, rate * self.belief[idx], 0.0)
        self._refresh_hazard(idx)
        if not told:
            for i, action, effect in self.persistent:  # statements already up (website, page)
                seen = idx[self._reached(action.channel, idx)]
                self._deliver(seen, t, i, action, effect, count_public=False)

    def _reached(self, channel: str, idx: np.ndarray) -> np.ndarray:
        """Which of ``idx`` the channel reaches (fixed per customer: common random numbers)."""
        ch = self.sc.channels[channel]
        p = self.pop
        prob = np.full(idx.size, ch.reach.value, dtype=F32)
        if ch.requires == "mobile":
            prob *= p.mobile[idx]
        elif ch.requires == "email":
            prob *= p.email[idx] * F32(self.sc.population.email_open_rate.value)
        elif ch.requires == "follower":
            prob *= p.follower[idx]
        elif ch.requires == "social":
            prob *= p.social[idx]
        if channel in PLATFORM:  # social posts reach followers, others through shares
            prob *= self.vis[idx]
        return self.reach_u[CHANNELS.index(channel), idx] < prob

    def _audience(self, audience: str) -> np.ndarray:
        p = self.pop
        mask = {
            "everyone": self.alive, "public": self.alive,
            "e_bill": self.alive & p.e_bill, "paper_bill": self.alive & ~p.e_bill,
            "complainers": self.alive & self.complained, "followers": self.alive & p.follower,
            "overcharged_most": self.alive & self.most_overcharged,
        }.get(audience)
        if mask is None:   # churn_risk: ranked when the message goes out
            fallen = np.where(self.alive, p.sentiment0 - self.s, -np.inf)
            mask = self.alive & self._top(fallen)
        return np.flatnonzero(mask)

    def _top(self, key: np.ndarray) -> np.ndarray:
        """In each replication, the ``model.targeted_share`` of its customers with the
        largest ``key`` (ties in index order), as a mask."""
        top = int(round(self.sc.model.targeted_share.value * self.N))
        order = np.argsort(-key.reshape(self.R, self.N), axis=1, kind="stable")[:, :top]
        mask = np.zeros(self.M, dtype=bool)
        mask[(order + (np.arange(self.R) * self.N)[:, None]).ravel()] = True
        return mask

    def _deliver(self, idx: np.ndarray, t: float, i: int, action: Action,
                 effect: response.MessageEffect, count_public: bool = True) -> None:
        """A message reaches customers ``idx`` at time ``t``."""
        idx = idx[self.alive[idx]]
        if idx.size == 0:
            return
        m = self.sc.model
        self._discover(idx[~self.aware[idx]], t, via=3)  # stealing thunder
        delay = t - self.aware_time[idx]
        # What is new to each customer (what they heard before is worth little again).
        contacts = self.messages[idx]
        # Reassurance (what a repeat still gives) needs time between the tellings: a
        # second message within model.reassurance_gap_hours of the last adds only what is
        # new in it, as if both were one message (R).
        apart = (F32(t) - self.last_message[idx]) >= F32(m.reassurance_gap_hours.value)
        new = response.novelty(effect, self.heard[idx], m.repeat_value.value, self.mixed,
                               contacts, reassure=apart, heard_gains=self.part_gains)
        worth = F32(effect.value) * np.where(F32(effect.value) > 0, new, F32(1.0))
        paid = 0
        if effect.compensation:
            # Compensation is paid, and felt, once per customer, whatever repeats the offer.
            # A customer paid before gets, and feels, only the difference: the compensation
            # part's worth scales with the share of its value that is new to them.
            before = self.compensated[idx]
            offer = F32(effect.compensation)
            m_ = self.sc.model
            felt = lambda amount: 1.0 - np.exp(-amount / F32(m_.compensation_scale.value))
            new_share = np.clip(1.0 - felt(before) / felt(offer), 0.0, 1.0).astype(F32)
            plain = F32(effect.value_without_compensation)
            worth = plain * np.where(plain > 0, new, F32(1.0)) + \
                F32(effect.value - plain) * new_share
            paid = self._per_rep(idx, np.maximum(offer - before, 0.0))
            self.compensated[idx] = np.maximum(before, offer)
        value = worth * response.timeliness(delay, effect.tau_hours, m.timeliness_floor.value)
        # Beyond the contacts a customer tolerates, each one more is more intrusive (R).
        value = value - F32(m.contact_annoyance.value) * np.maximum(
            contacts.astype(F32) + F32(1.0 - m.contact_tolerance.value), F32(0.0))
        value = value * self.pop.weight[idx] * (~self.pop.vindictive[idx])
        self._shock(idx, value)
        self.messages[idx] += 1
        self.last_message[idx] = F32(t)
        self.heard[idx] |= np.int32(effect.bits)
        if effect.guess:
            self.guessed[idx] = True
        if effect.correction:
            # Corrections do not compound: what remains of the misbelief is what the most
            # credible correction a customer has heard leaves (Lewandowsky et al. 2012:
            # corrections reduce but rarely erase it; Ecker et al. 2011: repeating a
            # retraction adds little). A repeat, or a less credible channel, removes no more.
            before = self.belief[idx]
            after = np.minimum(before, F32(1.0 - effect.correction))
            self.belief[idx] = after
            self.K[idx] *= after / np.maximum(before, F32(1e-6))
        if effect.refund:
            self._schedule_refund(idx, t)
        channel = self.sc.channels[action.channel]
        count = self._per_rep(idx)
        self._spend(i, count * channel.cost_per_contact.value + paid)
        self.reached[i] += count
        self._refresh_hazard(idx)
        if channel.public and count_public and \
                PLATFORM.get(action.channel, self.sc.thread.platform) == self.sc.thread.platform:
            self._public_stance(idx, count, action, effect)

    def _public_stance(self, idx: np.ndarray, count: np.ndarray, action: Action,
                       effect: response.MessageEffect) -> None:
        """What the crowd makes of a public message (van Noort & Willemsen; Weitzl), in each
        replication where it reached someone (``count`` per replication)."""
        if action.channel.endswith("_reply"):
            m = self.sc.model
            weight = count / (count + m.reply_weight_half.value)
            self.replies_last += count
            pleased = self._per_rep(idx[(self.s[idx] > m.pleased_threshold.value) &
                                        self.pop.social[idx]])
            self.outside_next[:, spread.POS] += m.thanks_share.value * pleased
            if effect.defensive:
                self.outside_next[:, spread.NEG] += m.defensive_extra_wom.value * count
        else:
            # A statement the crowd has read before moves it little (the same novelty as a
            # customer's, for the crowd as a whole: what the plan has posted so far).
            new = response.novelty(effect, np.array([self.crowd_heard]),
                                   self.sc.model.repeat_value.value, self.mixed)
            weight = np.full(self.R, float(new[0]) if effect.value > 0 else 1.0)
            self.crowd_heard |= effect.bits
        self.thread.stance_add(effect.value * weight, effect.defensive, where=count > 0)

    def _schedule_refund(self, idx: np.ndarray, t: float) -> None:
        """Credit the accounts of ``idx``: refunds run once the billing fix lets them, then
        take the refund lag to post."""
        due = idx[~self.refunded[idx] & ~self.refund_pending[idx]]
        self.refund_pending[due] = True
        hour = int(max(t, self.sc.knowledge.refund_ready_hours.value) +
                   self.sc.operations.refund_lag_hours.value)
        if hour < self.T:
            self.refund_due.setdefault(hour, []).append(due)

    def _refunds_land(self, t: int) -> None:
        """The money is back: a gain, and the complaint is resolved (TARP)."""
        for due in self.refund_due.pop(t, []):
            idx = due[self.alive[due] & ~self.refunded[due]]
            if idx.size == 0:
                continue
            m, ops = self.sc.model, self.sc.operations
            self.refunded[idx] = True
            self.n_refunded += self._per_rep(idx)
            self.refund_time[idx] = t
            aware = self.aware[idx]
            delay = np.where(aware, t - self.aware_time[idx], 0.0)
            gain = m.refund_gain.value * response.timeliness(
                delay, ops.quick_resolution_hours.value, m.timeliness_floor.value)
            # A credit is a gain to those who know what it is for; the others find it on
            # their next bill, already put right.
            self._shock(idx, gain * self.pop.weight[idx] * aware)
            self.K[idx] = 0.0
            self.complain_left[idx] = self.E_complain[idx]
            self.refunds_paid += self._per_rep(idx, self.pop.perceived[idx])
            self.cost += self._per_rep(idx, self.pop.perceived[idx] - self.pop.overcharge[idx])
            self._refresh_hazard(idx)

    def _correct_guesses(self) -> None:
        """The cause is known: an explanation given before was wrong with chance
        ``guess_wrong_share``, and its correction costs credibility (the expected cost)."""
        idx = np.flatnonzero(self.guessed & self.alive)
        if idx.size == 0:
            return
        know = self.sc.knowledge
        cost = F32(know.guess_wrong_share.value * know.guess_wrong_shock.value)
        self._shock(idx, -cost * self.pop.weight[idx] * (~self.pop.vindictive[idx]))
        self._refresh_hazard(idx)

    def _policy(self, channel: str, t: float) -> _Policy | None:
        """The latest standing instruction for a channel that is active at ``t``."""
        active = [p for p in self.policies.get(channel, ()) if p.start <= t < p.end]
        return active[-1] if active else None

    def _complain(self, idx: np.ndarray, t: int) -> np.ndarray:
        """New complaints, routed to the channel each customer uses; returns their number
        per replication and channel (R, channels)."""
        first = ~self.complained[idx]
        self.complained[idx] = True
        self.n_complaints[idx] += 1
        self.K[idx] = 0.0
        self.complain_left[idx] = self.E_complain[idx]
        deadline = idx[first & self.ultimatum[idx]]
        if deadline.size:
            hour = int(t + self.sc.model.ultimatum_hours.value)
            if hour < self.T:
                self.deadline.setdefault(hour, []).append(deadline)
        channel = self.channel[idx]
        counts = np.zeros((self.R, len(COMPLAINT_CHANNELS)))
        for c in range(len(COMPLAINT_CHANNELS)):
            who = idx[channel == c]
            counts[:, c] = self._per_rep(who)
            if c == CALL:
                self.calls.push(who, t)
            elif c == EMAIL:
                self.office.push(who, t)
            else:
                self.social_platform[who] = 1 if c == FACEBOOK else 2
                if c == FACEBOOK and self.sc.thread.platform == "facebook" or \
                        c == TWITTER and self.sc.thread.platform == "twitter":
                    self.outside_next[:, spread.NEG] += counts[:, c]
                self._route_social(who, t)
        self._refresh_hazard(idx)
        return counts

    def _route_social(self, who: np.ndarray, t: float) -> None:
        """Public complainers enter the social-care queue if a reply policy is running."""
        if who.size == 0 or not any(name in self.policies for name in REPLY_CHANNELS):
            return
        platform_channel = {1: "facebook_reply", 2: "twitter_reply"}
        for code, name in platform_channel.items():
            group = who[self.social_platform[who] == code]
            policy = self._policy(name, t) or self._policy("direct_message", t)
            if policy is not None and group.size:
                group = group[(self.answered_by[group] != policy.index) &
                              ~self.in_social_queue[group]]
                self.reply_policy[group] = policy.index
                self.in_social_queue[group] = True
                self.social.push(group, t)

    def _start_policies(self, t: int) -> None:
        """A reply policy that starts now also answers those who complained before."""
        for name in REPLY_CHANNELS:
            for policy in self.policies.get(name, ()):
                if int(policy.start) != t:
                    continue
                codes = {"facebook_reply": [1], "twitter_reply": [2]}.get(name)
                if codes is None:  # direct messages go where no public reply policy runs
                    codes = [c for c, n in ((1, "facebook_reply"), (2, "twitter_reply"))
                             if self._policy(n, t) is None]
                mine = np.isin(self.social_platform, codes) & self.alive
                # Those already in line switch to the new reply; the rest join the line.
                queued = mine & self.in_social_queue
                self.reply_policy[queued] = policy.index
                waiting = np.flatnonzero(mine & ~self.in_social_queue &
                                         (self.answered_by != policy.index))
                self.reply_policy[waiting] = policy.index
                self.in_social_queue[waiting] = True
                self.social.push(waiting, t)

    def _serve(self, t: int, rec: dict[str, np.ndarray]) -> None:
        """Queues serve what their capacity allows this hour (Ciw-style, fluid in the hour);
        the hour's queue figures go into ``rec``, one per replication."""
        ops = self.sc.operations
        if len(self.calls):
            self._serve_calls(t, rec)
        if len(self.office):
            office_capacity = ops.back_office_emails_per_hour.value * self.scale + \
                self.office_extra[t] * ops.replies_per_agent_hour.value
            office = self.office.serve(t, office_capacity, self.alive)
            self._answer_inbound("email", office.served, t)
            rec["queue_back_office"][:, t] = office.waiting
        if len(self.social):
            social = self.social.serve(
                t, self.social_agents[t] * ops.replies_per_agent_hour.value, self.alive)
            self.answered_by[social.served] = self.reply_policy[social.served]
            self.in_social_queue[social.served] = False
            policies = np.unique(self.reply_policy[social.served]) if social.served.size else ()
            for index in policies:
                group = social.served[self.reply_policy[social.served] == index]
                action = self.plan.actions[int(index)]
                self._deliver(group, t + 0.5, int(index), action, self._effects[int(index)])
            rec["queue_social"][:, t] = social.waiting
            rec["replies"][:, t] = self._per_rep(social.served)

    def _serve_calls(self, t: int, rec: dict[str, np.ndarray]) -> None:
        """The call centre: callers served in order, the impatient hang up."""
        ops, m = self.sc.operations, self.sc.model
        calls = self.calls.serve(t, self.call_agents[t] * ops.calls_per_agent_hour.value,
                                 self.alive, self.patience)
        waited = (-m.queue_wait_shock.value *
                  np.minimum(calls.waits, m.wait_cap_hours.value)).astype(F32)
        self._answer_inbound("call_center", calls.served, t, extra=waited)
        ab = calls.abandoned
        if ab.size:
            self._shock(ab, np.full(ab.size, -m.abandon_shock.value, dtype=F32) *
                        self.pop.weight[ab])
            self._rearm(ab)
            esc = ab[self.escalates[ab]]
            self.channel[esc] = FACEBOOK if self.sc.thread.platform == "facebook" else TWITTER
        served = self._per_rep(calls.served)
        rec["queue_call_center"][:, t] = calls.waiting
        rec["served_calls"][:, t] = served
        rec["abandoned_calls"][:, t] = self._per_rep(ab)
        rec["wait_call_center"][:, t] = self._per_rep(calls.served, calls.waits) / \
            np.maximum(served, 1)

    def _answer_inbound(self, channel: str, idx: np.ndarray, t: int,
                        extra: np.ndarray | None = None) -> None:
        """Staff answer complainers with the script in force (or the default one).

        ``extra`` is a sentiment change felt at the same moment (the wait in the queue).
        """
        if idx.size == 0 or channel not in self.sc.channels:
            return
        policy = self._policy(channel, t)
        weight = self.pop.weight[idx]
        if policy is None:
            effect = self.default_script[channel]
            delay = t + 0.5 - self.aware_time[idx]
            value = effect.value * response.timeliness(delay, effect.tau_hours,
                                                       self.sc.model.timeliness_floor.value)
            value = self._felt(value * (~self.pop.vindictive[idx]) * weight)
            self._shift(idx, value if extra is None else value + self._felt(extra * weight))
        else:
            if extra is not None:
                self._shock(idx, extra * weight)
            self._deliver(idx, t + 0.5, policy.index, policy.action, policy.effect)
        # Answered but not resolved: the urge to complain returns, weaker with each attempt.
        self._rearm(idx)

    def _rearm(self, idx: np.ndarray) -> None:
        """Complainers whose problem is still open may complain again (RETRY_DECAY)."""
        open_ = ~self.refunded[idx] & ~self.refund_pending[idx]
        retry = self.retry_weight[np.minimum(self.n_complaints[idx],
                                             self.retry_weight.size - 1)]
        self.K[idx] = self.sc.complaints.rate_per_hour.value * self.belief[idx] * retry * open_

    def _ultimatums(self, t: int) -> np.ndarray:
        """'Refund today or I cancel': the deadline passes with the money not back."""
        gone = []
        for idx in self.deadline.pop(t, []):
            follow = self.sc.model.ultimatum_follow_through.value * self.damp[idx]
            leave = idx[self.alive[idx] & ~self.refunded[idx] &
                        (self.follow_through[idx] < follow)]
            gone.append(leave)
        return np.concatenate(gone) if gone else np.zeros(0, dtype=np.int64)

    def _churn(self, idx: np.ndarray, t: int) -> None:
        idx = np.unique(idx[self.alive[idx]])
        self.alive[idx] = False
        self.n_churned += self._per_rep(idx)
        self.churn_time[idx] = t
        self.K[idx] = 0.0
        self.complain_left[idx] = INF
        self.churn.close(idx)
        self.vis_w[idx] = 0.0

    # ---- the loop -----------------------------------------------------------------------

    def run(self) -> list[RunResult]:
        T, N, R = self.T, self.N, self.R
        sc = self.sc
        rec = {name: np.zeros((R, T)) for name in HOURLY_COLUMNS}
        neg = np.empty(self.M, dtype=F32)
        # Whole-array steps go through the customers a few replications' rows at a time,
        # with a scratch array that fits in the processor's cache (the same arithmetic on
        # every customer, so the same numbers).
        per_chunk = max(1, CHUNK_CUSTOMERS // N)   # rows
        tmp = np.empty((per_chunk, N), dtype=F32)
        chunks = [slice(a, min(a + per_chunk, R)) for a in range(0, R, per_chunk)]
        rows = lambda a: a.reshape(R, N)   # one row per replication (a view)
        attention_ref = self.attention_reference
        exposure_shock = sc.thread.exposure_shock.value
        loss = sc.model.loss_aversion.value
        complaint_decay = F32(math.exp(-1.0 / sc.complaints.attention_hours.value))
        complaints_total = np.zeros((R, len(COMPLAINT_CHANNELS)))
        max_exposure = sc.model.max_exposure.value
        # Before anyone has found out, the crowd's mood is the hostile first post's. R.
        mood_next = np.full(R, float(sc.population.initial_sentiment_mean.value) -
                            sc.model.first_post_mood.value)
        for t in range(T):
            # 1. The public thread grows (Hawkes process) from last hour's posts.
            mood = mood_next
            # Posts are whole: fractions (0.75 of a post per defensive reply) carry over.
            whole = np.floor(self.outside_next)
            attention = self.thread.step(t, whole, mood, self.replies_last)
            self.outside_next = self.outside_next - whole
            self.replies_last = np.zeros(R)
            tone = self.thread.tone(t)
            # 2. Everyone who sees the thread takes in its tone; unaware ones may check.
            # A hostile hour moves s by c (1 + s), a friendly one by c (1 - s): the room left
            # on the side it pushes towards.
            x = np.minimum(attention / attention_ref, max_exposure)
            self.exposure_total += x
            hostile = tone > 0
            # At most all the room in one hour (|c| <= 1), so s stays in [-1, 1].
            c = np.clip(-exposure_shock * x * tone * np.where(hostile, loss, 1.0),
                        -1.0, 1.0).astype(F32)
            heard = np.flatnonzero(c != 0)   # a silent thread moves nobody
            if heard.size == R and (hostile.all() or not hostile.any()):
                groups = chunks               # all rows, a chunk at a time
            else:                             # row by row, the rows the thread reached
                groups = [slice(k, k + 1) for k in heard.tolist()]
            for g in groups:
                _expose(rows(self.s)[g], tmp[:g.stop - g.start], rows(self.vis_w)[g],
                        bool(hostile[g.start]), c[g, None])
            # 3. Customers find the error: on their bill, or from the thread.
            if t < len(self.self_discovery) and self.self_discovery[t].size:
                self._discover(self.self_discovery[t], float(t), via=1)
            reached = np.searchsorted(self.check_keys, _level_keys(
                self.exposure_total.astype(F32), np.arange(R)), side="right")
            found = [self.check_order[a:b] for a, b in zip(self.check_next.tolist(),
                                                          reached.tolist()) if b > a]
            self.check_next = reached
            if found:
                self._discover(np.concatenate(found), t + 0.5, via=2)
            # 4. Company messages go out; reply policies that start now pick up the backlog.
            for i, action, effect, when in self.broadcasts.get(t, ()):
                audience = self._audience(action.audience)
                if action.channel in PULLED:  # read by those who come looking: the aware
                    audience = audience[self.aware[audience]]
                self._deliver(audience[self._reached(action.channel, audience)], when, i,
                              action, effect)
                if effect.refund and sc.crisis.real_failure:
                    # Refunding is a billing run, not a message: the accounts of the whole
                    # audience the promise is made to are credited, read or not (a public
                    # promise covers every customer).
                    whole = "everyone" if action.audience in ("public", "followers") \
                        else action.audience
                    self._schedule_refund(self._audience(whole), when)
                if sc.channels[action.channel].persistent:
                    self.persistent.append((i, action, effect))
            self._start_policies(t)
            # 5. Refunds land; once the cause is known, guesses told earlier are corrected.
            self._refunds_land(t)
            if t == self.cause_hour:
                self._correct_guesses()
            # 6. Angry customers complain (hazard proportional to anger, fading with time).
            # The same anger, min(s, 0), drives churn (step 8): it is added to the churn
            # ledger's sums while the chunk is at hand.
            new = []
            self.churn.open_hour(neg)
            for g in chunks:
                g = slice(g.start * N, g.stop * N)
                n_, K_, left_ = neg[g], self.K[g], self.complain_left[g]
                t_ = tmp.reshape(-1)[:n_.size]
                np.minimum(self.s[g], F32(0.0), out=n_)
                self.churn.add(g)
                np.multiply(K_, n_, out=t_)
                left_ += t_
                K_ *= complaint_decay
                new.append(np.flatnonzero(left_ <= F32(0.0)) + g.start)
            new = np.concatenate(new)
            if new.size:
                counts = self._complain(new, t)
                for c_, name in enumerate(COMPLAINT_CHANNELS):
                    rec[f"complaints_{name}"][:, t] = counts[:, c_]
                complaints_total += counts
            # 7. Queues serve what capacity allows.
            self._serve(t, rec)
            # 8. Churn: hazard from sentiment and state, damped by switching costs.
            # (Anger as it stood when complaints were decided: added to the ledger in step 6.)
            self._apply_hazard()
            leaving = self.churn.spend()
            ultimatum = self._ultimatums(t)
            if leaving.size or ultimatum.size:
                self._churn(np.concatenate([leaving, ultimatum]), t)
            # 9. Record the hour (pairwise float32 sums, one per replication's row).
            rec["sentiment_mean"][:, t] = np.add.reduce(rows(self.s), axis=1) / N
            n_aware = self.n_aware.astype(np.float64)
            known = n_aware > 0
            aware_sum = _row_dots(rows(self.s), rows(self.aware_f))
            mood_next = np.where(known, aware_sum / np.maximum(n_aware, 1.0), mood_next)
            rec["sentiment_aware"][:, t] = np.where(known, mood_next, np.nan)
            rec["aware"][:, t] = n_aware
            rec["churned"][:, t] = self.n_churned
            rec["cost"][:, t] = self.cost
            rec["refunded"][:, t] = self.n_refunded
            rec["attention"][:, t] = attention
        self.after_window = self._after_window()
        return [self._result(k, rec, complaints_total[k]) for k in range(R)]

    def _after_window(self) -> np.ndarray:
        """The lifetime value each replication can still expect to lose after the horizon:
        every remaining customer's churn hazard as their end state sets it (known and
        unrefunded, refunded slowly or quickly, angry or not), above the base rate,
        spent over ``model.after_window_days`` with their sentiment held. A refund still
        on its way counts as landed (slowly); a customer who never knew counts as finding
        out with chance ``model.after_window_discovery``, and then takes the discovery
        shock a customer who finds out alone takes (not told first: stealing thunder's
        counterfactual, docs/model.md 4)."""
        m, ops = self.sc.model, self.sc.operations
        hours = m.after_window_days.value * 24.0
        pending = self.refund_pending & ~self.refunded
        with np.errstate(invalid="ignore"):   # inf - inf for the never aware, never refunded
            took = np.where(self.refunded & self.aware,
                            self.refund_time - np.maximum(self.aware_time, self.ready), np.inf)
        quick = took <= ops.quick_resolution_hours.value
        unresolved = np.where(self.complained, m.churn_complainer_unresolved_multiplier.value,
                              m.churn_unresolved_multiplier.value)
        unresolved = 1.0 + (unresolved - 1.0) * self.belief
        resolved = np.where(quick, 1.0, m.churn_resolved_slow_multiplier.value)
        fixed = (self.refunded | pending) & self.sc.crisis.real_failure   # as _apply_hazard
        known = np.where(fixed, resolved, unresolved)
        damp = self.damp.astype(np.float64)

        def lost(state: np.ndarray, s: np.ndarray) -> np.ndarray:
            rate = self.h0 * (1.0 - damp + damp * state) + self.h0 * damp * state * \
                m.churn_sentiment_slope.value * np.maximum(-s, 0.0)
            excess = np.maximum(rate - self.h0, 0.0) * self.alive
            return -np.expm1(-excess * hours) * self.pop.lifetime_value

        # Those who never found out may still, after the window (the next bill, the story
        # told by others): with that chance they find out alone, take the full discovery
        # shock and are unresolved unless their account was credited, and not quickly.
        # Telling them during the window is judged against this: a customer who would have
        # found out anyway is better told, softened and resolved, now.
        later = np.where(fixed, m.churn_resolved_slow_multiplier.value, unresolved)
        shock = self._felt(-m.discovery_shock.value * self.threat * self.severity *
                           self.pop.weight).astype(np.float64)
        s = self.s.astype(np.float64)
        found = s + shock * (1.0 + s)
        chance = m.after_window_discovery.value
        unaware = (1.0 - chance) * lost(np.ones_like(s), s) + chance * lost(later, found)
        total = np.where(self.aware, lost(known, s), unaware)
        return self._per_rep(np.arange(self.M), total)

    def _result(self, k: int, rec: dict[str, np.ndarray], complaints: np.ndarray) -> RunResult:
        """Replication ``k``'s hourly series, totals and (optionally) final states."""
        st = self.thread.state
        part = slice(k * self.N, (k + 1) * self.N)
        own = (lambda a: a[part].copy()) if self.R > 1 else (lambda a: a[part])
        hourly = {name: series[k].copy() for name, series in rec.items()}
        for q, name in enumerate(spread.POLARITIES):
            hourly[f"comments_{name}"] = st.comments[k, q].copy()
            hourly[f"posts_{name}"] = st.posts[k, q].copy()
        hourly["likes"] = st.likes[k].copy()
        hourly["shares"] = st.shares[k].copy()
        hourly["complaints"] = sum(hourly[f"complaints_{c}"] for c in COMPLAINT_CHANNELS)
        alive, aware, s = self.alive[part], self.aware[part], self.s[part]
        churned = ~alive
        p = self.pop
        negative_posts = float(st.comments[k, spread.NEG].sum() + st.posts[k, spread.NEG].sum()
                               + complaints[TWITTER if self.sc.thread.platform == "facebook"
                                            else FACEBOOK])
        belief = self.belief[part]
        totals = {
            "churned_customers": float(churned.sum()),
            "churn_rate": float(churned.mean()),
            "revenue_lost": float(p.lifetime_value[part][churned].sum()),
            "cost": float(self.cost[k]),
            "sentiment_final": float(s.mean(dtype=np.float64)),
            "negative_posts": negative_posts,
            "complaints": float(complaints.sum()),
            "refunds_paid": float(self.refunds_paid[k]),
            "aware": float(aware.sum()),
            "told_first": float(self.told_first[part].sum()),
            "refunded": float(self.refunded[part].sum()),
            "comments": float(st.comments[k].sum()) + self.thread.p.start_comments,
            "likes": float(st.likes[k].sum()) + self.thread.p.start_likes,
            "shares": float(st.shares[k].sum()),
            "positive_posts": float(st.comments[k, spread.POS].sum() +
                                    st.posts[k, spread.POS].sum()),
            "abandoned_calls": float(hourly["abandoned_calls"].sum()),
            "belief_remaining": float(belief[aware].mean()) if aware.any() else 0.0,
            "after_window_lost": float(self.after_window[k]),
        }
        final = {}
        if self.keep_final:
            final = {name: own(value) for name, value in {
                "e_bill": p.e_bill, "tenure": p.tenure, "lifetime_value": p.lifetime_value,
                "sentiment": self.s, "sentiment0": p.sentiment0, "aware": self.aware,
                "found_via": self.found_via, "complained": self.complained,
                "refunded": self.refunded, "churned": ~self.alive,
                "churn_time": self.churn_time, "aware_time": self.aware_time,
                "contract": p.contract}.items()}
        actions = [{"index": i, "action": a.describe(), "reached": int(self.reached[i, k]),
                    "cost": float(self.spent[i, k])} for i, a in enumerate(self.plan.actions)]
        return RunResult(self.sc.id, self.plan.name, self.seed, self.reps[k], self.N, hourly,
                         totals, actions, final)


HOURLY_COLUMNS = (
    "sentiment_mean", "sentiment_aware", "aware", "churned", "cost", "refunded", "attention",
    "complaints_call_center", "complaints_email", "complaints_facebook", "complaints_twitter",
    "queue_call_center", "served_calls", "abandoned_calls", "wait_call_center",
    "queue_back_office", "queue_social", "replies",
)


def _row_dots(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The dot product of each row of ``a`` with the same row of ``b``: the same number as
    ``np.dot`` on that row alone (np.vecdot where numpy has it, else row by row)."""
    if hasattr(np, "vecdot"):
        return np.vecdot(a, b)
    return np.array([np.dot(x, y) for x, y in zip(a, b)])


def _expose(s: np.ndarray, tmp: np.ndarray, vis_w: np.ndarray, hostile: bool,
            c: np.ndarray) -> None:
    """Replications' rows take in an hour of the thread: s += c * vis_w * room, where the
    room is 1 + s if the hour is hostile and 1 - s if not (all rows given share the sign;
    ``c`` is one float32 per row, as a column). The same arithmetic for one row or many."""
    if hostile:
        np.add(s, F32(1.0), out=tmp)
    else:
        np.subtract(F32(1.0), s, out=tmp)
    tmp *= vis_w
    tmp *= c
    s += tmp


def _level_keys(levels: np.ndarray, replication: int | np.ndarray) -> np.ndarray:
    """Sort keys for levels >= 0 of a replication: the replication in the high 32 bits, the
    float32 bit pattern (which sorts as the number does) in the low ones."""
    bits = np.asarray(levels, dtype=F32).view(np.int32).astype(np.int64)
    return (np.asarray(replication, dtype=np.int64) << 32) | bits


def _bucket(hours: np.ndarray, T: int) -> list[np.ndarray]:
    """Customer indices grouped by the whole hour in which something happens to them."""
    finite = np.flatnonzero(np.isfinite(hours) & (hours < T))
    h = hours[finite].astype(np.int64)
    order = np.argsort(h, kind="stable")
    counts = np.bincount(h, minlength=T)
    return np.split(finite[order], np.cumsum(counts)[:-1])


def simulate_batch(scenario: Scenario, plan: Plan, seed: int = 0,
                   replications: Sequence[int] = (0,), customers: int | None = None,
                   keep_final: bool = True) -> list[RunResult]:
    """Run several replications of ``plan`` side by side, one RunResult each, in order.

    Each result is identical to running that replication alone: batching only shares the
    hourly Python work between replications. The same ``(seed, replication)`` gives the same
    customers, thresholds and thread noise whatever the plan (common random numbers).
    """
    replications = [int(r) for r in replications]
    if not replications:
        return []
    return _Simulation(scenario, plan, seed, replications, customers, keep_final).run()
