"""Train the reply reader's linear models from the development part of the corpus.

    .venv/bin/python scripts/train_reader.py          # writes data/replies/model_<lang>.json
    .venv/bin/python scripts/train_reader.py --check  # retrain in memory, compare with the files
    .venv/bin/python scripts/train_reader.py --split  # draw the dev/test split (once only)

Training reads only the ``dev`` part (``casekit.reader_corpus``); the ``test`` part is
never read here except to be split off. The result is deterministic: the same corpus gives
the same weights, byte for byte (full-batch gradient descent from zeros, no random start).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from casekit.reader_corpus import SPLIT_SEED, TEST_SHARE, load_corpus  # noqa: E402

FOLDER = REPO / "casekit" / "data" / "replies"


def draw_split() -> dict:
    """The test ids per language: a seeded shuffle within each situation, 30% of each."""
    rng = np.random.default_rng(SPLIT_SEED)
    test: dict[str, list[str]] = {}
    for language in ("en", "tr"):
        replies = load_corpus(language, "all")
        chosen: list[str] = []
        for situation in sorted({r.situation for r in replies}):
            ids = [r.id for r in replies if r.situation == situation]
            order = rng.permutation(len(ids))
            chosen += [ids[i] for i in order[:round(TEST_SHARE * len(ids))]]
        test[language] = sorted(chosen)
    return {"seed": SPLIT_SEED, "share": TEST_SHARE,
            "note": "drawn once by scripts/train_reader.py --split; never tune on these",
            "test": test}


def train(language: str):
    """The model for one language, from the development replies only."""
    from casekit.composer import reply_features
    from casekit.reader import fit
    dev = load_corpus(language, "dev")
    rows = [reply_features(r.text, language)[0] for r in dev]
    return fit(rows, [r.parts for r in dev], [r.tone for r in dev], language)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", action="store_true", help="draw the split (once only)")
    parser.add_argument("--check", action="store_true",
                        help="retrain and compare with the shipped models")
    args = parser.parse_args(argv)
    if args.split:
        path = FOLDER / "split.json"
        if path.exists():
            print(f"{path} exists: the split is drawn once and kept", file=sys.stderr)
            return 2
        path.write_text(json.dumps(draw_split(), indent=1, ensure_ascii=False) + "\n",
                        encoding="utf-8")
        print(f"wrote {path}")
        return 0
    status = 0
    for language in ("en", "tr"):
        model = train(language).to_json()
        text = json.dumps(model, indent=0, ensure_ascii=False, sort_keys=True) + "\n"
        path = FOLDER / f"model_{language}.json"
        if args.check:
            same = path.is_file() and path.read_text(encoding="utf-8") == text
            print(f"{path.name}: {'same' if same else 'DIFFERENT'}")
            status |= 0 if same else 1
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path} ({len(model['features'])} features)")
    return status


if __name__ == "__main__":
    sys.exit(main())
