"""The schema of a ``help_desk`` scenario: a help desk's waiting line for a few days.

Sections: ``population`` (the customers and what they are worth), ``desk`` (arrivals,
service, staff, patience) and ``model`` (how waiting turns into anger and anger into leaving).
Every number is a Sourced with its source ("R" for a reasoned guess), bounded where it is
declared (``casekit.case.bounded``): a file that sets -1 or ``.inf`` stops at load time.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from casekit.case import Case, Frozen, PopulationBase, Score, bounded
from casekit.vocabulary import Vocabulary

#: This kind's words: no message channels; the help desk takes extra staff.
VOCABULARY = Vocabulary(staffable={"help_desk": "desk agents"})


Money = bounded(0.0, 1e7)                  # TL a month, an hour or per TL of score


class DeskPopulation(PopulationBase):
    monthly_value: Money
    expected_lifetime_months: bounded(0.0, 1200.0)


class Desk(Frozen):
    contacts_per_customer_hour: bounded(0.0, 1.0)
    served_per_agent_hour: bounded(0.0, 1e3)
    agents: bounded(0.0, 1e4)
    agent_cost_per_hour: Money


class DeskModel(Frozen):
    anger_per_hour_waiting: bounded(1e-6, 1.0)  # the engine divides by it
    baseline_monthly_churn: bounded(0.0, 0.99)
    churn_anger_multiplier: bounded(0.0, 100.0)


class DeskScore(Score):
    lifetime_value_lost: Money
    staff_cost: Money


class DeskScenario(Case):
    """A help desk that customers queue at; the plan adds staff."""

    vocabulary: ClassVar[Vocabulary] = VOCABULARY

    kind: Literal["help_desk"]
    horizon_hours: int = Field(gt=0, le=24 * 14)
    population: DeskPopulation
    desk: Desk
    model: DeskModel
    score: DeskScore
