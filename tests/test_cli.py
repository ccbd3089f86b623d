"""The command line: a thin shell over the API, one JSON object for machines, one line and
status 2 for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from casekit.cli import main
from casekit.outcomes import HEADLINE_METRICS
from casekit.plan import load_plan
from casekit.scenario import load_scenario, scenario_dir

PLANS = scenario_dir() / "isp-overbilling" / "plans"
REBUILD = PLANS / "transparent-rebuild.yaml"
CASEKIT = Path(sys.executable).with_name("casekit")
JSON_KEYS = {"scenario", "plan", "seed", "reps", "customers", "metrics"}
METRICS = {"churn_rate", "churned_customers", "revenue_lost", "cost", "sentiment_final",
           "negative_posts", "complaints", "score"}


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_scenarios_lists_the_isp_case_with_its_titles(capsys) -> None:
    code, out, err = run_cli(capsys, "scenarios")
    assert code == 0 and err == ""
    title = load_scenario("isp-overbilling").title
    lines = out.splitlines()
    [row] = [i for i, line in enumerate(lines) if line.split()[:1] == ["isp-overbilling"]]
    assert title.en in lines[row]
    assert title.tr in lines[row + 1]


def test_run_prints_a_human_table(capsys) -> None:
    code, out, err = run_cli(capsys, "run", "isp-overbilling", "--plan", str(REBUILD),
                             "--seed", "3", "--reps", "2", "--customers", "600")
    assert code == 0 and err == ""
    assert load_scenario("isp-overbilling").title.en in out
    assert f"Plan: {load_plan(REBUILD).name}" in out
    assert "seed 3, 2 reps, 600 customers" in out
    for label in ("Customers lost", "Response cost", "Score (higher is better)",
                  "95% interval", "Complaint load", "Against doing nothing", "thousands of TL"):
        assert label in out
    assert " TL" in out  # money carries the scenario's currency


def test_run_in_turkish(capsys) -> None:
    code, out, _ = run_cli(capsys, "run", "isp-overbilling", "--reps", "1", "--customers",
                           "500", "--lang", "tr")
    assert code == 0
    assert load_scenario("isp-overbilling").title.tr in out and "Kaybedilen müşteri" in out


def test_run_json_is_one_object_with_every_headline_metric(capsys) -> None:
    code, out, err = run_cli(capsys, "run", "isp-overbilling", "--plan", str(REBUILD),
                             "--seed", "2", "--reps", "3", "--customers", "700", "--json")
    assert code == 0 and err == ""
    assert out.count("\n") == 1 and out.endswith("\n")
    result = json.loads(out)
    assert JSON_KEYS <= set(result)
    assert (result["scenario"], result["seed"], result["reps"], result["customers"]) == \
        ("isp-overbilling", 2, 3, 700)
    assert result["plan"] == load_plan(REBUILD).name
    assert set(result["metrics"]) == METRICS == set(HEADLINE_METRICS)
    for name, metric in result["metrics"].items():
        assert set(metric) == {"mean", "ci95"}, name
        low, high = metric["ci95"]
        assert low <= metric["mean"] <= high, name
    metrics = result["metrics"]
    assert metrics["cost"]["mean"] > 0           # this plan spends money
    assert metrics["score"]["mean"] < 0          # every crisis costs something
    assert -1 <= metrics["sentiment_final"]["mean"] <= 1


def test_customers_option_is_honoured(capsys) -> None:
    results = {}
    for customers in ("500", "1500"):
        code, out, _ = run_cli(capsys, "run", "isp-overbilling", "--reps", "2", "--seed", "4",
                               "--customers", customers, "--json")
        assert code == 0
        results[int(customers)] = json.loads(out)
    for customers, result in results.items():
        assert result["customers"] == customers
        metrics = result["metrics"]
        # the churn rate is churned customers over the population actually simulated
        assert metrics["churn_rate"]["mean"] * customers == \
            pytest.approx(metrics["churned_customers"]["mean"])
        assert 0 <= metrics["churned_customers"]["mean"] <= customers
    assert results[1500]["metrics"]["complaints"]["mean"] > \
        results[500]["metrics"]["complaints"]["mean"]


def test_baseline_when_no_plan_is_given(capsys) -> None:
    code, out, _ = run_cli(capsys, "run", "isp-overbilling", "--reps", "1", "--customers",
                           "500", "--json")
    result = json.loads(out)
    assert code == 0 and result["plan"] == "No response (baseline)"
    assert result["metrics"]["cost"] == {"mean": 0.0, "ci95": [0.0, 0.0]}


def test_validate_accepts_good_files(capsys) -> None:
    scenario_file = scenario_dir() / "isp-overbilling.yaml"
    code, out, err = run_cli(capsys, "validate", str(REBUILD), str(scenario_file))
    assert code == 0 and err == ""
    # One line per file; the plan's notes (why an action is early) follow it, indented.
    notes = [line for line in out.splitlines() if line.startswith(" ")]
    lines = [line for line in out.splitlines() if not line.startswith(" ")]
    assert len(lines) == 2 and all(line.startswith("ok") for line in lines)
    assert any("refunds can run only from hour 12" in note for note in notes)
    assert "transparent-rebuild.yaml" in lines[0]
    assert f"{len(load_plan(REBUILD).actions)} actions" in lines[0]
    assert "scenario isp-overbilling v1" in lines[1]


def test_validate_reports_each_bad_file_on_one_line(tmp_path: Path, capsys) -> None:
    bad_plan = tmp_path / "bad-plan.yaml"
    bad_plan.write_text("name: x\nscenario: isp-overbilling\nactions:\n"
                        "  - {at: 1, channel: telegram, audience: everyone, message: [apology]}\n")
    foreign = tmp_path / "foreign.yaml"
    foreign.write_text("name: x\nscenario: airline-delay\nactions: []\n")
    bad_scenario = tmp_path / "bad-scenario.yaml"
    bad_scenario.write_text("extends: isp-overbilling\nid: x\nhorizon_hours: -5\n")
    code, out, err = run_cli(capsys, "validate", str(bad_plan), str(REBUILD), str(foreign),
                             str(bad_scenario))
    assert code == 2
    files = [line for line in out.splitlines() if not line.startswith(" ")]
    assert files[0].startswith("ok") and len(files) == 1
    errors = err.splitlines()
    assert len(errors) == 3
    assert errors[0].startswith(f"casekit: {bad_plan}: actions.0.channel: ")
    assert errors[1].startswith(f"casekit: {foreign}: scenario: ")
    assert errors[2].startswith(f"casekit: {bad_scenario}: horizon_hours: ")


BAD_PLANS = {
    "malformed.yaml": "name: [unclosed\nscenario: isp-overbilling\n",
    "unknown-channel.yaml": ("name: x\nscenario: isp-overbilling\nactions:\n"
                             "  - {at: 1, channel: telegram, audience: everyone, "
                             "message: [apology]}\n"),
    "late.yaml": ("name: x\nscenario: isp-overbilling\nactions:\n"
                  "  - {at: 15d, channel: sms, audience: everyone, message: [apology]}\n"),
    "syntax.json": '{"name": "x", "scenario": "isp-overbilling", "actions": [}',
}


@pytest.mark.parametrize("args, expected", [
    (["run", "no-such-case"], "no-such-case: no such scenario"),
    (["run", "isp-overbilling", "--plan", "{tmp}/absent.yaml"], "{tmp}/absent.yaml: cannot be"),
    (["run", "isp-overbilling", "--plan", "{tmp}/malformed.yaml"],
     "{tmp}/malformed.yaml: line 2: invalid YAML"),
    (["run", "isp-overbilling", "--plan", "{tmp}/unknown-channel.yaml"],
     "{tmp}/unknown-channel.yaml: actions.0.channel: unknown channel 'telegram'"),
    (["run", "isp-overbilling", "--plan", "{tmp}/late.yaml"],
     "{tmp}/late.yaml: actions.0.at: 360h is beyond the 336h horizon"),
    (["run", "isp-overbilling", "--plan", "{tmp}/syntax.json"],
     "{tmp}/syntax.json: line 1: invalid JSON"),
    (["run", "isp-overbilling", "--reps", "0"], "--reps"),
    (["run", "isp-overbilling", "--seed", "-1"], "--seed"),
    (["run", "isp-overbilling", "--seed", "seven"], "--seed"),
    (["run", "isp-overbilling", "--customers", "0"], "--customers"),
    (["run"], "scenario"),
    (["explode"], "invalid choice"),
    (["validate", "{tmp}/absent.yaml"], "{tmp}/absent.yaml: cannot be read"),
], ids=["unknown-scenario", "missing-plan", "malformed-plan", "unknown-channel",
        "past-horizon", "json-syntax", "reps-0", "seed-negative", "seed-word", "customers-0",
        "no-scenario", "unknown-command", "validate-missing"])
def test_bad_input_exits_2_with_one_line(tmp_path: Path, capsys, args: list[str],
                                         expected: str) -> None:
    for name, text in BAD_PLANS.items():
        (tmp_path / name).write_text(text)
    code, out, err = run_cli(capsys, *(a.format(tmp=tmp_path) for a in args))
    assert code == 2
    assert out == ""
    assert err.endswith("\n") and err.count("\n") == 1
    assert err.startswith("casekit: ")
    assert expected.format(tmp=tmp_path) in err
    assert "Traceback" not in err


def test_the_installed_entry_point(tmp_path: Path) -> None:
    """The real `casekit` script: exit status, streams and no traceback."""
    if not CASEKIT.exists():
        pytest.skip(f"no casekit entry point beside {sys.executable}")
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD_PLANS["unknown-channel.yaml"])
    good = subprocess.Popen([str(CASEKIT), "scenarios"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    failing = subprocess.Popen([str(CASEKIT), "run", "isp-overbilling", "--plan", str(bad)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = good.communicate(timeout=120)
    assert good.returncode == 0 and err == ""
    title = load_scenario("isp-overbilling").title.en
    assert any(line.startswith("isp-overbilling") and title in line
               for line in out.splitlines())
    out, err = failing.communicate(timeout=120)
    assert failing.returncode == 2 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"casekit: {bad}: actions.0.channel: unknown channel 'telegram'")
