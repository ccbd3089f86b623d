"""The reply composer: replies written in both languages, each with the reading the rubric
must give (message parts and tone), then overrides, actions, Turkish casing and suffixes,
rubric extension and the errors a broken rubric gives."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

import casekit
from casekit.composer import RubricError, fold, load_rubric, read_reply
from casekit.errors import PlanError
from casekit.scenario import scenario_dir
from casekit.vocabulary import MESSAGE_PARTS, TONES

REPO = Path(__file__).resolve().parents[1]

# (language, reply, expected parts, expected tone). The first two of each language
# paraphrase Dark Horse's two replies (source 004), the next two the cafeteria's.
REPLIES = [
    ("en", "@ayla.works That's just great... We're in the coffee business, not the office "
           "business. We have all the outlets we need to do what we do.",
     {"deny", "justify"}, "defensive"),
    ("en", "@ayla.works Just so it's clear: sockets aren't something we plan to spend any "
           "time on.",
     {"deny"}, "defensive"),
    ("en", "@deniz.ug You're right, that apple should never have reached you - we're so "
           "sorry. We've pulled the rest of this morning's batch and we're checking the fruit "
           "stand again now.",
     {"acknowledge", "apology", "corrective_action"}, "human"),
    ("en", "@deniz.ug Kind of you, but it was our mistake and we should have caught it. "
           "Thanks for letting us know!",
     {"acknowledge", "thank"}, "human"),
    ("en", "@ayla.works You're right, and thanks for telling us! Three sockets is not enough "
           "for how people use the café now. Sorry about the battery - we're getting an "
           "electrician in this week to add more along the wall.",
     {"acknowledge", "thank", "apology", "corrective_action"}, "human"),
    ("en", "Dear customer, we regret any inconvenience caused. Please be advised that your "
           "feedback has been forwarded to the relevant department.",
     {"apology"}, "formal"),
    ("en", "Hi Ayla, sorry to hear that! Could you DM us which day it happened?",
     {"sympathy", "ask_details"}, "human"),
    ("en", "Maybe if you didn't hog a table for six hours with one coffee, there'd be a "
           "socket free for you.",
     {"attack_accuser"}, "defensive"),
    # "won't" is a contraction, a human marker in GUIDE.md's tone rules (read as human since
    # the development labels were adjudicated by the guide on 2026-12-03).
    ("en", "The building is old and the landlord won't let us add wiring, so our hands are "
           "tied.",
     {"excuse"}, "human"),
    ("en", "We're sorry! Your next coffee is on us.", {"apology", "compensation"}, "human"),
    ("en", "We are not sorry for running a café, not an office.", {"justify"}, "defensive"),
    ("en", "Fresh fruit is a natural product and can occasionally spoil. We follow all food "
           "safety procedures.",
     {"justify", "excuse"}, "formal"),
    ("en", "We don't have enough outlets, sorry! We will fix that.",
     {"apology", "corrective_action"}, "human"),
    ("en", "The sockets by the window were off because of a tripped fuse. Fixed it this "
           "morning - thanks for the heads-up!",
     {"explain_cause", "corrective_action", "thank"}, "human"),
    ("en", "We have refunded the fruit; the money is back on your card.", {"refund"},
     "formal"),
    ("tr", "@ayla.works Harika... Biz kahve işindeyiz, ofis işinde değil. İhtiyacımız olan "
           "kadar prizimiz zaten var.",
     {"deny", "justify"}, "defensive"),
    ("tr", "@ayla.works Açık olalım: priz konusu üzerinde zaman harcamayı düşünmüyoruz.",
     {"deny"}, "defensive"),
    ("tr", "@deniz.ug Haklısın, o elmanın sana hiç ulaşmaması gerekirdi, çok özür dileriz. "
           "Sabahki partinin kalanını kaldırdık, meyve tezgâhını şimdi yeniden kontrol "
           "ediyoruz.",
     {"acknowledge", "apology", "corrective_action"}, "human"),
    ("tr", "@deniz.ug Çok naziksin ama hata bizdeydi, fark etmemiz gerekirdi. Haber verdiğin "
           "için teşekkürler!",
     {"acknowledge", "thank"}, "human"),
    ("tr", "Çok özür dileriz, bir dahakine taze bir meyve bizden olsun!",
     {"apology", "compensation"}, "human"),
    ("tr", "Haklısın, yazdığın için teşekkürler! Üç priz kafenin bugünkü kullanımına "
           "yetmiyor. Şarj için kusura bakma; bu hafta elektrikçi çağırıp duvar boyunca priz "
           "ekletiyoruz.",
     {"acknowledge", "thank", "apology", "corrective_action"}, "human"),
    ("tr", "Sayın müşterimiz, yaşanan aksaklıktan dolayı özür dileriz. Geri bildiriminiz "
           "ilgili birime iletilmiştir.",
     {"apology"}, "formal"),
    ("tr", "Merhaba Ayla, bunu duyduğumuza üzüldük! Hangi gün olduğunu DM'den yazabilir "
           "misin?",
     {"sympathy", "ask_details"}, "human"),
    ("tr", "Tek kahveyle altı saat masa işgal etmeseniz size de priz kalırdı.",
     {"attack_accuser"}, "defensive"),
    ("tr", "Bina eski, mal sahibi tesisata izin vermiyor; elimiz kolumuz bağlı.", {"excuse"},
     "formal"),
    ("tr", "Özür dileriz! Bir sonraki kahven bizden.", {"apology", "compensation"}, "human"),
    ("tr", "Özür dilemiyoruz, burası bir kafe, ofis değil.", {"justify"}, "defensive"),
    ("tr", "Taze meyve doğal bir ürün, zaman zaman bozulabiliyor. Tüm prosedürlere "
           "uyuyoruz.",
     {"justify", "excuse"}, "formal"),
    ("tr", "ÖZÜR DİLERİZ, HAKLISINIZ.", {"apology", "acknowledge"}, "formal"),
    ("tr", "ozur dileriz, hemen duzeltiyoruz", {"apology", "corrective_action"}, "formal"),
    ("tr", "Prizleri eklemiyoruz ama teşekkürler.", {"deny", "thank"}, "defensive"),  # GUIDE 1
    ("tr", "Haklısın, teşekkürler! Bu hafta priz ekliyoruz.",       # ekle- -> ekliyor-
     {"acknowledge", "thank", "corrective_action"}, "human"),
]


@pytest.mark.parametrize("language, text, parts, tone", REPLIES,
                         ids=[f"{r[0]}-{i}" for i, r in enumerate(REPLIES)])
def test_the_rubric_reads_each_reply_as_expected(language, text, parts, tone):
    reading = read_reply(text, language)
    assert set(reading.parts) == parts, reading.explain()
    assert reading.tone == tone, reading.explain()
    # Every part found is backed by a phrase in the reply, shown in the explanation.
    for part in reading.parts:
        counted = [e for e in reading.why(part) if not e.negated]
        assert counted and all(w in text for e in counted for w in e.words.split())
        assert sum(e.weight for e in counted) >= load_rubric(language).threshold
    assert reading.parts == tuple(p for p in MESSAGE_PARTS if p in parts)


def test_the_reading_explains_itself_in_both_languages():
    reading = read_reply("Özür dilemiyoruz, burası bir kafe, ofis değil.", "tr")
    text = reading.explain()
    assert "haklı çıkarma" in text and "'ofis değil'" in text
    assert "sayılmayanlar" in text and "Özür dilemiyoruz" in text   # the negated apology
    assert "savunmacı" in text
    english = reading.explain("en")
    assert "justify" in english and "not counted" in english
    rows = reading.as_rows()
    assert {"label", "cue", "words", "weight", "counted"} <= set(rows[0])
    assert any(r["label"] == "apology" and not r["counted"] for r in rows)


def test_a_longer_phrase_wins_over_the_words_inside_it():
    reading = read_reply("So sorry to hear that.", "en")
    assert reading.parts == ("sympathy",)
    reading = read_reply("That's on us.", "en")
    assert reading.parts == ("acknowledge",)


def test_negation_cancels_a_phrase_only_in_its_own_clause():
    assert "apology" not in read_reply("We are not sorry.", "en").parts
    assert "apology" in read_reply("We are not an office. Sorry!", "en").parts
    assert "apology" in read_reply("Özür dileriz, sorun yok.", "tr").parts  # yok: next clause
    assert "corrective_action" not in read_reply("Yeni priz eklemeyeceğiz.", "tr").parts
    assert "acknowledge" not in read_reply("Haklı değilsiniz.", "tr").parts


def test_turkish_casing_and_letters_are_handled():
    assert fold("DİLERİZ", "tr") == fold("dileriz", "tr") == "dileriz"
    assert fold("HAKLISINIZ", "tr") == fold("haklısınız", "tr")
    assert fold("I", "tr") == "i" and fold("I", "en") == "i"
    upper = read_reply("ÇOK ÖZÜR DİLERİZ, HEMEN DÜZELTİYORUZ", "tr")
    lower = read_reply("çok özür dileriz, hemen düzeltiyoruz", "tr")
    ascii_ = read_reply("cok ozur dileriz, hemen duzeltiyoruz", "tr")
    assert upper.parts == lower.parts == ascii_.parts == ("apology", "corrective_action")


def test_overrides_change_parts_and_tone_and_say_so():
    reading = read_reply("Thanks for the feedback.", "en")
    assert reading.parts == ("thank",)
    assert reading.tone != "formal"
    changed = reading.override(add=["acknowledge"], remove=["thank"], tone="formal")
    assert changed.parts == ("acknowledge",) and changed.tone == "formal"
    assert changed.overrides == ("+acknowledge", "-thank", "tone=formal")
    assert any(e.how == "override" for e in changed.why("acknowledge"))
    assert reading.parts == ("thank",)  # the original is unchanged
    with pytest.raises(PlanError, match="unknown message part"):
        reading.override(add=["bribe"])
    with pytest.raises(PlanError, match="unknown tone"):
        reading.override(tone="cheerful")


def test_a_reading_becomes_a_plan_action():
    reading = read_reply("Sorry! Here is a 50 TL voucher for your next visit.", "en")
    assert reading.parts == ("apology", "compensation") and reading.compensation == 50
    action = reading.to_action(at="90m")
    assert (action.at, action.channel, action.audience) == (1.5, "twitter_reply",
                                                             "complainers")
    assert action.message == reading.parts and action.tone == reading.tone
    assert action.compensation == 50 and action.text == reading.text
    assert reading.to_action(compensation=120).compensation == 120
    default = read_reply("Your next coffee is on us.", "en")
    assert default.to_action().compensation == load_rubric("en").default_compensation
    dm = read_reply("Thanks!", "en").to_action(at=2, channel="direct_message")
    assert dm.channel == "direct_message" and dm.compensation == 0
    with pytest.raises(PlanError, match="no message part"):
        read_reply("Okay.", "en").to_action()


def test_the_composed_dark_horse_replies_are_the_reference_plan():
    """Reading what Dark Horse wrote gives the plan the case's debrief uses."""
    scenario = casekit.load_scenario("dark-horse-cafe")
    reference = casekit.load_plan(scenario_dir() / "dark-horse-cafe" / "plans" /
                                  "what-dark-horse-did.yaml", scenario)
    actions = [read_reply(a.text, "en").to_action(at=a.at) for a in reference.actions]
    composed = casekit.Plan(name="composed", scenario=scenario.id, actions=tuple(actions))
    composed.check(scenario)
    assert composed.digest == reference.digest
    # Every reference reply with a text reads as the plan says it does.
    for sid in ("dark-horse-cafe", "campus-cafeteria"):
        for path in sorted((scenario_dir() / sid / "plans").glob("*.yaml")):
            for action in casekit.load_plan(path).actions:
                reading = read_reply(action.text, "en")
                assert set(reading.parts) == set(action.message), (path, reading.explain())
                assert reading.tone == action.tone, (path, reading.explain())


