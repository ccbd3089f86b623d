"""The identity_resolution kind against the kinds contract: metrics, score, hourly points,
phases, features, feedback, figures and segments."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
import yaml

from casekit.kinds.contract import Kind
from casekit.kinds.identity_resolution.kind import KIND
from casekit.kinds.identity_resolution.replay import simulate_batch
from casekit.kinds.identity_resolution.schema import (
    IdentityScenario,
    IdentitySettings,
    load_identity_scenario,
    load_settings,
)
from casekit.plan import Plan

ROOT = Path(__file__).resolve().parent.parent
#: The draft name until the kinds registry lists the kind, then its own name.
SCENARIO = next(p for p in (ROOT / "scenarios" / "bank-cross-channel.yaml",
                            ROOT / "scenarios" / "_draft-bank-cross-channel.yaml") if p.exists())
PLANS = sorted((ROOT / "scenarios" / "bank-cross-channel" / "plans").glob("*.yaml"))


@pytest.fixture(scope="module")
def case() -> IdentityScenario:
    return load_identity_scenario(SCENARIO).with_customers(4000)


def outcome(case, settings, reps=4) -> SimpleNamespace:
    runs = simulate_batch(case, settings, seed=8, replications=range(reps))
    return SimpleNamespace(scenario=case, plan=settings, runs=runs)


def test_kind_is_a_kind_with_bilingual_specs():
    assert isinstance(KIND, Kind) and KIND.name == "identity_resolution"
    assert IdentityScenario.plan_settings is IdentitySettings
    for spec in KIND.metrics:
        assert spec.label["en"] and spec.label["tr"]
    for part in KIND.score_parts:
        assert part.explain["en"] and part.explain["tr"]


def test_plan_with_settings_runs_as_the_settings(case):
    _, settings = load_settings(PLANS[0])
    data = yaml.safe_load(PLANS[0].read_text(encoding="utf-8"))
    plan = Plan(name=data["name"], scenario=data["scenario"], settings=data["settings"])
    a = simulate_batch(case, plan, seed=3, replications=[0])[0]
    b = simulate_batch(case, settings, seed=3, replications=[0])[0]
    assert a.totals == b.totals and a.plan_name == data["name"]


def test_metrics_score_and_hourly_points_agree(case):
    run = simulate_batch(case, None, seed=1, replications=[0])[0]  # the baseline
    for name in KIND.headline[:-1]:  # the last is the score, which the Kind computes
        assert name in run.totals
    points = KIND.score(run.totals, case)
    assert set(points) == {f"score_{p}" for p in KIND.part_names} | {"score"}
    assert points["score"] == pytest.approx(sum(points[f"score_{p}"] for p in KIND.part_names))
    assert KIND.hourly_points(run, case).sum() == pytest.approx(points["score"], rel=1e-9)
    series = KIND.hourly_series(run, case)
    assert {s.name for s in KIND.series} <= set(series)
    assert all(len(v) == case.horizon_hours for v in series.values())


def test_phases_tile_the_horizon(case):
    phases = KIND.phases(case)
    assert phases[0].start == 0 and phases[-1].end == case.horizon_hours
    assert all(a.end == b.start for a, b in pairwise(phases))


def test_features_and_flags_of_reference_plans():
    features = {p.stem: KIND.features(load_settings(p)[1]) for p in PLANS}
    assert features["what-the-bank-did"]["looks_up"] is False
    assert features["exact-rules"]["rules"] == 3
    assert features["careful-fellegi-sunter"]["link_threshold"] > \
        features["recall-first"]["link_threshold"]
    for values in features.values():
        assert set(KIND.flags) <= set(values)
        assert set(KIND.feature_labels) <= set(values)


def test_feedback_notes_are_bilingual_and_sourced(case):
    base = outcome(case, load_settings(PLANS[-1])[1])        # what the bank did
    loose = outcome(case, load_settings(PLANS[2])[1])         # recall first
    notes = KIND.feedback(case, loose.plan, loose, base)
    keys = [n.key for n in notes]
    assert keys[0] == "overall" and "privacy" in keys
    for note in notes:
        assert note.text("en") and note.text("tr") and note.source
        assert "{" not in note.text("en") + note.text("tr")
    bank = KIND.feedback(case, base.plan, base, None)
    assert {"no_lookup", "asked_again", "written_offers"} <= {n.key for n in bank}


def test_figures_and_segments(case):
    pytest.importorskip("matplotlib", reason="figures need the lab extra")
    base = outcome(case, load_settings(PLANS[-1])[1], reps=2)
    rules = outcome(case, load_settings(PLANS[1])[1], reps=2)
    for language in ("en", "tr"):
        builders = KIND.figures()
        assert set(builders) == {"replies", "churn", "score"}
        for name in ("replies", "churn"):  # "score" needs the registry (test_identity_registry)
            build = builders[name]
            fig = build(rules, base, language)
            assert fig.axes and fig.axes[0].has_data()
    table = KIND.segments(rules)
    assert list(table["segment"]) == ["customer", "not a customer"]
    assert table["churned"].iloc[1] == 0  # people who are not customers cannot leave
    total = table[["context", "ask", "asked_again", "false_link"]].to_numpy().sum()
    assert total == rules.runs[0].totals["complaints"]


def test_precision_recall_curve_is_monotone_in_links(case):
    from casekit.kinds.identity_resolution import matching as mt
    from casekit.kinds.identity_resolution.replay import fs_parameters, prepared_of, world_of
    world = world_of(case)
    prep = prepared_of(world)
    settings = load_settings(PLANS[0])[1]
    pairs = mt.candidates(prep, settings.blocking)
    params, _ = fs_parameters(world, settings)
    weight = mt.fs_weights(mt.compare(prep, pairs), params)
    curve = mt.threshold_curve(pairs, weight, world.owner, prep.n_customers,
                               np.linspace(-10, 30, 21))
    assert np.all(np.diff(curve["links"]) <= 0) and np.all(np.diff(curve["recall"]) <= 0)
    assert curve["precision"].iloc[-1] > curve["precision"].iloc[0]


def test_the_model_page_explains_every_parameter():
    doc = (ROOT / "docs" / "model-identity-resolution.md").read_text(encoding="utf-8")
    data = yaml.safe_load(SCENARIO.read_text(encoding="utf-8"))
    missing = [f"{section}.{name}" for section in ("population", "data", "replay", "score")
               for name in data[section] if f"`{name}`" not in doc]
    assert not missing, f"docs/model-identity-resolution.md does not explain {missing}"
