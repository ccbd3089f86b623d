"""The reply composer: read a reply the student wrote and say what it does, and why.

    >>> from casekit.composer import read_reply
    >>> reading = read_reply("You're right, sorry! We'll add more sockets this week.", "en")
    >>> reading.parts
    ('acknowledge', 'apology', 'corrective_action')
    >>> reading.tone
    'human'
    >>> print(reading.explain())          # every word and phrase that counted, with its weight
    >>> action = reading.to_action(at=1)  # a plan Action carrying the reply's text

The reading has two layers, both shown. The rubric (``casekit/data/rubric_<language>.yaml``,
where an instructor can read and extend it) lists phrases with weights per message part (the
SCCT parts of casekit.vocabulary) and per tone. A linear model per part and one over the
tones (:mod:`casekit.reader`), trained from the labelled corpus in ``casekit/data/replies/``
by ``scripts/train_reader.py`` and shipped as data, weighs the rubric's phrase scores
together with the reply's stems (Snowball, :mod:`casekit.text_tr`), word pairs and cues
such as emoji or exclamation marks; a part is found when its weights add up above zero, and
the evidence lists each feature that counted with its weight. Everything runs offline and
gives the same reading every time; the student or instructor can override any of it
(:meth:`Reading.override`), and the result feeds the simulation as an
:class:`~casekit.plan.Action`.

Negation has a scope (:func:`casekit.reader.tokenize`): "not sorry", "sorry not sorry",
"there is nothing to apologise for", "özür dilemeyeceğiz", "bizim bir suçumuz yok" mark the
words they govern, so those words count as their negated forms; a rubric phrase with a
negated word is not counted. Matching ignores case and accents and handles Turkish casing
(I/ı, İ/i).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from casekit.errors import InputError, PlanError
from casekit.plan import Action
from casekit.reader import (
    CUE_NAMES,
    LABELS,
    MAX_CHARS,
    Token,
    features,
    has_human_cue,
    load_model,
    surface_cues,
    tokenize,
)
from casekit.text.formats import format_spec
from casekit.text_tr import fold as _fold
from casekit.text_tr import negative_verb
from casekit.vocabulary import FAMILY, MESSAGE_PARTS, TONES

__all__ = [
    "LANGUAGES",
    "Evidence",
    "Reading",
    "ReplyError",
    "Rubric",
    "RubricError",
    "guess_language",
    "load_rubric",
    "read_reply",
    "reply_features",
]

LANGUAGES = ("en", "tr")

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_HANDLE = re.compile(r"@[\w.]+|https?://\S+")
_AMOUNT = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:tl|₺|lira|try)\b|₺\s*(\d+(?:[.,]\d+)?)",
                     re.IGNORECASE)
#: Message parts that rebuild (SCCT): their negation reads as defensive.
REBUILD = tuple(p for p in MESSAGE_PARTS if FAMILY[p] == "rebuild")


class RubricError(InputError):
    """A rubric file is malformed."""


def fold(word: str, language: str) -> str:
    """Lower-case with Turkish rules (I -> ı, İ -> i), then drop accents (ç -> c, ı -> i)."""
    return _fold(word, language)


_TURKISH_LETTERS = re.compile("[çğıöşüÇĞÖŞÜİ]")
_TURKISH_WORDS = {"ve", "bir", "bu", "için", "icin", "çok", "cok", "ama", "biz", "size", "sana",
                  "değil", "degil", "da", "de", "mi", "ne", "var", "yok", "olarak", "teşekkür",
                  "tesekkur", "özür", "ozur", "haklısın", "haklisin", "hemen", "lütfen"}
_ENGLISH_WORDS = {"the", "and", "you", "we", "for", "to", "is", "are", "it", "our", "your",
                  "of", "not", "sorry", "thanks", "with", "this", "that", "a", "in", "on"}


def guess_language(text: str, default: str = "en") -> str:
    """``tr`` or ``en`` from Turkish letters and common words (a hint, never a verdict)."""
    words = [w.lower() for w in _WORD.findall(_HANDLE.sub(" ", text))]
    turkish = len(_TURKISH_LETTERS.findall(text)) + sum(w in _TURKISH_WORDS for w in words)
    english = sum(w in _ENGLISH_WORDS for w in words)
    if turkish > english:
        return "tr"
    if english > turkish:
        return "en"
    return default


# ---- the rubric --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Phrase:
    """One rubric entry: words to look for, what they signal and how much."""

    text: str                                  # as written in the rubric
    label: str                                 # a message part or a tone
    weight: float
    words: tuple[tuple[str, str], ...]         # (kind, folded word); kind exact/prefix/any
    negating: bool                             # the phrase itself holds a negation


@dataclass(frozen=True, eq=False)
class Rubric:
    """Word and phrase lists with weights, for one language."""

    language: str
    threshold: float
    tone_threshold: float
    default_tone: str
    default_compensation: float
    parts: tuple[Phrase, ...]
    tones: tuple[Phrase, ...]
    negators_before: tuple[str, ...]
    negators_after: tuple[str, ...]
    negation_window: int
    suffix_negation: tuple[str, ...]
    features: Mapping[str, Mapping[str, Any]]
    rules: Mapping[str, Mapping[str, Any]]
    labels: Mapping[str, str]
    sources: tuple[str, ...] = ()

    @property
    def suffix_pattern(self) -> re.Pattern | None:
        return re.compile("|".join(self.suffix_negation)) if self.suffix_negation else None

    def is_negator(self, word: str, negators: tuple[str, ...]) -> bool:
        return _is_negator(word, negators)

    def label(self, name: str) -> str:
        return self.labels.get(name, name.replace("_", " "))


def _is_negator(word: str, negators: tuple[str, ...]) -> bool:
    """A negator is a word, a stem (``değil*``) or an ending (``*n't``)."""
    for n in negators:
        if n.startswith("*") and word.endswith(n[1:]) or \
                n.endswith("*") and word.startswith(n[:-1]) or word == n:
            return True
    return False


def _en_negation(word: str) -> bool:
    return word in {"not", "no", "never", "nothing", "nobody", "none", "without", "cannot"} \
        or word.endswith("n't")


def _compile(text: str, label: str, weight: float, language: str,
             negators: tuple[str, ...]) -> Phrase:
    words = []
    for raw in str(text).split():
        if raw == "_":
            words.append(("any", ""))
            continue
        kind = "prefix" if language == "tr" else "exact"
        if raw.startswith("*") and len(raw) > 1:     # an ending: "*mıştır", "*siniz"
            kind, raw = "suffix", raw[1:]
        elif raw.endswith("*"):
            kind, raw = "prefix", raw[:-1]
        elif raw.endswith("$"):
            kind, raw = "exact", raw[:-1]
        words.append((kind, fold(raw, language)))
    # A phrase that holds its own negation ("not our fault", "eklemiyoruz") is read as a
    # whole: the negation is what it says, not something that cancels it.
    negating = any(_is_negator(w, negators) or (language == "en" and _en_negation(w)) or
                   (language == "tr" and negative_verb(w)) for _, w in words)
    return Phrase(str(text), label, float(weight), tuple(words), negating)


def _phrase_table(data: Any, names: tuple[str, ...], where: str, source: str,
                  language: str, negators: tuple[str, ...]) -> list[Phrase]:
    if not isinstance(data, dict):
        raise RubricError(source, where, "expected a mapping of names to phrase lists")
    phrases = []
    for label, entries in data.items():
        if label not in names:
            raise RubricError(source, f"{where}.{label}", f"unknown name; expected one of "
                              f"{', '.join(names)}")
        if not isinstance(entries, dict):
            raise RubricError(source, f"{where}.{label}", "expected 'phrase: weight' lines")
        for text, weight in entries.items():
            if isinstance(weight, bool) or not isinstance(weight, (int, float)):
                raise RubricError(source, f"{where}.{label}.{text}", "expected a weight "
                                  "(a number)")
            if not str(text).split():
                raise RubricError(source, f"{where}.{label}", "an empty phrase")
            phrases.append(_compile(text, label, weight, language, negators))
    return phrases


def _merge(base: dict, extra: dict) -> dict:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _read(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RubricError(str(path), "", f"cannot be read ({exc.strerror or exc})") from None
    except yaml.YAMLError as exc:
        raise RubricError(str(path), "", f"invalid YAML ({getattr(exc, 'problem', exc)})") \
            from None
    if not isinstance(data, dict):
        raise RubricError(str(path), "", "expected a mapping at the top")
    return data


def load_rubric(language: str = "en",
                extra: Iterable[str | Path | Mapping] = ()) -> Rubric:
    """The bundled rubric for ``language``, extended by ``extra`` files or mappings.

    An extra rubric adds phrases and may change weights or settings: it uses the same
    layout as ``casekit/data/rubric_<language>.yaml`` and holds only what it changes.
    """
    if language not in LANGUAGES:
        raise RubricError(language, "language", f"expected one of {', '.join(LANGUAGES)}")
    extras = tuple(e if isinstance(e, Mapping) else str(e) for e in extra)
    return _load(language, tuple((e if isinstance(e, str) else _freeze(e)) for e in extras))


def _freeze(mapping: Mapping) -> str:
    return "yaml:" + yaml.safe_dump(dict(mapping), allow_unicode=True, sort_keys=True)


@lru_cache(maxsize=16)
def _load(language: str, extras: tuple[str, ...]) -> Rubric:
    bundled = resources.files("casekit") / "data" / f"rubric_{language}.yaml"
    data = yaml.safe_load(bundled.read_text(encoding="utf-8"))
    sources = [f"rubric_{language}.yaml"]
    for extra in extras:
        if extra.startswith("yaml:"):
            more, name = yaml.safe_load(extra[5:]), "(extra rubric)"
        else:
            more, name = _read(Path(extra)), extra
        if more.get("language", language) != language:
            raise RubricError(name, "language", f"expected {language!r}")
        data = _merge(data, more)
        sources.append(name)
    source = " + ".join(sources)
    for key in ("negators_before", "negators_after"):
        for word in data.get(key, ()) or ():
            if not isinstance(word, str):
                raise RubricError(source, key, f"{word!r} is not a word; quote it (YAML "
                                  "reads a bare no, yes, on or off as true/false)")
    try:
        negators_before = tuple(fold(n, language) for n in data.get("negators_before", ()))
        negators_after = tuple(fold(n, language) for n in data.get("negators_after", ()))
        negators = negators_before + negators_after
        parts = _phrase_table(data.get("parts", {}), MESSAGE_PARTS, "parts", source,
                              language, negators)
        tones = _phrase_table(data.get("tones", {}), TONES, "tones", source, language,
                              negators)
        default_tone = data.get("default_tone", "formal")
        if default_tone not in TONES:
            raise RubricError(source, "default_tone", f"expected one of {', '.join(TONES)}")
        return Rubric(
            language=language, threshold=float(data.get("threshold", 1.0)),
            tone_threshold=float(data.get("tone_threshold", 0.8)), default_tone=default_tone,
            default_compensation=float(data.get("default_compensation", 100)),
            parts=tuple(parts), tones=tuple(tones), negators_before=negators_before,
            negators_after=negators_after,
            negation_window=int(data.get("negation_window", 3)),
            suffix_negation=tuple(data.get("suffix_negation", ())),
            features=data.get("features", {}), rules=data.get("rules", {}),
            labels=data.get("labels", {}), sources=tuple(sources))
    except (TypeError, ValueError, re.error) as exc:
        raise RubricError(source, "", f"malformed rubric ({exc})") from None


# ---- reading a reply ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Evidence:
    """Why a part or tone was (or was not) counted."""

    label: str        # a message part or a tone
    kind: str         # "part" or "tone"
    cue: str          # the rubric phrase, feature or rule
    words: str        # what in the reply matched (empty for rules)
    weight: float
    negated: bool = False
    how: str = "phrase"   # phrase, feature, rule or override

    def describe(self, rubric: Rubric | None = None) -> str:
        name = rubric.label(self.label) if rubric else self.label
        if self.how == "model":
            text = _describe_feature(self.cue, self.words,
                                     rubric.language if rubric else "en", rubric)
            lang = rubric.language if rubric else "en"
            return f"{name}: {text} {format_spec(self.weight, '+.2f', lang)}"
        if self.how == "rule" and self.cue in MESSAGE_PARTS:
            part = rubric.label(self.cue) if rubric else self.cue
            if rubric is not None and rubric.language == "tr":
                return f"{name}: kural: {part} içeren yanıt savunmacı okunur"
            return f"{name}: rule: a reply with {part} reads as defensive"
        if self.how == "phrase":
            text = f"'{self.words}'" + (f" ~ {self.cue}" if fold(self.words, "tr") !=
                                         fold(self.cue, "tr") else "")
        else:
            text = self.cue + (f" ('{self.words}')" if self.words else "")
        lang = rubric.language if rubric else "en"
        mark = (" [olumsuzlanmış, sayılmadı]" if lang == "tr" else " [negated, not counted]") \
            if self.negated else f" +{format_spec(self.weight, 'g', lang)}"
        return f"{name}: {text}{mark}"


_KINDS = {
    "w": ("word", "kelime"), "b": ("word pair", "kelime çifti"),
    "p": ("word beginning", "kelime başı"), "t": ("whole word", "tam kelime"),
    "f": ("cue", "işaret"), "r": ("rubric phrases for", "ölçüt ifadeleri:"),
}
_NEGATED = ("negated", "olumsuz")


def _describe_feature(cue: str, words: str, language: str, rubric: Rubric | None) -> str:
    """A model feature in the reader's words: ``word 'sorry' (sorri)``."""
    kind, _, name = cue.partition(":")
    side = 0 if language == "en" else 1
    negated = name.startswith("~")
    name = name.lstrip("~")
    label = _KINDS.get(kind, (kind, kind))[side]
    neg = f" ({_NEGATED[side]})" if negated else ""
    if kind == "r":
        return f"{label} {rubric.label(name) if rubric else name}{neg}"
    if kind == "f":
        return f"{label} {CUE_NAMES.get(name, (name, name))[side]}{neg}" + \
            (f" '{words}'" if words else "")
    return f"{label} '{words}'{neg} [{name}]"


@dataclass(frozen=True)
class Reading:
    """What the rubric found in one reply: its message parts and tone, with the evidence."""

    text: str
    language: str
    parts: tuple[str, ...]
    tone: str
    part_scores: Mapping[str, float]
    tone_scores: Mapping[str, float]
    evidence: tuple[Evidence, ...]
    compensation: float = 0.0
    overrides: tuple[str, ...] = ()
    rubric: Rubric | None = field(default=None, repr=False, compare=False)

    def why(self, label: str) -> list[Evidence]:
        """The evidence for (or against) one part or tone."""
        return [e for e in self.evidence if e.label == label]

    def override(self, add: Iterable[str] = (), remove: Iterable[str] = (),
                 tone: str | None = None) -> Reading:
        """The same reading with parts added or removed and the tone set by hand."""
        add, remove = tuple(add), tuple(remove)
        for part in add + remove:
            if part not in MESSAGE_PARTS:
                raise PlanError("reply", "message", f"unknown message part {part!r}; "
                                f"expected some of {', '.join(MESSAGE_PARTS)}")
        if tone is not None and tone not in TONES:
            raise PlanError("reply", "tone", f"unknown tone {tone!r}; expected one of "
                            f"{', '.join(TONES)}")
        parts = (set(self.parts) | set(add)) - set(remove)
        notes = list(self.overrides)
        evidence = list(self.evidence)
        for part in add:
            if part not in self.parts:
                notes.append(f"+{part}")
                evidence.append(Evidence(part, "part", "added by hand", "", 0.0,
                                         how="override"))
        for part in remove:
            if part in self.parts:
                notes.append(f"-{part}")
                evidence.append(Evidence(part, "part", "removed by hand", "", 0.0,
                                         how="override"))
        if tone is not None and tone != self.tone:
            notes.append(f"tone={tone}")
            evidence.append(Evidence(tone, "tone", "set by hand", "", 0.0, how="override"))
        return replace(self, parts=tuple(p for p in MESSAGE_PARTS if p in parts),
                       tone=tone or self.tone, overrides=tuple(notes),
                       evidence=tuple(evidence))

    def to_action(self, at: float | str = 0, channel: str = "twitter_reply",
                  audience: str = "complainers", compensation: float | None = None,
                  note: str | None = None) -> Action:
        """A plan action that sends this reply (its text rides along for the debrief)."""
        if not self.parts:
            raise PlanError("reply", "message", "the composer found no message part in the "
                            "reply; add one by hand with override(add=[...])")
        amount = 0.0
        if "compensation" in self.parts:
            amount = float(compensation if compensation is not None else self.compensation)
        return Action(at=at, channel=channel, audience=audience, message=self.parts,
                      tone=self.tone, compensation=amount, text=self.text[:5000] or None,
                      note=note)

    def explain(self, language: str | None = None) -> str:
        """One line per part and tone found, each with the phrases that counted."""
        rubric = self.rubric if language in (None, self.language) else \
            load_rubric(language or self.language)
        lang = language or self.language
        lines = []
        for label in self.parts:
            score = self.part_scores.get(label, 0.0)
            lines.append(f"{rubric.label(label) if rubric else label} "
                         f"({format_spec(score, '.2f', lang)})")
            lines += [f"    {e.describe(rubric)}" for e in self.why(label) if not e.negated]
        tone_name = rubric.label(self.tone) if rubric else self.tone
        tone_word = "ton" if (language or self.language) == "tr" else "tone"
        lines.append(f"{tone_word}: {tone_name} "
                     f"({format_spec(self.tone_scores.get(self.tone, 0.0), '.2f', lang)})")
        lines += [f"    {e.describe(rubric)}" for e in self.evidence
                  if e.kind == "tone" and e.label == self.tone]
        ignored = [e for e in self.evidence if e.negated or
                   (e.kind == "part" and e.label not in self.parts and e.how != "override")]
        if ignored:
            lines.append("not counted:" if (language or self.language) == "en"
                         else "sayılmayanlar:")
            lines += [f"    {e.describe(rubric)}" for e in ignored]
        if self.overrides:
            lines.append(("kurallar: " if lang == "tr" else "overrides: ") +
                         ", ".join(self.overrides))
        return "\n".join(lines)

    def as_rows(self) -> list[dict[str, Any]]:
        """The evidence as plain records (one line each), for a table."""
        return [{"label": e.label, "kind": e.kind, "cue": e.cue, "words": e.words,
                 "weight": e.weight, "counted": not e.negated, "how": e.how}
                for e in self.evidence]


class ReplyError(InputError):
    """A reply the reader cannot take (too long, not text)."""


def _candidates(phrases: Iterable[Phrase]) -> dict[str, list[Phrase]]:
    """Phrases by the first letters of their first word (one to three), for a quick lookup."""
    table: dict[str, list[Phrase]] = {}
    for phrase in phrases:
        how, word = phrase.words[0]
        key = "" if how in ("any", "suffix") else word[:3]
        table.setdefault(key, []).append(phrase)
    return table


@lru_cache(maxsize=32)
def _table(rubric: Rubric, kind: str) -> dict[str, list[Phrase]]:
    return _candidates(rubric.parts if kind == "part" else rubric.tones)


def _matches(rubric: Rubric, tokens: list[Token], text: str, kind: str) -> list[Evidence]:
    """Every phrase found, the longer winning over phrases inside it, negations marked.

    A phrase is negated when one of its words lies in a negation's scope
    (:func:`casekit.reader.tokenize`) or, as the rubric may add, a negator stands in its
    window; a phrase holding the negation itself ("not our fault") is never negated."""
    table = _table(rubric, kind)
    found = []  # (start, end, phrase, remainders)
    n = len(tokens)
    for i, first in enumerate(tokens):
        word = first.folded
        candidates = table.get("", []) + table.get(word[:3], []) + \
            (table.get(word[:2], []) if len(word) >= 2 else []) + table.get(word[:1], [])
        for phrase in candidates:
            size = len(phrase.words)
            if i + size > n:
                continue
            remainders = []
            for k, (how, want) in enumerate(phrase.words):
                token = tokens[i + k]
                if token.sentence != first.sentence:
                    break
                if how == "any" or (how == "exact" and token.folded == want):
                    remainders.append("")
                elif how == "prefix" and token.folded.startswith(want):
                    remainders.append(token.folded[len(want):])
                elif how == "suffix" and token.folded.endswith(want) and \
                        len(token.folded) > len(want):
                    remainders.append("")
                else:
                    break
            else:
                found.append((i, i + size, phrase, remainders))
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0], -f[2].weight, f[2].text))
    accepted: list[tuple[int, int, Phrase, list[str]]] = []
    for start, end, phrase, rest in found:
        # Overlapping phrases: the longer wins ("sorry to hear" is sympathy, not also "so
        # sorry"); of two the same length, the first found.
        inside = any(s < end and start < e for s, e, p, _ in accepted)
        if not inside:
            accepted.append((start, end, phrase, rest))
    suffix = rubric.suffix_pattern
    evidence = []
    for start, end, phrase, rest in sorted(accepted, key=lambda f: (f[0], f[2].text)):
        negated = False
        if not phrase.negating:
            clause = tokens[start].clause
            before = tokens[max(0, start - rubric.negation_window):start]
            after = tokens[end:end + rubric.negation_window]
            negated = any(t.negated for t in tokens[start:end]) or \
                (end < n and language_negates_after(rubric, tokens, end)) or \
                any(t.clause == clause and rubric.is_negator(t.folded, rubric.negators_before)
                    for t in before) or \
                any(t.clause == tokens[end - 1].clause and
                    rubric.is_negator(t.folded, rubric.negators_after) for t in after) or \
                bool(suffix and any(r and suffix.search(r) for r in rest))
        words = text[tokens[start].start:tokens[end - 1].end]
        evidence.append((tokens[start].sentence, Evidence(phrase.label, kind, phrase.text,
                                                          words, phrase.weight, negated)))
    # "Sorry not sorry", "özür dileriz, yok özür dilemiyoruz": a phrase taken back in the
    # same sentence is not counted anywhere in it.
    taken_back = {(sentence, e.cue) for sentence, e in evidence if e.negated}
    return [replace(e, negated=True) if (sentence, e.cue) in taken_back else e
            for sentence, e in evidence]


