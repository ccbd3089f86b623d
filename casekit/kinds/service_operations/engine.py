"""The service-operations engine: customers climbing a ladder of channels, vectorised.

One replication, step by step (docs/model-service-operations.md gives the equations):

1. Customers with a problem (a late parcel, a wrong bill) notice it over the horizon. A
   proactive notice, if the plan sends one for their category, keeps some from contacting
   at all (an optimistic date brings a share back later, angrier).
2. The ladder: a customer starts on one channel and waits for the firm's answer as long as
   her patience on it lasts. If the answer is later, she abandons in silence (angrier), and
   either gives up or climbs to the next channel. Channels are processed in ladder order, so
   each channel's queue knows all its arrivals before it runs (``queues.py``).
3. Every contact the firm registers becomes a ticket (or, with merging, one ticket per
   customer). The ticket is routed: the form's fields and the routing table decide whether
   it reaches the right department first; each misroute is a transfer and a delay. A named
   assignee starts at once, a department inbox waits to be picked up. The department's
   queue and the fix time give the resolution; an SLA warning gets inbox tickets picked up,
   escalation at breach hands the ticket to a manager.
4. While a ticket is open, a customer without a tracking number chases it.
5. After resolution: satisfaction, the survey, win-back gifts and call backs within the
   budget, and whether she buys again (TARP tiers, Barlow & Maul 2000).
6. Public contacts (a tweet, a complaint site) feed the public thread of the shared engine
   (``casekit.engine.spread.PublicThread``).

All random numbers are drawn up front from ``casekit.engine.randomness.streams(seed,
replication)``, independent of the plan: two plans on the same key see the same customers,
patience and luck (common random numbers).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from casekit.engine.randomness import poisson_quantiles, streams
from casekit.engine.result import RunResult
from casekit.engine.spread import PublicThread
from casekit.kinds.service_operations.queues import (
    PHONE_PLACES,
    backlog_queue,
    phone_queue,
)
from casekit.kinds.service_operations.schema import (
    ServiceScenario,
    ServiceSettings,
    plan_settings,
)

__all__ = [
    "CONTACT_TYPES",
    "ROW_FIELDS",
    "Draws",
    "calendar",
    "draw_customers",
    "simulate",
    "simulate_batch",
]

CONTACT_TYPES = ("first", "climb", "chase")
#: Per-contact arrays kept in ``RunResult.final`` (prefixed ``row_``) for the complaint log.
ROW_FIELDS = ("customer", "channel", "created", "response", "type", "ticket")
#: Mean sentiment of a public complaint about service, for the thread's polarity mix (R).
PUBLIC_MOOD = -0.6
#: Accommodating stance one public reply adds to the thread (R; decays with the thread's
#: stance half-life).
REPLY_STANCE = 0.05


@dataclass
class Draws:
    """Everything random about one replication's customers, drawn before any plan runs."""

    arrival: np.ndarray      # hour the customer notices the problem
    category: np.ndarray     # index into scenario.categories
    value: np.ndarray        # what she is worth to the firm if she buys again
    start: np.ndarray        # index of the channel she tries first
    u: dict[str, np.ndarray]  # named uniforms, (N,) or (N, C)
    stages: np.ndarray       # Exp(1) stages of a phone wait (N, PHONE_PLACES)
    thread: np.ndarray       # the public threads' noise (segments, window, 5)


