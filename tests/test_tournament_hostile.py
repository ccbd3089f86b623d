"""The tournament against a class of strangers: file names that are not UTF-8, a plan that
claims to be someone else's, absurd numbers, and a main process that is killed."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest
import yaml

from casekit import load_scenario
from casekit.cli import main
from casekit.scenario import scenario_dir
from casekit.tournament import run_tournament
from casekit.tournament.intake import NOTES, collect_submissions, readable_name

PLANS = scenario_dir() / "isp-overbilling" / "plans"
CUSTOMERS = 800


@pytest.fixture(scope="module")
def scenario():
    return load_scenario("isp-overbilling")


def _write_bytes_name(folder: Path, name: bytes, content: bytes) -> None:
    with open(os.path.join(os.fsencode(folder), name), "wb") as handle:
        handle.write(content)


@pytest.fixture(scope="module")
def ran(tmp_path_factory, scenario):
    root = tmp_path_factory.mktemp("hostile")
    folder = root / "submissions"
    folder.mkdir()
    transparent = (PLANS / "transparent-rebuild.yaml").read_bytes()
    # a zip from a Turkish Windows machine: 'şğrenci' in Windows Turkish (cp1254)
    _write_bytes_name(folder, b"\xfe\xf0renci.yaml", (PLANS / "fix-fast-sms.yaml").read_bytes())
    _write_bytes_name(folder, b"\x81\x8d.yaml", transparent)  # neither UTF-8 nor cp1254
    _write_bytes_name(folder, b"bozuk-\xfe\x1b[2J.yaml", b"name: [unclosed\n")
    # impersonation: the attacker's file says it is the victim's
    attacker = yaml.safe_load(transparent)
    attacker["student"] = "victim"
    (folder / "aaa-attacker.yaml").write_text(yaml.safe_dump(attacker), encoding="utf-8")
    shutil.copy(PLANS / "do-nothing-cynic.yaml", folder / "victim.yaml")
    # a plan name that would clear the screen of whoever prints leaderboard.csv
    painter = yaml.safe_load((PLANS / "fix-fast-sms.yaml").read_bytes())
    painter["name"] = "\x1b[2J\x1b[31mred\nplan"
    (folder / "painter.yaml").write_text(yaml.safe_dump(painter), encoding="utf-8")
    climber = yaml.safe_load(transparent)
    climber["student"] = "../../evil"
    (folder / "climber.yaml").write_text(yaml.safe_dump(climber), encoding="utf-8")
    # 400 nines, and infinity, as a time
    for name, at in (("nines.yaml", "9" * 400), ("forever.yaml", ".inf")):
        (folder / name).write_text(f"name: big\nscenario: isp-overbilling\nactions:\n"
                                   f"  - {{at: {at}, channel: sms, audience: everyone, "
                                   f"message: [apology]}}\n", encoding="utf-8")
    out = root / "out"
    result = run_tournament(scenario, folder, reps=2, seed=5, out_dir=out, workers=1,
                            customers=CUSTOMERS, progress=False)
    return {"root": root, "folder": folder, "out": out, "result": result}


def test_a_windows_turkish_file_name_is_read_as_a_student_id(ran):
    board = ran["result"].leaderboard.set_index("student")
    assert "şğrenci" in board.index
    assert board.loc["şğrenci", "file"] == "\\xfe\\xf0renci.yaml"
    assert "not UTF-8" in board.loc["şğrenci", "warning"]
    tr = ran["result"].warnings("tr").set_index("student")
    assert "UTF-8 değil" in tr.loc["şğrenci", "warning"]


def test_names_that_cannot_be_text_are_rejected_and_shown_escaped(ran):
    reasons = dict(zip(ran["result"].rejected["file"], ran["result"].rejected["reason"]))
    assert "neither UTF-8 nor Windows Turkish" in reasons["\\x81\\x8d.yaml"]
    broken = [f for f in reasons if f.startswith("bozuk-")]
    assert broken == ["bozuk-\\xfe\\x1b[2J.yaml"]  # undecodable bytes and controls escaped


def test_every_file_the_tournament_writes_is_valid_utf8(ran):
    for name in ("leaderboard.csv", "rejected.csv", "references.csv", "phases.csv",
                 "debrief.html"):
        (ran["out"] / name).read_bytes().decode("utf-8")  # strict: raises on a surrogate
    page = (ran["out"] / "debrief.html").read_text(encoding="utf-8")
    assert "\x1b" not in page
    for name in ("leaderboard.csv", "rejected.csv"):  # what `cat` would print
        assert b"\x1b" not in (ran["out"] / name).read_bytes(), name
    board = pd.read_csv(ran["out"] / "leaderboard.csv").set_index("student")
    assert board.loc["painter", "plan"] == "\\x1b[2J\\x1b[31mred\nplan"  # a cell's line kept
    on_disk = pd.read_csv(ran["out"] / "rejected.csv")
    assert "\\x81\\x8d.yaml" in set(on_disk["file"])


def test_the_terminal_gets_escaped_text_only(ran, tmp_path, capfd):
    code = main(["tournament", "isp-overbilling", str(ran["folder"]), "--reps", "2", "--seed",
                 "5", "--out", str(tmp_path / "cli"), "--customers", str(CUSTOMERS),
                 "--workers", "1"])
    assert code == 0
    captured = capfd.readouterr()
    for text in (captured.out, captured.err):
        text.encode("utf-8")  # no lone surrogates reached the terminal
        assert "\x1b[2J" not in text
    assert "\\x81\\x8d.yaml" in captured.out


def test_the_file_name_decides_who_handed_a_plan_in(ran):
    result = ran["result"]
    board = result.leaderboard.set_index("student")
    assert {"aaa-attacker", "victim", "climber"} <= set(board.index)
    assert board.loc["victim", "file"] == "victim.yaml"
    assert board.loc["victim", "plan"] == "The cynic (do nothing)"
    assert board.loc["victim", "warning"] == ""
    assert board.loc["aaa-attacker", "plan"].startswith("Root cause")
    assert "'victim'" in board.loc["aaa-attacker", "warning"]
    assert "victim.yaml" not in set(result.rejected["file"])
    assert "'../../evil'" in board.loc["climber", "warning"]
    assert not any("evil" in p.name for p in ran["root"].rglob("*")
                   if p.parent != ran["folder"])


def test_absurd_numbers_are_refused_in_one_line(ran):
    reasons = dict(zip(ran["result"].rejected["file"], ran["result"].rejected["reason"]))
    for name in ("nines.yaml", "forever.yaml"):
        assert "actions.0.at" in reasons[name] or "line" in reasons[name]
        assert "\n" not in reasons[name] and len(reasons[name]) < 300
    assert "400 digits" in reasons["nines.yaml"]


def test_turkish_reasons_say_the_validators_words_in_turkish(ran):
    """rejected.csv's reason_tr and a Turkish debrief quote what the loader and the plan's
    checks found in Turkish, not the English inside a Turkish sentence."""
    on_disk = pd.read_csv(ran["out"] / "rejected.csv").set_index("file")
    for name in ("nines.yaml", "forever.yaml", "bozuk-\\xfe\\x1b[2J.yaml"):
        english, turkish = on_disk.loc[name, "reason"], on_disk.loc[name, "reason_tr"]
        assert "expected" in english
        assert "expected" not in turkish and "bekleniyordu" in turkish, turkish
    assert "400 basamaklı" in on_disk.loc["nines.yaml", "reason_tr"]
    assert "sonsuz" in on_disk.loc["forever.yaml", "reason_tr"]
    shown = ran["result"].rejections("tr").set_index("file")  # what the debrief shows
    assert shown.loc["nines.yaml", "reason"] == on_disk.loc["nines.yaml", "reason_tr"]


def test_collect_submissions_on_names_alone(tmp_path, scenario):
    plan = (PLANS / "fix-fast-sms.yaml").read_bytes()
    _write_bytes_name(tmp_path, b"ali\xe7.yaml", plan)
    (tmp_path / "Aliç.yaml").write_bytes(plan)
    (tmp_path / "Ayc\u0327a.yaml").write_bytes(plan)  # 'Ayça' as a Mac writes it (NFD)
    accepted, rejected = collect_submissions(tmp_path, scenario)
    # the same student twice (ç in cp1254 is \xe7): the second by name is refused
    assert [s.student for s in accepted] == ["Aliç", "Ayça"]
    assert accepted[1].student == "Ay\u00e7a"  # one form (NFC), as casekit variant is given
    assert len(rejected) == 1 and "already handed in" in rejected[0].reason
    assert readable_name("plain.yaml") == "plain.yaml"
    assert set(NOTES) == {"student_field", "not_utf8"}
    assert all(set(t) == {"en", "tr"} for t in NOTES.values())


# -- the main process dies: its workers die with it -------------------------------------------

psutil = pytest.importorskip("psutil", reason="psutil (installed with the 'lab' extra) "
                                              "finds the pool's worker processes")

_LONG_RUN = """
import sys
from casekit.cli import main
sys.exit(main(["tournament", "isp-overbilling", sys.argv[1], "--reps", "60", "--seed", "1",
               "--out", sys.argv[2], "--customers", "60000", "--workers", "2"]))
