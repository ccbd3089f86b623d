"""Fair ranking with a class seed, and grades.csv for the learning platform.

With a class seed every student runs on their own variant, so a raw score also measures how
lucky the variant was. The class below runs the ISP case with a wide range for the monthly
bill (so variants differ a lot); the three students whose variants drew the smallest bills
hand in doing nothing, the three with the largest the transparent plan. By raw score doing
nothing on a lucky variant beats the transparent plan on an unlucky one; ranked by the
improvement over doing nothing on their own variant, every transparent plan must come first.
The students are picked from the draws themselves (which depend only on the class seed, the
student id and the parameter), so the test does not depend on the model's other numbers.
"""

from __future__ import annotations

import argparse
import shutil

import pandas as pd
import pytest

from casekit import load_scenario
from casekit.attempts import AttemptStore, attempts_file
from casekit.cli import main
from casekit.export import EXPORTERS, GRADE_COLUMNS, MESSAGES, read_answers
from casekit.scenario import scenario_dir
from casekit.tournament import run_tournament

PLANS = scenario_dir() / "isp-overbilling" / "plans"
SETTINGS = {"reps": 3, "seed": 2, "customers": 1500, "class_seed": 7}
BILL = "population.monthly_revenue_mean"
#: The ISP case with variants far apart: the monthly bill drawn from 20 to 1,000.
WIDE = "extends: isp-overbilling\npopulation:\n  monthly_revenue_mean: {range: [20, 1000]}\n"
DO_NOTHING: list[str] = []
TRANSPARENT: list[str] = []


