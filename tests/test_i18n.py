"""Two languages, done properly: every user-visible text has Turkish, and numbers are written
the way each language writes them (Babel's locale data, through casekit.text.formats)."""

from __future__ import annotations

import importlib
import json
import pkgutil
import string
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

import casekit.kinds
from casekit.kinds import KINDS
from casekit.text import formats
from casekit.text.formats import fill, metric_value, money, number, percent
from casekit.text.strings import PLAN_NAMES, plan_name

ROOT = Path(__file__).resolve().parents[1]


# -- every text table --------------------------------------------------------------------------

def _bilingual(node: object, where: str) -> Iterator[tuple[str, Mapping]]:
    """Every mapping under ``node`` that holds an English text (``{"en": ..., ...}``)."""
    if isinstance(node, Mapping):
        if isinstance(node.get("en"), (str, tuple, list)):
            yield where, node
            return
        for key, value in node.items():
            yield from _bilingual(value, f"{where}.{key}")


def _tables() -> Iterator[tuple[str, object]]:
    """The module-level text tables: casekit.text, the kinds' text and feedback modules,
    the terminal tables, the pages' own tables."""
    modules = ["casekit.text.strings", "casekit.report.text", "casekit.attempts",
               "casekit.tournament.cli", "casekit.report.debrief", "casekit.workshop.texts",
               "casekit.text.errors", "casekit.tournament.intake"]
    for info in pkgutil.iter_modules(casekit.kinds.__path__):
        if info.ispkg:
            for leaf in ("text", "feedback"):
                name = f"casekit.kinds.{info.name}.{leaf}"
                if importlib.util.find_spec(name) is not None:
                    modules.append(name)
    try:
        import ipywidgets  # noqa: F401  (the pages' own tables need the lab extra)
    except ImportError:  # pragma: no cover - depends on the environment
        pass
    else:
        ui = importlib.import_module("casekit.ui")
        modules += [f"casekit.ui.{info.name}" for info in pkgutil.iter_modules(ui.__path__)
                    if info.name not in ("app",)]
    for name in modules:
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if attr.isupper() and isinstance(value, Mapping):
                yield f"{name}.{attr}", value


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def _texts(entry: Mapping, lang: str) -> list[str]:
    value = entry.get(lang)
    return [value] if isinstance(value, str) else list(value or ())


def test_the_walk_finds_the_tables_it_should() -> None:
    names = {name for name, _ in _tables()}
    assert {"casekit.text.strings.STRINGS", "casekit.text.strings.FEEDBACK",
            "casekit.text.strings.COMMENTS", "casekit.kinds.public_reply.text.STRINGS",
            "casekit.kinds.public_reply.feedback.FEEDBACK",
            "casekit.report.text.WORDS", "casekit.workshop.texts.TEXTS",
            "casekit.text.errors.ERRORS", "casekit.text.errors.PYDANTIC",
            "casekit.tournament.intake.REASONS"} <= names
    assert sum(1 for _, table in _tables() for _ in _bilingual(table, "")) > 350


def test_every_text_in_every_table_has_turkish_with_the_same_blanks() -> None:
    missing, blanks = [], []
    for name, table in _tables():
        for where, entry in _bilingual(table, name):
            en, tr = _texts(entry, "en"), _texts(entry, "tr")
            if len(tr) != len(en) or not all(s.strip() for s in tr):
                missing.append(where)
                continue
            for a, b in zip(en, tr):
                if _fields(a) != _fields(b):
                    blanks.append(f"{where}: {sorted(_fields(a))} vs {sorted(_fields(b))}")
    assert not missing, f"no Turkish text: {missing[:10]}"
    assert not blanks, f"Turkish text fills other blanks: {blanks[:10]}"


