"""The tournament's result store under damage: nothing in the file is trusted, nothing ends the
tournament with a traceback, and what is intact is kept."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import types
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import casekit.tournament.store as store_module
from casekit import load_scenario
from casekit.scenario import scenario_dir
from casekit.tournament import run_tournament
from casekit.tournament.store import (
    MESSAGES,
    REASONS,
    ResultStore,
    StoreDamage,
    pack_series,
    row_checksum,
    unpack_series,
)

KEY = ("d1g3st", "f1ngerprint", 3)
REPS = 12
HOURS = 72


def _results(reps: range) -> list[tuple[int, dict[str, float], bytes]]:
    return [(r, {"score": -100.0 - r, "churned_customers": 10.0 + r},
             pack_series({"points": np.full(HOURS, -r, dtype=float),
                          "sentiment_mean": np.linspace(0, 1, HOURS)})) for r in reps]


def _filled(path: Path, reps: int = REPS, **kwargs) -> ResultStore:
    store = ResultStore(path, engine="e1", **kwargs)
    store.put_many(*KEY, 500, _results(range(reps)))
    return store


def _notices(store: ResultStore) -> list[str]:
    return [n.code for n in store.notices]


# -- rows ------------------------------------------------------------------------------------

def test_every_row_carries_a_checksum_of_all_it_holds(tmp_path):
    store = _filled(tmp_path / "r.sqlite")
    rows = store.conn.execute("SELECT plan_digest, fingerprint, seed, replication, engine, "
                              "customers, totals, series, checksum FROM replications").fetchall()
    assert len(rows) == REPS
    for row in rows:
        assert row_checksum(*row[:8]) == row[8]
    # the checksum changes with any part of the row
    base = rows[0][:8]
    variants = {row_checksum(*base)}
    for i in range(8):
        changed = list(base)
        changed[i] = changed[i] + (b"x" if isinstance(changed[i], bytes) else
                                   1 if isinstance(changed[i], int) else "x")
        variants.add(row_checksum(*changed))
    assert len(variants) == 9
    store.close()


@pytest.mark.parametrize("column, value", [
    ("series", b"garbage bytes"),
    ("series", None),  # flip one byte of the real series
    ("totals", '{"score": NaN}'),
    ("totals", "not json"),
    ("replication", 99),
])
def test_a_damaged_row_is_dropped_reported_and_the_rest_kept(tmp_path, column, value):
    path = tmp_path / "r.sqlite"
    store = _filled(path)
    if value is None:
        blob = bytearray(store.conn.execute(
            "SELECT series FROM replications WHERE replication=4").fetchone()[0])
        blob[len(blob) // 2] ^= 0x10
        value = bytes(blob)
    with store.conn:
        store.conn.execute(f"UPDATE replications SET {column}=? WHERE replication=4", (value,))
    store.close()

    again = ResultStore(path, engine="e1")
    assert again.finished(*KEY) == set(range(REPS)) - {4}
    assert _notices(again) == ["damaged_rows"]
    assert "1 stored replication(s) were damaged" in str(again.notices[0])
    assert again.damaged_rows == 1
    assert len(again) == REPS - 1  # dropped, so the tournament recomputes it
    totals, series = again.load(*KEY, REPS)
    assert list(totals["replication"]) == [r for r in range(REPS) if r != 4]
    assert series["points"].shape == (REPS - 1, HOURS)
    again.put_many(*KEY, 500, _results(range(4, 5)))  # recomputed
    assert again.finished(*KEY) == set(range(REPS))
    again.close()


def test_unpack_refuses_what_pack_did_not_write():
    good = pack_series({"a": np.ones(5)})
    assert unpack_series(good)["a"].tolist() == [1.0] * 5
    import zlib
    for bad in (b"", b"\x00" * 10, good[:-3], zlib.compress(b"[1, 2]\n" + b"\x00" * 7),
                zlib.compress(b'["a", "b"]\n' + b"\x00" * 12), zlib.compress(b"{}\n")):
        with pytest.raises(StoreDamage):
            unpack_series(bad)


# -- the file --------------------------------------------------------------------------------

def test_garbage_is_moved_aside_and_every_backup_kept(tmp_path):
    path = tmp_path / "results.sqlite"
    for n in (1, 2):
        path.write_bytes(os.urandom(5000) + b"garbage")
        store = ResultStore(path, engine="e1")
        assert _notices(store) == ["moved_aside"]
        line = str(store.notices[0])
        assert "\n" not in line and f"results.damaged-{n}.sqlite" in line
        store.put_many(*KEY, 500, _results(range(2)))
        assert store.finished(*KEY) == {0, 1}
        store.close()
    assert (tmp_path / "results.damaged-1.sqlite").exists()
    assert (tmp_path / "results.damaged-2.sqlite").exists()


def test_a_truncated_file_keeps_what_is_readable(tmp_path):
    path = tmp_path / "results.sqlite"
    store = _filled(path, reps=200)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.truncate(size // 2)
    store = ResultStore(path, engine="e1")
    kept = store.finished(*KEY)
    assert store.notices, "the damage is reported"
    assert 0 < len(kept) < 200
    totals, _ = store.load(*KEY, 200)
    assert set(totals["replication"]) == kept
    assert all(r < 200 for r in kept)
    store.close()


def test_flipped_bytes_anywhere_never_raise_and_never_give_wrong_rows(tmp_path):
    rng = np.random.default_rng(5)
    clean = tmp_path / "clean.sqlite"
    store = _filled(clean, reps=60)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    expected, _ = ResultStore(clean, engine="e1").load(*KEY, 60)
    size = clean.stat().st_size
    outcomes = set()
    for trial in range(25):
        path = tmp_path / f"t{trial}" / "results.sqlite"
        path.parent.mkdir()
        raw = bytearray(clean.read_bytes())
        for at in rng.integers(0, size, size=int(rng.integers(1, 40))):
            raw[at] ^= 1 << int(rng.integers(0, 8))
        path.write_bytes(bytes(raw))
        store = ResultStore(path, engine="e1")
        done = store.finished(*KEY)
        totals, series = store.load(*KEY, 60)
        outcomes.add(tuple(_notices(store)))
        # whatever is returned is exactly what was stored
        if not totals.empty:
            merged = totals.merge(expected, on="replication", suffixes=("", "_expected"))
            assert len(merged) == len(totals) == len(done)
            assert (merged["score"] == merged["score_expected"]).all()
            assert np.array_equal(series["points"][:, 0], -totals["replication"].to_numpy())
        store.put_many(*KEY, 500, _results(sorted(set(range(60)) - done)))
        assert store.finished(*KEY) == set(range(60))
        store.close()
    assert len(outcomes) > 1  # some flips were caught by checksums, some broke the file


def test_a_foreign_schema_is_moved_aside(tmp_path):
    path = tmp_path / "results.sqlite"
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE replications (a TEXT, b BLOB)")
        db.execute("INSERT INTO replications VALUES ('x', x'00')")
        db.commit()
    store = ResultStore(path, engine="e1")
    assert _notices(store) == ["moved_aside"]
    assert "another program or another casekit version" in str(store.notices[0])
    assert store.finished(*KEY) == set()
    store.close()
    with contextlib.closing(sqlite3.connect(tmp_path / "results.damaged-1.sqlite")) as db:
        assert db.execute("SELECT a FROM replications").fetchone() == ("x",)


def _read_only(folder: Path):
    """Make ``folder`` unwritable even for root (chattr +i); skip where that cannot be done."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return lambda: folder.chmod(0o755)
    if shutil.which("chattr") is None or \
            subprocess.run(["chattr", "+i", str(folder)], check=False,
                           capture_output=True).returncode:
        pytest.skip("cannot make a folder read-only for root here")
    return lambda: subprocess.run(["chattr", "-i", str(folder)], check=True)


