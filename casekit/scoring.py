"""The score: what the case cost the company, in thousands of currency units, negated.

Higher is better; zero would mean the case cost nothing. Each kind of case names its score
parts (``Kind.score_parts``), each a number a student can check and a sentence that says what
it is; :func:`weighted_score` turns currency amounts into points the same way for every kind.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["weighted_score", "score_parts", "part_names", "explain"]


def weighted_score(amounts: Mapping[str, float], scale: float) -> dict[str, float]:
    """Points taken off by each part (``score_<part>``, negative numbers for costs) and the
    total ``score``, from each part's amount in currency units."""
    points = {f"score_{name}": -float(amount) / scale for name, amount in amounts.items()}
    points["score"] = sum(points.values())
    return points


def score_parts(totals: Mapping[str, float], scenario: Any) -> dict[str, float]:
    """The score of one replication's totals, part by part, by the scenario's kind."""
    from casekit.kinds import kind_of
    return kind_of(scenario).score(totals, scenario)


def part_names(scenario: Any) -> tuple[str, ...]:
    """The names of the scenario's score parts, in order."""
    from casekit.kinds import kind_of
    return kind_of(scenario).part_names


def explain(name: str, language: str, scenario: Any) -> str:
    """What a score part of the scenario's kind stands for, in one sentence."""
    from casekit.kinds import kind_of
    texts = kind_of(scenario).part(name).explain
    return texts.get(language) or texts["en"]