"""


def _start(tmp_path: Path) -> subprocess.Popen:
    folder = tmp_path / "subs"
    folder.mkdir()
    for student, plan in (("ayse", "fix-fast-sms"), ("mehmet", "transparent-rebuild")):
        shutil.copy(PLANS / f"{plan}.yaml", folder / f"{student}.yaml")
    script = tmp_path / "long_run.py"
    script.write_text(textwrap.dedent(_LONG_RUN))
    return subprocess.Popen([sys.executable, str(script), str(folder), str(tmp_path / "out")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            cwd=Path(__file__).resolve().parent.parent)


def _workers(proc: subprocess.Popen, count: int = 2, seconds: float = 90) -> list:
    """The pool's worker processes once ``count`` of them are running."""
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        children = [c for c in parent.children(recursive=True)
                    if c.status() != psutil.STATUS_ZOMBIE]
        if len(children) >= count:
            time.sleep(1.0)  # let them start on their batches
            return parent.children(recursive=True)
        assert proc.poll() is None, "the tournament ended before its pool started"
        time.sleep(0.1)
    pytest.fail("the pool's workers did not start")


def _ended(workers: list, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        alive = []
        for worker in workers:
            try:
                if worker.status() != psutil.STATUS_ZOMBIE:
                    alive.append(worker)
            except psutil.NoSuchProcess:
                pass
        if not alive:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_killing_the_main_process_ends_its_workers(tmp_path, how):
    proc = _start(tmp_path)
    workers: list = []
    try:
        workers = _workers(proc)
        started = time.monotonic()
        os.kill(proc.pid, how)
        proc.wait(timeout=10)
        assert _ended(workers, seconds=5), "a worker outlived the tournament"
        assert time.monotonic() - started < 6
    finally:
        _clean_up(proc, workers)


def _clean_up(proc: subprocess.Popen, workers: list) -> None:
    """Whatever a failed test left running (only the processes this test started)."""
    if proc.poll() is None:
        proc.kill()
        proc.wait()
    for worker in workers:
        try:
            worker.kill()
        except psutil.NoSuchProcess:
            pass


def test_ctrl_c_stops_the_workers_at_once(tmp_path):
    proc = _start(tmp_path)
    workers: list = []
    try:
        workers = _workers(proc)
        started = time.monotonic()
        os.kill(proc.pid, signal.SIGINT)
        assert proc.wait(timeout=20) == 130
        assert _ended(workers, seconds=5)
        assert time.monotonic() - started < 15
    finally:
        _clean_up(proc, workers)


def test_the_tournament_commands_own_errors_are_one_line_in_its_language(tmp_path, capsys):
    """No folder, an --out that cannot be made, an unknown scenario: one line each, in the
    language asked for, never a traceback."""
    (tmp_path / "plans").mkdir()
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    cases = {"nofolder": ["isp-overbilling", str(tmp_path / "missing"), "--out",
                          str(tmp_path / "o")],
             "out": ["isp-overbilling", str(tmp_path / "plans"), "--out",
                     str(tmp_path / "a-file" / "o")],
             "scenario": ["no-such-case", str(tmp_path / "plans"), "--out",
                          str(tmp_path / "o")]}
    said = {}
    for lang in ("en", "tr"):
        for what, args in cases.items():
            assert main(["tournament", *args, "--lang", lang, "--reps", "1"]) == 2
            err = capsys.readouterr().err.strip().splitlines()
            assert len(err) == 1 and err[0].startswith("casekit: "), err
            said[what, lang] = err[0]
    assert "expected a folder of plan files" in said["nofolder", "en"]
    assert "plan dosyalarından oluşan bir klasör bekleniyordu" in said["nofolder", "tr"]
    assert "--out: cannot write the results there" in said["out", "en"]
    assert "--out: sonuçlar buraya yazılamıyor" in said["out", "tr"]
    assert "no such scenario" in said["scenario", "en"]
    assert "böyle bir vaka yok" in said["scenario", "tr"]
    assert not any("expected" in said[what, "tr"] for what in cases)


def test_export_grades_errors_follow_its_language(tmp_path, capsys):
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copy(PLANS / "fix-fast-sms.yaml", folder / "a.yaml")
    (folder / "b.yaml").write_text("name: x\nscenario: isp-vat-display\nactions: []\n",
                                   encoding="utf-8")
    for lang, words in (("en", ("expected a folder of plan files", "the plans name 2")),
                        ("tr", ("plan dosyalarından oluşan bir klasör", "planlar 2 vaka"))):
        for target, word in ((tmp_path / "missing", words[0]), (folder, words[1])):
            code = main(["export", "grades", str(target), "--out", str(tmp_path / "g.csv"),
                         "--lang", lang])
            err = capsys.readouterr().err.strip().splitlines()
            assert code == 2 and len(err) == 1 and word in err[0], err