def test_every_part_and_tone_has_phrases_in_both_rubrics():
    for language in ("en", "tr"):
        rubric = load_rubric(language)
        assert {p.label for p in rubric.parts} == set(MESSAGE_PARTS)
        assert {p.label for p in rubric.tones} == set(TONES)
        assert all(p.weight > 0 for p in rubric.parts + rubric.tones)
        assert set(rubric.labels) >= set(MESSAGE_PARTS) | set(TONES)
    data = resources.files("casekit") / "data"
    assert (data / "rubric_en.yaml").is_file() and (data / "rubric_tr.yaml").is_file()
    pyproject = (REPO / "pyproject.toml").read_text()
    assert '"data/*.yaml"' in pyproject and '"data/replies/*.json"' in pyproject


def test_an_instructor_extends_the_rubric(tmp_path: Path):
    assert "thank" not in read_reply("Much obliged, mate.", "en").parts
    extra = tmp_path / "mine.yaml"
    extra.write_text("parts:\n  thank:\n    much obliged: 1\n", encoding="utf-8")
    rubric = load_rubric("en", extra=[extra])
    assert read_reply("Much obliged, mate.", "en", rubric).parts == ("thank",)
    assert str(extra) in rubric.sources[-1]
    inline = load_rubric("tr", extra=[{"parts": {"compensation": {"çay bizden": 1}}}])
    assert read_reply("Çay bizden!", "tr", inline).parts == ("compensation",)
    # The bundled rubric is untouched.
    assert "thank" not in read_reply("Much obliged, mate.", "en").parts


