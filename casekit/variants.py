"""Seeded variants: each student's own version of a case.

A scenario documents, for some of its numbers, the range a variant may draw from
(``{value: 0.05, source: ..., range: [0.02, 0.08]}``). A variant draws every such number
inside its range, varies the size of the thread at hour 0 (likes and comments), and rewrites
the figures in the case text (both languages) to match, so that two students' best answers
differ while the lesson holds.

The draws depend only on ``(class_seed, student_id)`` through SHA-256, never on Python's
``hash()`` or on process state: the same class seed and student id give the same variant on
every machine, and each number has its own stream, so adding a ranged number to a scenario
does not change the draws of the others.

    >>> from casekit import load_scenario
    >>> from casekit.variants import make_variant
    >>> base = load_scenario("isp-overbilling")
    >>> mine = make_variant(base, "s-1024", class_seed=7)
    >>> mine.id == base.id, mine.fingerprint != base.fingerprint
    (True, True)

The variant keeps the scenario id (plans name it); the student and class seed are recorded in
the title, in a comment at the top of the YAML file, and in :class:`Variant`.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np

from casekit.scenario import Scenario, load_scenario, scenario_from_mapping

__all__ = ["Variant", "draw_variant", "make_variant", "variant_yaml", "variant_cli",
           "derive_seed", "ranged_parameters", "THREAD_SCALE", "LIKES_JITTER"]

#: The thread at hour 0 is scaled by a factor drawn from this range (comments and likes).
THREAD_SCALE = (0.7, 1.4)
#: Likes are further scaled by a factor in this range, so the likes-per-comment ratio varies.
LIKES_JITTER = (0.85, 1.15)


@dataclass(frozen=True)
class Variant:
    """A student's variant: the scenario, who it is for and what was drawn."""

    scenario: Scenario
    student_id: str
    class_seed: int
    seed: int
    #: Dotted path (``incident.overcharge_rate``) -> the value drawn for this student.
    draws: dict[str, float] = field(default_factory=dict)

    def to_yaml(self) -> str:
        return variant_yaml(self)


def derive_seed(class_seed: int, student_id: str, purpose: str = "") -> int:
    """A 64-bit seed from the class seed and the student id, stable across machines."""
    key = f"casekit-variant\x00{int(class_seed)}\x00{student_id}\x00{purpose}"
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big")


def _rng(class_seed: int, student_id: str, purpose: str) -> np.random.Generator:
    return np.random.default_rng(derive_seed(class_seed, student_id, purpose))


def ranged_parameters(data: dict, prefix: str = "") -> list[tuple[str, dict]]:
    """Every sourced number with a range, as (dotted path, its mapping), in file order."""
    found: list[tuple[str, dict]] = []
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            if "value" in value and value.get("range") is not None:
                found.append((path, value))
            elif "value" not in value:
                found.extend(ranged_parameters(value, path + "."))
    return found


def _is_whole(x: Any) -> bool:
    return float(x).is_integer()


def _draw(rng: np.random.Generator, value: float, low: float, high: float) -> float:
    """A value inside [low, high]: whole numbers stay whole, shares and rates (below 1) keep
    three decimals (so a text can quote them exactly), others three significant digits."""
    if _is_whole(value) and _is_whole(low) and _is_whole(high):
        return float(rng.integers(int(low), int(high) + 1))
    x = float(rng.uniform(low, high))
    if max(abs(low), abs(high)) < 1:
        x = round(x, 3)
    elif x != 0:
        x = round(x, 2 - int(math.floor(math.log10(abs(x)))))
    return float(min(max(x, low), high))


def draw_variant(scenario: Scenario, student_id: str, class_seed: int) -> Variant:
    """Draw a student's variant of ``scenario`` (see the module docstring)."""
    student_id = str(student_id).strip()
    if not student_id or not student_id.isprintable() or len(student_id) > 200:
        raise ValueError("expected a student id of printable characters (at most 200)")
    if int(class_seed) < 0:
        raise ValueError("expected a class seed of zero or more")
    data = scenario.model_dump(mode="json", exclude={"source_path"})
    draws: dict[str, float] = {}
    for path, entry in ranged_parameters(data):
        low, high = entry["range"]
        entry["value"] = _draw(_rng(class_seed, student_id, path), entry["value"], low, high)
        draws[path] = entry["value"]

    thread = data.get("thread")
    if isinstance(thread, dict) and {"start_likes", "start_comments"} <= set(thread):
        rng = _rng(class_seed, student_id, "thread.start")
        scale = float(rng.uniform(*THREAD_SCALE))
        jitter = float(rng.uniform(*LIKES_JITTER))
        old_likes, old_comments = thread["start_likes"], thread["start_comments"]
        thread["start_comments"] = max(1, int(round(old_comments * scale)))
        thread["start_likes"] = max(0, int(round(old_likes * scale * jitter)))
        draws["thread.start_comments"] = thread["start_comments"]
        draws["thread.start_likes"] = thread["start_likes"]

    replace = _text_rewriter(scenario, data)
    for key in ("narrative", "hour0", "title"):
        if data.get(key):
            data[key] = {lang: replace(text, lang) for lang, text in data[key].items()}
    seed = derive_seed(class_seed, student_id)
    data["title"] = {
        "en": f"{data['title']['en']} [variant: student {student_id}, class seed {class_seed}]",
        "tr": f"{data['title']['tr']} [varyant: öğrenci {student_id}, sınıf tohumu "
              f"{class_seed}]",
    }
    source = scenario.source_path or scenario.id
    variant = scenario_from_mapping(data, f"{source} (variant for {student_id})")
    return Variant(variant, student_id, int(class_seed), seed, draws)


