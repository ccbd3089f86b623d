"""The schema of a ``help_desk`` scenario: a help desk's waiting line for a few days.

Sections: ``population`` (the customers and what they are worth), ``desk`` (arrivals,
service, staff, patience) and ``model`` (how waiting turns into anger and anger into leaving).
Every number is a Sourced with its source ("R" for a reasoned guess).
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from casekit.case import Case, Frozen, PopulationBase, Score, Sourced
from casekit.vocabulary import Vocabulary

#: This kind's words: no message channels; the help desk takes extra staff.
VOCABULARY = Vocabulary(staffable={"help_desk": "desk agents"})


class DeskPopulation(PopulationBase):
    monthly_value: Sourced
    expected_lifetime_months: Sourced


class Desk(Frozen):
    contacts_per_customer_hour: Sourced
    served_per_agent_hour: Sourced
    agents: Sourced
    agent_cost_per_hour: Sourced


class DeskModel(Frozen):
    anger_per_hour_waiting: Sourced
    baseline_monthly_churn: Sourced
    churn_anger_multiplier: Sourced


class DeskScore(Score):
    lifetime_value_lost: Sourced
    staff_cost: Sourced


class DeskScenario(Case):
    """A help desk that customers queue at; the plan adds staff."""

    vocabulary: ClassVar[Vocabulary] = VOCABULARY

    kind: Literal["help_desk"]
    horizon_hours: int = Field(gt=0, le=24 * 14)
    population: DeskPopulation
    desk: Desk
    model: DeskModel
    score: DeskScore
