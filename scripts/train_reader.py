"""Train the reply reader's linear models from the development part of the corpus.

    .venv/bin/python scripts/train_reader.py          # writes data/replies/model_<lang>.json
    .venv/bin/python scripts/train_reader.py --check  # retrain in memory, compare with the files
    .venv/bin/python scripts/train_reader.py --record # record the test part's ids (once only)
    .venv/bin/python scripts/train_reader.py --lang tr  # one language only

Training reads only the ``dev`` part (``casekit.reader_corpus``); the ``test`` and ``fresh``
parts are never read here, except by ``--record`` to write their ids into ``split.json``.
The result is deterministic: the same corpus gives the same weights, byte for byte
(Newton steps from zeros, no random start: :mod:`casekit.reader_train`).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from casekit.reader_corpus import load_corpus  # noqa: E402

FOLDER = REPO / "casekit" / "data" / "replies"
#: The L2 strengths tried. Cross-validation chose 0.3 from (0.3, 1.0, 3.0) at every training
#: so far (English and Turkish, 449 to 2,337 development replies), so only 0.3 is tried now:
#: a fit over 3,000 replies takes minutes per strength.
L2_GRID = (0.3,)


def record_test(split: dict) -> dict:
    """``split.json`` with the ids of the test part's replies, for the languages that have
    none recorded yet (a recorded test part is kept as it is)."""
    test = dict(split.get("test", {}))
    for language in ("en", "tr"):
        if not test.get(language):
            test[language] = sorted(r.id for r in load_corpus(language, "test"))
    return {**split, "test": test}


def train(language: str):
    """The model for one language, from the development replies only."""
    from casekit.composer import reply_features
    from casekit.reader_train import fit
    dev = load_corpus(language, "dev")
    rows = [reply_features(r.text, language)[0] for r in dev]
    return fit(rows, [r.parts for r in dev], [r.tone for r in dev], language, l2_grid=L2_GRID)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", action="store_true",
                        help="record the test part's ids in split.json (once per language)")
    parser.add_argument("--split", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--check", action="store_true",
                        help="retrain and compare with the shipped models")
    parser.add_argument("--lang", choices=("en", "tr"), action="append",
                        help="train (or check) this language only (repeatable)")
    args = parser.parse_args(argv)
    path = FOLDER / "split.json"
    if args.split:
        print("the split is drawn once and kept: the test part is its own file "
              "(test_<language>.txt), see casekit/data/replies/GUIDE.md", file=sys.stderr)
        return 2
    if args.record:
        split = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        updated = record_test(split)
        if updated == split:
            print(f"{path}: the test part is recorded already and kept", file=sys.stderr)
            return 2
        path.write_text(json.dumps(updated, indent=1, ensure_ascii=False) + "\n",
                        encoding="utf-8")
        print(f"wrote {path}")
        return 0
    status = 0
    for language in args.lang or ("en", "tr"):
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
