"""The Dask route of docs/tournament.md: a tournament on a dask.distributed.LocalCluster.

Two worker processes (not threads: each imports casekit afresh, as a cluster's machines
would) must rank the class exactly as the local process pool does, number for number.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

import casekit
from casekit import load_scenario
from casekit.tournament import run_tournament

distributed = pytest.importorskip("distributed", reason="the 'dask' extra (in 'test' for CI)")

SCENARIO = "isp-overbilling"
SMALL = {"reps": 3, "seed": 11, "customers": 1500}


@pytest.fixture(scope="module")
def submissions(tmp_path_factory) -> Path:
    """The shipped reference plans handed in by four students, one file each."""
    folder = tmp_path_factory.mktemp("submissions")
    plans = sorted((Path(casekit.__file__).resolve().parent.parent / "scenarios" / SCENARIO /
                    "plans").glob("*.yaml"))
    if not plans:  # an installed casekit keeps its scenarios next to the package
        from casekit.scenario import scenario_dir
        plans = sorted((scenario_dir() / SCENARIO / "plans").glob("*.yaml"))
    assert len(plans) >= 3
    for i, plan in enumerate(plans):
        shutil.copy(plan, folder / f"s-{100 + i}.yaml")
    return folder


def test_local_cluster_ranks_the_class_exactly_as_the_process_pool(submissions, tmp_path,
                                                                   monkeypatch):
    scenario = load_scenario(SCENARIO)
    # The workers are new Python processes: let them import this very casekit.
    root = str(Path(casekit.__file__).resolve().parent.parent)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        p for p in (root, os.environ.get("PYTHONPATH", "")) if p))

    pooled = run_tournament(scenario, submissions, out_dir=tmp_path / "pool", workers=2,
                            progress=False, debrief=False, **SMALL)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, memory_limit=0) as cluster, \
            distributed.Client(cluster) as client:
        pids = set(client.run(os.getpid).values())
        assert len(pids) == 2 and os.getpid() not in pids
        dasked = run_tournament(scenario, submissions, out_dir=tmp_path / "dask",
                                executor=client.get_executor(), progress=False, debrief=False,
                                **SMALL)

    board = pooled.leaderboard
    assert len(board) >= 3 + 1 and board["student"].str.startswith("s-").sum() >= 3
    assert board["score"].nunique() > 1            # the plans really differ
    pd.testing.assert_frame_equal(dasked.leaderboard, board, check_exact=True)
    pooled_csv = (tmp_path / "pool" / "leaderboard.csv").read_text(encoding="utf-8")
    dask_csv = (tmp_path / "dask" / "leaderboard.csv").read_text(encoding="utf-8")
    assert dask_csv == pooled_csv
