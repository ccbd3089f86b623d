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


def test_the_builder_keeps_staffing_by_hour_and_a_channels_own_form() -> None:
    """24 agents' numbers and one channel's own fields survive a load and a rebuild (the
    builder used to keep only the largest number of agents, and one form for all)."""
    from casekit.kinds.service_operations.panels import SettingsBuilder
    scenario = load_service_scenario(path_of("ecommerce-late-order"))
    evening = [0] * 8 + [1] * 10 + [4] * 6
    raw = {"channels": {"phone": {"staff": evening, "hours": [0, 24]},
                        "web_form": {"staff": 2, "acknowledge": True,
                                     "form_fields": ["order_number", "date"]}},
           "form_fields": ["subject"]}
    builder = SettingsBuilder(scenario)
    builder.set_settings(raw)
    assert builder.channel_rows["phone"]["staff_by_hour"].value.startswith("0, 0")
    rebuilt = builder.settings()
    assert rebuilt["channels"]["phone"]["staff"] == evening
    assert rebuilt["channels"]["web_form"]["form_fields"] == ["order_number", "date"]
    assert "form_fields" not in rebuilt["channels"]["twitter"]
    assert rebuilt["form_fields"] == ["subject"]
    small = scenario.with_customers(600)
    mine = plan_settings(builder.plan, scenario)
    assert mine.fields_of("web_form") == ("order_number", "date")
    assert mine.fields_of("phone") == ("subject",)
    a = simulate(small, mine, seed=2).totals
    b = simulate(small, plan_settings({"settings": raw}, scenario), seed=2).totals
    np.testing.assert_equal(a, b)
    # Clearing the hours box goes back to one number of agents every open hour.
    builder.channel_rows["phone"]["staff_by_hour"].value = ""
    builder.channel_rows["phone"]["staff"].value = 3
    assert builder.settings()["channels"]["phone"]["staff"] == 3


def test_the_builder_names_a_person_of_the_chosen_department() -> None:
    from casekit.kinds.service_operations.panels import SettingsBuilder
    scenario = load_service_scenario(path_of("complaint-operations"))
    builder = SettingsBuilder(scenario)
    builder.set_settings({"routing": {"refund": {"department": "finance",
                                                 "assignee": "Elif Yıldız"}}})
    dept, who = builder.routes["refund"]
    assert who.value == "Elif Yıldız"
    assert set(scenario.departments["finance"].people) <= {v for _, v in who.options}
    assert builder.settings()["routing"]["refund"] == {"department": "finance",
                                                       "assignee": "Elif Yıldız"}
    assert builder.plan.settings["routing"]["refund"]["assignee"] == "Elif Yıldız"
    dept.value = "returns"      # she is not in returns: a named person there, in turn
    assert who.value == "named"
    assert "Elif Yıldız" not in {v for _, v in who.options}
    assert "Gül Aksoy" in {v for _, v in who.options}
    builder.set_settings({})
    assert who.value == "inbox"


@pytest.mark.parametrize("typed", ["1, 2, 3", "x" + ", 1" * 23, ", ".join(["600"] * 24)])
def test_a_bad_staffing_by_hour_is_one_line_in_the_page_language(tmp_path: Path,
                                                                 typed: str) -> None:
    from casekit.kinds.service_operations.panels import ServiceBench
    scenario = load_service_scenario(path_of("ecommerce-late-order")).with_customers(600)
    bench = ServiceBench(scenario, workdir=tmp_path, reps=1, language="tr")
    bench.builder.channel_rows["phone"]["staff_by_hour"].value = typed
    assert bench.run() is None
    status = bench.status.value
    assert "settings.channels.phone.staff" in status and "\n" not in status
    assert "24 tam sayı" in status
    assert bench.attempts == []


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
    assert "<li" in bench.notes.value and "journey" in bench.journey.value.lower()
    bench.set_language("tr")
    assert "yolculuğu" in bench.journey.value and "Süreciniz" in bench.builder.labels.value
    bench.run()
    assert len(bench.attempts) == 2
    bench.answers["A"].value = "Staff the phone in the evenings."
    again = ServiceBench(scenario, workdir=tmp_path)
    assert len(again.attempts) == 2  # kept on disk, in the shared attempts file
    assert again.answers["A"].value == "Staff the phone in the evenings."
    assert [a["n"] for a in again.attempts] == [1, 2]


def _labels(widget) -> list[str]:
    return [label for label, _ in widget.options]