def language_negates_after(rubric: Rubric, tokens: list[Token], end: int) -> bool:
    """Turkish: a negated verb right after the phrase, in its clause ("yeni priz
    eklemeyeceğiz" negates "yeni priz")."""
    nxt = tokens[end]
    return rubric.language == "tr" and nxt.clause == tokens[end - 1].clause and \
        nxt.negated and not nxt.negator and negative_verb(nxt.text)


def _rubric_scores(evidence: Iterable[Evidence]) -> dict[str, float]:
    scores: dict[str, float] = {}
    for e in evidence:
        key = ("~" if e.negated else "") + e.label
        scores[key] = scores.get(key, 0.0) + e.weight
    return scores


def reply_features(text: str, language: str, rubric: Rubric | None = None,
                   where: dict[str, str] | None = None
                   ) -> tuple[dict[str, float], list[Evidence]]:
    """The features the reader's models take, and the rubric phrases found (the training
    script and :func:`read_reply` use the same)."""
    rubric = rubric or load_rubric(language)
    tokens = tokenize(text, language)
    phrases = _matches(rubric, tokens, text, "part") + _matches(rubric, tokens, text, "tone")
    found = features(tokens, language, text, _rubric_scores(phrases), where)
    return found, phrases


def _check_text(text: Any) -> str:
    if not isinstance(text, str):
        raise ReplyError("reply", "text", f"expected text, got {type(text).__name__}")
    if len(text) > MAX_CHARS:
        raise ReplyError("reply", "text", f"expected at most {MAX_CHARS:,} characters (a "
                         f"reply, not a document), got {len(text):,}")
    return text


