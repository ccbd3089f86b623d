"""casekit.attempts: each student's attempts and answers, per student, merged, never lost."""

from __future__ import annotations

import errno
import json
import math
import multiprocessing
import sys
from pathlib import Path

import pytest

from casekit.attempts import (
    AttemptStore,
    StudentIdError,
    attempts_file,
    check_student,
    student_from_page,
    student_from_variant,
)

SCENARIO = "isp-overbilling"


def record(score: float = 1.0, name: str = "mine") -> dict:
    return {"plan": {"name": name, "scenario": SCENARIO, "actions": []},
            "metrics": {"score": [score, score - 1, score + 1]},
            "baseline": {"score": [0.0, -1.0, 1.0]}}


def store(tmp_path: Path, student: str | None = "s-1024") -> AttemptStore:
    return AttemptStore.for_student(tmp_path, SCENARIO, student)


# -- student ids -----------------------------------------------------------------------------

@pytest.mark.parametrize("bad", ["", "   ", "../victim", "/etc/passwd", "a/b", "a\\b", "x..y",
                                 ".hidden", "_x", "a\nb", "a\x1b[2J", "x" * 101, "a:b",
                                 "s%2F"])
def test_a_student_id_never_names_a_path(tmp_path, bad):
    with pytest.raises(StudentIdError) as info:
        attempts_file(tmp_path, SCENARIO, bad)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("good", ["s-1024", "Ayşe Yılmaz", "ayse.yilmaz@uni.edu.tr", "İbrahim",
                                  "con", "NUL", "a+b"])
def test_usable_ids_stay_inside_their_folder(tmp_path, good):
    path = attempts_file(tmp_path, SCENARIO, good)
    folder = (tmp_path / "casekit-attempts" / SCENARIO).resolve()
    assert path.resolve().parent == folder
    assert path.name.startswith("student-") and path.suffix == ".json"


def test_ids_differing_in_case_or_spacing_are_one_student(tmp_path):
    assert check_student("  Ayşe   Yılmaz ") == "Ayşe Yılmaz"
    assert attempts_file(tmp_path, SCENARIO, "AYŞE yılmaz") == \
        attempts_file(tmp_path, SCENARIO, "ayşe yılmaz")
    assert attempts_file(tmp_path, SCENARIO, "a b") != attempts_file(tmp_path, SCENARIO, "a_b")


def test_student_from_the_page_address_and_from_a_variant(tmp_path):
    assert student_from_page("student=s-1024&lang=tr") == "s-1024"
    assert student_from_page("?student=..%2Fvictim") is None
    assert student_from_page("") is None
    variant = tmp_path / "mine.yaml"
    variant.write_text("# casekit variant of isp-overbilling v1\n# student: s-77\n"
                       "# class seed: 3\nid: isp-overbilling\n", encoding="utf-8")
    assert student_from_variant(variant) == "s-77"
    assert student_from_variant(tmp_path / "missing.yaml") is None


# -- one student's work is theirs ---------------------------------------------------------

def test_each_student_sees_only_their_own_attempts(tmp_path):
    alice, bob = store(tmp_path, "alice"), store(tmp_path, "bob")
    alice.append(record(5.0, "alice's plan"))
    alice.set_answer("A", "alice's answer")
    bob.append(record(1.0, "bob's plan"))
    assert [a["plan"]["name"] for a in store(tmp_path, "alice").attempts] == ["alice's plan"]
    fresh_bob = store(tmp_path, "bob")
    assert [a["plan"]["name"] for a in fresh_bob.attempts] == ["bob's plan"]
    assert fresh_bob.answers["A"] == ""
    assert "alice" not in alice.path.with_name("student-bob.json").read_text()


def test_attempts_and_answers_survive_a_restart(tmp_path):
    first = store(tmp_path)
    first.append(record(3.0))
    first.append(record(4.0))
    first.set_answer("B", "Sms first.")
    again = store(tmp_path)
    assert [a["n"] for a in again.attempts] == [1, 2]
    assert again.attempts[1]["metrics"]["score"] == [4.0, 3.0, 5.0]
    assert again.answers == {"A": "", "B": "Sms first."}
    assert again.notice() is None


def test_opening_a_store_writes_nothing(tmp_path):
    store(tmp_path)
    assert not (tmp_path / "casekit-attempts").exists()


def test_a_metric_with_no_data_is_kept_as_null_in_strict_json(tmp_path):
    s = store(tmp_path)
    s.append({**record(), "metrics": {"score": [float("nan"), 0.0, float("inf")]}})
    data = json.loads(s.path.read_text(encoding="utf-8"))  # strict JSON: no NaN tokens
    assert data["attempts"][0]["metrics"]["score"] == [None, 0.0, None]
    low, mid, high = store(tmp_path).attempts[0]["metrics"]["score"]  # read back as NaN
    assert math.isnan(low) and mid == 0.0 and math.isnan(high)


