"""The identity-resolution workbench: its logic, and its widgets driven as a student would."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from casekit.kinds.identity_resolution.explore import STRINGS, FSExplorer, compare_plans
from casekit.kinds.identity_resolution.schema import (
    IdentityScenario,
    IdentitySettings,
    load_settings,
)

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "scenarios" / "bank-cross-channel" / "plans"


@pytest.fixture(scope="module")
def case() -> IdentityScenario:
    from casekit.kinds.identity_resolution.export import resolve_scenario
    return resolve_scenario("bank-cross-channel").with_customers(4000)


def test_every_string_in_both_languages():
    for key, text in STRINGS.items():
        assert text["en"] and text["tr"], key


def test_explorer_thresholds_trade_precision_for_recall(case):
    explorer = FSExplorer(case, load_settings(PLANS / "careful-fellegi-sunter.yaml")[1])
    strict, loose = explorer.at(20, 20), explorer.at(0, 0)
    assert strict.precision > loose.precision and loose.recall > strict.recall
    band = explorer.at(20, 0)
    assert band.review_pairs > 0 and strict.review_pairs == 0
    table = explorer.table()
    assert {"m", "u", "weight", "true m"} <= set(table.columns)
    phone = table[(table["field"] == "phone") & (table["level"] == "exact")]
    assert phone["true m"].iloc[0] == pytest.approx(1.0)  # an exact phone is always the owner's
    assert np.allclose(table["weight"], np.log2(table["m"] / table["u"]))


def test_compare_plans_lists_the_student_and_the_references(case):
    mine = IdentitySettings(method="none", look_up_before_reply=False)
    table = compare_plans(case, mine, replications=3)
    assert len(table) == 1 + len(list(PLANS.glob("*.yaml")))
    bank = table[table["plan"] == "What the bank did"].iloc[0]
    assert table.iloc[0]["score"] == pytest.approx(bank["score"])  # the same plan
    assert np.allclose(table["score"], table[[c for c in table.columns if
                                              c.startswith("score_")]].sum(axis=1))


@pytest.fixture
def unregister_after():
    """The bench registers the kind if the registry does not list it; undo that after."""
    from casekit import kinds
    listed = "identity_resolution" in kinds.KINDS
    yield
    if not listed and "identity_resolution" in kinds.KINDS:
        kinds.unregister("identity_resolution")


def test_widgets_as_a_student_uses_them(case, tmp_path, unregister_after):
    pytest.importorskip("ipywidgets", reason="the workbench needs the lab extra")
    from casekit.ui.identity import IdentityBench
    bench = IdentityBench(case, language="tr", workdir=tmp_path)
    assert bench.tools.get_title(2) == STRINGS["replay"]["tr"]
    # rules: evaluate the preset rules, then drop the name rule and see recall fall
    first = bench.rules.evaluate()
    assert first is not None and "Kesinlik" in bench.rules.result.value
    any_ = bench.rules.ANY   # the "(fark etmez)" choice, whatever the language
    assert dict(bench.rules.conditions[2]["city"].options)[STRINGS["any"]["tr"]] == any_
    bench.rules.conditions[2]["first_name"].value = any_
    bench.rules.conditions[2]["surname"].value = any_
    bench.rules.conditions[2]["city"].value = any_
    second = bench.rules.evaluate()
    assert second.recall < first.recall
    # no blocking key is not a valid plan: one line, in Turkish
    bench.rules.blocking.value = ()
    assert bench.rules.evaluate() is None and "Geçersiz" in bench.rules.result.value
    bench.rules.blocking.value = ("phone", "email", "surname_city")
    # weights: the sliders move the quality line; review never above link
    bench.weights.link.value = 30.0
    strict = bench.weights.update()
    bench.weights.link.value = 0.0
    assert bench.weights.review.value <= 0.0
    loose = bench.weights.update()
    assert loose.recall > strict.recall
    # the replay uses the tab's method and policies
    bench.replay.method.value = "fellegi_sunter"
    bench.replay.ask_again.value = False
    settings = bench.settings()
    assert settings.method == "fellegi_sunter" and not settings.ask_known_again
    assert settings.fellegi_sunter.link_threshold == 0.0
    table = bench.replay.run(replications=2)
    assert table is not None and "<table" in bench.replay.result.value
    # the choices go into the plan file, which the generic bench runs and records
    text = bench.use_settings()
    assert "fellegi_sunter" in bench.plan_text.value and text == bench.plan_text.value
    bench.reps.value = 2
    outcome = bench.run()
    assert outcome is not None and outcome.plan.settings["method"] == "fellegi_sunter"
    assert len(bench.history.attempts) == 1


# --- what the page shows ------------------------------------------------------------

@pytest.fixture
def bench(case, tmp_path, unregister_after):
    pytest.importorskip("ipywidgets", reason="the workbench needs the lab extra")
    from casekit.ui.identity import IdentityBench
    return IdentityBench(case, language="en", workdir=tmp_path)


def test_a_plan_that_links_nobody_has_no_precision_shown_as_a_dash(bench):
    from casekit.ui.identity import quality_line, replay_html
    bench.replay.method.value = "none"
    table = bench.replay.run(replications=2)
    assert np.isnan(table.iloc[0]["precision"])            # no link: NaN, not 1.0
    assert table.iloc[0]["recall"] == 0.0
    html = replay_html(table, "en")
    first = html.split("<tr>")[2]                          # the student's row
    assert "<td>–</td>" in first and "100.0%" not in first
    bench.use_settings()
    bench.reps.value = 2
    outcome = bench.run()
    assert np.isnan(outcome.metric("precision").mean)
    row = next(r for r in bench.results.value.split("<tr>") if "Precision of the links" in r)
    assert row.count("<td>–</td>") == 2 and "100" not in row  # yours and doing nothing
    from casekit.kinds.identity_resolution import matching as mt
    none = mt.Quality(0, 0, 5, 0, 0, 5, 1.0, 10)
    assert quality_line(none, "tr").startswith("Kesinlik – ·")


def test_one_number_of_replications_gives_the_plan_one_score(bench):
    """The replay table and the bench's results run the same plan on the same number of
    replications (the bench's field), so the student's plan shows one score."""
    from casekit.ui.generic import REPLICATIONS
    assert bench.replications == REPLICATIONS
    bench.reps.value = 3
    table = bench.replay.run()                # no number given: the bench's
    assert bench.replay._reps == 3
    bench.use_settings()
    outcome = bench.run()
    assert outcome.reps == 3
    assert table.iloc[0]["score"] == pytest.approx(outcome.metric("score").mean)
    bench.reps.value = 4                      # one field drives both
    assert bench.replay.run().iloc[0]["score"] != pytest.approx(table.iloc[0]["score"])


def test_language_switch_relabels_every_panel_and_figure(bench):
    import matplotlib.pyplot as plt
    bench.rules.evaluate()
    bench.replay.run(replications=2)
    bench.reps.value = 2
    bench.use_settings()
    bench.run()
    en_png = bytes(bench.weights.figure.value)
    assert en_png.startswith(b"\x89PNG")      # an image, not "<Figure size ...>"
    titles = [bench.figures.get_title(i) for i in range(len(bench.figures.children))]
    assert titles == ["Replies", "Churn", "Score"]           # labels, not builder names
    assert all(bytes(img.value).startswith(b"\x89PNG") for img in bench.figures.children)
    before = len(plt.get_fignums())
    for value in (10.0, 12.0, 14.0):                          # the figure follows the slider
        bench.weights.link.value = value
    assert bytes(bench.weights.figure.value) != en_png
    assert len(plt.get_fignums()) == before                  # figures are closed
    bench.language_switch.value = "tr"                        # the student clicks Türkçe
    assert bench.language == "tr"
    assert bench.run_button.description == "Planımı çalıştır"
    assert [bench.figures.get_title(i) for i in range(3)] == ["Yanıtlar", "Müşteri kaybı",
                                                               "Puan"]
    assert bench.tools.get_title(2) == STRINGS["replay"]["tr"]
    assert "Kesinlik %" in bench.rules.result.value and "Kesinlik" in bench.replay.result.value
    assert "Kaybedilen müşteri" in bench.replay.result.value
    assert "churned" not in bench.replay.result.value         # no raw column names
    assert bench.rules.conditions[0]["phone"].description == "Telefon"
    assert "Ağırlık" in bench.weights.weights.value and "Arama" in bench.exhibits.widget.value
    assert "müşteri kaydı" in bench.data.widget.value
    assert "Hiçbir şey yapmamaya göre sonuçlar" in bench.results.value
    assert "Tamam: 1. deneme." in bench.status.value
    assert "%" in bench.results.value and "Results" not in bench.results.value


def test_sections_show_each_part_once(bench):
    """A notebook cell shows one section; the whole page holds each part once."""
    parts = ("language", "case", "exhibits", "data", "rules", "weights", "replay", "use",
             "plan", "run", "results", "history", "questions")
    widgets = [bench.section(p) for p in parts]
    assert len({id(x) for x in widgets}) == len(parts)
    with pytest.raises(KeyError, match="no section"):
        bench.section("everything")

    def leaves(widget, seen):
        seen.append(id(widget))
        for child in getattr(widget, "children", ()):
            leaves(child, seen)
        return seen
    ids = leaves(bench.widget, [])
    assert len(ids) == len(set(ids))                          # nothing shown twice


def test_run_works_on_the_plan_the_page_opens_with(bench):
    """The case page's first click on Run: the editor holds a valid plan (the panels'
    choices), not a 'doing nothing' text this kind's plans refuse."""
    bench.reps.value = 2
    assert bench.run() is not None, bench.status.value
    assert bench.status.value == "Done: attempt 1."