def read_reply(text: str, language: str = "en", rubric: Rubric | None = None) -> Reading:
    """Read a reply: its message parts and tone, with the words behind each."""
    if language not in LANGUAGES:
        raise PlanError("reply", "language", f"expected one of {', '.join(LANGUAGES)}")
    text = _check_text(text)
    rubric = rubric or load_rubric(language)
    model = load_model(language)
    if model is None:
        return _read_by_rubric(text, language, rubric)
    where: dict[str, str] = {}
    found, phrases = reply_features(text, language, rubric, where)
    names, contrib = model.contributions(found)
    z = model.bias + contrib.sum(axis=0)
    k = len(MESSAGE_PARTS)
    parts = tuple(p for j, p in enumerate(MESSAGE_PARTS) if z[j] > 0)
    tone_scores = {t: round(float(z[k + j]), 4) for j, t in enumerate(TONES)}
    human_cue = has_human_cue(found)
    tone = max((t for t in TONES if human_cue or t != "human"),
               key=lambda t: (tone_scores[t], _TONE_PRIORITY[t]))
    evidence = list(phrases)
    rule = next((p for p in ("deny", "attack_accuser") if p in parts), None)
    if rule:
        tone = "defensive"
        evidence.append(Evidence("defensive", "tone", rule, "", 0.0, how="rule"))
    for j, label in enumerate(LABELS):
        if (j < k and label not in parts) or (j >= k and label != tone):
            continue
        order = np.argsort(-contrib[:, j], kind="stable")
        top = [i for i in order[:_SHOWN] if contrib[i, j] >= 0.1]
        evidence += [Evidence(label, "part" if j < k else "tone", names[i],
                              where.get(names[i], ""), round(float(contrib[i, j]), 3),
                              how="model") for i in top]
    compensation = 0.0
    if "compensation" in parts:
        amount = _AMOUNT.search(text)
        compensation = float((amount.group(1) or amount.group(2)).replace(",", ".")) \
            if amount else rubric.default_compensation
    return Reading(text=text, language=language, parts=parts, tone=tone,
                   part_scores={p: round(float(z[j]), 4) for j, p in enumerate(MESSAGE_PARTS)},
                   tone_scores=tone_scores, evidence=tuple(evidence),
                   compensation=compensation, rubric=rubric)