# -- two tabs of one student ------------------------------------------------------------------

def test_two_tabs_both_keep_their_attempts_numbered_in_order(tmp_path):
    tab1, tab2 = store(tmp_path), store(tmp_path)
    one = tab1.append(record(1.0))
    two = tab2.append(record(2.0))      # tab 2 never saw tab 1's attempt
    three = tab1.append(record(3.0))
    assert (one["n"], two["n"], three["n"]) == (1, 2, 3)
    assert [a["metrics"]["score"][0] for a in store(tmp_path).attempts] == [1.0, 2.0, 3.0]
    tab2.save()
    assert [a["n"] for a in tab2.attempts] == [1, 2, 3]


def test_two_tabs_answers_merge_and_an_overwritten_one_is_kept(tmp_path):
    tab1, tab2 = store(tmp_path), store(tmp_path)
    tab1.set_answer("A", "from tab 1")
    tab2.set_answer("B", "from tab 2")
    assert store(tmp_path).answers == {"A": "from tab 1", "B": "from tab 2"}
    tab2.set_answer("A", "tab 2 rewrote A")   # tab 2 never saw tab 1's A
    final = store(tmp_path)
    assert final.answers["A"] == "tab 2 rewrote A"
    assert [r["text"] for r in final.replaced_answers] == ["from tab 1"]


def test_a_record_changed_after_it_was_added_is_saved(tmp_path):
    """The café page adds its own numbers to the attempt it just added, then saves."""
    s = store(tmp_path)
    entry = s.append(record())
    entry["cafe"] = {"regulars_lost": [2.0]}
    s.save()
    assert store(tmp_path).attempts[0]["cafe"] == {"regulars_lost": [2.0]}


def _writer(folder: str, tag: str, count: int) -> None:
    s = AttemptStore.for_student(folder, SCENARIO, "s-1024")
    for i in range(count):
        s.append(record(float(i), f"{tag}-{i}"))
        s.set_answer(tag, f"{tag} answer {i}")


@pytest.mark.skipif(sys.platform == "win32", reason="fork start method")
def test_two_writer_processes_lose_nothing(tmp_path):
    context = multiprocessing.get_context("fork")
    count = 25
    writers = [context.Process(target=_writer, args=(str(tmp_path), tag, count))
               for tag in ("A", "B")]
    for p in writers:
        p.start()
    for p in writers:
        p.join(60)
        assert p.exitcode == 0
    final = store(tmp_path)
    names = sorted(a["plan"]["name"] for a in final.attempts)
    assert names == sorted(f"{t}-{i}" for t in "AB" for i in range(count))
    assert [a["n"] for a in final.attempts] == list(range(1, 2 * count + 1))
    assert final.answers == {"A": f"A answer {count - 1}", "B": f"B answer {count - 1}"}
    for tag in "AB":  # each writer's own attempts are in the order it made them
        mine = [int(a["plan"]["name"].split("-")[1]) for a in final.attempts
                if a["plan"]["name"].startswith(tag)]
        assert mine == list(range(count))


# -- damaged files ---------------------------------------------------------------------------

GOOD = {"n": 4, "plan": {"name": "kept", "actions": []}, "metrics": {"score": [1, 0, 2]}}


@pytest.mark.parametrize("content, kept", [
    (b"\x00\xffgarbage", 0),
    (b'{"attempts": [{"n": 1, "plan"', 0),           # cut off mid-write
    (b"[]", 0),
    (b"null", 0),
    (b'{"attempts": 5}', 0),
    (b'{"attempts": [{"plan": {"name": "no n", "actions": []}}, ' +
     json.dumps(GOOD).encode() + b"]}", 1),
    (b'{"attempts": [{"n": "<img src=x onerror=alert(1)>", "plan": {"name": "x", ' +
     b'"actions": []}}]}', 0),
    (b'{"attempts": [{"n": 1, "plan": {"name": "x", "actions": []}, "metrics": 7}]}', 0),
    (b'{"scenario": "dark-horse-cafe", "attempts": []}', 0),
    (b'{"attempts": [], "answers": {"A": 5, "B": "kept"}}', 0),
    (b'{"attempts": [], "attempts": []}', 0),          # a key written twice
])
def test_a_damaged_file_is_backed_up_the_student_told_and_work_goes_on(tmp_path, content, kept):
    path = attempts_file(tmp_path, SCENARIO, "s-1024")
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    s = store(tmp_path)
    assert len(s.attempts) == kept
    backup = path.with_name("student-s-1024.damaged-1.json")
    assert backup.read_bytes() == content
    for language in ("en", "tr"):
        line = s.notice().text(language)
        assert "\n" not in line and backup.name in line
    assert "kept as" in s.notice().text("en") and "saklandı" in s.notice().text("tr")
    added = s.append(record())
    assert added["n"] == (GOOD["n"] + 1 if kept else 1)
    again = store(tmp_path)
    assert len(again.attempts) == kept + 1 and again.notice() is None


