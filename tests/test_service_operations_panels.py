"""The service-operations workbench: the builder round-trips a reference plan's settings, a
run fills the KPI report, feedback, the journey and the attempt history, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("ipywidgets", reason="the workbench needs the lab extra")
pytest.importorskip("matplotlib", reason="the workbench draws figures")

import numpy as np

from casekit.kinds import KINDS, register, unregister
from casekit.kinds.service_operations import KIND, simulate
from casekit.kinds.service_operations.schema import (
    load_service_scenario,
    plan_settings,
)

ROOT = Path(__file__).resolve().parents[1]


def path_of(name: str) -> Path:
    path = ROOT / "scenarios" / f"{name}.yaml"
    return path if path.exists() else ROOT / "scenarios" / f"_draft-{name}.yaml"


@pytest.fixture(scope="module", autouse=True)
def registered():
    ours = KIND.name not in KINDS
    if ours:
        register(KIND)
    yield
    if ours:
        unregister(KIND.name)


def test_the_builder_round_trips_every_reference_plan(tmp_path: Path) -> None:
    from casekit.kinds.service_operations.panels import SettingsBuilder
    for case in ("ecommerce-late-order", "complaint-operations"):
        scenario = load_service_scenario(path_of(case))
        small = scenario.with_customers(500)
        builder = SettingsBuilder(scenario)
        for name, plan in builder.references.items():
            builder.load_reference(name)
            rebuilt = builder.plan
            assert rebuilt.name == plan.name
            # The widgets spell out defaults the file leaves out: the same run, bit for bit.
            a = simulate(small, plan_settings(rebuilt, scenario), seed=3).totals
            b = simulate(small, plan_settings(plan, scenario), seed=3).totals
            np.testing.assert_equal(a, b, err_msg=name)


def test_a_bad_value_in_the_builder_is_one_line(tmp_path: Path) -> None:
    from casekit.kinds.service_operations.panels import ServiceBench
    scenario = load_service_scenario(path_of("ecommerce-late-order")).with_customers(600)
    bench = ServiceBench(scenario, workdir=tmp_path, reps=1)
    bench.builder.channel_rows["phone"]["tracking_number"].value = True
    bench.builder.channel_rows["phone"]["acknowledge"].value = False
    assert bench.run() is None
    assert "tracking_number" in bench.status.value and "\n" not in bench.status.value


def test_a_run_fills_every_panel_in_both_languages(tmp_path: Path) -> None:
    from casekit.kinds.service_operations.panels import ServiceBench
    scenario = load_service_scenario(path_of("ecommerce-late-order")).with_customers(800)
    bench = ServiceBench(scenario, workdir=tmp_path, reps=1)
    bench.builder.load_reference("What the competitor did")
    outcome = bench.run()
    assert outcome is not None and outcome.plan.name == "What the competitor did"
    assert "total" in bench.kpi.report.index.get_level_values(1)
    assert len(bench.kpi.images.children) == 3
    assert "<li>" in bench.notes.value and "journey" in bench.journey.value.lower()
    bench.set_language("tr")
    assert "yolculuğu" in bench.journey.value and "Süreciniz" in bench.builder.labels.value
    bench.run()
    assert len(bench.attempts) == 2
    bench.answers["A"].value = "Staff the phone in the evenings."
    again = ServiceBench(scenario, workdir=tmp_path)
    assert len(again.attempts) == 2  # kept on disk, in the shared attempts file
    assert again.answers["A"].value == "Staff the phone in the evenings."
    assert [a["n"] for a in again.attempts] == [1, 2]
