"""``casekit read-reply "TEXT" [--lang tr|en] [--json]``: the reader on the command line.

Prints the parts and the tone found, then every word, phrase and cue that counted with its
weight (the same reading the composer panels show). With ``--json`` it prints one object:
text, language, parts, tone, scores and the evidence rows.
"""

from __future__ import annotations

import argparse
import json

from casekit.composer import guess_language, read_reply

__all__ = ["read_reply_cli"]

_HEAD = {"en": ("parts", "tone", "none"), "tr": ("parçalar", "ton", "yok")}


def read_reply_cli(args: argparse.Namespace) -> int:
    language = args.lang or guess_language(args.text)
    reading = read_reply(args.text, language)
    if args.json:
        print(json.dumps({
            "text": reading.text, "language": reading.language, "parts": list(reading.parts),
            "tone": reading.tone, "part_scores": dict(reading.part_scores),
            "tone_scores": dict(reading.tone_scores), "compensation": reading.compensation,
            "evidence": reading.as_rows()}, ensure_ascii=False))
        return 0
    rubric = reading.rubric
    parts_word, tone_word, none = _HEAD[language]
    names = ", ".join(rubric.label(p) if rubric else p for p in reading.parts) or none
    print(f"{parts_word}: {names}")
    print(f"{tone_word}: {rubric.label(reading.tone) if rubric else reading.tone}")
    print(reading.explain())
    return 0
