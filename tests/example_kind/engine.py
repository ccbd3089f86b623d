"""The help desk, hour by hour: contacts arrive, the desk serves what its agents can, the
rest wait and grow angry, and angry customers leave more often.

Vectorised over customers and replications: every customer's draws are made up front from
``casekit.engine.randomness.streams(seed, replication)``, so two plans with the same key meet
the same customers (common random numbers), and a batch is each replication run alone.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from casekit.engine.result import RunResult
from casekit.engine.randomness import streams
from casekit.plan import Plan

from .schema import DeskScenario


def _staff(scenario: DeskScenario, plan: Plan, scale: float) -> np.ndarray:
    agents = np.full(scenario.horizon_hours, scenario.desk.agents.value * scale)
    for action in plan.actions:
        if action.staff is not None:
            start = int(action.at)
            end = min(int(np.ceil(action.at + action.staff.hours)), scenario.horizon_hours)
            agents[start:end] += action.staff.agents * scale
    return agents


def simulate_batch(scenario: DeskScenario, plan: Plan, seed: int = 0,
                   replications: Sequence[int] = (0,), customers: int | None = None,
                   keep_final: bool = True) -> list[RunResult]:
    n = int(customers or scenario.population.customers)
    T, R = scenario.horizon_hours, len(replications)
    scale = n / scenario.population.reference
    d, m, pop = scenario.desk, scenario.model, scenario.population
    # Draws, up front, per replication: which hours each customer contacts the desk, and
    # their churn threshold.
    contact_u = np.empty((R, n, T))
    threshold = np.empty((R, n))
    for k, r in enumerate(replications):
        rng = streams(seed, int(r))
        contact_u[k] = rng["population"].random((n, T))
        threshold[k] = rng["thresholds"].exponential(1.0, n)
    agents = _staff(scenario, plan, scale)
    capacity = agents * d.served_per_agent_hour.value
    contacts = contact_u < d.contacts_per_customer_hour.value      # (R, n, T)
    base = -np.log(1.0 - m.baseline_monthly_churn.value) / (30 * 24)
    waiting = np.zeros((R, n), dtype=bool)
    anger = np.zeros((R, n))
    hazard = np.zeros((R, n))
    alive = np.ones((R, n), dtype=bool)
    hourly = {name: np.zeros((R, T)) for name in
              ("sentiment_mean", "churned", "cost", "queue", "served")}
    cost = np.zeros(R)
    for t in range(T):
        waiting |= contacts[:, :, t] & alive
        queued = waiting.sum(axis=1)
        # Served in arrival order is the same as a random order here: everyone waiting is
        # alike; serve the lowest indices (fixed per customer: common random numbers).
        rank = np.cumsum(waiting, axis=1)
        served = waiting & (rank <= capacity[t])
        waiting &= ~served
        anger += waiting * m.anger_per_hour_waiting.value
        hazard += base * (1.0 + m.churn_anger_multiplier.value * anger) * alive
        leaving = alive & (hazard >= threshold)
        alive &= ~leaving
        waiting &= alive
        cost += agents[t] * d.agent_cost_per_hour.value
        hourly["sentiment_mean"][:, t] = -np.tanh(anger).mean(axis=1)
        hourly["churned"][:, t] = (~alive).sum(axis=1)
        hourly["cost"][:, t] = cost
        hourly["queue"][:, t] = queued
        hourly["served"][:, t] = served.sum(axis=1)
    value = pop.monthly_value.value * pop.expected_lifetime_months.value
    results = []
    for k, r in enumerate(replications):
        churned = float((~alive[k]).sum())
        totals = {"churned_customers": churned, "churn_rate": churned / n,
                  "revenue_lost": churned * value, "cost": float(cost[k]),
                  "sentiment_final": float(hourly["sentiment_mean"][k, -1]),
                  "waiting_hours": float(anger[k].sum() / m.anger_per_hour_waiting.value)}
        results.append(RunResult(scenario.id, plan.name, seed, int(r), n,
                                 {name: series[k].copy() for name, series in hourly.items()},
                                 totals, [{"index": i, "action": a.describe(), "reached": 0,
                                           "cost": 0.0} for i, a in enumerate(plan.actions)]))
    return results