def test_every_backup_is_kept(tmp_path):
    path = attempts_file(tmp_path, SCENARIO, "s-1024")
    path.parent.mkdir(parents=True)
    for i, junk in enumerate((b"first damage", b"[]", b"third"), start=1):
        path.write_bytes(junk)
        store(tmp_path)
        assert path.with_name(f"student-s-1024.damaged-{i}.json").read_bytes() == junk
    assert len(list(path.parent.glob("*.damaged-*.json"))) == 3


def test_an_older_file_without_ids_is_read_and_merged(tmp_path):
    path = attempts_file(tmp_path, SCENARIO, None)
    path.write_text(json.dumps({"format": 1, "scenario": SCENARIO, "attempts": [GOOD],
                                "answers": {"A": "old"}}), encoding="utf-8")
    tab1 = AttemptStore(path, SCENARIO)
    tab2 = AttemptStore(path, SCENARIO)
    assert tab1.attempts[0]["id"] == tab2.attempts[0]["id"]
    tab1.append(record())
    tab2.append(record())
    final = AttemptStore(path, SCENARIO)
    assert [a["n"] for a in final.attempts] == [4, 5, 6] and final.answers["A"] == "old"


# -- full or read-only disks ---------------------------------------------------------------

@pytest.mark.parametrize("code, words", [(errno.ENOSPC, ("disk is full", "disk dolu")),
                                         (errno.EROFS, ("cannot be written", "yazılamıyor")),
                                         (errno.EIO, ("system said", "sistem yanıtı"))])
def test_a_disk_that_cannot_be_written_never_raises_and_nothing_is_lost(tmp_path, monkeypatch,
                                                                        code, words):
    s = store(tmp_path)
    s.append(record(1.0))

    def fail(*args, **kwargs):
        raise OSError(code, "simulated")
    monkeypatch.setattr("casekit.attempts._write_atomic", fail)
    second = s.append(record(2.0))
    assert s.set_answer("A", "typed while the disk was full") is False
    assert second["n"] == 2 and len(s.attempts) == 2 and not s.saved
    assert words[0] in s.notice().text("en") and words[1] in s.notice().text("tr")
    assert len(store(tmp_path).attempts) == 1       # only the first reached the disk
    monkeypatch.undo()
    assert s.save() is True and s.notice() is None
    final = store(tmp_path)
    assert [a["n"] for a in final.attempts] == [1, 2]
    assert final.answers["A"] == "typed while the disk was full"


def test_a_folder_that_cannot_be_created_never_raises(tmp_path):
    blocker = tmp_path / "casekit-attempts"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    s = store(tmp_path)
    assert s.append(record())["n"] == 1
    assert s.set_answer("A", "kept in memory") is False
    assert s.answers["A"] == "kept in memory" and s.notice().key == "not_saved"


# -- a served page ----------------------------------------------------------------------------

def test_a_fresh_page_session_sees_nobody_elses_work(tmp_path, monkeypatch):
    from casekit.ui.history import AttemptHistory
    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5")
    monkeypatch.delenv("QUERY_STRING", raising=False)
    monkeypatch.delenv("CASEKIT_SCENARIO", raising=False)
    shared = tmp_path / f"{SCENARIO}.casekit-attempts.json"
    shared.write_text(json.dumps({"attempts": [GOOD], "answers": {"A": "someone else"}}),
                      encoding="utf-8")
    first = AttemptHistory(shared, SCENARIO)
    assert first.attempts == [] and first.answers["A"] == ""
    assert first.anonymous and first.notice().key == "ask_student"
    first.append(record(7.0))
    first.set_answer("A", "before my id")
    second = AttemptHistory(shared, SCENARIO)      # another browser, same server
    assert second.attempts == [] and second.answers["A"] == ""
    session = first.path
    first.use_student("s-1024")
    assert not session.exists()
    me = store(tmp_path)
    assert [a["metrics"]["score"][0] for a in me.attempts] == [7.0]
    assert me.answers["A"] == "before my id"
    first.use_student("s-2048")                   # the next student at this machine
    assert first.attempts == [] and first.answers["A"] == ""


