"""The reply reader beyond its rubric: the labelled corpus and its split, negation scope,
Turkish normalisation, the trained model (evidence, determinism, training), hostile text,
the command line, and a floor under its accuracy on the test part."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from casekit.cli import main
from casekit.composer import ReplyError, read_reply, reply_features
from casekit.reader import MAX_CHARS, load_model, tokenize
from casekit.reader_train import fit
from casekit.reader_corpus import (
    SHORT,
    TONE_CODE,
    CorpusError,
    evaluate,
    held_out_ids,
    load_corpus,
    parse_corpus,
)
from casekit.text_tr import clean, fold, lower, negative_verb, stem
from casekit.vocabulary import MESSAGE_PARTS, TONES

REPO = Path(__file__).resolve().parents[1]


# ---- the corpus ---------------------------------------------------------------------------

@pytest.mark.parametrize("language", ["en", "tr"])
def test_the_corpus_is_large_labelled_and_covers_every_part_and_tone(language):
    replies = load_corpus(language)
    assert len(replies) >= 300
    assert len({r.id for r in replies}) == len(replies)
    for reply in replies:
        assert reply.text and reply.tone in TONES
        assert set(reply.parts) <= set(MESSAGE_PARTS)
        assert list(reply.parts) == [p for p in MESSAGE_PARTS if p in reply.parts]
    # Every part and tone, each in the test part too, and the cases' situations.
    test = load_corpus(language, "test")
    for part in MESSAGE_PARTS:
        assert sum(part in r.parts for r in replies) >= 10, part
        assert any(part in r.parts for r in test), part
    for tone in TONES:
        assert sum(r.tone == tone for r in test) >= 15, tone
    situations = {r.situation for r in replies}
    assert {"cafe", "cafeteria", "isp", "order", "bank", "negation", "short"} <= situations
    assert any(not r.parts for r in replies)                     # replies with no part


def test_the_test_part_is_its_own_file_recorded_once_and_apart_from_dev():
    split = json.loads((REPO / "casekit" / "data" / "replies" / "split.json").read_text())
    for language in ("en", "tr"):
        dev = {r.id for r in load_corpus(language, "dev")}
        test = {r.id for r in load_corpus(language, "test")}
        fresh = {r.id for r in load_corpus(language, "fresh")}
        # The test file is what split.json recorded: a changed test reply shows here.
        assert test == set(split["test"][language]) and len(test) >= 200
        assert not dev & test and not dev & fresh and not test & fresh
        assert {r.id for r in load_corpus(language)} == dev | test
        # The first test part, retired to the development part, stays on record (a short
        # reply the new test part also has, such as "Apologies.", is kept there only).
        assert set(split["retired"][language]) <= dev | test
    assert held_out_ids() == frozenset(i for ids in split["test"].values() for i in ids)
    # Neither is the split redrawn nor the recorded test part replaced.
    for flag in ("--split", "--record"):
        done = subprocess.run([sys.executable, str(REPO / "scripts" / "train_reader.py"), flag],
                              capture_output=True, text=True, cwd=REPO, check=False)
        assert done.returncode == 2 and ("drawn once" in done.stderr
                                         or "recorded already" in done.stderr), flag


def test_a_reply_in_two_parts_is_refused(tmp_path, monkeypatch):
    import casekit.reader_corpus as corpus
    for name in ("en.txt", "test_en.txt"):
        (tmp_path / name).write_text("H apo | Sorry!\n", encoding="utf-8")
    monkeypatch.setattr(corpus, "_folder", lambda: tmp_path)
    corpus._part.cache_clear()
    try:
        with pytest.raises(CorpusError, match="one part only"):
            corpus.load_corpus("en", "dev")
    finally:
        corpus._part.cache_clear()


@pytest.mark.parametrize("line, field, expected", [
    ("H apo Sorry!", "line 1", "TONE PARTS | TEXT"),
    ("X apo | Sorry!", "line 1: tone", "'X' is not one of"),
    ("H apo,bribe | Sorry!", "line 1: parts", "bribe"),
    ("H apo,apo | Sorry!", "line 1: parts", "distinct"),
    ("H apo |   ", "line 1", "TONE PARTS | TEXT"),
    ("H apo | Sorry!\nF apo | Sorry!", "line 2", "the same reply as line 1"),
])
def test_a_bad_corpus_line_gives_one_line(line, field, expected):
    with pytest.raises(CorpusError) as error:
        parse_corpus(line, "en", "mine.txt")
    assert error.value.field == field and expected in str(error.value)
    assert "\n" not in str(error.value) and "mine.txt" in str(error.value)


def test_the_short_names_are_every_part_and_tone():
    assert sorted(SHORT.values()) == sorted(MESSAGE_PARTS)
    assert sorted(TONE_CODE.values()) == sorted(TONES)


# ---- Turkish text and negation ---------------------------------------------------------------

def test_turkish_normalisation_and_stems():
    assert lower("İADE EDİLDİ, HAKLISINIZ") == "iade edildi, haklısınız"
    assert fold("ÖZÜR DİLERİZ") == fold("özür dileriz") == fold("ozur dileriz") == "ozur dileriz"
    assert fold("I", "en") == "i" and fold("I", "tr") == "i" and lower("I", "tr") == "ı"
    assert stem("prizlerimizi") == stem("prizler") == stem("priz") == "priz"
    assert stem("özürlerimizi") == stem("özürler") == "ozur"
    assert stem("apologies", "en") == stem("apologize", "en")
    assert stem("DM'den") == "dm"
    assert clean("a\u200fb\x00c") == "a b c"                  # same length, marks gone


@pytest.mark.parametrize("word, negative", [
    ("dilemiyoruz", True), ("dilemeyeceğiz", True), ("yapmadık", True), ("olmaz", True),
    ("eklemeyeceğiz", True), ("bakmayın", True), ("etmeseniz", True), ("olmaması", True),
    ("dileriz", False), ("ekliyoruz", False), ("zaman", False), ("tamam", False),
    ("müşterimiz", False), ("hemen", False), ("kahvemiz", False), ("ekleme", False),
])
def test_turkish_negative_verbs(word, negative):
    assert negative_verb(word) is negative


def test_negation_has_a_scope_in_both_languages():
    marked = {t.text: t.negated for t in tokenize("We are not sorry, but thanks.", "en")}
    assert marked["sorry"] and not marked["thanks"] and not marked["We"]
    tokens = tokenize("Sorry not sorry.", "en")
    assert [t.negated for t in tokens] == [False, False, True]
    tokens = tokenize("Özür dilemeyeceğiz, burası kafe.", "tr")
    assert [t.negated for t in tokens] == [True, True, False, False]
    tokens = tokenize("Bizim bir suçumuz yok, özür dileriz.", "tr")
    assert [t.negated for t in tokens] == [True, True, True, False, False, False]
    assert tokens[3].negator


@pytest.mark.parametrize("language, text, present, absent, tone", [
    ("tr", "Kafemiz ders çalışma yeri değil. Priz istiyorsanız evde oturun.",
     {"justify", "attack_accuser"}, set(), "defensive"),
    ("en", "Our café is not a study hall. Stay at home if you want to charge your laptop.",
     {"justify", "attack_accuser"}, set(), "defensive"),
    ("en", "We're adding six outlets by the windows this week.", {"corrective_action"},
     {"deny"}, None),
    ("en", "Sorry not sorry, that's how we run things here.", set(), {"apology"},
     "defensive"),
    ("tr", "Bizim bir suçumuz yok.", {"deny"}, {"acknowledge"}, "defensive"),
    ("tr", "Özür dilemeyeceğiz.", set(), {"apology"}, "defensive"),
    ("en", "We won't apologise for this.", set(), {"apology"}, "defensive"),
    ("en", "There's nothing to apologise for.", set(), {"apology"}, "defensive"),
    ("tr", "Özür dilenecek bir şey yok.", set(), {"apology"}, "defensive"),
    ("en", "No excuses, we're sorry.", {"apology"}, set(), None),
    ("tr", "Bahane yok, özür dileriz.", {"apology"}, set(), None),
])
def test_the_issue_examples_and_negations(language, text, present, absent, tone):
    reading = read_reply(text, language)
    assert present <= set(reading.parts), reading.explain()
    assert not absent & set(reading.parts), reading.explain()
    if tone:
        assert reading.tone == tone, reading.explain()


# ---- the model and its evidence ----------------------------------------------------------

def test_every_detection_shows_the_words_and_weights_behind_it():
    text = "You're right, sorry! We're adding six outlets by the windows this week."
    reading = read_reply(text, "en")
    model = load_model("en")
    found, _ = reply_features(text, "en")
    for label in reading.parts + (reading.tone,):
        shown = [e for e in reading.why(label) if e.how == "model"]
        assert shown, label
        column = (MESSAGE_PARTS + TONES).index(label)
        for e in shown:
            assert all(w in text for w in e.words.split())     # the reply's own words
            assert e.weight == pytest.approx(
                model.weights[model.index[e.cue], column] * found[e.cue], abs=1e-3)
        # The score shown is the model's: bias plus every feature's weight.
        scores = reading.part_scores if label in MESSAGE_PARTS else reading.tone_scores
        assert scores[label] == pytest.approx(model.scores(found)[column], abs=1e-3)
    explained = reading.explain()
    assert "word 'outlets'" in explained or "rubric phrases for corrective action" in explained
    turkish = read_reply("Haklısın, teşekkürler! Bu hafta priz ekliyoruz.", "tr").explain()
    assert "ölçüt ifadeleri" in turkish and "ton: samimi" in turkish
    assert "rule" not in turkish


def test_the_reader_is_deterministic_across_calls_and_processes():
    text = "Kusura bakma! Bu ayki faturada vergiyi yanlış hesaplamışız, fazlası iade edilecek."
    first, second = read_reply(text, "tr"), read_reply(text, "tr")
    assert first.parts == second.parts and first.evidence == second.evidence
    code = ("import json, sys; from casekit.composer import read_reply; r = read_reply("
            f"{text!r}, 'tr'); print(json.dumps([r.parts, r.tone, dict(r.part_scores)]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=REPO, check=True).stdout
    parts, tone, scores = json.loads(out)
    assert tuple(parts) == first.parts and tone == first.tone
    assert scores == pytest.approx(dict(first.part_scores), abs=0)


def test_training_is_deterministic_and_reads_only_what_it_is_given():
    dev = load_corpus("en", "dev")[:60]
    rows = [reply_features(r.text, "en")[0] for r in dev]
    a = fit(rows, [r.parts for r in dev], [r.tone for r in dev], "en", l2_grid=(1.0,),
            folds=3)
    b = fit(rows, [r.parts for r in dev], [r.tone for r in dev], "en", l2_grid=(1.0,),
            folds=3)
    assert a.to_json() == b.to_json()
    assert a.meta["trained_on"] == "60 development replies"
    # It learns: its own training replies' parts come out (nearly all) right.
    z = np.array([a.scores(found) for found in rows])
    right = np.mean([{p for j, p in enumerate(MESSAGE_PARTS) if z[i, j] > 0} ==
                     set(r.parts) for i, r in enumerate(dev)])
    assert right > 0.9
    shipped = load_model("en")
    assert shipped.meta["script"] == "scripts/train_reader.py"
    assert shipped.meta["trained_on"] == f"{len(load_corpus('en', 'dev'))} development replies"


def test_part_thresholds_move_only_where_that_reads_more_replies_fully_right():
    from casekit.reader_train import part_thresholds
    rng = np.random.default_rng(3)
    n, k = 400, len(MESSAGE_PARTS)
    y_parts = rng.random((n, k)) < 0.3
    y_tones = rng.integers(0, len(TONES), n)
    # Logits that read every part right at 0, except the first part, whose logits are
    # 1.3 too high (a model that says "acknowledge" too readily).
    z = np.zeros((n, len(MESSAGE_PARTS) + len(TONES)))
    z[:, :k] = np.where(y_parts, 2.0, -2.0)
    z[:, 0] += 1.3 * 2
    z[np.arange(n), k + y_tones] = 1.0
    cue = np.ones(n, dtype=bool)
    shift = part_thresholds(z, y_parts.astype(float), y_tones, cue)
    assert 0.6 < shift[0] < 4.6 and not shift[1:].any()
    moved = z.copy()
    moved[:, :k] -= shift
    parts = moved[:, :k] > 0
    assert (parts == y_parts).all()
    # The shipped models fold their thresholds into the parts' biases, and say so.
    for language in ("en", "tr"):
        meta = load_model(language).meta
        assert meta["cross_validated_fully_right_with_thresholds"] >= \
            meta["cross_validated_fully_right"]
        assert set(meta["part_thresholds"]) <= set(MESSAGE_PARTS)


def test_an_instructors_extra_phrase_still_counts():
    from casekit.composer import load_rubric
    rubric = load_rubric("en", extra=[{"parts": {"thank": {"cheers mate": 1}}}])
    assert "thank" in read_reply("Cheers mate.", "en", rubric).parts


# ---- hostile text -------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "\x00\x01\x02 sorry \x1b[31m!!",
    "\u202eSorry, we will fix it\u202c \u200f\u200e",
    "🙄🙄🙄🙄🙄🙄🙄",
    "   ",
    "",
    "٭٭٭ شكرا ٭٭٭",
    "a" * 5000,
    ("sorry not " * 1500)[: MAX_CHARS - 10],
])
@pytest.mark.parametrize("language", ["en", "tr"])
def test_hostile_text_gives_a_reading_quickly(text, language):
    start = time.perf_counter()
    reading = read_reply(text, language)
    assert time.perf_counter() - start < 5
    assert reading.tone in TONES and set(reading.parts) <= set(MESSAGE_PARTS)
    reading.explain()


def test_a_reply_too_long_or_not_text_gives_one_line():
    start = time.perf_counter()
    with pytest.raises(ReplyError) as error:
        read_reply("x" * 100_000, "en")
    assert time.perf_counter() - start < 1
    assert "\n" not in str(error.value) and "100,000" in str(error.value)
    assert error.value.field == "text"
    with pytest.raises(ReplyError, match="expected text"):
        read_reply(None, "en")  # type: ignore[arg-type]


# ---- the command line ---------------------------------------------------------------------

def test_read_reply_on_the_command_line(capsys):
    assert main(["read-reply", "Bizim bir suçumuz yok."]) == 0
    out = capsys.readouterr().out
    assert out.startswith("parçalar: inkâr\nton: savunmacı\n") and "suçumuz" in out
    assert main(["read-reply", "We're sorry! Your next coffee is on us.", "--lang", "en",
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["parts"] == ["apology", "compensation"] and data["tone"] == "human"
    assert data["compensation"] == 100 and any(r["counted"] for r in data["evidence"])
    assert main(["read-reply", "x" * 30_000]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "30,000" in err
    assert main(["read-reply", "hi", "--lang", "de"]) == 2


# ---- accuracy on the test part --------------------------------------------------------------

def _read(text: str, language: str):
    reading = read_reply(text, language)
    return reading.parts, reading.tone


@pytest.mark.parametrize("language, floor", [("en", 0.84), ("tr", 0.80)])
def test_accuracy_on_the_test_part_stays_above_a_floor(language, floor):
    """The test part (200 replies a language, written apart from the reader and never tuned
    on) measured en 88.0%, tr 84.5% fully right (parts 89.0% and 85.0%, tone 98.5% and
    97.5%; benchmarks/bench_reader.py, models trained on 3,894 and 4,017 development
    replies). The floors sit eight and nine replies below, so that retraining on more
    development replies (which moves single replies both ways) cannot fail them while a
    broken reader does: the rubric alone reads 38.0% and 35.5%."""
    score = evaluate(load_corpus(language, "test"), _read)
    assert score.fully_right >= floor
    assert score.tone_right >= 0.93 and score.parts_right >= floor


@pytest.mark.parametrize("language, floor", [("en", 0.67), ("tr", 0.64)])
def test_accuracy_on_the_fresh_replies_stays_above_a_floor(language, floor):
    """The fresh replies (``fresh_<language>.txt``, written in new words after the first
    rubric and models, never trained or tuned on): a second held-out check. Measured: en
    75.0%, tr 71.4% fully right (28 replies each; 82.1% and 82.1% before the fifth writing
    round and the adjudicated labels, a loss of two and three replies); the floors leave
    two replies of slack."""
    name = f"fresh_{language}.txt"
    folder = resources.files("casekit") / "data" / "replies"
    fresh = parse_corpus((folder / name).read_text(encoding="utf-8"), language, name)
    assert len(fresh) >= 20
    assert evaluate(fresh, _read).fully_right >= floor


@pytest.mark.parametrize("language", ["en", "tr"])
def test_two_people_label_the_test_part_alike(language):
    """A second annotator labelled the test replies blind (the guide, the cases and the
    replies without labels; ``benchmarks/agreement/second_<language>.txt``). The two
    labellings cover the same replies, and agree on 99.5% (en) and 97.0% (tr) of them
    fully: the test part is not ambiguous under the guide, so the 90% goal is one a careful
    person meets, and the reader's misreads are its own."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from bench_reader import second_labels
    test = load_corpus(language, "test")
    second = {r.id: r for r in second_labels(language)}
    assert set(second) == {r.id for r in test}
    alike = sum(second[r.id].parts == r.parts and second[r.id].tone == r.tone for r in test)
    assert alike / len(test) >= 0.95
