"""The class tournament over a folder with valid and hostile submissions."""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import numpy as np
import pytest
import yaml

import casekit.tournament.scheduler as tournament_scheduler
from casekit import load_scenario
from casekit.scenario import scenario_dir
from casekit.tournament import collect_submissions, run_tournament, tournament_cli
from casekit.variants import make_variant

CUSTOMERS = 2000
REPS = 2
PLANS = scenario_dir() / "isp-overbilling" / "plans"
_REAL_SIMULATE = tournament_scheduler.simulate_batch


def _plan(name: str) -> dict:
    return yaml.safe_load((PLANS / f"{name}.yaml").read_text(encoding="utf-8"))


def _valid(folder: Path) -> set[str]:
    """Valid submissions; returns the student ids they stand for."""
    (folder / "alice.yaml").write_text(yaml.safe_dump(_plan("fix-fast-sms")))
    (folder / "bob.yml").write_text(yaml.safe_dump(_plan("transparent-rebuild")))
    (folder / "carol.json").write_text(json.dumps(_plan("defensive-denial")))
    dave = _plan("fix-fast-sms")
    dave.update(student="dave", name="Fix fast, human voice")
    dave["actions"][0]["tone"] = "human"
    (folder / "dave.yaml").write_text(yaml.safe_dump(dave))
    return {"alice", "bob", "carol", "dave"}


def _hostile(folder: Path, marker: Path) -> set[str]:
    """Hostile or broken files; returns their names."""
    (folder / "broken.yaml").write_text("name: [unclosed\nactions: {\n")
    unknown = _plan("fix-fast-sms")
    unknown["actions"][0]["colour"] = "red"
    (folder / "unknown-field.yaml").write_text(yaml.safe_dump(unknown))
    (folder / "runs-code.yaml").write_text(
        f"name: !!python/object/apply:os.system ['touch {marker}']\n"
        "scenario: isp-overbilling\nactions: []\n")
    (folder / "huge.yaml").write_text("name: big\nscenario: isp-overbilling\nactions: []\n"
                                      + "# padding\n" * 120_000)
    (folder / "..evil.yaml").write_text(yaml.safe_dump(_plan("fix-fast-sms")))
    other = _plan("fix-fast-sms")
    other["scenario"] = "another-case"
    (folder / "wrong-case.yaml").write_text(yaml.safe_dump(other))
    (folder / "notes.txt").write_text("my plan is in my head")
    (folder / "erin.yaml").write_text("- just\n- a list\n")
    (folder / "link.yaml").symlink_to("/etc/passwd")
    # the file name decides who handed a plan in: alice.yml is alice's second file
    (folder / "alice.yml").write_text(yaml.safe_dump(_plan("defensive-denial")))
    return {"broken.yaml", "unknown-field.yaml", "runs-code.yaml", "huge.yaml",
            "..evil.yaml", "wrong-case.yaml", "notes.txt", "erin.yaml",
            "link.yaml", "alice.yml"}


def _tree(root: Path, skip: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")
            if skip not in p.parents and p != skip}


@pytest.fixture(scope="module")
def scenario():
    return load_scenario("isp-overbilling")


@pytest.fixture(scope="module")
def ran(tmp_path_factory, scenario):
    root = tmp_path_factory.mktemp("class")
    folder = root / "submissions"
    folder.mkdir()
    marker = root / "pwned"
    valid = _valid(folder)
    hostile = _hostile(folder, marker)
    out = root / "out"
    before = _tree(root, out)
    result = run_tournament(scenario, folder, reps=REPS, seed=3, out_dir=out, workers=1,
                            customers=CUSTOMERS, progress=False)
    return {"root": root, "folder": folder, "out": out, "marker": marker, "valid": valid,
            "hostile": hostile, "result": result, "before": before}


def test_every_valid_plan_is_ranked(ran):
    board = ran["result"].leaderboard
    assert set(board["student"]) == ran["valid"]
    assert sorted(board["rank"]) == list(range(1, len(ran["valid"]) + 1))
    assert list(board["score"]) == sorted(board["score"], reverse=True)
    assert (board["reps"] == REPS).all()
    for column in ("score_low", "score_high", "score_customers_lost_low", "churn_rate",
                   "revenue_lost", "cost", "sentiment_final", "negative_posts", "complaints"):
        assert column in board
    assert (board["score_low"] <= board["score"]).all()
    assert (board["score"] <= board["score_high"]).all()
    on_disk = pd.read_csv(ran["out"] / "leaderboard.csv")
    assert set(on_disk["student"]) == ran["valid"]


def test_every_bad_file_is_reported_with_a_reason(ran):
    rejected = ran["result"].rejected
    assert set(rejected["file"]) == ran["hostile"]
    assert rejected["reason"].str.len().min() > 5
    reasons = dict(zip(rejected["file"], rejected["reason"]))
    assert "YAML tag" in reasons["runs-code.yaml"]
    assert "bytes" in reasons["huge.yaml"]
    assert "unknown field" in reasons["unknown-field.yaml"]
    assert "student id" in reasons["..evil.yaml"]
    assert "symbolic link" in reasons["link.yaml"]
    assert "already handed in" in reasons["alice.yml"]
    assert "another-case" in reasons["wrong-case.yaml"]
    on_disk = pd.read_csv(ran["out"] / "rejected.csv")
    assert set(on_disk["file"]) == ran["hostile"]


