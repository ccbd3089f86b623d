"""The service-operations kind through the shared tools: the registry, scenario and plan
loading, Monte Carlo on common random numbers, the score, feedback, figures and the KPI
report as segments, for both scenarios and their reference plans."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from casekit.kinds import KINDS, register, unregister
from casekit.kinds.service_operations import KIND

ROOT = Path(__file__).resolve().parents[1]
CASES = {"ecommerce-late-order": ("what-the-retailer-did", "what-the-competitor-did"),
         "complaint-operations": ("department-inboxes", "designed-process")}


def path_of(name: str) -> Path:
    path = ROOT / "scenarios" / f"{name}.yaml"
    return path if path.exists() else ROOT / "scenarios" / f"_draft-{name}.yaml"


@pytest.fixture(scope="module", autouse=True)
def registered():
    ours = KIND.name not in KINDS
    if ours:  # until the registry lists the kind as built in
        register(KIND)
    yield
    if ours:
        unregister(KIND.name)


@pytest.mark.parametrize("case", list(CASES))
def test_scenarios_and_plans_load_through_the_shared_loaders(case: str) -> None:
    from casekit.plan import load_plan
    from casekit.scenario import load_scenario
    scenario = load_scenario(path_of(case))
    assert scenario.kind == KIND.name
    for plan in CASES[case]:
        loaded = load_plan(ROOT / "scenarios" / case / "plans" / f"{plan}.yaml", scenario)
        assert loaded.settings
        features = KIND.features(loaded)
        assert set(KIND.flags) <= set(features)


@pytest.mark.parametrize("case", list(CASES))
def test_the_tools_run_both_reference_plans(case: str) -> None:
    from casekit.montecarlo import run_many
    from casekit.plan import load_plan
    from casekit.scenario import load_scenario
    scenario = load_scenario(path_of(case)).with_customers(1500)
    plans = [load_plan(ROOT / "scenarios" / case / "plans" / f"{p}.yaml", scenario)
             for p in CASES[case]]
    before, after = run_many(scenario, plans, seed=2, reps=2, workers=1)
    for outcome in (before, after):
        table = outcome.per_run()
        for metric in KIND.metrics:
            assert metric.name in table.columns
        for run in outcome.runs:
            points = KIND.score(run.totals, scenario)
            assert set(points) == {f"score_{p}" for p in KIND.part_names} | {"score"}
            assert np.sum(KIND.hourly_points(run, scenario)) == pytest.approx(points["score"])
            for column in ("sentiment_mean", "churned", "cost"):  # the shared layout
                assert run.hourly[column].shape == (scenario.horizon_hours,)
            assert np.all(np.diff(run.hourly["churned"]) >= 0)
            assert run.hourly["cost"][-1] == pytest.approx(
                run.totals["cost_total"] - run.totals["public_damage"])
            assert -1 <= run.hourly["sentiment_mean"].min() <= 0
            for metric in KIND.metrics:
                assert np.isfinite(run.totals[metric.name]), metric.name
            for spec in KIND.series:
                assert KIND.hourly_series(run, scenario)[spec.name].shape == \
                    (scenario.horizon_hours,)
    # The designed process beats the starting state on the same customers.
    assert after.per_run()["score"].mean() > before.per_run()["score"].mean()
    notes = KIND.feedback(scenario, plans[0], before, after)
    assert notes
    for note in notes:
        assert note.text("en") and note.text("tr") and note.source
        assert note.text("en") != note.text("tr")
    segments = KIND.segments(after)
    assert isinstance(segments, pd.DataFrame) and "total" in segments.index
    phases = KIND.phases(scenario)
    assert phases[0].start == 0 and phases[-1].end == scenario.horizon_hours


def test_figures_draw_in_both_languages() -> None:
    pytest.importorskip("matplotlib", reason="figures need the lab extra")
    from casekit.montecarlo import run
    from casekit.scenario import load_scenario
    scenario = load_scenario(path_of("ecommerce-late-order")).with_customers(800)
    outcome = run(scenario, None, seed=1, reps=1, workers=1)
    builders = KIND.figures()
    assert set(builders) == {"queues", "public", "kpi"}
    for language in ("en", "tr"):
        for build in builders.values():
            fig = build(outcome, outcome, language)
            assert fig.axes and fig.axes[0].has_data()


def _parameter_names() -> list[str]:
    import yaml
    names: set[str] = set()
    for case in CASES:
        data = yaml.safe_load(path_of(case).read_text(encoding="utf-8"))
        for section in ("population", "behaviour", "repurchase", "score", "thread"):
            for name, value in data[section].items():
                names.add(name)
                if name == "field_misroute_cut":
                    names.update(value)
        for section in ("categories", "departments", "intake"):
            for entry in data[section].values():
                names.update(entry)
    return sorted(names)


@pytest.mark.parametrize("name", _parameter_names())
def test_every_parameter_is_explained_in_the_model_page(name: str) -> None:
    import re
    text = (ROOT / "docs" / "model-service-operations.md").read_text(encoding="utf-8")
    assert re.search(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", text), \
        f"{name!r} is not explained in docs/model-service-operations.md"


def test_feedback_names_channels_and_form_fields_in_the_page_language() -> None:
    """A note's words come from the scenario's own bilingual labels and a field list joined
    by Babel ('X ve Y'), never an English name inside a Turkish sentence."""
    import casekit
    from casekit.feedback import feedback
    sc = casekit.load_scenario("ecommerce-late-order")
    plan = casekit.load_plan(path_of("ecommerce-late-order").parent /
                             "ecommerce-late-order" / "plans" / "what-the-competitor-did.yaml", sc)
    outcome, baseline = casekit.compare(sc, plan, seed=1, reps=2)
    notes = {n.key: n for n in feedback(sc, plan, outcome, baseline)}
    fields = notes["form_fields"].text("tr")
    assert "sipariş numarasını ve konuyu" in fields and "order" not in fields
    assert "the order number and the subject" in notes["form_fields"].text("en")
    retailer = casekit.load_plan(path_of("ecommerce-late-order").parent /
                                 "ecommerce-late-order" / "plans" / "what-the-retailer-did.yaml",
                                 sc)
    outcome, baseline = casekit.compare(sc, retailer, seed=1, reps=2)
    notes = {n.key: n for n in feedback(sc, retailer, outcome, baseline)}
    public = next(c for c in sc.intake.values() if c.public)
    assert public.label.tr in notes["unwatched_public"].text("tr")
    assert "sormuyor" in notes["no_form_fields"].text("tr")


def test_feedback_names_the_channel_whose_form_asks_least() -> None:
    """With a channel's own form, the note names that channel (by its label in the page's
    language) and what it asks; the plan's fields elsewhere do not hide it."""
    from casekit.kinds.service_operations.engine import simulate_batch
    from casekit.kinds.service_operations.feedback import service_feedback
    from casekit.kinds.service_operations.schema import load_service_scenario
    from casekit.outcomes import Outcome
    scenario = load_service_scenario(path_of("ecommerce-late-order")).with_customers(400)
    raw = {"form_fields": ["order_number", "product", "date", "subject"],
           "channels": {"phone": {"form_fields": ["date"]}}}
    outcome = Outcome(scenario, None, 1, simulate_batch(scenario, raw, 1, range(1)), 400)
    notes = {n.key: n for n in service_feedback(scenario, raw, outcome)}
    note = notes["channel_form_fields"]
    assert note.level == "warning"  # the phone does not ask the order number
    assert scenario.intake["phone"].label.en in note.text("en")
    assert "only for the date" in note.text("en")
    assert scenario.intake["phone"].label.tr in note.text("tr") and "tarihi" in note.text("tr")
    assert "form_fields" not in notes and "no_form_fields" not in notes
    raw["channels"]["phone"]["form_fields"] = []
    notes = {n.key: n for n in service_feedback(scenario, raw, outcome)}
    assert "hiçbir bilgi sormuyor" in notes["channel_no_form_fields"].text("tr")
    full = {"form_fields": ["order_number", "product", "date", "subject"]}
    keys = {n.key for n in service_feedback(scenario, full, outcome)}
    assert not keys & {"form_fields", "no_form_fields", "channel_form_fields",
                       "channel_no_form_fields"}