#: How many model features are shown for each part or tone found.
_SHOWN = 6


def _read_by_rubric(text: str, language: str, rubric: Rubric) -> Reading:
    """The rubric alone (no trained model shipped): phrase weights against the threshold."""
    tokens = tokenize(text, language)
    part_evidence = _matches(rubric, tokens, text, "part")
    tone_evidence = _matches(rubric, tokens, text, "tone")
    part_scores: dict[str, float] = {}
    for e in part_evidence:
        if not e.negated:
            part_scores[e.label] = part_scores.get(e.label, 0.0) + e.weight
    parts = tuple(p for p in MESSAGE_PARTS if part_scores.get(p, 0.0) >= rubric.threshold)
    tone_scores = {t: 0.0 for t in TONES}
    for e in tone_evidence:
        if not e.negated:
            tone_scores[e.label] += e.weight
    extra = []
    for name, (count, words) in surface_cues(text).items():
        spec = rubric.features.get(name)
        if count and spec and spec.get("tone") in tone_scores:
            weight = min(float(spec["weight"]) * count, float(spec.get("max", 1e9)))
            tone_scores[spec["tone"]] += weight
            extra.append(Evidence(spec["tone"], "tone", name, words, weight, how="feature"))
    rebuild = any(p in REBUILD for p in parts)
    rules = {
        "deny_without_rebuild": ("deny" in parts or "attack_accuser" in parts) and not rebuild,
        "negated_rebuild": any(e.negated and e.label in REBUILD for e in part_evidence),
    }
    for name, spec in rubric.rules.items():
        if rules.get(name) and spec.get("tone") in tone_scores:
            tone_scores[spec["tone"]] += float(spec["weight"])
            extra.append(Evidence(spec["tone"], "tone", name.replace("_", " "), "",
                                  float(spec["weight"]), how="rule"))
    best = max(TONES, key=lambda t: (tone_scores[t], _TONE_PRIORITY[t]))
    tone = best if tone_scores[best] >= rubric.tone_threshold else rubric.default_tone
    compensation = 0.0
    if "compensation" in parts:
        amount = _AMOUNT.search(text)
        compensation = float((amount.group(1) or amount.group(2)).replace(",", ".")) \
            if amount else rubric.default_compensation
    return Reading(text=text, language=language, parts=parts, tone=tone,
                   part_scores=part_scores, tone_scores=tone_scores,
                   evidence=tuple(part_evidence + tone_evidence + extra),
                   compensation=compensation, rubric=rubric)


#: When tones tie, the more cautious reading wins.
_TONE_PRIORITY = {"defensive": 2, "human": 1, "formal": 0}