def test_every_rejection_has_a_code_and_its_reason_in_both_languages(ran):
    from casekit.tournament import REASONS, rejected_table
    result = ran["result"]
    rejected = result.rejected
    assert list(rejected.columns) == ["file", "reason", "code", "reason_tr"]
    assert set(rejected["code"]) <= set(REASONS) and rejected["code"].str.len().min() > 0
    codes = dict(zip(rejected["file"], rejected["code"]))
    assert codes["wrong-case.yaml"] == "wrong_scenario"
    assert codes["alice.yml"] == "duplicate" and codes["link.yaml"] == "symlink"
    assert codes["..evil.yaml"] == "student_id" and codes["notes.txt"] == "not_plan"
    assert codes["broken.yaml"] == "unreadable_line"
    turkish = dict(zip(rejected["file"], rejected["reason_tr"]))
    assert "vakası için yazılmış" in turkish["wrong-case.yaml"]
    assert "zaten 'alice.yaml' dosyasını teslim etti" in turkish["alice.yml"]
    assert "sembolik bağlantı" in turkish["link.yaml"]
    assert "satır" in turkish["broken.yaml"] and "line" not in turkish["broken.yaml"]
    for en, tr in zip(rejected["reason"], rejected["reason_tr"]):
        assert tr and tr != en
    # the instructor's language: the result, the terminal table and the CSV
    assert list(result.rejections("tr")["reason"]) == list(rejected["reason_tr"])
    assert list(result.rejections("en")["reason"]) == list(rejected["reason"])
    table = rejected_table(rejected, "tr")
    assert "sembolik bağlantı" in table and "symbolic link" not in table
    on_disk = pd.read_csv(ran["out"] / "rejected.csv")
    assert list(on_disk.columns) == ["file", "reason", "code", "reason_tr"]


def test_nothing_ran_and_nothing_was_written_outside_out_dir(ran):
    assert not ran["marker"].exists()
    assert _tree(ran["root"], ran["out"]) == ran["before"]
    written = {p.name for p in ran["out"].iterdir()}
    allowed = {"results.sqlite", "results.sqlite-wal", "results.sqlite-shm", "leaderboard.csv",
               "rejected.csv", "references.csv", "phases.csv", "debrief.html"}
    assert written <= allowed
    assert not any("evil" in p.name for p in ran["root"].rglob("*") if p.parent != ran["folder"])
    for up in ("..", "../..", "../../.."):
        assert not (ran["out"] / up / "evil").exists()


def test_references_and_baseline_run_beside_the_class(ran):
    refs = ran["result"].references
    assert "baseline" in set(refs["role"])
    names = set(refs["plan"])
    assert "Fix fast and SMS everyone" in names and "No response (baseline)" in names


def test_common_random_numbers_equal_plans_score_equal(ran):
    # alice handed in the reference plan 'fix-fast-sms': same digest, same stored runs.
    board = ran["result"].leaderboard.set_index("student")
    refs = ran["result"].references.set_index("plan")
    assert board.loc["alice", "score"] == refs.loc["Fix fast and SMS everyone", "score"]


def test_phase_scores_add_up_to_the_score(ran):
    phases = ran["result"].phase_scores
    board = ran["result"].leaderboard.set_index("student")
    for student in ran["valid"]:
        rows = phases[phases["student"] == student].set_index("phase")
        first_day = rows.filter(like="first day", axis=0)["score"].iloc[0]
        later = rows.filter(like="paper bills", axis=0)["score"].iloc[0]
        assert first_day + later == pytest.approx(board.loc[student, "score"], rel=1e-4)


def test_student_results_can_be_opened(ran):
    result = ran["result"]
    assert result.plan("dave").student == "dave"
    per_run = result.per_run("dave")
    assert list(per_run["replication"]) == list(range(REPS))
    hourly = result.hourly("dave")
    assert len(hourly) == REPS * result.scenario.horizon_hours
    assert {"sentiment_mean", "churn_share", "negative_posts", "points"} <= set(hourly.columns)
    churned = hourly.groupby("replication")["churn_share"].max() * result.customers
    assert np.allclose(churned.to_numpy(), per_run["churned_customers"].to_numpy(), atol=0.01)
    # the hourly points add up to the score the replication counts
    points = hourly.groupby("replication")["points"].sum().to_numpy()
    assert np.allclose(points, per_run["score"].to_numpy(), rtol=1e-4, atol=0.05)


def test_debrief_is_one_file_with_its_figures(ran):
    page = (ran["out"] / "debrief.html").read_text(encoding="utf-8")
    assert page.count('<img src="data:image/png;base64,') >= 4
    assert "<script" not in page and "http" not in page
    for section in ("Score distribution", "What separates the top plans",
                    "most instructive failures", "Per-phase scores", "Rejected files"):
        assert section in page