def test_attempts_table_reads_in_the_page_language_and_units(case, tmp_path, unregister_after):
    """The attempts table of a settings kind: shares as percents and hours with their unit in
    the page's number style, the baseline named as the results name it, the plan's default
    name in the page's language."""
    pytest.importorskip("ipywidgets", reason="the workbench needs the lab extra")
    from casekit.text.strings import t
    from casekit.ui.identity import IdentityBench
    bench = IdentityBench(case, language="en", workdir=tmp_path)
    bench.set_language("tr")          # the page opened in English, the student switched
    bench.reps.value = 2
    bench.run()
    table = bench.history_panel.table.value
    assert t("col_steps", "tr") not in table  # a plan of settings has no steps to count
    assert t("bench_base_col", "tr") in table and t("col_baseline", "tr") not in table
    assert t("plan_default_name", "tr") in table and "My plan" not in table
    row = next(r for r in table.split("<tr>") if "Bağlamla karşılanan" in r)
    assert row.count("%") == 2 and ">0." not in row         # %50,19, not 0.5019
    row = next(r for r in table.split("<tr>") if "İşe yarayan yanıta" in r)
    assert "sa" in row and "," in row                       # 24,9 sa


def test_the_exhibits_tell_the_sources_story_in_both_languages(case):
    """The call, his blog, his tweet and the bank's DM reply, in that order, each labelled
    in both languages (a key without a label would show its raw name)."""
    pytest.importorskip("ipywidgets")
    from casekit.text.strings import STRINGS as TEXT
    from casekit.ui.identity import ExhibitsPanel
    keys = list(case.exhibits)
    assert keys[:4] == ["call", "blog", "tweet", "reply"]
    for key in keys:
        assert case.exhibits[key].en and case.exhibits[key].tr, key
        assert TEXT[f"id_exhibit_{key}"]["en"] and TEXT[f"id_exhibit_{key}"]["tr"], key
    panel = ExhibitsPanel(case, "tr")
    assert "Blog yazısından" in panel.widget.value and "Twitter hesabının" in panel.widget.value
    panel.relabel("en")
    assert "From his blog" in panel.widget.value and "so the bank has my number" \
        in panel.widget.value
