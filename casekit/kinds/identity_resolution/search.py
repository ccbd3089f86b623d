"""The settings a plan search may try in an identity-resolution case, and what a
practitioner would object to in them (benchmarks/plan_search.py reads this module).

``random_settings`` draws a matching strategy (rules or Fellegi-Sunter, the blocking keys,
the thresholds) and the three policies; ``mutate`` changes one thing. Both return plain
mappings that the search validates as a student's plan file is validated.
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np

from casekit.kinds.identity_resolution.matching import BLOCKING_KEYS, COMPARISONS
from casekit.kinds.identity_resolution.schema import IdentitySettings

__all__ = ["objections", "mutate", "random_settings"]

THRESHOLDS = (-2.0, 0.0, 2.0, 4.0, 6.0, 8.0, 10.0, 12.0, 15.0, 18.0, 22.0, 26.0)
POLICIES = ("one_to_one", "look_up_before_reply", "offers_in_writing", "ask_known_again")
#: Fields that name a person without telling two people of the same name apart.
NAME_FIELDS = {"first_name", "surname", "handle"}
#: Below this match weight a link needs little more than a common name (R: with
#: EM-estimated m and u, an exact first name and surname weigh about this much together).
WEAK_LINK = 4.0


def _pick(rng: np.random.Generator, options: Any) -> Any:
    return options[int(rng.integers(0, len(options)))]


def _rule(rng: np.random.Generator) -> dict[str, Any]:
    fields = list(COMPARISONS)
    chosen = rng.choice(len(fields), size=int(rng.integers(1, 4)), replace=False)
    when = {fields[i]: str(_pick(rng, [lv for lv in COMPARISONS[fields[i]]
                                       if lv != "different"])) for i in chosen}
    return {"when": when, "decide": "link" if rng.random() < 0.8 else "review"}


def _blocking(rng: np.random.Generator) -> list[str]:
    keys = [k for k in BLOCKING_KEYS if rng.random() < 0.5]
    return keys or [str(_pick(rng, list(BLOCKING_KEYS)))]


def _fellegi_sunter(rng: np.random.Generator) -> dict[str, Any]:
    fields = [f for f in COMPARISONS if rng.random() < 0.8] or list(COMPARISONS)
    link = float(_pick(rng, THRESHOLDS))
    review = float(_pick(rng, [t for t in THRESHOLDS if t <= link]))
    return {"fields": fields, "estimate": "em", "link_threshold": link,
            "review_threshold": review}


def random_settings(scenario: Any, rng: np.random.Generator) -> dict[str, Any]:
    """A complete settings mapping, every choice drawn at random."""
    method = str(_pick(rng, ("rules", "fellegi_sunter", "none")))
    out: dict[str, Any] = {"method": method, "blocking": _blocking(rng),
                           "rules": [_rule(rng) for _ in range(int(rng.integers(1, 4)))],
                           "fellegi_sunter": _fellegi_sunter(rng)}
    out.update({p: bool(rng.random() < 0.5) for p in POLICIES})
    return out


def complete(settings: dict[str, Any]) -> dict[str, Any]:
    s = IdentitySettings.model_validate(settings or {}).model_dump(mode="json")
    if not s["rules"]:
        s["rules"] = [{"when": {"phone": "exact"}, "decide": "link"}]
    return s


def mutate(settings: dict[str, Any], scenario: Any, rng: np.random.Generator
           ) -> dict[str, Any]:
    """The same settings with one thing changed."""
    s = copy.deepcopy(complete(settings))
    fs = s["fellegi_sunter"]
    move = int(rng.integers(0, 9))
    if move == 0:
        s["method"] = str(_pick(rng, [m for m in ("rules", "fellegi_sunter", "none")
                                      if m != s["method"]]))
    elif move == 1:
        key = str(_pick(rng, list(BLOCKING_KEYS)))
        keys = list(s["blocking"])
        s["blocking"] = [k for k in keys if k != key] if key in keys else keys + [key]
    elif move == 2:
        rules = list(s["rules"])
        i = int(rng.integers(0, len(rules)))
        if rng.random() < 0.4 and len(rules) > 1:
            rules.pop(i)
        elif rng.random() < 0.5:
            rules.append(_rule(rng))
        else:
            rules[i] = _rule(rng)
        s["rules"] = rules
    elif move in (3, 4):
        fs["link_threshold"] = float(_pick(rng, THRESHOLDS))
        fs["review_threshold"] = min(fs["review_threshold"], fs["link_threshold"])
    elif move == 5:
        fs["review_threshold"] = float(_pick(rng, [t for t in THRESHOLDS
                                                   if t <= fs["link_threshold"]]))
    elif move == 6:
        field = str(_pick(rng, list(COMPARISONS)))
        fields = list(fs["fields"])
        fs["fields"] = [f for f in fields if f != field] if field in fields else \
            fields + [field]
        fs["m"], fs["u"] = {}, {}
    else:
        policy = str(_pick(rng, POLICIES))
        s[policy] = not s[policy]
    return s


def objections(settings: dict[str, Any] | None, scenario: Any) -> list[str]:
    """What a practitioner would refuse in these settings, one short line each."""
    s = IdentitySettings.model_validate(settings or {})
    found = []
    if s.ask_known_again:
        found.append("asks every known customer for their details again")
    if s.method == "rules":
        for i, rule in enumerate(s.rules):
            if rule.decide == "link" and set(rule.when) <= NAME_FIELDS:
                found.append(f"rules.{i}: links accounts on a name alone")
    if s.method == "fellegi_sunter":
        fs = s.fellegi_sunter
        if set(fs.fields) <= NAME_FIELDS:
            found.append("fellegi_sunter: compares names only")
        elif fs.link_threshold < WEAK_LINK:
            found.append(f"fellegi_sunter: links at a match weight of {fs.link_threshold:g}, "
                         "where a common name alone can pass")
    if s.method != "none" and not s.one_to_one:
        found.append("one_to_one: lets one account link to several customers")
    return found