@pytest.fixture(scope="module")
def wide_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("case") / "isp-wide.yaml"
    path.write_text(WIDE, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def scenario(wide_file):
    case = load_scenario(wide_file)
    assert case.id == "isp-overbilling"  # the plans' id: the students answer the same case
    return case


@pytest.fixture(scope="module")
def classroom(tmp_path_factory, scenario, wide_file):
    from casekit.variants import draw_variant
    bills = sorted((draw_variant(scenario, f"s-{i}", SETTINGS["class_seed"]).draws[BILL],
                    f"s-{i}") for i in range(100, 130))
    DO_NOTHING[:] = [sid for _, sid in bills[:3]]      # the luckiest: the smallest bills
    TRANSPARENT[:] = [sid for _, sid in bills[-3:]]    # the unluckiest: the largest
    root = tmp_path_factory.mktemp("grades")
    folder = root / "submissions"
    folder.mkdir()
    for student in DO_NOTHING:
        shutil.copy(PLANS / "do-nothing-cynic.yaml", folder / f"{student}.yaml")
    for student in TRANSPARENT:
        shutil.copy(PLANS / "transparent-rebuild.yaml", folder / f"{student}.yaml")
    result = run_tournament(scenario, folder, out_dir=root / "out", workers=1, progress=False,
                            debrief=False, **SETTINGS)
    return {"root": root, "folder": folder, "result": result, "wide": wide_file}


def test_variant_luck_does_not_rank_doing_nothing_above_the_transparent_plan(classroom):
    board = classroom["result"].leaderboard.set_index("student")
    # the premise: by raw score, a do-nothing plan on a lucky variant beats a transparent one
    assert board.loc[list(DO_NOTHING), "score"].max() > \
        board.loc[list(TRANSPARENT), "score"].min()
    # ranked by improvement over doing nothing on one's own variant, it cannot
    assert classroom["result"].ranked_by == "improvement"
    assert set(classroom["result"].leaderboard["student"].head(3)) == set(TRANSPARENT)
    assert board.loc[list(TRANSPARENT), "rank"].max() < board.loc[list(DO_NOTHING), "rank"].min()
    assert list(classroom["result"].leaderboard["improvement"]) == \
        sorted(classroom["result"].leaderboard["improvement"], reverse=True)


def test_improvement_is_paired_on_each_students_own_variant(classroom):
    result = classroom["result"]
    board = result.leaderboard.set_index("student")
    for student in DO_NOTHING:  # the same plan as its own baseline: exactly nothing gained
        row = board.loc[student]
        assert row["improvement"] == row["improvement_low"] == row["improvement_high"] == 0
        assert row["baseline_score"] == row["score"]
    for student in TRANSPARENT:
        row = board.loc[student]
        assert row["improvement"] == pytest.approx(row["score"] - row["baseline_score"])
        assert row["improvement_low"] < row["improvement"] < row["improvement_high"]
        assert row["improvement_low"] > 0
    # every student has their own baseline: the variants differ
    assert board["baseline_score"].nunique() == len(board)
    columns = list(result.leaderboard.columns)
    at = columns.index("score_high")
    assert columns[at + 1:at + 4] == ["improvement", "improvement_low", "improvement_high"]
    on_disk = pd.read_csv(result.leaderboard_path)
    assert {"score", "improvement", "improvement_low", "improvement_high"} <= set(on_disk)


def test_without_a_class_seed_the_score_ranks_and_improvement_is_against_one_baseline(
        tmp_path, classroom, scenario):
    result = run_tournament(scenario, classroom["folder"], out_dir=tmp_path, workers=1,
                            progress=False, debrief=False,
                            **{**SETTINGS, "class_seed": None})
    board = result.leaderboard
    assert result.ranked_by == "score"
    assert list(board["score"]) == sorted(board["score"], reverse=True)
    assert board["baseline_score"].nunique() == 1
    assert (board["improvement"] - (board["score"] - board["baseline_score"])).abs().max() \
        < 1e-9


@pytest.fixture(scope="module")
def graded(classroom):
    root = classroom["root"]
    folder = classroom["folder"]
    work = root / "server"  # where 'casekit app' ran: the attempts files
    (folder / "aaa-attacker.yaml").write_text(
        f"name: Mine\nscenario: isp-overbilling\nstudent: {TRANSPARENT[0]}\nactions: []\n")
    (folder / "broken.yaml").write_text("name: [unclosed\n")
    store = AttemptStore.for_student(work, "isp-overbilling", TRANSPARENT[0])
    store.set_answer("A", "=HYPERLINK(\"http://x\")")
    store.set_answer("B", "Şeffaf olmak, %5 hatayı düzeltmek.")
    AttemptStore.for_student(work, "isp-overbilling", "s-2000").set_answer("A", "only here")
    damaged = attempts_file(work, "isp-overbilling", TRANSPARENT[1])
    damaged.write_bytes(b"\x00garbage{")
    out = root / "grades.csv"
    code = main(["export", "grades", str(folder), "--out", str(out), "--attempts", str(work),
                 "--scenario", str(classroom["wide"]),
                 "--results", str(root / "out"), "--reps", "3", "--seed", "2",
                 "--customers", "1500", "--class-seed", "7", "--workers", "1"])
    return {"code": code, "table": pd.read_csv(out, keep_default_na=False), "out": out,
            "damaged": damaged}


def test_grades_has_a_row_per_student_with_score_parts_improvement_and_answers(graded):
    assert graded["code"] == 0
    table = graded["table"].set_index("student")
    assert list(graded["table"].columns[:len(GRADE_COLUMNS)]) == list(GRADE_COLUMNS)
    assert {"score_customers_lost", "score_response_cost", "answer_a", "answer_b",
            "note"} <= set(graded["table"].columns)
    assert set(table.index) == {*DO_NOTHING, *TRANSPARENT, "aaa-attacker", "broken", "s-2000"}
    assert table.loc[TRANSPARENT[0], "status"] == "ranked"
    assert table.loc["broken", "status"] == "rejected" and "YAML" in table.loc["broken", "note"]
    assert table.loc["s-2000", "status"] == "no_plan"
    assert table.loc["s-2000", "answer_a"] == "only here"
    assert table.loc[TRANSPARENT[0], "answer_b"] == "Şeffaf olmak, %5 hatayı düzeltmek."
    # a formula from a student never reaches the spreadsheet as a formula
    assert table.loc[TRANSPARENT[0], "answer_a"].startswith("'=")
    # the attacker is graded as themselves, and said who they claimed to be
    assert TRANSPARENT[0] in table.loc["aaa-attacker", "note"]
    assert float(table.loc["aaa-attacker", "improvement"]) == 0
    ranks = graded["table"].loc[graded["table"]["status"] == "ranked", "rank"].astype(int)
    assert sorted(ranks)[0] == 1
    assert set(table.loc[list(TRANSPARENT), "rank"].astype(int)) == {1, 2, 3}


def test_a_damaged_attempts_file_is_noted_and_left_as_it_was(graded):
    table = graded["table"].set_index("student")
    assert "attempts file could not be read" in table.loc[TRANSPARENT[1], "note"]
    assert table.loc[TRANSPARENT[1], "answer_a"] == ""
    assert graded["damaged"].read_bytes() == b"\x00garbage{"


def test_read_answers_never_raises(tmp_path):
    for raw in (b"[]", b"null", b'{"answers": 5}', b'{"answers": {"A": 3, "B": "ok"}}',
                b"\xff\xfe", b"x" * 100):
        path = attempts_file(tmp_path, "isp-overbilling", "s-1")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(raw)
        answers, problem = read_answers(tmp_path, "isp-overbilling", "s-1")
        assert isinstance(answers, dict) and isinstance(problem, str)
    assert answers == {} or set(answers) <= {"A", "B"}
    assert read_answers(tmp_path, "isp-overbilling", "../etc") == ({}, "")


def test_export_is_a_registry_others_extend(monkeypatch, capsys):
    seen = {}

    def add(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--rows", type=int, required=True)

    def run(args: argparse.Namespace) -> int:
        """Write a demo table."""
        seen["rows"] = args.rows
        return 0

    monkeypatch.setitem(EXPORTERS, "demo-table", (add, run))
    assert main(["export", "demo-table", "--rows", "4"]) == 0
    assert seen == {"rows": 4}
    assert main(["export", "no-such-thing"]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_grades_needs_one_scenario_and_says_so_in_one_line(tmp_path, capsys):
    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copy(PLANS / "fix-fast-sms.yaml", folder / "a.yaml")
    (folder / "b.yaml").write_text("name: x\nscenario: dark-horse-cafe\nactions: []\n")
    assert main(["export", "grades", str(folder), "--out", str(tmp_path / "g.csv")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--scenario" in err[0]
    assert main(["export", "grades", str(tmp_path / "none"), "--out", "g.csv"]) == 2
    assert not (tmp_path / "g.csv").exists()
    capsys.readouterr()
    # what the plans name is an id, never a path that would be read as a scenario
    hostile = tmp_path / "hostile"
    hostile.mkdir()
    (hostile / "a.yaml").write_text("name: x\nscenario: /etc/passwd\nactions: []\n")
    assert main(["export", "grades", str(hostile), "--out", str(tmp_path / "g.csv")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no scenario '/etc/passwd'" in err[0]


def test_messages_exist_in_both_languages():
    for texts in MESSAGES.values():
        assert set(texts) == {"en", "tr"} and all(texts.values())