def make_variant(scenario: Scenario, student_id: str, class_seed: int) -> Scenario:
    """The student's own version of ``scenario``: same id, numbers drawn within ranges."""
    return draw_variant(scenario, student_id, class_seed).scenario


# -- figures in the text ---------------------------------------------------------------------

def _percent(rate: float, lang: str) -> str:
    number = f"{100 * rate:.1f}".rstrip("0").rstrip(".")
    return f"%{number.replace('.', ',')}" if lang == "tr" else f"{number}%"


def _get(data: dict, path: str) -> Any:
    """The value at a dotted path (a sourced number's value), or None when absent."""
    node: Any = data
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node["value"] if isinstance(node, dict) and "value" in node else node


def _text_rewriter(old: Scenario, new: dict) -> Callable[[str, str], str]:
    """A function that rewrites the scenario's figures in a text, in one pass per text.

    Figures rewritten when the scenario has them: the thread's likes and comments at hour 0,
    the overcharge rate as a percentage, and the last day paper bills arrive.
    """
    before = old.model_dump(mode="json")
    tables: dict[str, dict[str, str]] = {"en": {}, "tr": {}}
    likes = (_get(before, "thread.start_likes"), _get(new, "thread.start_likes"))
    comments = (_get(before, "thread.start_comments"), _get(new, "thread.start_comments"))
    rate = (_get(before, "incident.overcharge_rate"), _get(new, "incident.overcharge_rate"))
    first = _get(before, "incident.paper_bill_first_day")
    last = (_get(before, "incident.paper_bill_last_day"),
            _get(new, "incident.paper_bill_last_day"))
    for lang, swaps in tables.items():
        sep = "." if lang == "tr" else ","
        if None not in likes:
            swaps[f"{likes[0]:,}".replace(",", sep)] = f"{likes[1]:,}".replace(",", sep)
            swaps[str(likes[0])] = str(likes[1])
        if None not in comments:
            swaps[str(comments[0])] = str(comments[1])
        if None not in rate:
            swaps[_percent(rate[0], lang)] = _percent(rate[1], lang)
        if first is not None and None not in last:
            a, b, c = int(first), int(last[0]), int(round(last[1]))
            if lang == "tr":
                swaps[f"{a}. ile {b}. gün"] = f"{a}. ile {c}. gün"
            else:
                swaps[f"day {a} to day {b}"] = f"day {a} to day {c}"
    patterns = {
        lang: re.compile("|".join(
            rf"(?<![\w.,%]){re.escape(k)}(?![\w%]|[.,]\d)"
            for k in sorted(swaps, key=len, reverse=True))) if swaps else None
        for lang, swaps in tables.items()
    }

    def rewrite(text: str, lang: str) -> str:
        key = lang if lang in tables else "en"
        pattern = patterns[key]
        if pattern is None:
            return text
        return pattern.sub(lambda m: tables[key][m.group(0)], text)

    return rewrite


# -- files and the command line --------------------------------------------------------------

def _tidy(value: Any) -> Any:
    """Sourced numbers without a source or range become bare numbers; nulls are dropped."""
    if isinstance(value, dict):
        if set(value) == {"value", "source", "range"} and not value["source"] and \
                value["range"] is None:
            return value["value"]
        return {k: _tidy(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_tidy(v) for v in value]
    return value


def variant_yaml(variant: Variant) -> str:
    """The variant as a scenario YAML file that ``load_scenario`` reads back unchanged."""
    import yaml
    data = _tidy(variant.scenario.model_dump(mode="json", exclude={"source_path"}))
    drawn = ", ".join(f"{k}={v:g}" for k, v in variant.draws.items())
    header = (f"# casekit variant of {variant.scenario.id} v{variant.scenario.version}\n"
              f"# student: {variant.student_id}\n"
              f"# class seed: {variant.class_seed}\n"
              f"# variant seed: {variant.seed}\n"
              f"# drawn: {drawn}\n")
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def variant_cli(args: argparse.Namespace) -> int:
    """``casekit variant SCENARIO --student ID --class-seed S [--out FILE]``."""
    base = load_scenario(args.scenario)
    try:
        variant = draw_variant(base, args.student, args.class_seed)
    except ValueError as exc:
        print(f"casekit: {exc}", file=sys.stderr)
        return 2
    text = variant_yaml(variant)
    if args.out:
        out = Path(args.out)
        try:
            out.write_text(text, encoding="utf-8")
        except OSError as exc:
            print(f"casekit: {out}: cannot write ({exc.strerror or exc})", file=sys.stderr)
            return 2
        print(f"wrote {out}: {variant.scenario.title.en}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
