"""One public complaint and the crowd watching it: the public-reply engine.

The thread is a self-exciting (Hawkes) process of retweets and replies with the SEISMIC
power-law memory (casekit.engine.spread.power_law_kernel). What seeds it: the complainant's
tweet, the follower who tagged the café, the café's own replies and posts, the complainant's
answers, regulars who join in and, when switched on, the neighbouring café's move. Each item
reaches new accounts; what an account makes of the thread depends on the tone of the items
around it, on the café's visible replies and on how the complainant reacted (the thread's
*impression*). Regulars are numpy arrays: they see the thread when their accumulated exposure
passes a threshold, take in its impression (laptop workers more, as they share the
grievance), visit less and leave more as their sentiment falls, and leave faster still once
they have seen the competitor's invitation.

Common random numbers: every draw (regulars, thresholds, the cascade's uniforms, the
complainant's and the competitor's coin flips) is made up front in fixed amounts from
:func:`casekit.engine.randomness.streams`, so two plans with the same ``(seed, replication)``
face the same people and the same luck. docs/model-public-reply.md gives the equations.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np
from pydantic import BaseModel

from casekit.engine import response
from casekit.engine.randomness import poisson_from_uniform, streams
from casekit.engine.result import RunResult
from casekit.engine.spread import MAX_BRANCHING, power_law_kernel
from casekit.plan import Action, Plan
from casekit.case import Sourced
from casekit.kinds.public_reply.schema import ReplyScenario

__all__ = ["simulate_reply", "HOURLY_COLUMNS", "POLARITIES"]

NEG, NEU, POS = 0, 1, 2
#: Seeds that are not a customer's word of mouth.
COMPANY, COMPETITOR = -1, -3
POLARITIES = ("negative", "neutral", "positive")
#: The most replies the complainant can receive (uniforms are drawn for this many). R.
MAX_REPLIES = 32
#: Views in the long tail are passed on to regulars in batches of at least this many
#: accounts (a speed-up; a regular's exposure is the same up to the batching).
VIEW_BATCH = 5.0

#: Hourly columns recorded as one row per hour, in this order.
_ROW = (
    "items_negative", "items_neutral", "items_positive",
    "retweets_negative", "retweets_neutral", "retweets_positive",
    "replies_negative", "replies_neutral", "replies_positive",
    "company_items", "competitor_items", "reach", "reach_negative", "reach_cumulative",
    "impression", "observers_attitude", "complainant_sentiment", "sentiment_mean", "aware",
    "churned", "visits", "cost", "competitor_moved",
)
HOURLY_COLUMNS = (
    "items_negative", "items_neutral", "items_positive",
    "retweets_negative", "retweets_neutral", "retweets_positive",
    "replies_negative", "replies_neutral", "replies_positive",
    "company_items", "competitor_items",
    "complainant_posts_negative", "complainant_posts_neutral", "complainant_posts_positive",
    "regular_posts_negative", "regular_posts_positive",
    "reach", "reach_negative", "reach_cumulative", "impression", "observers_attitude",
    "complainant_sentiment", "sentiment_mean", "aware", "churned", "visits", "cost",
    "competitor_moved",
)


@dataclass(frozen=True)
class _Item:
    """An item entering the thread from outside the cascade (a seed)."""

    polarity: int            # NEG, NEU, POS, COMPANY or COMPETITOR
    audience: float          # accounts it shows to
    branching: float         # expected offspring before the stance factor
    count: int = 1           # items of this kind arriving together (their totals above)
    shared_as: int = NEG     # for the café's messages: what a retweet of it says


@dataclass
class _Delivery:
    """A café message due in one hour of the internal clock."""

    index: int
    action: Action
    effect: response.MessageEffect
    when: float              # plan hours


def _floats(section: BaseModel) -> SimpleNamespace:
    """Every sourced number of a scenario section as a plain float (read once per run)."""
    return SimpleNamespace(**{name: float(value) for name, value in section
                              if isinstance(value, Sourced)})


def _logistic(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


class _ReplyRun:
    def __init__(self, sc: ReplyScenario, plan: Plan, seed: int, replication: int,
                 customers: int | None) -> None:
        self.sc, self.plan = sc, plan
        self.seed, self.rep = seed, replication
        self.N = n = int(customers or sc.population.customers)
        self.T = sc.horizon_hours
        self.pp, self.c, self.cas = _floats(sc.population), _floats(sc.complainant), \
            _floats(sc.cascade)
        self.r, self.comp, self.m = _floats(sc.regulars), _floats(sc.competitor), \
            _floats(sc.model)
        # Internal clock: hour 0 is the hour of the complainant's tweet; plan hour t is A + t.
        self.A = int(math.ceil(self.c.tweet_age_hours))
        self.TT = self.A + self.T
        rng = streams(seed, replication)
        self._draw_regulars(rng["population"], rng["thresholds"], rng["reach"], n)
        self.U = rng["thread"].random((self.TT, 6))  # the cascade's noise, six per hour
        cas = self.cas
        args = (self.TT, cas.kernel_flat_minutes, cas.kernel_theta, cas.kernel_share_within_5h)
        self.kernel_calm = power_law_kernel(*args)
        self.kernel_fast = power_law_kernel(*args, speedup=cas.angry_speedup)
        self.branching = (cas.branching * cas.angry_branching_multiplier, cas.branching,
                          cas.branching)
        self.factor_cap = MAX_BRANCHING / max(self.branching)
        # Offspring owed to each hour, by the polarity of the parent item: a retweet copies
        # its parent's message, a reply reacts to the thread as it stands.
        self.future = np.zeros((3, self.TT + 1))
        self.kernels = (self.kernel_fast, self.kernel_calm, self.kernel_calm)
        # Views owed to each hour by what was posted: negative, neutral, positive, the café.
        # An item is seen over the hours after it is posted with the same memory as its
        # offspring (SEISMIC): most views come at once, a long tail later.
        self.views = np.zeros((4, self.TT + 1))
        self.view_kernels = (self.kernel_fast[1:], self.kernel_calm[1:], self.kernel_calm[1:],
                             self.kernel_calm[1:])
        self._init_state()
        self._init_plan()
        self._apply_injects()

    # ---- set-up -------------------------------------------------------------------------

    def _draw_regulars(self, pop: np.random.Generator, thr: np.random.Generator,
                       reach: np.random.Generator, n: int) -> None:
        p, r = self.pp, self.r
        u = pop.random((3, n))
        self.affected = u[0] < p.affected_share
        self.twitter = u[1] < p.twitter_share
        self.network = self.twitter & (u[2] < p.network_share)
        self.visits0 = _gamma(pop, p.visits_per_week_mean, p.visits_per_week_sd, n)
        self.spend = _gamma(pop, p.spend_per_visit_mean, p.spend_per_visit_sd, n)
        tenure = pop.exponential(p.tenure_months_mean, n)
        self.s0 = np.clip(pop.normal(p.initial_sentiment_mean, p.initial_sentiment_sd, n),
                          -0.95, 0.95)
        self.monthly = self.visits0 * self.spend * (30.0 / 7.0)
        self.ltv = self.monthly * p.margin * p.expected_lifetime_months
        weight = 1.0 / (1.0 + tenure / r.tenure_scale_months)
        ident = np.where(self.affected, r.affected_identification, r.other_identification)
        self.k = weight * ident                          # how much the thread moves them
        self.vis = np.where(self.network, r.network_visibility,
                            np.where(self.twitter, r.twitter_visibility, r.offline_visibility))
        e = thr.exponential(1.0, (3, n))
        self.E_aware, self.E_defect, self.E_move = e[0], e[1], e[2]
        self.u_post = thr.random(n)
        self.u_post_reach = reach.random(n)
        # The complainant's and the competitor's luck: a fixed number of draws.
        cu = thr.random(3 + MAX_REPLIES + self.TT)
        self.c_vindictive = bool(cu[0] < self.c.vindictive_share)
        self.u_return = float(cu[1])
        self.u_competitor = float(cu[2])
        self.u_respond = cu[3:3 + MAX_REPLIES]
        self.u_rant = cu[3 + MAX_REPLIES:]

    def _init_state(self) -> None:
        n, c, cas = self.N, self.c, self.cas
        self.s = self.s0.copy()
        self.alive = np.ones(n, dtype=bool)
        self.aware = np.zeros(n, dtype=bool)
        self.expo = np.zeros(n)
        self.expo_move = np.zeros(n)
        self.saw_move = np.zeros(n, dtype=bool)
        self.seen = np.zeros(n)                          # the impression each last took in
        self.posted = np.zeros(n, dtype=bool)
        self.H = np.zeros(n)
        self.h0 = -math.log(1.0 - self.r.baseline_monthly_defection) / (30 * 24)
        self.hazard = np.full(n, self.h0)
        self.pull = 1.0 + (self.comp.pull - 1.0) * np.where(self.affected, 1.0,
                                                            self.comp.other_pull_weight)
        self.s_c = c.initial_sentiment
        self.vowed = False
        self.replied = False            # the café has answered her (publicly or by DM)
        self.last_contact = -c.tag_age_hours   # plan hours of her last exchange
        self.n_replies = 0
        self.heard = np.zeros(1, dtype=np.int32)  # message parts she has heard, a bit each
        self.public_replies = 0
        self.first_public_at: float | None = None
        self.answers_due: set[int] = set()
        self.signal = 0.0               # what her last public answer tells onlookers
        self.V_gain = self.V_loss = self.V = 0.0   # onlookers' reading of the café's messages
        self.accommodating = self.defensive = 0.0  # stance (van Noort & Willemsen; Weitzl)
        self.stance_decay = 0.5 ** (1.0 / cas.stance_half_life_hours)
        self.competitor_at: int | None = None
        self.competitor_moved = False
        self.complainant_captured = False
        self.negative_items = 0.0
        self.reached = 0.0
        self.attitude_sum = 0.0         # sum over reached accounts of their snapshot
        self.reach_by_hour = np.zeros(self.TT)
        self.cost = 0.0
        self.corrective_paid = False
        self.outside: dict[int, list[_Item]] = {}
        view = cas.view_share
        self._seed(self.A - int(math.ceil(c.tweet_age_hours)),
                   _Item(NEG, c.followers * view, self.branching[NEG]))
        if self.sc.complainant.tag_reply is not None:  # a follower tags the café
            self._seed(self.A - int(math.ceil(c.tag_age_hours)),
                       _Item(NEU, cas.audience_per_item, self.branching[NEU]))
        self.counters = {name: np.zeros(self.TT) for name in HOURLY_COLUMNS}

    def _init_plan(self) -> None:
        sc = self.sc
        self.deliveries: dict[int, list[_Delivery]] = {}
        self.action_log = [{"index": i, "action": a.describe(), "reached": 0, "cost": 0.0}
                           for i, a in enumerate(self.plan.actions)]
        for i, a in enumerate(self.plan.actions):
            if a.staff is not None:  # no queues in this case: extra staff only cost money
                # Whole hours, as the crisis kind bills them (no fractional-hour trick).
                hours = min(math.ceil(a.at + a.staff.hours) - int(a.at), self.T - int(a.at))
                rate = float(sc.channels[a.staff.channel].cost_per_contact)
                self._spend(i, a.staff.agents * hours * rate)
                continue
            channel = sc.channels[a.channel]
            effect = response.evaluate(a, sc)  # type: ignore[arg-type]
            self._spend(i, float(channel.fixed_cost))
            when = a.at + float(channel.delay_hours)
            if when < self.T:
                self.deliveries.setdefault(self.A + int(when), []).append(
                    _Delivery(i, a, effect, when))

    def _apply_injects(self) -> None:
        """The scheduled injects' effects, each at its hour (plan hours, as the workshop
        publishes them). Unscheduled injects (a scenario file's, unless a workshop has
        published them) change nothing."""
        for inject in self.sc.injects:
            effect = inject.effect
            if not inject.scheduled or effect is None:
                continue
            if effect.type == "second_post":
                self._second_post(self.A + int(inject.hour),
                                  self.sc.inject_comments(float(effect.comments), self.N),
                                  float(effect.negative_share))

    def _second_post(self, tau: int, comments: float, negative_share: float) -> None:
        """A quote or a second viral post at internal hour ``tau``: ``comments`` (expected)
        more items enter the thread from that hour on, as the offspring of one parent would
        (a Hawkes immigrant), on the angry kernel for ``negative_share`` of them (retweets
        that side with the complaint) and the calm one for the rest. They join the items
        owed to each hour, so the café's stance damps or inflames them, the thread's mood
        sets what the replies among them say, each reaches ``audience_per_item`` accounts
        and breeds offspring of its own. The thread is the café's own, not scaled with the
        number of regulars, so neither are the comments. Hours before ``tau`` are unchanged."""
        if not 0 <= tau < self.TT or comments <= 0:
            return
        share = min(max(negative_share, 0.0), 1.0)
        for q, part in ((NEG, share), (NEU, 1.0 - share)):
            # kernel[k] is the mass k hours after the parent's hour; the post's hour is the
            # first hour its items can appear in, as for an item's offspring.
            wave = comments * part * self.kernels[q][1:self.TT - tau + 1]
            self.future[q, tau:tau + wave.shape[0]] += wave

    def _spend(self, i: int, amount: float) -> None:
        self.cost += amount
        self.action_log[i]["cost"] += amount

    def _seed(self, tau: int, item: _Item) -> None:
        self.outside.setdefault(tau, []).append(item)

    # ---- mechanisms ---------------------------------------------------------------------

    def _shift(self, s: np.ndarray, delta: np.ndarray) -> np.ndarray:
        """Move sentiment by delta as a share of the room left; losses weigh more."""
        delta = response.felt_step(delta, self.m.loss_aversion).astype(np.float64)
        return np.where(delta >= 0, s + delta * (1.0 - s), s + delta * (1.0 + s))

    def _shift1(self, s: float, delta: float) -> float:
        delta = float(response.felt_step(delta, self.m.loss_aversion))
        return s + delta * (1.0 + s) if delta < 0 else s + delta * (1.0 - s)

    def _mix(self) -> tuple[float, float, float]:
        """Shares of new items that are negative, neutral and positive about the café."""
        cas = self.cas
        v = cas.polarity_sensitivity * (self.V + self.signal)
        a, c = cas.negative_score - v, cas.positive_score + v
        top = max(a, 0.0, c)
        wa, wb, wc = math.exp(a - top), math.exp(-top), math.exp(c - top)
        total = wa + wb + wc
        return wa / total, wb / total, wc / total

    def _impression(self, t_plan: float, mix: tuple[float, float, float]) -> float:
        """What viewing the thread now does to an account's attitude to the café: the tone
        of the items that brought them (``mix``), the café's visible messages as they stand
        now, and how the complainant last reacted."""
        cas = self.cas
        imp = mix[NEG] * cas.impression_negative + mix[NEU] * cas.impression_neutral + \
            mix[POS] * cas.impression_positive
        imp += cas.reply_visibility * self.V + self.signal
        if self.public_replies == 0 and t_plan + self.c.tag_age_hours > self.c.expectation_hours:
            imp -= cas.unanswered_penalty  # a tagged complaint left unanswered
        cap = cas.max_impression
        return min(max(imp, -cap), cap)

    def _deliver(self, d: _Delivery, tau: int) -> bool:
        """A café message goes out: to her, to onlookers, to regulars who follow the café.
        Returns True when regulars' baselines changed."""
        sc, a, e = self.sc, d.action, d.effect
        cas, c = self.cas, self.c
        channel = sc.channels[a.channel]
        log = self.action_log[d.index]
        changed = False
        if "corrective_action" in a.message and not self.corrective_paid:
            self.corrective_paid = True
            self._spend(d.index, self.m.corrective_action_cost)
        value = e.value
        if a.audience == "complainers":
            # A reply to her: its worth shrinks with the wait since her last exchange
            # (Istanbulluoglu 2017; Twitter & AMS 2016). Vindictive complainants ignore it.
            delay = max(d.when - self.last_contact, 0.0)
            # What she has heard before is worth little again (casekit.engine.response).
            if value > 0:
                value *= float(response.novelty(e, self.heard, self.m.repeat_value,
                                                self.m.mixed_deny_penalty,
                                                np.array([self.n_replies]))[0])
            self.heard |= np.int32(e.bits)
            worth = value * float(response.timeliness(np.array([delay]), e.tau_hours,
                                                      self.m.timeliness_floor)[0])
            if not self.c_vindictive:
                self.s_c = self._shift1(self.s_c, worth)
            self.replied = True
            self.last_contact = d.when
            self.n_replies += 1
            log["reached"] += 1
            self._spend(d.index, float(channel.cost_per_contact) + e.compensation)
            k = min(self.n_replies - 1, MAX_REPLIES - 1)
            if self.u_respond[k] < c.response_probability:
                self.answers_due.add(tau + 1)  # she answers within the hour
        else:
            # A post to followers or the public: she sees it too, at a lower weight; so do
            # the regulars on Twitter it reaches, whose usual view of the café moves.
            if not self.c_vindictive:
                self.s_c = self._shift1(self.s_c, value * self.m.post_to_complainant)
            seen = np.flatnonzero(self.alive & self.twitter &
                                  (self.u_post_reach < float(channel.reach)))
            self.s0[seen] = self._shift(self.s0[seen], value * self.k[seen])
            changed = seen.size > 0
            log["reached"] += int(seen.size)
            self._spend(d.index, (float(channel.cost_per_contact) + e.compensation) * seen.size)
        if not channel.public:
            return changed
        # Onlookers: the message now stands in the thread (Liao et al. 2025; Weitzl 2019).
        weight = 1.0 if a.channel.endswith("_reply") else cas.post_visibility
        worth = value * cas.observer_weight * weight
        if worth < 0:
            self.V_loss += worth * cas.observer_loss_weight
        else:
            self.V_gain = 1.0 - (1.0 - self.V_gain) * (1.0 - min(worth, 0.95))
        self.V = min(max(self.V_gain + self.V_loss, -self.cas.max_impression),
                     self.cas.max_impression)
        if e.defensive or value < 0:
            self.defensive += abs(value) + (0.5 if e.defensive else 0.0)
            branching, shared_as = cas.defensive_item_branching, NEG  # shared to mock it
        else:
            self.accommodating += value
            branching, shared_as = cas.company_item_branching, POS
        if a.channel.endswith("_reply"):
            self.public_replies += 1
        if self.first_public_at is None:
            self.first_public_at = d.when
        push = cas.company_followers * cas.view_share
        if a.channel.endswith("_reply"):
            push *= cas.reply_push_share  # an @-reply shows only to those who follow both
        self._seed(tau, _Item(COMPANY, push, branching, shared_as=shared_as))
        return changed

    def _complainant_answers(self, tau: int, t_plan: float) -> None:
        """She answers a reply: softens, shrugs or vows never to come back."""
        c, cas = self.c, self.cas
        if self.s_c >= c.soften_threshold:
            q, self.signal = POS, cas.softening_signal
        elif self.s_c <= c.vow_threshold:
            q, self.signal = NEG, -cas.vow_signal
            self.vowed = True
        else:
            q = NEU
        self.last_contact = t_plan
        self.counters[f"complainant_posts_{POLARITIES[q]}"][tau] += 1
        self._seed(tau, _Item(q, c.followers * cas.view_share, self.branching[q]))

    def _competitor(self, tau: int, t_plan: int) -> None:
        """The café next door notices a souring thread and makes its move (Unmarketing)."""
        comp = self.comp
        if not self.sc.competitor.active or self.competitor_moved:
            return
        if self.competitor_at is None and t_plan >= 0 and \
                self.negative_items >= comp.trigger_negative_items and \
                self.s_c < comp.trigger_sentiment and self.u_competitor < comp.notice_probability:
            self.competitor_at = tau + max(1, int(round(comp.reaction_hours)))
        if self.competitor_at is not None and tau >= self.competitor_at:
            self.competitor_moved = True
            # She takes up the invitation unless the café has already won her back.
            self.complainant_captured = self.s_c < comp.trigger_sentiment
            self._seed(tau, _Item(COMPETITOR, comp.followers * self.cas.view_share,
                                  comp.item_branching))

    def _regulars_post(self, now: np.ndarray, tau: int) -> None:
        """Regulars on Twitter who just saw the thread may join in; laptop workers, who share
        the grievance, are moved more and so post more (Berger & Milkman 2012)."""
        view = self.k * self.seen
        who = now & self.twitter & ~self.posted
        rate = self.r.post_rate
        neg = who & (self.u_post < rate * np.maximum(-view, 0.0))
        pos = who & ~neg & (self.u_post < rate * np.maximum(view, 0.0))
        self.posted |= neg | pos
        api = self.cas.audience_per_item
        at = min(tau + 1, self.TT - 1)
        for mask, q, name in ((neg, NEG, "regular_posts_negative"),
                              (pos, POS, "regular_posts_positive")):
            k = int(mask.sum())
            if k:
                self.counters[name][at] += k
                self._seed(at, _Item(q, api * k, self.branching[q] * k, count=k))

    def _refresh(self) -> None:
        """Sentiment, hazard and visits after the regulars' view of the thread changed."""
        r = self.r
        self.s = np.where(self.aware, self._shift(self.s0, self.k * self.seen), self.s0)
        drop = np.maximum(self.s0 - self.s, 0.0)
        self.hazard = self.h0 * (1.0 + r.defection_slope * drop) * \
            np.where(self.saw_move, self.pull, 1.0) * self.alive
        self.s_mean = float(self.s.mean())
        self.n_aware = int(self.aware.sum())
        self.n_alive = int(self.alive.sum())
        self.visits = float(self._visit_rate().sum()) / (7 * 24)

    def _visit_rate(self) -> np.ndarray:
        """Visits a week: lower as sentiment falls below the usual, none once gone."""
        factor = np.clip(1.0 + self.r.visit_slope * (self.s - self.s0), 0.0, self.r.visit_cap)
        return np.where(self.alive, self.visits0 * factor, 0.0)

    # ---- the loop -----------------------------------------------------------------------

    def run(self) -> RunResult:
        cas, c = self.cas, self.c
        cnt = self.counters
        api, pool, reply_share = cas.audience_per_item, cas.network_size, cas.reply_share
        ref = self.r.reach_reference
        TT = self.TT
        self._refresh()
        crossing = np.empty(self.N, dtype=bool)
        pending = 0.0
        table = np.zeros((TT, len(_ROW)))
        table = np.zeros((TT, len(_ROW)))
        for tau in range(TT):
            t_plan = tau - self.A
            dirty = False
            # 1. The café's messages due this hour.
            for d in self.deliveries.get(tau, ()):
                dirty |= self._deliver(d, tau)
            # 2. The complainant: waiting sours her; she answers replies; she may rant.
            if not self.replied and 0 <= t_plan + c.tag_age_hours < c.expectation_hours:
                self.s_c = self._shift1(self.s_c, -c.wait_drift_per_hour)
            if tau in self.answers_due:
                self._complainant_answers(tau, t_plan)
            elif self.s_c < 0 and self.u_rant[tau] < c.rant_rate * -self.s_c:
                cnt["complainant_posts_negative"][tau] += 1
                self._seed(tau, _Item(NEG, c.followers * cas.view_share, self.branching[NEG]))
            self._competitor(tau, t_plan)
            # 3. The cascade: offspring of earlier items, split by the thread's mood.
            factor = min(math.exp(-cas.stance_damping * self.accommodating) *
                         (1.0 + cas.defensive_inflaming * self.defensive), self.factor_cap)
            mix = self._mix()
            row = [0.0] * len(_ROW)
            due = self.future[:, tau] * factor
            u = self.U[tau]
            items = [0.0, 0.0, 0.0]
            audience = [0.0, 0.0, 0.0]
            owed = [0.0, 0.0, 0.0]          # offspring the new items will have, by polarity
            due_all = float(due.sum())
            if due_all > 0:
                for q in range(3):
                    rp = poisson_from_uniform(due_all * mix[q] * reply_share, u[q])
                    rt = poisson_from_uniform(due[q] * (1 - reply_share), u[3 + q])
                    row[3 + q] = rt
                    row[6 + q] = rp
                    items[q] = float(rp + rt)
                    audience[q] = items[q] * api
                    owed[q] = items[q] * self.branching[q]
            company = competitor = company_audience = 0.0
            for it in self.outside.get(tau, ()):
                if it.polarity == COMPANY:
                    company += 1
                    company_audience += it.audience
                    owed[it.shared_as] += it.branching
                    continue
                q = it.polarity
                if q == COMPETITOR:
                    competitor += 1  # it retells the café's refusal to a new audience
                    q = NEG
                items[q] += it.count
                audience[q] += it.audience
                owed[q] += it.branching
            for q in range(3):
                if owed[q]:
                    self.future[q, tau + 1:] += owed[q] * self.kernels[q][1:TT - tau + 1]
            self.negative_items += items[NEG]
            # 4. Reach: views owed to this hour by everything posted so far reach new
            #    accounts (saturating in a finite network); they see the thread as it is now.
            audience.append(company_audience)
            for q in range(4):
                if audience[q]:
                    self.views[q, tau:TT] += audience[q] * self.view_kernels[q][:TT - tau]
            viewing = self.views[:, tau]
            total_views = float(viewing.sum())
            novelty = max(0.0, 1.0 - self.reached / pool)
            new = total_views * novelty
            self.reached += new
            if total_views > 0:
                seen_mix = ((viewing[NEG]) / total_views,
                            (viewing[NEU] + viewing[3]) / total_views, viewing[POS] / total_views)
            else:
                seen_mix = mix
            imp = self._impression(t_plan, seen_mix)
            self.attitude_sum += new * imp
            self.reach_by_hour[tau] = new
            # 5. Regulars: exposure, first sight, the thread as they last saw it.
            pending += new
            if pending >= VIEW_BATCH or (pending > 0 and tau == TT - 1):
                dose = self.vis * (pending / ref)
                pending = 0.0
                self.expo += dose
                aware = self.aware
                self.seen += aware * (1.0 - np.exp(-dose)) * (imp - self.seen)
                now = ~aware & (self.expo >= self.E_aware) & self.alive
                if now.any():
                    aware |= now
                    self.seen[now] = imp
                    self._regulars_post(now, tau)
                if self.competitor_moved:
                    self.expo_move += dose
                    self.saw_move |= aware & (self.expo_move >= self.E_move)
                dirty = True
            if dirty:
                self._refresh()
            # 6. Defection: a hazard that grows as sentiment falls below their usual.
            self.H += self.hazard
            np.greater_equal(self.H, self.E_defect, out=crossing)
            crossing &= self.alive
            if crossing.any():
                self.alive &= ~crossing
                self._refresh()
            # 7. Stances fade; record the hour.
            self.accommodating *= self.stance_decay
            self.defensive *= self.stance_decay
            row[0:3] = items
            row[9:] = (company, competitor, new, float(viewing[NEG]) * novelty, self.reached,
                       imp, self.attitude_sum / self.reached if self.reached else 0.0,
                       self.s_c, self.s_mean, self.n_aware, self.N - self.n_alive,
                       self.visits, self.cost, float(self.competitor_moved))
            table[tau] = row
        for j, name in enumerate(_ROW):
            cnt[name] = table[:, j]
        return self._result()

    def _result(self) -> RunResult:
        sc, c, comp, A = self.sc, self.c, self.comp, self.A
        cnt = self.counters
        hourly = {name: arr[A:].copy() for name, arr in cnt.items()}
        gone = ~self.alive
        # The complainant: does she come back? (TARP repurchase odds, as a logistic in s.)
        if self.vowed:
            p_return = c.vowed_return_probability
        else:
            p_return = _logistic(c.return_intercept + c.return_slope * self.s_c)
        if self.competitor_moved and self.complainant_captured:
            p_return *= 1.0 - comp.complainant_capture
        returns = float(self.u_return < p_return)
        monthly_lost = float((self.monthly * (1.0 - self._visit_rate() / self.visits0)).sum())
        c_ltv = c.monthly_spend * self.pp.margin * self.pp.expected_lifetime_months
        active = sc.competitor.active
        capture = np.where(self.saw_move, comp.capture_share_after_move, comp.capture_share)
        competitor_gain = float((self.monthly * capture * gone).sum()) if active else 0.0
        if active and not returns:
            taken = self.competitor_moved and self.complainant_captured
            competitor_gain += c.monthly_spend * (1.0 if taken else comp.capture_share)
        reply_reach = 0.0
        if self.first_public_at is not None:
            start = A + int(self.first_public_at)
            reply_reach = float(self.reach_by_hour[start:].sum()) + \
                self.cas.follow_up_share * float(self.reach_by_hour[:start].sum())
        # Onlookers: most keep the snapshot they saw; follow_up_share see how it ended.
        f, reached = self.cas.follow_up_share, self.reached
        attitude = ((1 - f) * self.attitude_sum + f * float(cnt["impression"][-1]) * reached) \
            / reached if reached else 0.0
        affected = self.affected
        churned = float(gone.sum()) + (1.0 - returns)
        # After the window: a regular still upset at the end keeps a raised hazard (the
        # sentiment drop and the café next door's pull); a month more of it, spent.
        excess = np.maximum(self.hazard - self.h0, 0.0) * self.alive
        after = float((-np.expm1(-excess * self.r.after_window_days * 24.0) * self.ltv).sum())
        totals = {
            "churned_customers": churned,
            "churn_rate": churned / (self.N + 1),
            "revenue_lost": float(self.ltv[gone].sum()) + (1.0 - returns) * c_ltv,
            "monthly_revenue_lost": monthly_lost + (1.0 - returns) * c.monthly_spend,
            "cost": float(self.cost),
            "sentiment_final": float(self.s.mean()),
            "items": float(sum(cnt[f"items_{q}"].sum() for q in POLARITIES)),
            "items_before_hour0": float(sum(cnt[f"items_{q}"][:A].sum() for q in POLARITIES)),
            "negative_posts": float(cnt["items_negative"].sum()),
            "positive_posts": float(cnt["items_positive"].sum()),
            "replies": float(sum(cnt[f"replies_{q}"].sum() for q in POLARITIES)),
            "retweets": float(sum(cnt[f"retweets_{q}"].sum() for q in POLARITIES)),
            "complaints": float(cnt["replies_negative"].sum() +
                                cnt["complainant_posts_negative"].sum() +
                                cnt["regular_posts_negative"].sum()),
            "reach": reached,
            "reach_before_hour0": float(self.reach_by_hour[:A].sum()),
            "negative_reach": float(cnt["reach_negative"].sum()),
            "reply_reach": reply_reach,
            "reply_coverage": reply_reach / reached if reached else 0.0,
            "observers_attitude": attitude,
            "complainant_sentiment": self.s_c,
            "complainant_vowed": float(self.vowed),
            "complainant_returns": returns,
            "complainant_return_probability": p_return,
            "competitor_moved": float(self.competitor_moved),
            "competitor_gain": competitor_gain,
            "regulars_aware": float(self.aware.sum()),
            "regulars_lost": float(gone.sum()),
            "churn_rate_affected": float(gone[affected].mean()) if affected.any() else 0.0,
            "churn_rate_other": float(gone[~affected].mean()) if (~affected).any() else 0.0,
            "sentiment_affected": float(self.s[affected].mean()) if affected.any() else 0.0,
            "after_window_lost": after,
        }
        return RunResult(sc.id, self.plan.name, self.seed, self.rep, self.N, hourly, totals,
                         self.action_log, {})


def _gamma(rng: np.random.Generator, mean: float, sd: float, n: int) -> np.ndarray:
    shape = (mean / sd) ** 2 if sd > 0 else 1e6
    return rng.gamma(shape, mean / shape, n)


def simulate_reply(scenario: ReplyScenario, plan: Plan, seed: int = 0, replication: int = 0,
                   customers: int | None = None, keep_final: bool = True) -> RunResult:
    """Run one replication of ``plan`` on a public-reply scenario.

    ``final`` is always empty: per-regular results are summarised in ``totals``
    (``churn_rate_affected``, ``sentiment_affected`` ...), so ``Outcome.segments()`` stays empty.
    """
    del keep_final
    return _ReplyRun(scenario, plan, seed, replication, customers).run()


def simulate_batch(scenario: ReplyScenario, plan: Plan, seed: int = 0,
                   replications: Sequence[int] = (0,), customers: int | None = None,
                   keep_final: bool = True) -> list[RunResult]:
    """Replications of ``plan`` in order, each exactly as run alone (the thread of one café
    is small: replications run one after another)."""
    return [simulate_reply(scenario, plan, seed, int(r), customers, keep_final)
            for r in replications]