@pytest.mark.parametrize("existing", [False, True])
def test_a_read_only_folder_keeps_results_in_memory(tmp_path, existing):
    folder = tmp_path / "ro"
    folder.mkdir()
    if existing:
        _filled(folder / "results.sqlite", reps=3).close()
    undo = _read_only(folder)
    try:
        store = ResultStore(folder / "results.sqlite", engine="e1")
        assert _notices(store) == ["in_memory"]
        assert "read-only" in str(store.notices[0]) and store.in_memory
        assert store.finished(*KEY) == (set(range(3)) if existing else set())
        store.put_many(*KEY, 500, _results(range(3, 5)))
        assert store.finished(*KEY) == (set(range(5)) if existing else {3, 4})
        store.close()
    finally:
        undo()


def test_a_disk_that_fills_up_in_the_middle_goes_on_in_memory(tmp_path, monkeypatch):
    path = tmp_path / "results.sqlite"
    store = _filled(path, reps=3)
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count={pages + 1}")  # SQLite's own SQLITE_FULL
    store.put_many(*KEY, 500, _results(range(3, 40)))
    assert _notices(store) == ["in_memory"]
    assert "the disk is full" in str(store.notices[0])
    assert store.finished(*KEY) == set(range(40))
    totals, _ = store.load(*KEY, 40)
    assert len(totals) == 40
    store.close()
    assert ResultStore(path, engine="e1").finished(*KEY) == {0, 1, 2}