@pytest.mark.parametrize("content, field, expected", [
    ("parts:\n  bribe:\n    cash: 1\n", "parts.bribe", "unknown name"),
    ("tones:\n  cheerful:\n    yay: 1\n", "tones.cheerful", "unknown name"),
    ("parts:\n  thank:\n    cheers: lots\n", "parts.thank.cheers", "weight"),
    ("negators_before: [no]\n", "negators_before", "quote it"),
    ("language: tr\n", "language", "expected 'en'"),
    ("parts: [1, 2\n", "", "invalid YAML"),
])
def test_a_broken_rubric_gives_one_line(tmp_path: Path, content, field, expected):
    path = tmp_path / "broken.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RubricError) as error:
        load_rubric("en", extra=[path])
    message = str(error.value)
    assert "\n" not in message and expected in message
    assert error.value.field == field


def test_an_unknown_language_is_refused():
    with pytest.raises(RubricError):
        load_rubric("de")
    with pytest.raises(PlanError):
        read_reply("Danke", "de")


def test_the_explanation_writes_numbers_and_marks_in_the_reading_language():
    """Weights and scores in the language's number style (Babel): 1,50 in Turkish."""
    import re
    turkish = read_reply("Özür dilemiyoruz, burası bir kafe, ofis değil.", "tr").explain()
    assert re.search(r"\(-?\d+,\d\d\)", turkish) and not re.search(r"\(-?\d+\.\d\d\)", turkish)
    assert "olumsuzlanmış, sayılmadı" in turkish and "negated" not in turkish
    english = read_reply("We are sorry. We will add outlets.", "en").explain()
    assert re.search(r"\(-?\d+\.\d\d\)", english)