def test_the_turkish_page_shows_words_not_keys(tmp_path: Path) -> None:
    """Every choice reads as a word in the page's language; the plan keeps the keys."""
    from casekit.kinds.service_operations.panels import ServiceBench
    scenario = load_service_scenario(path_of("complaint-operations")).with_customers(600)
    bench = ServiceBench(scenario, workdir=tmp_path, reps=1)
    builder = bench.builder
    builder.load_reference(next(iter(builder.references)))
    before = builder.settings()
    bench.set_language("tr")
    assert builder.settings() == before            # relabelling keeps every choice
    dept, who = next(iter(builder.routes.values()))
    shown = (_labels(dept) + _labels(who) + _labels(builder.notice) + _labels(builder.win_back)
             + _labels(next(iter(builder.channel_rows.values()))["days"])
             + _labels(builder.notice_categories))
    keys = set(scenario.departments) | {"inbox", "named", "none", "honest", "optimistic",
                                        "nobody", "dissatisfied", "all_complainants", "all",
                                        "weekdays"} | set(scenario.categories)
    assert not keys & set(shown), keys & set(shown)
    assert "hafta içi" in shown and "adı belli bir kişi" in shown
    assert {scenario.departments[d].label.tr for d in scenario.departments} <= set(shown)
    bench.set_language("en")
    assert "weekdays" in _labels(next(iter(builder.channel_rows.values()))["days"])


def test_the_kpi_report_reads_in_the_page_language(tmp_path: Path) -> None:
    from casekit.kinds.service_operations.panels import ServiceBench
    scenario = load_service_scenario(path_of("ecommerce-late-order")).with_customers(800)
    bench = ServiceBench(scenario, workdir=tmp_path, reps=2, language="tr")
    bench.builder.load_reference("What the competitor did")
    bench.run()
    table = bench.kpi.table.value
    assert "NaN" not in table and "toplam" in table and "2 tekrarın 1." in table
    assert ">distribution<" not in table          # departments by their names, not keys
    assert scenario.departments["distribution"].label.tr in table
    assert "%" in table and not any(f">{x}<" in table for x in ("0.76", "0.16"))
    assert "sorun" in bench.notes.value or "uyarı" in bench.notes.value
    assert ">problem<" not in bench.notes.value and ">warning<" not in bench.notes.value
    assert "Çözülme oranı" in bench.history.value and "resolution_rate" not in \
        bench.history.value
    bench.set_language("en")
    assert "replication 1 of 2" in bench.kpi.table.value and "Done in" in bench.status.value


def test_opening_the_page_records_no_attempt_and_load_says_what_it_did(tmp_path) -> None:
    from casekit.kinds.service_operations.panels import ServiceBench
    scenario = load_service_scenario(path_of("ecommerce-late-order")).with_customers(500)
    bench = ServiceBench(scenario, workdir=tmp_path, reps=1)
    assert bench.run(keep=False) is not None and bench.attempts == []
    assert "starting state run against itself" in bench.status.value
    bench.builder.load._click_handlers(bench.builder.load)     # nothing picked yet
    assert "Pick a reference plan" in bench.builder.message.value
    bench.builder.start_from.value = "What the competitor did"
    bench.builder.load._click_handlers(bench.builder.load)
    assert "Loaded: What the competitor did" in bench.builder.message.value
    assert bench.builder.name.value == "What the competitor did"
    assert bench.builder.channel_rows["phone"]["staff"].value > 0


def test_the_reference_plans_table_follows_the_language(tmp_path: Path) -> None:
    from casekit.kinds.service_operations.panels import ServiceBench
    scenario = load_service_scenario(path_of("ecommerce-late-order")).with_customers(500)
    bench = ServiceBench(scenario, workdir=tmp_path, reps=1)
    table = bench.compare_references()
    assert set(table.index) == set(bench.builder.references)
    # the competitor resolves more than the retailer did, on the same customers
    assert table.loc["What the competitor did", "resolution_rate"] > \
        table.loc["What the retailer did", "resolution_rate"]
    assert "Resolution rate" in bench.references.value and "resolution_rate" not in \
        bench.references.value
    bench.set_language("tr")
    assert "Çözülme oranı" in bench.references.value and "Aynı müşterilerde" in \
        bench.references.value


def test_the_switch_to_turkish_renames_channels_categories_and_plans(tmp_path: Path) -> None:
    """What a browser showed in English on the Turkish page: the channels' and categories'
    names in the builder, the reference plans' names, and the journey's decimals."""
    from casekit.kinds.service_operations.panels import ServiceBench
    scenario = load_service_scenario(path_of("ecommerce-late-order")).with_customers(500)
    bench = ServiceBench(scenario, workdir=tmp_path, reps=1)
    bench.compare_references()
    english = [label.value for label in bench.builder.channel_labels.values()]
    bench.set_language("tr")
    turkish = [label.value for label in bench.builder.channel_labels.values()]
    assert turkish == [f"<b>{c.label.in_('tr')}</b>" for c in scenario.intake.values()]
    assert turkish != english
    assert [x.value for x in bench.builder.category_labels.values()] == \
        [c.label.in_("tr") for c in scenario.categories.values()]
    assert "Rakibin yaptığı" in bench.references.value
    assert "What the competitor did" not in bench.references.value
    assert "Rakibin yaptığı" in dict(bench.builder.start_from.options)
    from casekit.kinds.service_operations.journey import _duration
    assert _duration(29.25, "tr") == "29,2 sa" or _duration(29.25, "tr") == "29,3 sa"
    assert _duration(29.25, "en") in ("29.2 h", "29.3 h")