def test_every_message_exists_in_both_languages():
    for table in (MESSAGES, REASONS):
        for texts in table.values():
            assert set(texts) == {"en", "tr"} and all(texts.values())


# -- through the tournament ------------------------------------------------------------------

PLANS = scenario_dir() / "isp-overbilling" / "plans"


@pytest.fixture(scope="module")
def scenario():
    return load_scenario("isp-overbilling")


def _class(folder: Path) -> None:
    folder.mkdir()
    for student, plan in (("ayse", "fix-fast-sms"), ("mehmet", "transparent-rebuild")):
        shutil.copy(PLANS / f"{plan}.yaml", folder / f"{student}.yaml")


def test_a_damaged_store_never_ends_the_tournament(tmp_path, scenario, capsys):
    folder = tmp_path / "subs"
    _class(folder)
    kwargs = {"reps": 2, "seed": 4, "out_dir": tmp_path / "out", "workers": 1,
              "customers": 800, "debrief": False}
    first = run_tournament(scenario, folder, progress=False, **kwargs)
    path = first.store_path
    with contextlib.closing(sqlite3.connect(path)) as db:
        total = db.execute("SELECT COUNT(*) FROM replications").fetchone()[0]
        db.execute("UPDATE replications SET totals='{\"score\": 1}' WHERE rowid IN "
                   "(SELECT rowid FROM replications LIMIT 3)")
        db.commit()
    second = run_tournament(scenario, folder, progress=None, language="tr", **kwargs)
    assert second.computed == 3
    assert [n.code for n in second.store_notices] == ["damaged_rows"]
    assert "3 stored replication(s) were damaged" in str(second.store_notices[0])
    said = [line for line in capsys.readouterr().err.splitlines() if "casekit:" in line]
    assert len(said) == 1 and "saklanan 3 tekrar bozuktu" in said[0]  # one line, in Turkish
    columns = ["student", "score", "improvement"]
    pd.testing.assert_frame_equal(second.leaderboard[columns], first.leaderboard[columns])

    path.write_bytes(b"\x00garbage" * 1000)  # the whole file unusable
    for extra in ("-wal", "-shm"):
        Path(str(path) + extra).unlink(missing_ok=True)
    third = run_tournament(scenario, folder, progress=False, **kwargs)
    assert [n.code for n in third.store_notices] == ["moved_aside"]
    assert third.computed == total
    assert (path.parent / "results.damaged-1.sqlite").exists()
    pd.testing.assert_frame_equal(third.leaderboard[columns], first.leaderboard[columns])
    assert len(third.per_run("ayse")) == 2


def test_a_read_only_output_store_still_gives_a_result(tmp_path, scenario, monkeypatch):
    """The store file cannot be written (opened read-only by SQLite itself): the tournament
    runs in memory and its results can still be opened."""
    folder = tmp_path / "subs"
    _class(folder)
    real = sqlite3.connect

    def read_only(target, *args, **kwargs):
        if str(target).endswith("results.sqlite") and not kwargs.get("uri"):
            return real(f"file:{target}?mode=ro", *args, uri=True, **kwargs)
        return real(target, *args, **kwargs)

    proxy = types.SimpleNamespace(**{k: getattr(sqlite3, k) for k in dir(sqlite3)
                                     if not k.startswith("__")})
    proxy.connect = read_only
    out = tmp_path / "out"
    out.mkdir()
    _filled(out / "results.sqlite", reps=2).close()  # an existing store, which cannot be written
    monkeypatch.setattr(store_module, "sqlite3", proxy)
    result = run_tournament(scenario, folder, reps=2, seed=4, out_dir=out, workers=1,
                            customers=800, progress=False, debrief=False)
    assert [n.code for n in result.store_notices][-1] == "in_memory"
    assert set(result.leaderboard["student"]) == {"ayse", "mehmet"}
    assert len(result.per_run("mehmet")) == 2
    assert "read-only" in str(result.store_notices[-1])
