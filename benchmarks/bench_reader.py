"""How well the reply reader reads replies it was not trained or tuned on.

    .venv/bin/python benchmarks/bench_reader.py              # the test part, both languages
    .venv/bin/python benchmarks/bench_reader.py --part dev   # the development part
    .venv/bin/python benchmarks/bench_reader.py --cv         # the development part, each
                                                  # reply read by models trained without it,
                                                  # every misread reply listed
    .venv/bin/python benchmarks/bench_reader.py --part fresh  # the fresh held-out replies
    .venv/bin/python benchmarks/bench_reader.py --agreement   # how far two people agree on
                                                  # the test part (the ceiling to read it)

The test part (``casekit/data/replies/test_<language>.txt``, 200 replies a language) was
written apart from the reader, by someone who had not seen its rubric, its models or the
development replies; it is never trained or tuned on. Beside it,
``casekit/data/replies/fresh_<language>.txt`` (28 replies) was written after the rubric and
the models, in new words: a second, smaller held-out check. It is read with the test part
(and alone with ``--part fresh``); like the test part, its errors are not listed.

Per-reply errors are listed only for the development part (``--errors`` is refused on the
test part, so that nobody tunes the reader to it); ``--cv`` is the honest view of the
development part, since the shipped models were trained on it.

``--agreement`` reads the test part's labels against a second, blind labelling of the same
replies (``benchmarks/agreement/second_<language>.txt``, by an annotator who saw only the
guide, the cases and the unlabelled replies): how often two careful people label a reply
alike, which is as well as a reader can be asked to do.

Per language: precision and recall per message part, tone accuracy with its confusion
table, and the share of replies read fully right (every part and the tone), for the reader
(rubric + trained model) and, for comparison, the rubric alone.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from casekit.composer import _read_by_rubric, load_rubric, read_reply, reply_features
from casekit.reader import load_model
from casekit.reader_train import cross_validate
from casekit.reader_corpus import Reply, Score, evaluate, load_corpus, parse_corpus
from casekit.vocabulary import MESSAGE_PARTS, TONES


def _reader(text: str, language: str) -> tuple[tuple[str, ...], str]:
    reading = read_reply(text, language)
    return reading.parts, reading.tone


def _rubric_only(text: str, language: str) -> tuple[tuple[str, ...], str]:
    reading = _read_by_rubric(text, language, load_rubric(language))
    return reading.parts, reading.tone


def _pct(value: float) -> str:
    return "   -" if math.isnan(value) else f"{100 * value:4.0f}"


def _cross_validated(replies: list[Reply], language: str):
    """A reader that answers each development reply with the model trained without it."""
    model = load_model(language)
    l2 = float(model.meta.get("l2", 1.0)) if model else 1.0
    rows = [reply_features(r.text, language)[0] for r in replies]
    thresholds = dict(model.meta.get("part_thresholds", {})) if model else {}
    got = cross_validate(rows, [r.parts for r in replies], [r.tone for r in replies], l2,
                         thresholds=thresholds)
    by_text = {r.text: g for r, g in zip(replies, got)}
    return lambda text, _language: by_text[text]


def _print(score: Score, language: str, what: str, rubric: Score | None = None) -> None:
    print(f"== {language}: {what}")
    for name, got, base in (("fully right", score.fully_right, rubric and rubric.fully_right),
                            ("parts right", score.parts_right, rubric and rubric.parts_right),
                            ("tone right", score.tone_right, rubric and rubric.tone_right)):
        extra = f"   (rubric alone {100 * base:.1f}%)" if rubric is not None else ""
        print(f"{name:12} {100 * got:5.1f}%{extra}")
    print(f"{'part':20} {'n':>3} {'prec%':>6} {'rec%':>6}")
    for name in MESSAGE_PARTS:
        print(f"{name:20} {score.support[name]:3} {_pct(score.precision[name]):>6} "
              f"{_pct(score.recall[name]):>6}")
    print("tone (rows: labelled, columns: read)")
    print(f"{'':12}" + "".join(f"{t:>11}" for t in TONES))
    for t in TONES:
        print(f"{t:12}" + "".join(f"{score.confusion[t][u]:11}" for u in TONES))


def report(language: str, part: str, errors: bool, cv: bool = False) -> Score:
    replies = load_corpus(language, part)
    start = time.perf_counter()
    score = evaluate(replies, _cross_validated(replies, language) if cv else _reader)
    per_reply = (time.perf_counter() - start) / max(len(replies), 1)
    rubric = evaluate(replies, _rubric_only)
    how = ", 5-fold cross-validated" if cv else ""
    _print(score, language, f"{len(replies)} {part} replies{how} "
           f"({1000 * per_reply:.1f} ms per reply)", rubric)
    if errors:
        print("misread:")
        for reply, parts, tone in score.misread:
            print(f"  [{reply.tone} {','.join(reply.parts) or '-'}] read "
                  f"[{tone} {','.join(parts) or '-'}]  {reply.text}")
    print()
    return score


AGREEMENT = Path(__file__).resolve().parent / "agreement"


def second_labels(language: str) -> list[Reply]:
    """The second, blind labelling of the test part (the same replies, in the same order)."""
    name = f"second_{language}.txt"
    return parse_corpus((AGREEMENT / name).read_text(encoding="utf-8"), language, name)


def agreement(language: str) -> Score:
    """The test part's labels against the second labelling: two people, one guide."""
    replies = load_corpus(language, "test")
    second = {r.id: (r.parts, r.tone) for r in second_labels(language)}
    by_text = {r.text: second[r.id] for r in replies}
    score = evaluate(replies, lambda text, _language: by_text[text])
    _print(score, language, f"{len(replies)} test replies, the writer's labels against a "
           "second, blind labelling")
    print()
    return score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("test", "dev", "all", "fresh"), default="test")
    parser.add_argument("--lang", choices=("en", "tr"), action="append")
    parser.add_argument("--errors", action="store_true",
                        help="list every misread reply (development part only)")
    parser.add_argument("--cv", action="store_true",
                        help="the development part, cross-validated, with its misread replies")
    parser.add_argument("--agreement", action="store_true",
                        help="how far two people labelling the test part agree")
    args = parser.parse_args(argv)
    if args.agreement:
        for language in args.lang or ("en", "tr"):
            agreement(language)
        return 0
    part = "dev" if args.cv else args.part
    if args.errors and part != "dev":
        parser.error("--errors lists replies of the development part only (add --part dev)")
    for language in args.lang or ("en", "tr"):
        report(language, part, args.errors or args.cv, args.cv)
        if args.part == "test" and not args.cv:
            report(language, "fresh", False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