def test_every_label_of_every_kind_has_turkish() -> None:
    missing = []
    for kind in KINDS.values():
        specs = [("title", kind.title)]
        specs += [(f"metric {m.name}", m.label) for m in kind.metrics]
        specs += [(f"part {p.name}", p.label) for p in kind.score_parts]
        specs += [(f"part {p.name} explained", p.explain) for p in kind.score_parts]
        specs += [(f"series {s.name}", s.label) for s in kind.series]
        specs += [(f"feature {k}", v) for k, v in kind.feature_labels.items()]
        for key, flag in kind.flags.items():
            specs += [(f"flag {key} {part}", text) for part, text in
                      (("has", flag.has), ("harmful", flag.harmful), ("missing", flag.missing))
                      if text is not None]
        specs += [(f"unsupported {k}", v) for k, v in kind.unsupported.items()]
        for what, text in specs:
            if not (text.get("tr") or "").strip() or not (text.get("en") or "").strip():
                missing.append(f"{kind.name}: {what}")
    assert not missing, missing


def test_every_reference_plan_has_a_turkish_name() -> None:
    names = set()
    for path in sorted((ROOT / "scenarios").glob("*/plans/*.y*ml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("name:"):
                names.add(line.split(":", 1)[1].strip().strip('"').strip("'"))
    assert names, "no reference plans found"
    untranslated = sorted(n for n in names if plan_name(n, "tr") == n and
                          PLAN_NAMES.get(n, {}).get("tr") != n)
    assert not untranslated, f"add these to casekit.text.strings.PLAN_NAMES: {untranslated}"
    assert plan_name("my own plan", "tr") == "my own plan"   # a student's name stays


def test_wording_a_turkish_reader_flagged_is_gone() -> None:
    from casekit.text.strings import STRINGS, VOCABULARY
    assert VOCABULARY["part"]["justify"]["tr"] != "haklı çıkar"
    assert STRINGS["col_steps"]["tr"] != "Adım"          # a count, not a step
    every = json.dumps([t for _, table in _tables() for _, t in _bilingual(table, "")],
                       ensure_ascii=False)
    assert "hiçbir kalem" not in every


# -- numbers in each language ------------------------------------------------------------------

def test_turkish_numbers_shares_and_money() -> None:
    assert percent(0.027, "tr") == "%2,7"
    assert percent(0.027, "en") == "2.7%"
    assert number(3195, "tr") == "3.195"
    assert number(3195, "en") == "3,195"
    assert number(-1234567.26, "tr", 1) == "-1.234.567,3"
    assert money(150, "TL", "tr") == "150 TL"
    assert money(18178, "TL", "tr", sign=True) == "+18.178 TL"
    assert number(-0.0001, "en", 2, sign=True) == "0.00"      # no -0, no +0
    assert metric_value("share", 0.0312, "tr") == "%3,12"
    assert metric_value("sentiment", -0.1234, "tr") == "-0,123"
    assert formats.seconds(3.46, "tr") == "3,5 sn"
    assert number(float("nan"), "tr") == "–"


def test_templates_fill_numbers_in_the_language_style() -> None:
    assert fill("{likes:,} beğeni", "tr", likes=1393) == "1.393 beğeni"
    assert fill("{likes:,} likes", "en", likes=1393) == "1,393 likes"
    assert fill("{p:+,.0f} puan, {h:g}. saat, %{r:.2f}", "tr", p=12345.6, h=3.5, r=2.345) == \
        "+12.346 puan, 3,5 saat sonrası, %2,35"
    assert fill("{n} / {word}", "tr", n=3, word="abc") == "3 / abc"
    assert fill("{x:>5}", "en", x="ab") == "   ab"          # other specs: Python's own


def test_the_shared_tables_write_turkish_numbers() -> None:
    from casekit.text.strings import t
    assert t("thread_counters", "tr", likes=1393, comments=2500, shares=12) == \
        "1.393 beğeni · 2.500 yorum · 12 paylaşım"
    assert t("done", "tr", seconds=3.5, n=2) == "3,5 sn'de bitti: 2. deneme."
    assert t("done", "en", seconds=3.5, n=2) == "Done in 3.5 s: attempt 2."


def test_feedback_notes_write_numbers_in_their_language() -> None:
    from casekit.feedback import Note
    from casekit.kinds.identity_resolution.feedback import NOTES as IDENTITY
    from casekit.kinds.service_operations.feedback import NOTES as OPERATIONS
    table = {"n": {"en": "{share:.0%} hung up, {n:,.1f} hours", "tr": "{share:.0%} kapattı, "
                   "{n:,.1f} saat", "source": "test"}}
    note = Note("n", "info", {"share": 0.12, "n": 1234.5}, table)
    assert note.text("tr") == "%12 kapattı, 1.234,5 saat"
    assert note.text("en") == "12% hung up, 1,234.5 hours"
    phone = Note("phone_abandonment", "problem", {"share": 0.4}, OPERATIONS)
    assert phone.text("tr").startswith("Arayanların %40 kadarı")
    assert phone.text("en").startswith("40% of callers")
    blocking = Note("blocking", "warning", {"ceiling": 0.655}, IDENTITY)
    assert "yalnızca %66 kadarını" in blocking.text("tr")
    assert "only 66% of the true pairs" in blocking.text("en")


@pytest.fixture(scope="module")
def isp_outcomes():
    from casekit import montecarlo
    from casekit.plan import load_plan, no_response
    from casekit.scenario import load_scenario
    sc = load_scenario("isp-overbilling")
    path = next((ROOT / "scenarios" / "isp-overbilling" / "plans").glob("*.yaml"))
    plan = load_plan(path, sc)
    return montecarlo.run_many(sc, [plan, no_response(sc.id)], seed=0, reps=3, customers=1500)


def test_the_terminal_table_in_turkish_has_no_english_words(isp_outcomes) -> None:
    from casekit.report.text import outcome_table
    outcome, baseline = isp_outcomes
    text = outcome_table(outcome, "tr", baseline)
    for english in ("mean", "seed", "reps", "customers", "interval", "no response",
                    "customers_lost", "Score", "points"):
        assert english not in text, english
    assert "1.500 müşteri" in text and "hiç tepki yok" in text
    assert "puan = bin TL" in text                    # the score's units
    english = outcome_table(outcome, "en", baseline)
    assert "no response" in english and "thousands of TL" in english
    assert "Against doing nothing" in english


def test_the_comparison_with_doing_nothing_is_the_paired_difference(isp_outcomes) -> None:
    from casekit.report.text import baseline_json, comparison
    outcome, baseline = isp_outcomes
    d = comparison(outcome, baseline, "score")
    assert d.mean == pytest.approx(outcome.metric("score").mean - baseline.metric("score").mean)
    block = baseline_json(outcome, baseline)
    assert set(block) == {"plan", "metrics", "score_parts", "difference"}
    assert block["difference"]["score"]["mean"] == pytest.approx(d.mean)
    json.dumps(block)   # plain data


def test_casekit_run_prints_the_comparison_and_keeps_its_json_keys(capsys) -> None:
    from casekit.cli import main
    path = next((ROOT / "scenarios" / "isp-overbilling" / "plans").glob("*.yaml"))
    assert main(["run", "isp-overbilling", "--plan", str(path), "--reps", "2",
                 "--customers", "800", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"scenario", "plan", "metrics", "score_parts", "actions", "baseline"} <= set(data)
    assert data["baseline"]["difference"]["score"]["mean"] == pytest.approx(
        data["metrics"]["score"]["mean"] - data["baseline"]["metrics"]["score"]["mean"])
    assert main(["run", "isp-overbilling", "--plan", str(path), "--reps", "2",
                 "--customers", "800", "--lang", "tr"]) == 0
    out = capsys.readouterr().out
    assert "fark" in out and "hiç tepki yok" in out and "800 müşteri" in out


# -- names in the threads ----------------------------------------------------------------------

def test_made_up_names_have_no_titles_one_surname_and_vary() -> None:
    from casekit.text.names import handles, names
    people = names("tr", seed=7, n=40)
    assert people == names("tr", seed=7, n=40)                    # seeded
    assert people != names("tr", seed=8, n=40)
    for person in people:
        assert len(person.split()) == 2, person                   # given name + one surname
        assert "." not in person, person                          # no "Prof.", "Yrd. Doç."
    surnames = [p.split()[1] for p in people]
    assert len(set(surnames)) == len(surnames)                    # no surname twice in 40
    assert len({p.split()[0] for p in people}) >= 30
    for handle in handles(people, 7):
        assert handle.startswith("@") and handle[1:].replace("_", "").isalnum()
        assert handle.isascii()
    english = names("en", seed=7, n=10)
    assert all(len(p.split()) == 2 for p in english)


# -- what a bad file is told, in both languages -----------------------------------------------

_BAD_PLANS = {
    "duplicate key": "name: x\nscenario: isp-overbilling\nactions: []\nactions: []\n",
    "alias bomb": "a: &a [1,1,1,1,1,1,1,1,1,1]\n" + "".join(
        f"{c}: &{c} [{', '.join([f'*{p}'] * 10)}]\n" for p, c in zip("abcde", "bcdef")),
    "a list": "[]\n",
    "nan": "name: x\nscenario: isp-overbilling\nactions:\n  - {at: .nan, channel: sms, "
           "audience: everyone, message: [apology]}\n",
    "400 nines": "name: x\nscenario: isp-overbilling\nactions:\n  - {at: " + "9" * 400 +
                 ", channel: sms, audience: everyone, message: [apology]}\n",
    "unknown tone": "name: x\nscenario: isp-overbilling\nactions:\n  - {at: 1, channel: sms, "
                    "audience: everyone, message: [apology], tone: warm}\n",
    "public sms": "name: x\nscenario: isp-overbilling\nactions:\n  - {at: 1, channel: sms, "
                  "audience: public, message: [apology]}\n",
    "unknown field": "name: x\nscenario: isp-overbilling\nactoins: []\n",
    "missing name": "scenario: isp-overbilling\nactions: []\n",
    "negative compensation": "name: x\nscenario: isp-overbilling\nactions:\n  - {at: 1, "
                             "channel: sms, audience: everyone, message: [apology], "
                             "compensation: -5}\n",
    "beyond the horizon": "name: x\nscenario: isp-overbilling\nactions:\n  - {at: 2.5e5, "
                          "channel: sms, audience: everyone, message: [apology]}\n",
    "bad time": "name: x\nscenario: isp-overbilling\nactions:\n  - {at: soon, channel: sms, "
                "audience: everyone, message: [apology]}\n",
}


@pytest.mark.parametrize("what", sorted(_BAD_PLANS))
def test_a_bad_plan_is_told_what_is_wrong_in_turkish(what: str, tmp_path: Path) -> None:
    from casekit import load_scenario
    from casekit.errors import PlanError
    from casekit.plan import load_plan
    path = tmp_path / "plan.yaml"
    path.write_text(_BAD_PLANS[what], encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        load_plan(path, load_scenario("isp-overbilling"))
    error = caught.value
    english, turkish = error.text("en"), error.text("tr")
    assert english == str(error) and "\n" not in turkish
    assert error.expected_tr and error.expected_tr != error.expected, english
    for word in ("expected", "given", "unknown", "field", "line "):
        assert word not in error.expected_tr, (word, turkish)


def test_turkish_error_numbers_use_turkish_formats() -> None:
    from casekit.text.errors import number_g, said
    message = said("alias_bomb", limit=100_000)
    assert "100,000" in message and "100.000" in message.tr
    horizon = said("beyond_horizon", at=number_g(2.5), horizon="336")
    assert horizon.startswith("2.5h") and horizon.tr.startswith("2,5 sa")


def test_a_fractional_hour_is_not_a_turkish_ordinal():
    """"0,5. saatte" is not Turkish: an hour with a fraction is said as a time since the start,
    by its case ending; whole hours keep the ordinal ("3. saatte")."""
    from casekit.kinds.complaint_crisis.feedback import TIMING
    from casekit.text.formats import fill
    template = TIMING["early_cause"]["tr"]
    half = fill(template, "tr", n=1, at=0.5, known=12)
    assert "0,5 saat sonra açıklıyor" in half and "12. saate kadar" in half
    assert "0,5." not in half
    assert "3. saatte açıklıyor" in fill(template, "tr", n=1, at=3, known=12)
    assert fill("{a:g}. saatten itibaren", "tr", a=1.5) == "1,5 saat sonrasından itibaren"
    assert fill("({a:g}. saat)", "tr", a=2.25) == "(2,25 saat sonrası)"
    assert fill("hour {a:g}", "en", a=0.5) == "hour 0.5"
