"""The labelled reply corpus: replies written for casekit, each with its parts and tone.

    >>> from casekit.reader_corpus import load_corpus
    >>> dev = load_corpus("en", "dev")       # what the reader may be tuned and trained on
    >>> test = load_corpus("en", "test")     # never used to tune; the benchmark reads it
    >>> dev[0].parts, dev[0].tone

Each part is its own file in ``casekit/data/replies/``, one reply a line
(``TONE PARTS | TEXT``), with the labelling rules in ``GUIDE.md`` beside them:

- ``<language>.txt``, the development part: the reader's rubric and models are built and
  tuned on it (and only on it);
- ``test_<language>.txt``, the test part: written apart from the reader by someone who had
  not seen its rules, its models or the development replies, and never trained or tuned
  on. ``split.json`` holds the ids of its replies, so that a changed test reply shows (the
  tests compare the two);
- ``fresh_<language>.txt``, a second, smaller held-out part of the same kind.

A reply may be in one part only. (The first test part, drawn in 2026 from the development
file, was retired to the development part when rubric entries were found to have been
written from its sentences; ``split.json`` keeps its ids under ``retired``.)
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from casekit.errors import InputError
from casekit.vocabulary import MESSAGE_PARTS, TONES

__all__ = [
    "SHORT",
    "SPLIT_SEED",
    "PARTS",
    "TONE_CODE",
    "CorpusError",
    "Reply",
    "Score",
    "evaluate",
    "held_out_ids",
    "load_corpus",
    "parse_corpus",
    "reply_id",
]

#: The short names the corpus files use for the message parts.
SHORT: dict[str, str] = {
    "ack": "acknowledge", "apo": "apology", "sym": "sympathy", "cause": "explain_cause",
    "fix": "corrective_action", "refund": "refund", "comp": "compensation", "thank": "thank",
    "ask": "ask_details", "deny": "deny", "just": "justify", "excuse": "excuse",
    "attack": "attack_accuser",
}
TONE_CODE: dict[str, str] = {"H": "human", "F": "formal", "D": "defensive"}
#: The corpus parts and the file each is read from ({language} is en or tr).
PARTS: dict[str, str] = {"dev": "{language}.txt", "test": "test_{language}.txt",
                         "fresh": "fresh_{language}.txt"}
#: The seed the first (retired) test part was drawn with.
SPLIT_SEED = 16
assert set(SHORT.values()) == set(MESSAGE_PARTS) and set(TONE_CODE.values()) == set(TONES)


class CorpusError(InputError):
    """A corpus file has a line that is not ``TONE PARTS | TEXT`` with known names."""


@dataclass(frozen=True)
class Reply:
    """One labelled reply."""

    id: str
    language: str
    situation: str
    text: str
    parts: tuple[str, ...]     # in MESSAGE_PARTS order
    tone: str
    line: int


def reply_id(language: str, text: str) -> str:
    """A stable id from the text (so that reordering the file keeps the split)."""
    normal = " ".join(unicodedata.normalize("NFC", text).split())
    return f"{language}-{hashlib.sha1(normal.encode('utf-8')).hexdigest()[:10]}"


def parse_corpus(content: str, language: str, source: str) -> list[Reply]:
    """Every reply in one corpus file, checked line by line."""
    replies: list[Reply] = []
    seen: dict[str, int] = {}
    situation = ""
    for number, raw in enumerate(content.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        where = f"line {number}"
        if line.startswith("[") and line.endswith("]"):
            situation = line[1:-1].strip()
            continue
        head, bar, text = line.partition(" | ")
        fields = head.split()
        if not bar or len(fields) != 2 or not text.strip():
            raise CorpusError(source, where, "expected 'TONE PARTS | TEXT', for example "
                              "'H apo,fix | Sorry! Fixing it today.'")
        tone_code, part_codes = fields
        if tone_code not in TONE_CODE:
            raise CorpusError(source, f"{where}: tone", f"{tone_code!r} is not one of "
                              f"{', '.join(TONE_CODE)}")
        codes = [] if part_codes == "-" else part_codes.split(",")
        unknown = [c for c in codes if c not in SHORT]
        if unknown or len(set(codes)) != len(codes):
            raise CorpusError(source, f"{where}: parts", f"{','.join(unknown) or part_codes!r} "
                              f"is not a list of distinct names from {', '.join(SHORT)} "
                              "(or '-')")
        rid = reply_id(language, text)
        if rid in seen:
            raise CorpusError(source, where, f"the same reply as line {seen[rid]}")
        seen[rid] = number
        names = {SHORT[c] for c in codes}
        replies.append(Reply(rid, language, situation, text.strip(),
                             tuple(p for p in MESSAGE_PARTS if p in names),
                             TONE_CODE[tone_code], number))
    return replies


def _folder():
    return resources.files("casekit") / "data" / "replies"


@lru_cache(maxsize=12)
def _part(language: str, part: str) -> tuple[Reply, ...]:
    if language not in ("en", "tr"):
        raise CorpusError("corpus", "language", "expected en or tr")
    name = PARTS[part].format(language=language)
    path = _folder() / name
    if not path.is_file():
        return ()
    return tuple(parse_corpus(path.read_text(encoding="utf-8"), language, name))


@lru_cache(maxsize=1)
def held_out_ids() -> frozenset[str]:
    """The ids of the replies in the test parts, as ``split.json`` records them."""
    path = _folder() / "split.json"
    if not path.is_file():
        return frozenset()
    data = json.loads(path.read_text(encoding="utf-8"))
    return frozenset(i for ids in data["test"].values() for i in ids)


def load_corpus(language: str, part: str = "all") -> list[Reply]:
    """The corpus of one language: ``dev`` (train and tune), ``test``, ``fresh`` (both held
    out, never tuned on) or ``all`` (dev and test)."""
    if part != "all" and part not in PARTS:
        raise CorpusError("corpus", "part", f"expected all, {', '.join(PARTS)}")
    if part != "all":
        replies = list(_part(language, part))
    else:
        replies = list(_part(language, "dev")) + list(_part(language, "test"))
    seen: dict[str, str] = {}
    for name in PARTS:
        for reply in _part(language, name):
            if seen.setdefault(reply.id, name) != name:
                raise CorpusError(PARTS[name].format(language=language), f"line {reply.line}",
                                  f"a reply of one part only (it is also in the "
                                  f"{seen[reply.id]} part)")
    return replies


@dataclass(frozen=True)
class Score:
    """How well a reader read a set of labelled replies."""

    replies: int
    fully_right: float                     # share with every part and the tone right
    parts_right: float                     # share with exactly the right parts
    tone_right: float
    precision: dict[str, float]            # per part (nan when never predicted)
    recall: dict[str, float]               # per part (nan when never labelled)
    support: dict[str, int]                # labelled replies per part
    confusion: dict[str, dict[str, int]]   # labelled tone -> read tone -> replies
    misread: tuple[tuple[Reply, tuple[str, ...], str], ...]


def evaluate(replies: list[Reply], read) -> Score:
    """Score ``read(text, language) -> (parts, tone)`` on labelled replies."""
    got = [read(r.text, r.language) for r in replies]
    n = max(len(replies), 1)
    precision, recall, support = {}, {}, {}
    for part in MESSAGE_PARTS:
        tp = sum(part in g[0] and part in r.parts for r, g in zip(replies, got))
        said = sum(part in g[0] for g in got)
        true = sum(part in r.parts for r in replies)
        precision[part] = tp / said if said else float("nan")
        recall[part] = tp / true if true else float("nan")
        support[part] = true
    confusion = {t: {u: 0 for u in TONES} for t in TONES}
    for r, (_, tone) in zip(replies, got):
        confusion[r.tone][tone] += 1
    parts_ok = [set(g[0]) == set(r.parts) for r, g in zip(replies, got)]
    tone_ok = [g[1] == r.tone for r, g in zip(replies, got)]
    misread = tuple((r, tuple(g[0]), g[1]) for r, g, p, t in zip(replies, got, parts_ok, tone_ok)
                    if not (p and t))
    return Score(len(replies), sum(p and t for p, t in zip(parts_ok, tone_ok)) / n,
                 sum(parts_ok) / n, sum(tone_ok) / n, precision, recall, support, confusion,
                 misread)