def test_a_page_address_with_a_student_opens_their_file(tmp_path, monkeypatch):
    from casekit.ui.history import AttemptHistory
    store(tmp_path).append(record(9.0))
    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5")
    monkeypatch.setenv("QUERY_STRING", "student=S-1024")
    page = AttemptHistory(tmp_path / "ignored.json", SCENARIO)
    assert page.student == "S-1024" and len(page.attempts) == 1


# -- the history table on the page -----------------------------------------------------------

ATTACK = "<img src=x onerror=alert(1)>"


def test_the_history_table_escapes_every_value_from_the_file(tmp_path):
    pytest.importorskip("ipywidgets")
    from casekit import load_scenario
    from casekit.ui.history import AttemptHistory, HistoryPanel
    history = AttemptHistory(tmp_path / "x.json", SCENARIO, page=False)
    panel = HistoryPanel(history, load_scenario(SCENARIO))
    attempt = {"n": ATTACK, "plan": {"name": ATTACK, "actions": [ATTACK]},
               "metrics": {"score": [ATTACK], "cost": ["1e9"]},
               "baseline": {"score": [f"<b>{ATTACK}"]}}
    html = panel._table([attempt])
    assert "<img" not in html and "<b><img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html       # the name, shown as text
    assert "1e9" not in html                                  # a number as text: a dash


def test_a_hand_edited_attempt_number_never_reaches_the_page(tmp_path):
    pytest.importorskip("ipywidgets")
    from casekit import load_scenario
    from casekit.ui.history import AttemptHistory, HistoryPanel
    path = tmp_path / f"{SCENARIO}.casekit-attempts.json"
    path.write_text(json.dumps({"attempts": [{**GOOD, "n": ATTACK}, GOOD]}), encoding="utf-8")
    history = AttemptHistory(path, SCENARIO, page=False)
    panel = HistoryPanel(history, load_scenario(SCENARIO), "tr")
    assert [a["n"] for a in history.attempts] == [4]
    assert "<img" not in panel.table.value and "#4" in panel.table.value
    assert "saklandı" in panel.notice.value and "damaged-1" in panel.notice.value


def test_the_page_asks_for_a_student_id_and_switches_to_it(tmp_path):
    pytest.importorskip("ipywidgets")
    from casekit import load_scenario
    from casekit.ui.history import AttemptHistory, HistoryPanel, QuestionsPanel
    scenario = load_scenario(SCENARIO)
    store(tmp_path, "s-1024").set_answer("A", "my earlier answer")
    history = AttemptHistory(tmp_path / "x.json", SCENARIO, page=True)
    panel = HistoryPanel(history, scenario, "en")
    questions = QuestionsPanel(scenario, history, "en")
    assert panel.student_row.layout.display == ""
    assert "student id" in panel.notice.value and questions.answers["A"].value == ""
    assert panel.use_student("../victim") is False
    assert "cannot be used" in panel.notice.value and history.anonymous
    panel.set_language("tr")
    assert panel.use_student("") is False and "boş" in panel.notice.value
    assert panel.use_student("S-1024") is True
    assert history.student == "S-1024" and questions.answers["A"].value == "my earlier answer"
    assert "student-s-1024.json" in panel.head.value


def test_numpy_numbers_are_stored_as_plain_numbers(tmp_path):
    np = pytest.importorskip("numpy")
    s = store(tmp_path)
    entry = s.append({**record(), "seed": np.int64(7), "metrics": {"score": [np.float32(1.5)]}})
    assert type(entry["seed"]) is int and entry["seed"] == 7
    again = store(tmp_path)
    assert again.attempts[0]["seed"] == 7 and again.attempts[0]["metrics"]["score"] == [1.5]
    assert again.save() and again.attempts == store(tmp_path).attempts


@pytest.mark.parametrize("content", [b"[]", b"null", b'{"attempts": 5}',
                                     b'{"attempts": [{"plan": {"name": "x", "actions": []}}]}'])
def test_the_workbench_opens_on_a_damaged_file_and_says_so(tmp_path, monkeypatch, content):
    pytest.importorskip("ipywidgets")
    from casekit.ui import Workbench
    monkeypatch.delenv("SERVER_SOFTWARE", raising=False)
    monkeypatch.delenv("VOILA_REQUEST_URL", raising=False)
    (tmp_path / f"{SCENARIO}.casekit-attempts.json").write_bytes(content)
    bench = Workbench(SCENARIO, workdir=tmp_path)
    assert bench.history.attempts == []
    assert "damaged-1.json" in bench.history_panel.notice.value
    assert (tmp_path / f"{SCENARIO}.casekit-attempts.damaged-1.json").read_bytes() == content

    def fail(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr("casekit.attempts._write_atomic", fail)
    bench.questions.answers["A"].value = "typed on a full disk"      # the autosave
    assert "disk is full" in bench.questions.status.value
    assert bench.history.answers["A"] == "typed on a full disk"