def test_process_pool_and_any_executor_give_identical_results(ran, tmp_path, scenario):
    # Reproducible across processes (as a Dask executor would be).
    with ThreadPoolExecutor(max_workers=2) as pool:
        threaded = run_tournament(scenario, ran["folder"], reps=REPS, seed=3,
                                  out_dir=tmp_path / "t", customers=CUSTOMERS, progress=False,
                                  executor=pool, debrief=False)
    pooled = run_tournament(scenario, ran["folder"], reps=REPS, seed=3, out_dir=tmp_path / "p",
                            customers=CUSTOMERS, progress=False, workers=2, debrief=False)
    expected = ran["result"].leaderboard[["student", "score", "churn_rate"]]
    pd.testing.assert_frame_equal(threaded.leaderboard[["student", "score", "churn_rate"]],
                                  expected)
    pd.testing.assert_frame_equal(pooled.leaderboard[["student", "score", "churn_rate"]],
                                  expected)


def _counting(monkeypatch, stop_after: int | None = None) -> list[tuple]:
    """Count the replications the tournament computes; with ``stop_after``, interrupt it
    (like Ctrl-C) before the batch that would pass that many."""
    calls: list[tuple] = []
    real = _REAL_SIMULATE

    def counted(scenario, plan, seed, replications, customers, keep_final):
        if stop_after is not None and len(calls) + len(replications) > stop_after:
            raise KeyboardInterrupt
        calls.extend((plan.digest, scenario.fingerprint, seed, rep) for rep in replications)
        return real(scenario, plan, seed=seed, replications=replications, customers=customers,
                    keep_final=keep_final)

    monkeypatch.setattr(tournament_scheduler, "simulate_batch", counted)
    return calls


def test_resume_after_an_interruption_computes_nothing_twice(tmp_path, scenario, monkeypatch):
    folder = tmp_path / "subs"
    folder.mkdir()
    _valid(folder)
    out = tmp_path / "out"
    kwargs = dict(reps=3, seed=1, out_dir=out, workers=1, customers=CUSTOMERS, progress=False)
    first = _counting(monkeypatch, stop_after=7)
    with pytest.raises(KeyboardInterrupt):
        run_tournament(scenario, folder, **kwargs)
    assert len(first) == 6  # two plans' batches of three finished, the third was cut off
    with sqlite3.connect(out / "results.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM replications").fetchone()[0] == 6

    second = _counting(monkeypatch)
    result = run_tournament(scenario, folder, **kwargs)
    assert not set(first) & set(second)
    assert len(set(first) | set(second)) == len(first) + len(second)
    assert result.computed == len(second) and result.reused >= 6
    with sqlite3.connect(out / "results.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM replications").fetchone()[0] == \
            len(first) + len(second)

    # A re-run with one new submission computes only that one.
    late = _plan("fix-fast-sms")
    late["actions"][0]["at"] = 9
    (folder / "frank.yaml").write_text(yaml.safe_dump(late))
    third = _counting(monkeypatch)
    result = run_tournament(scenario, folder, **kwargs)
    assert len(third) == 3 and {c[3] for c in third} == {0, 1, 2}
    assert "frank" in set(result.leaderboard["student"])

    # Nothing new: nothing computed.
    fourth = _counting(monkeypatch)
    run_tournament(scenario, folder, **kwargs)
    assert fourth == []


def test_variants_run_each_student_on_their_own_case(tmp_path, scenario):
    folder = tmp_path / "subs"
    folder.mkdir()
    _valid(folder)
    result = run_tournament(scenario, folder, reps=1, seed=0, out_dir=tmp_path / "out",
                            workers=1, customers=CUSTOMERS, class_seed=11, progress=False,
                            debrief=False)
    board = result.leaderboard.set_index("student")
    small = scenario.with_customers(CUSTOMERS)
    for student in ("alice", "dave"):
        assert board.loc[student, "scenario_fingerprint"] == \
            make_variant(small, student, 11).fingerprint
    assert board["scenario_fingerprint"].nunique() == len(board)


def test_collect_refuses_a_missing_folder(tmp_path, scenario):
    from casekit.errors import InputError
    with pytest.raises(InputError):
        collect_submissions(tmp_path / "nope", scenario)


def test_command_line(ran, tmp_path, capsys):
    args = argparse.Namespace(scenario="isp-overbilling", submissions=str(ran["folder"]),
                              reps=REPS, seed=3, out=str(tmp_path / "cli"),
                              customers=CUSTOMERS, workers=1, class_seed=None)
    assert tournament_cli(args) == 0
    printed = capsys.readouterr().out
    assert "runs-code.yaml" in printed and "leaderboard" in printed and "alice" in printed
    args.submissions = str(tmp_path / "missing")
    assert tournament_cli(args) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    args.submissions, args.scenario = str(ran["folder"]), "no-such-case"
    assert tournament_cli(args) == 2
    assert not os.path.exists(tmp_path / "missing")
