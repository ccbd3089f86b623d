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
    assert first is not None and "kesinlik" in bench.rules.result.value
    bench.rules.conditions[2]["first_name"].value = STRINGS["any"]["tr"]
    bench.rules.conditions[2]["surname"].value = STRINGS["any"]["tr"]
    bench.rules.conditions[2]["city"].value = STRINGS["any"]["tr"]
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