def calendar(scenario: ServiceScenario) -> tuple[np.ndarray, np.ndarray]:
    """Hour of day and weekday (0 = Monday) of every hour of the horizon."""
    T = scenario.horizon_hours
    hours = np.arange(T)
    first = date.fromisoformat(scenario.start).weekday()
    return hours % 24, (first + hours // 24) % 7


def _inverse(weights: np.ndarray, u: np.ndarray) -> np.ndarray:
    cdf = np.cumsum(weights) / np.sum(weights)
    return np.minimum(np.searchsorted(cdf, u, side="right"), len(weights) - 1)


def draw_customers(scenario: ServiceScenario, seed: int, replication: int) -> Draws:
    """The replication's customers and luck: the same for every plan (common random
    numbers)."""
    g = streams(seed, replication)
    pop, thr = g["population"], g["thresholds"]
    N, C, T = scenario.population.customers, len(scenario.intake), scenario.horizon_hours
    hod, wd = calendar(scenario)
    c = scenario.population
    weights = np.asarray(c.hour_profile)[hod] * np.asarray(c.weekday_profile)[wd]
    u_arrival = pop.random(N)
    hour = _inverse(weights, u_arrival)
    arrival = hour + pop.random(N)
    shares = np.array([float(k.share) for k in scenario.categories.values()])
    category = _inverse(shares, pop.random(N))
    mean, sd = float(c.value_mean), max(float(c.value_sd), 1e-9)
    sigma2 = np.log1p((sd / mean) ** 2)
    value = np.exp(np.log(mean) - sigma2 / 2 + np.sqrt(sigma2) * pop.standard_normal(N))
    starts = np.array([float(k.start_share) for k in scenario.intake.values()])
    start = _inverse(starts, pop.random(N))
    u = {name: thr.random(N) for name in
         ("contact", "notice", "chase", "survey", "satisfied", "buy")}
    u.update({name: thr.random((N, C)) for name in
              ("patience", "give_up", "state", "route", "transfer", "fix", "pickup", "fcr")})
    u["head_start"] = thr.random(N)  # drawn last: the earlier draws stay as they were
    u["product"] = thr.random(N)     # later still: the product and the order number
    u["order"] = thr.random(N)
    stages = g["reach"].standard_exponential((N, PHONE_PLACES))
    segments, _, window = thread_layout(T)
    # As casekit.engine.spread.thread_noise, one (window, 5) block per segment.
    noise = g["thread"].random((segments, window, 5))
    return Draws(arrival, category, value, start, u, stages, noise)


#: Long horizons run their public complaints in weekly segments, each followed for two weeks
#: (the horizon the public-reply kind's kernel is calibrated over: docs/model-public-reply.md);
#: a complaint's thread is all but over by then, and the threads of all segments step side
#: by side, one row each, so an eight-week case steps 336 hours instead of 1,344.
SEGMENT_HOURS = 168
WINDOW_HOURS = 336


def thread_layout(horizon: int) -> tuple[int, int, int]:
    """(segments, hours of posts per segment, hours each segment's thread runs)."""
    if horizon <= WINDOW_HOURS:
        return 1, horizon, horizon
    return -(-horizon // SEGMENT_HOURS), SEGMENT_HOURS, WINDOW_HOURS


def _staff_by_hour(settings_channel, hod: np.ndarray, wd: np.ndarray) -> np.ndarray:
    staff = np.asarray(settings_channel.staff_by_hour(), dtype=float)[hod]
    start, end = settings_channel.hours
    open_ = (hod >= start) & (hod + 1 <= end + 1e-9)
    if settings_channel.days == "weekdays":
        open_ &= wd < 5
    return np.where(open_, staff, 0.0)


def _department_hours(department, hod: np.ndarray, wd: np.ndarray) -> np.ndarray:
    start, end = department.hours
    open_ = (hod >= start) & (hod + 1 <= end + 1e-9)
    if department.days == "weekdays":
        open_ &= wd < 5
    return np.where(open_, float(department.staff), 0.0)


def simulate(scenario: ServiceScenario, plan=None, seed: int = 0, replication: int = 0,
             plan_name: str | None = None, draws: Draws | None = None) -> RunResult:
    """One replication of one plan (settings, a plan file's mapping or a Plan object)."""
    settings = plan_settings(plan, scenario)
    name = plan_name or _plan_name(plan)
    d = draws if draws is not None else draw_customers(scenario, seed, replication)
    result = _run(scenario, settings, d)
    hourly, totals, final, public_rows = result
    _public_thread(scenario, [d.thread], [public_rows], [hourly], [totals])
    return RunResult(scenario.id, name, seed, replication, scenario.population.customers,
                     hourly, totals, [], final)


def simulate_batch(scenario: ServiceScenario, plan=None, seed: int = 0,
                   replications: Sequence[int] | int = (0,), customers: int | None = None,
                   keep_final: bool = True) -> list[RunResult]:
    """The replications listed (or ``range(n)`` for a number n) of one plan; each is bit for
    bit the replication run alone (customers run one replication at a time; the public
    threads of the batch step side by side, row by row independent)."""
    if customers is not None and customers != scenario.population.customers:
        scenario = scenario.with_customers(int(customers))
    settings = plan_settings(plan, scenario)
    name = _plan_name(plan)
    reps = list(range(replications)) if isinstance(replications, int) else \
        [int(r) for r in replications]
    runs, noise, publics = [], [], []
    for rep in reps:
        d = draw_customers(scenario, seed, rep)
        hourly, totals, final, public_rows = _run(scenario, settings, d)
        runs.append(RunResult(scenario.id, name, seed, rep, scenario.population.customers,
                              hourly, totals, [], final if keep_final else {}))
        noise.append(d.thread)
        publics.append(public_rows)
    _public_thread(scenario, noise, publics, [r.hourly for r in runs],
                   [r.totals for r in runs])
    return runs


def _plan_name(plan) -> str:
    if plan is None:
        return "Starting state"
    if isinstance(plan, dict):
        return str(plan.get("name", "plan"))
    if isinstance(plan, ServiceSettings):
        return "settings"
    return str(getattr(plan, "name", "plan"))


def _public_thread(scenario: ServiceScenario, noise: list[np.ndarray], public_rows: list,
                   hourly: list[dict], totals: list[dict]) -> None:
    """The public threads of one or several replications: every replication's segments
    are rows of one ``PublicThread`` (rows never affect each other), stepped hour by hour
    over the segment window; each row's attention is then laid back on the horizon."""
    T = scenario.horizon_hours
    segments, length, window = thread_layout(T)
    R = len(public_rows)
    posts = np.stack([p[0] for p in public_rows])      # (R, T) public complaints
    replies = np.stack([p[1] for p in public_rows])    # (R, T) public answers
    # Row r * segments + k holds segment k of replication r: its week's posts and answers.
    row_posts = np.zeros((R * segments, window))
    row_replies = np.zeros((R * segments, window))
    for k in range(segments):
        start, stop = k * length, min((k + 1) * length, T)
        row_posts[k::segments, : stop - start] = posts[:, start:stop]
        row_replies[k::segments, : stop - start] = replies[:, start:stop]
    thread = PublicThread(scenario.thread, window, np.concatenate(noise))
    rows = R * segments
    outside = np.zeros((rows, 3))
    mood = np.full(rows, PUBLIC_MOOD)
    row_attention = np.zeros((rows, window))
    active = np.flatnonzero(row_posts.any(axis=0) | row_replies.any(axis=0))
    for t in range(int(active[0]) if active.size else window, window):
        outside[:, 0] = row_posts[:, t]
        if row_replies[:, t].any():
            thread.stance_add(REPLY_STANCE * row_replies[:, t], False, row_replies[:, t] > 0)
        row_attention[:, t] = thread.step(t, outside, mood, row_replies[:, t])
    row_comments = thread.state.comments.sum(axis=1)  # (rows, window)
    attention = np.zeros((R, T))
    comments = np.zeros((R, T))
    for k in range(segments):
        start = k * length
        stop = min(start + window, T)
        attention[:, start:stop] += row_attention[k::segments, : stop - start]
        comments[:, start:stop] += row_comments[k::segments, : stop - start]
    cost_post = float(scenario.score.public_post)
    cost_engagement = float(scenario.score.engagement)
    for r in range(R):
        hourly[r]["public_attention"] = attention[r]
        hourly[r]["public_comments"] = comments[r]
        engagements = float(attention[r].sum())
        damage = float(posts[r].sum()) * cost_post + engagements * cost_engagement
        tot = totals[r]
        tot["public_engagements"] = engagements
        tot["public_damage"] = damage
        tot["cost_total"] = tot["staff_cost"] + tot["gift_cost"] + tot["call_back_cost"] + \
            tot["chase_cost"] + tot["escalation_cost"] + damage
        hourly[r]["public_damage"] = posts[r] * cost_post + attention[r] * cost_engagement


def _run(scenario: ServiceScenario, s: ServiceSettings, d: Draws):
    """Everything but the public thread, for one replication."""
    T = scenario.horizon_hours
    N = d.arrival.shape[0]
    channels = list(scenario.intake.values())
    channel_names = list(scenario.intake)
    C = len(channels)
    categories = list(scenario.categories.values())
    category_names = list(scenario.categories)
    dept_names = list(scenario.departments)
    depts = list(scenario.departments.values())
    b = scenario.behaviour
    hod, wd = calendar(scenario)
    cat = d.category
    u = d.u
    # A case resized from its reference population keeps its capacities in proportion:
    # every queue serves ``size`` times as fast (and costs ``size`` times as much).
    size = scenario.population.customers / scenario.population.reference

    # 1. Proactive notices.
    covered = np.array([name in s.notice.categories and categories[i].notice_eligible
                        for i, name in enumerate(category_names)])
    # The firm learns of a delay an exponential head start before the customer notices it
    # herself; a notice sent later than that reaches someone who already knows.
    head_start = -np.log(1.0 - u["head_start"]) * float(b.notice_head_start_hours)
    notified = covered[cat] & (s.notice.promise != "none") & \
        (s.notice.after_hours <= head_start)
    prevent = {"none": 0.0, "honest": float(b.notice_prevents_honest),
               "optimistic": float(b.notice_prevents_optimistic)}[s.notice.promise]
    missed = notified & (s.notice.promise == "optimistic") & \
        (u["notice"] < float(b.optimistic_miss_share))
    calm = notified & ~missed
    contact_p = float(scenario.population.contact_share) * np.where(calm, 1.0 - prevent, 1.0)
    contacting = u["contact"] < contact_p
    t_start = d.arrival + np.where(missed, float(b.optimistic_miss_delay_hours), 0.0)
    anger = np.where(missed, float(b.broken_promise_anger), 0.0) - \
        np.where(calm, float(b.notice_calm), 0.0)

    # 2. The ladder, channel by channel in ladder order.
    rung = np.where(contacting & (t_start < T), d.start, C)  # C: not (or no longer) climbing
    now = t_start.copy()
    abandons = np.zeros(N)
    first_channel = np.where(rung < C, d.start, -1)
    rows_customer, rows_channel, rows_created, rows_response, rows_type = [], [], [], [], []
    rows_left = []  # when the contact left the channel's queue (answered or hung up)
    abandon_times = [np.zeros(0)]  # when each silent abandonment happened
    hourly: dict[str, np.ndarray] = {}
    queue_totals: dict[str, float] = {}
    staff_cost = 0.0
    cost_hourly = np.zeros(T)  # money spent in each hour (staff, chasing, recovery)
    abandoned_calls = calls = 0
    for c, (ch, ch_set_name) in enumerate(zip(channels, channel_names)):
        cs = s.channel(ch_set_name)
        staff = _staff_by_hour(cs, hod, wd)
        staff_cost += float(staff.sum()) * float(ch.cost_per_agent_hour) * size
        cost_hourly += staff * float(ch.cost_per_agent_hour) * size
        here = np.flatnonzero((rung == c) & (now < T))
        x = now[here]
        mean_patience = float(ch.patience_hours) * \
            (float(b.ack_patience_multiplier) if cs.acknowledge else 1.0)
        patience = -np.log(1.0 - u["patience"][here, c]) * mean_patience
        if ch.queue == "phone":
            ph = phone_queue(x, staff, float(ch.per_agent_hour) * size, 1.0 / mean_patience,
                             patience, u["state"][here, c], d.stages[here])
            in_time = ph.answered
            response = np.where(in_time, x + ph.wait, np.inf)
            rows_left.append(x + ph.wait)
            hourly[f"queue_{ch_set_name}"] = ph.queue_mean
            calls += here.size
            abandoned_calls += int((~in_time).sum())
            queue_totals[f"wait_{ch_set_name}_hours"] = float(ph.wait.mean()) if here.size \
                else 0.0
        else:
            bq = backlog_queue(x, staff * float(ch.per_agent_hour) * size)
            response = bq.done
            rows_left.append(response)
            in_time = response - x <= patience
            hourly[f"queue_{ch_set_name}"] = bq.in_system
            done = np.isfinite(response)
            queue_totals[f"wait_{ch_set_name}_hours"] = \
                float((response[done] - x[done]).mean()) if done.any() else 0.0
        hourly[f"arrivals_{ch_set_name}"] = np.bincount(
            np.minimum(x.astype(np.int64), T - 1), minlength=T).astype(float)
        rows_customer.append(here)
        rows_channel.append(np.full(here.size, c))
        rows_created.append(x)
        rows_response.append(response)
        rows_type.append(np.where(first_channel[here] == c, 0, 1))
        late = ~in_time
        who = here[late]
        abandons[who] += 1
        abandon_times.append(x[late] + patience[late])
        anger[who] += float(b.abandon_anger)
        # The first silent abandonment, then any later one (abandons already counts it).
        give_up = u["give_up"][who, c] < np.where(abandons[who] > 1,
                                                  float(b.give_up_share_later),
                                                  float(b.give_up_share))
        climbing = who[~give_up]
        rung[here] = C
        if c + 1 < C:
            rung[climbing] = c + 1
            now[climbing] = x[late][~give_up] + patience[late][~give_up]

    row_customer = np.concatenate(rows_customer)
    row_channel = np.concatenate(rows_channel)
    row_created = np.concatenate(rows_created)
    row_response = np.concatenate(rows_response)
    row_type = np.concatenate(rows_type)
    row_left = np.concatenate(rows_left)
    # Rows in time order, so ticket numbers follow the clock.
    order = np.lexsort((row_channel, row_customer, row_created))
    row_customer, row_channel, row_created, row_response, row_type, row_left = (
        a[order] for a in (row_customer, row_channel, row_created, row_response, row_type,
                           row_left))
    M = row_customer.size
    is_phone = np.array([ch.queue == "phone" for ch in channels])[row_channel]
    registered = ~is_phone | np.isfinite(row_response)
    answered = np.isfinite(row_response)

    # 3. Tickets: one per registered contact, or one per customer when merged.
    if s.merge_contacts:
        first_row = np.full(N, M)
        reg = np.flatnonzero(registered)
        np.minimum.at(first_row, row_customer[reg], reg)
        has = first_row < M
        ticket_of_customer = np.full(N, -1)
        # Numbered in order of each customer's first registered contact.
        owners = np.flatnonzero(has)
        owners = owners[np.argsort(first_row[owners], kind="stable")]
        ticket_of_customer[owners] = np.arange(owners.size)
        row_ticket = np.where(registered, ticket_of_customer[row_customer], -1)
        K = owners.size
        t_customer = owners
        t_created = row_created[first_row[owners]]
        t_response = np.full(K, np.inf)
        t_channel = row_channel[first_row[owners]]
        ans = np.flatnonzero(answered)
        if ans.size:  # routed from the channel that answered first
            by_time = ans[np.lexsort((ans, row_response[ans]))]
            tick = row_ticket[by_time]
            _, first = np.unique(tick, return_index=True)
            t_response[tick[first]] = row_response[by_time[first]]
            t_channel[tick[first]] = row_channel[by_time[first]]
    else:
        reg = np.flatnonzero(registered)
        row_ticket = np.full(M, -1)
        row_ticket[reg] = np.arange(reg.size)
        K = reg.size
        t_customer = row_customer[reg]
        t_created = row_created[reg]
        t_response = row_response[reg]
        t_channel = row_channel[reg]
    t_cat = cat[t_customer]
    true_dept = np.array([dept_names.index(k.department) for k in categories])[t_cat]

    # Routing.
    table_dept = np.array([dept_names.index(s.routing[n].department) if n in s.routing
                           else dept_names.index(categories[i].department)
                           for i, n in enumerate(category_names)])[t_cat]
    named_table = np.array([n in s.routing and s.routing[n].named
                            for n in category_names])[t_cat]
    # The person the table names (an index into the department's people), or -1.
    person_table = np.array([
        scenario.departments[s.routing[n].department].people.index(s.routing[n].person)
        if n in s.routing and s.routing[n].person is not None else -1
        for n in category_names])[t_cat]
    # The share of misroutes left by the fields the form (or script) of each channel asks.
    keep = np.array([np.prod([1.0 - float(b.field_misroute_cut[f])
                              for f in s.fields_of(name)]) for name in channel_names])
    base_acc = np.array([float(ch.routing_accuracy) for ch in channels])
    acc = 1.0 - (1.0 - base_acc[t_channel]) * keep[t_channel]
    table_wrong = table_dept != true_dept
    u_route = u["route"][t_customer, t_channel]
    u_transfer = u["transfer"][t_customer, t_channel]
    wrong_first = table_wrong | (u_route >= acc)
    if s.not_my_job_names_department:
        transfers = wrong_first.astype(float)
    else:
        with np.errstate(divide="ignore"):
            extra = np.floor(np.log(1.0 - u_transfer) / np.log(np.maximum(1.0 - acc, 1e-12)))
        transfers = np.where(wrong_first, 1.0 + extra, 0.0)
        transfers = np.where(table_wrong, float(b.max_transfers), transfers)
        transfers = np.minimum(transfers, float(b.max_transfers))
    named = named_table & ~table_wrong
    fcs = np.array([float(k.first_contact_share) for k in categories])[t_cat] * \
        np.array([float(ch.first_contact_factor) for ch in channels])[t_channel]
    fcr = np.isfinite(t_response) & (transfers == 0) & \
        (u["fcr"][t_customer, t_channel] < fcs)
    at_dept = t_response + transfers * float(b.transfer_delay_hours)
    pickup = np.where(named, 0.0, -np.log(1.0 - u["pickup"][t_customer, t_channel]) *
                      float(b.inbox_pickup_hours))
    start_work = at_dept + pickup
    # Each ticket's SLA target (its department's own, or the general one; inf: none).
    target = np.array([s.sla.target_of(n) or np.inf for n in dept_names])[true_dept] \
        if K else np.zeros(0)
    has_sla = np.isfinite(target)
    if has_sla.any():  # the warning gets an inbox ticket picked up
        warn = t_created + s.sla.warning_share * np.where(has_sla, target, 0.0)
        picked = np.minimum(start_work, np.maximum(at_dept, warn))
        start_work = np.where(named | ~has_sla, start_work, picked)
    handled = np.full(K, np.inf)
    dept_cost = 0.0
    for j, dept in enumerate(depts):
        hours_staff = _department_hours(dept, hod, wd)
        dept_cost += float(hours_staff.sum()) * float(dept.cost_per_staff_hour) * size
        cost_hourly += hours_staff * float(dept.cost_per_staff_hour) * size
        mine = np.flatnonzero((true_dept == j) & ~fcr & np.isfinite(start_work))
        q = backlog_queue(start_work[mine],
                          hours_staff * float(dept.cases_per_staff_hour) * size)
        handled[mine] = q.done
        hourly[f"queue_dept_{dept_names[j]}"] = q.in_system
    staff_cost += dept_cost
    fix = -np.log(1.0 - u["fix"][t_customer, t_channel]) * \
        np.array([float(k.fix_hours) for k in categories])[t_cat]
    resolved = np.where(fcr, t_response, handled + fix)
    escalated = np.zeros(K, dtype=bool)
    breach = t_created + target
    if s.sla.escalate:
        escalated = has_sla & (resolved > breach) & (breach < T)
        resolved = np.where(escalated, np.minimum(resolved, breach +
                                                  float(b.escalation_hours)), resolved)
    resolved = np.where(resolved < T, resolved, np.inf)

    # 4. Customer outcomes.
    c_first_contact = np.full(N, np.inf)
    np.minimum.at(c_first_contact, row_customer, row_created)
    c_response = np.full(N, np.inf)
    np.minimum.at(c_response, row_customer, row_response)
    c_resolved = np.full(N, np.inf)
    np.minimum.at(c_resolved, t_customer, resolved)
    c_transfers = np.zeros(N)
    np.add.at(c_transfers, t_customer, np.where(np.isfinite(t_response), transfers, 0.0))
    c_ticket = np.full(N, -1)  # the ticket that solved her problem (or her first)
    primary = np.lexsort((np.arange(K), resolved, t_customer))
    firsts = primary[np.r_[True, t_customer[primary][1:] != t_customer[primary][:-1]]] \
        if K else primary
    c_ticket[t_customer[firsts]] = firsts
    complained = np.isfinite(c_first_contact)
    is_resolved = np.isfinite(c_resolved)
    # Acknowledgement and tracking on the channel she first reached.
    ack = np.array([s.channel(n).acknowledge for n in channel_names])
    tracking = np.array([s.channel(n).tracking_number for n in channel_names])
    fc = np.where(first_channel >= 0, first_channel, 0)
    acked = complained & ack[fc]
    anger = anger - np.where(acked, float(b.ack_calm), 0.0)

    # Chasing while the case is open and she knows it is (an answer, no resolution yet).
    ans_channel = np.full(N, 0)
    has_ticket = c_ticket >= 0
    ans_channel[has_ticket] = t_channel[c_ticket[has_ticket]]
    open_from = c_response
    open_to = np.minimum(c_resolved, T)
    open_days = np.where(np.isfinite(open_from), np.maximum(open_to - open_from, 0) / 24, 0)
    tracked = has_ticket & tracking[ans_channel]
    rate = float(b.chase_per_day) * np.where(tracked, 1.0 - float(b.tracking_chase_cut), 1.0)
    chases = poisson_quantiles(rate * open_days, u["chase"]).astype(np.int64)

    with np.errstate(invalid="ignore"):
        hours_to_resolve = np.where(is_resolved, c_resolved - c_first_contact, np.inf)
    score = float(b.satisfaction_base) - float(b.satisfaction_per_anger) * anger - \
        float(b.satisfaction_per_log_hour) * np.log1p(np.where(is_resolved, hours_to_resolve,
                                                               0.0)) - \
        float(b.satisfaction_per_transfer) * c_transfers
    satisfied = is_resolved & (u["satisfied"] < 1.0 / (1.0 + np.exp(-score)))
    surveyed = is_resolved & s.survey & (u["survey"] < float(b.survey_response))

    # 5. Win-back: in order of resolution, while the budget lasts.
    wb = s.win_back
    if wb.to == "dissatisfied":
        eligible = surveyed & ~satisfied
    elif wb.to == "all_complainants":
        eligible = complained & has_ticket
    else:
        eligible = np.zeros(N, dtype=bool)
    gift = np.zeros(N)
    if wb.gift > 0 and eligible.any():
        idx = np.flatnonzero(eligible)
        when = np.where(np.isfinite(c_resolved[idx]), c_resolved[idx], T + c_first_contact[idx])
        idx = idx[np.argsort(when, kind="stable")]
        affordable = np.arange(1, idx.size + 1) * wb.gift <= wb.budget + 1e-9
        gift[idx[affordable]] = wb.gift
    called = eligible & wb.call_back
    r = scenario.repurchase
    quick = is_resolved & (hours_to_resolve <= float(b.quick_hours))
    p = np.where(calm, float(r.notified), float(r.did_not_complain))
    p = np.where(complained, np.where(quick, float(r.resolved_quickly),
                                      np.where(is_resolved, float(r.resolved),
                                               float(r.unresolved))), p)
    # A gift or a call back repairs a loss (distributive justice, Gelbrich & Roschk 2011):
    # a customer already satisfied with the resolution gets only a share of its lift.
    repair = np.where(satisfied, float(r.satisfied_recovery_share), 1.0)
    odds = p / (1.0 - p) * float(r.abandon_odds) ** abandons * \
        (1.0 + repair * float(r.gift_max_odds) * (1.0 - np.exp(-gift / float(r.gift_scale)))
         ) * (1.0 + repair * float(b.call_back_lift) * called)
    p_buy = odds / (1.0 + odds)
    bought = u["buy"] < p_buy

    # Chase rows for the log, spread evenly over each open window.
    chasers = np.repeat(np.arange(N), chases)
    if chasers.size:
        rank = np.arange(chasers.size) - np.repeat(np.cumsum(chases) - chases, chases)
        when = open_from[chasers] + (rank + 1) / (chases[chasers] + 1) * \
            (open_to[chasers] - open_from[chasers])
    else:
        when = np.zeros(0)
    chase_ticket = c_ticket[chasers]

    # Public complaints and public answers per hour, for the thread.
    public = np.array([ch.public for ch in channels])[row_channel]
    posts = np.bincount(np.minimum(row_created[public].astype(np.int64), T - 1),
                        minlength=T).astype(float)
    pub_ans = public & answered & (row_response < T)
    replies = np.bincount(row_response[pub_ans].astype(np.int64), minlength=T).astype(float)

    def by_hour(times: np.ndarray, amounts: np.ndarray | float) -> np.ndarray:
        times = np.asarray(times, dtype=float)
        weights = np.broadcast_to(np.asarray(amounts, dtype=float), times.shape)
        ok = np.isfinite(times)
        return np.bincount(np.clip(times[ok], 0, T - 1).astype(np.int64), weights[ok],
                           minlength=T)

    sc = scenario.score
    cost_hourly += by_hour(when, float(sc.chase_contact))
    cost_hourly += by_hour(np.where(np.isfinite(c_resolved), c_resolved, T - 1),
                           gift + called * float(sc.call_back))
    cost_hourly += by_hour(breach[escalated], float(sc.escalation))
    lost = d.value * (1.0 - p_buy)
    hourly["spend"] = cost_hourly
    hourly["cost"] = np.cumsum(cost_hourly)  # the shared layout: money spent so far
    hourly["value_lost"] = by_hour(d.arrival, lost)
    # The shared layout's customer columns. Churn: the expected number who will not buy
    # again, counted when her case ends (resolved, or the horizon). Sentiment (R): -0.4 on
    # noticing the problem (-0.2 if told first), -0.15 for each silent abandonment, and on
    # resolution +0.2 if satisfied or -0.5 if not, averaged over all customers.
    ends = np.where(np.isfinite(c_resolved), c_resolved, np.where(complained, T - 1,
                                                                   d.arrival))
    hourly["churned"] = np.cumsum(by_hour(ends, 1.0 - p_buy))
    start_mood = np.where(calm, -0.2, -0.4)
    after = np.where(satisfied, 0.2, -0.5) - (start_mood - 0.15 * abandons)
    mood = by_hour(d.arrival, start_mood) + by_hour(np.concatenate(abandon_times),
                                                    -0.15) + \
        by_hour(np.where(is_resolved, c_resolved, np.inf), after)
    hourly["sentiment_mean"] = np.cumsum(mood) / N
    hourly["open_tickets"] = np.cumsum(by_hour(t_created, 1.0) - by_hour(resolved, 1.0))
    hourly["resolved"] = np.bincount(resolved[np.isfinite(resolved)].astype(np.int64),
                                     minlength=T).astype(float)
    hourly["public_posts"] = posts
    hourly["contacts"] = np.bincount(np.minimum(row_created.astype(np.int64), T - 1),
                                     minlength=T).astype(float)
    res_hours = (resolved - t_created)[np.isfinite(resolved)]  # the firm's view, per ticket
    waited = hours_to_resolve[is_resolved & complained]  # hers, from her first try
    n_tickets = max(K, 1)
    ticket_answered = np.isfinite(t_response)
    totals = {
        "customers": float(N),
        "complainants": float(complained.sum()),
        "contacts": float(M + chasers.size),
        "chasing_contacts": float(chasers.size),
        "complaints": float(K),
        "tickets_resolved": float(np.isfinite(resolved).sum()),
        "resolution_rate": float(np.isfinite(resolved).sum() / n_tickets),
        "customers_resolved": float((is_resolved & complained).sum()),
        "mean_resolution_hours": float(res_hours.mean()) if res_hours.size else 0.0,
        "max_resolution_hours": float(res_hours.max()) if res_hours.size else 0.0,
        "customer_hours_to_resolution": float(waited.mean()) if waited.size else 0.0,
        "first_contact_resolution": float(fcr.sum() / n_tickets),
        "transfers_per_complaint": float(transfers[ticket_answered].sum() / n_tickets),
        "escalated": float(escalated.sum()),
        "public_posts": float(public.sum()),
        "calls": float(calls),
        "abandoned_calls": float(abandoned_calls),
        "phone_abandonment": float(abandoned_calls / calls) if calls else 0.0,
        "silent_abandonments": float(abandons.sum()),
        "survey_answers": float(surveyed.sum()),
        "true_satisfaction": float(satisfied[is_resolved].mean()) if is_resolved.any()
        else 0.0,
        "gifts": float((gift > 0).sum()),
        "gift_cost": float(gift.sum()),
        "call_back_cost": float(called.sum()) * float(scenario.score.call_back),
        "chase_cost": float(chasers.size) * float(scenario.score.chase_contact),
        "escalation_cost": float(escalated.sum()) * float(scenario.score.escalation),
        "staff_cost": staff_cost,
        "repurchase_rate": float(p_buy.mean()),
        "complainant_repurchase": float(bought[complained].mean()) if complained.any()
        else 0.0,
        "bought_again": float(bought.sum()),
        "value_kept": float((d.value * p_buy).sum()),
        "value_lost": float(lost.sum()),
        **queue_totals,
    }
    if surveyed.any():  # only a survey measures it (totals hold finite numbers only)
        totals["satisfaction_rate"] = float(satisfied[surveyed].mean())
    final = {
        "row_customer": np.concatenate([row_customer, chasers]),
        "row_channel": np.concatenate([row_channel, ans_channel[chasers]]),
        "row_created": np.concatenate([row_created, when]),
        "row_response": np.concatenate([row_response, np.full(chasers.size, np.nan)]),
        "row_type": np.concatenate([row_type, np.full(chasers.size, 2)]),
        "row_left": np.concatenate([row_left, np.full(chasers.size, np.nan)]),
        "row_ticket": np.concatenate([row_ticket, chase_ticket]),
        "ticket_customer": t_customer, "ticket_created": t_created,
        "ticket_response": t_response, "ticket_channel": t_channel,
        "ticket_department": np.where(ticket_answered, true_dept, -1),
        "ticket_named": named & ticket_answered,
        "ticket_person": np.where(named & ticket_answered, person_table, -1),
        "ticket_transfers": np.where(ticket_answered, transfers, 0.0),
        "ticket_queued": start_work, "ticket_handled": handled,
        "ticket_escalated": escalated, "ticket_resolved": resolved, "ticket_fcr": fcr,
        "customer_category": cat, "customer_ticket": c_ticket,
        "customer_product": _inverse(np.array([float(p.share) for p in
                                               scenario.products.values()]), u["product"])
        if scenario.products else np.full(N, -1),
        # her order's number: the rank of a uniform, so every customer's is different
        "customer_order": np.argsort(np.argsort(u["order"], kind="stable"), kind="stable"),
        "customer_satisfied": satisfied, "customer_surveyed": surveyed,
        "customer_gift": gift, "customer_bought": bought, "customer_p_buy": p_buy,
        "customer_abandons": abandons, "customer_notified": notified,
        "customer_arrival": d.arrival, "customer_value": d.value,
    }
    return hourly, totals, final, (posts, replies)
