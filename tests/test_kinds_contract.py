"""One contract, every kind: each registered kind and each shipped scenario meets it.

The way Axelrod tests every strategy with one class: the tests below are parametrised over
every kind in ``casekit.kinds.KINDS`` and every bundled scenario (plus, through
``tests/example_kind``, the worked example of docs/adding-a-case.md), so a new kind or a new
scenario is tested the moment it is registered or added, and no tool can quietly work on one
kind only.
"""

from __future__ import annotations

import html
import json
import math
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pytest

import casekit
from casekit.cli import main
from casekit.engine.result import SHARED_HOURLY, RunResult
from casekit.kinds import KINDS, kind_of
from casekit.kinds.contract import UNITS
from casekit.montecarlo import run_many
from casekit.plan import no_response
from casekit.scenario import load_scenario, scenario_kinds, scenario_paths
from casekit.simulation import simulate_batch
from casekit.tournament import reference_plans, run_tournament
from casekit.variants import draw_variant

REPO = Path(__file__).resolve().parents[1]
#: The worked example of docs/adding-a-case.md: a kind that lives in tests/ and registers
#: itself, tested by the same class as the real kinds.
EXAMPLE = Path(__file__).resolve().parent / "example_kind" / "scenarios" / "help-desk-queue.yaml"
import example_kind  # noqa: E402
from casekit.kinds import register  # noqa: E402

register(example_kind.KIND)
SCENARIOS = sorted(scenario_paths()) + [str(EXAMPLE)]


def small(scenario):
    """The scenario at a size that keeps a contract test to seconds."""
    n = scenario.population.customers
    return scenario.with_customers(min(n, 2_000)) if n > 2_000 else scenario


@pytest.fixture(scope="module", params=SCENARIOS)
def case(request):
    return small(load_scenario(request.param))


def _same(a: RunResult, b: RunResult) -> None:
    assert a.totals.keys() == b.totals.keys()
    np.testing.assert_equal(a.totals, b.totals)  # an undefined metric (NaN) equals itself
    assert set(a.hourly) == set(b.hourly)
    for name in a.hourly:
        np.testing.assert_array_equal(a.hourly[name], b.hourly[name], err_msg=name)


class TestContract:
    """The contract every kind and every shipped scenario meets (one class, as Axelrod
    tests every strategy): methods taking ``case`` run once per scenario, the others once
    per kind or once for the registry."""

    # ---- the registry --------------------------------------------------------------------------

    def test_every_shipped_scenario_belongs_to_a_registered_kind(self) -> None:
        kinds = scenario_kinds()
        assert set(kinds) == set(scenario_paths())
        for sid, name in kinds.items():
            assert name in KINDS, sid


    @pytest.mark.parametrize("name", sorted(KINDS))
    def test_the_kind_describes_itself(self, name: str) -> None:
        kind = KINDS[name]
        assert kind.schema.model_fields["kind"].annotation.__args__ == (name,)
        assert kind.title["en"] and kind.title["tr"]
        assert kind.metrics and all(m.unit in UNITS for m in kind.metrics)
        assert "score" in kind.headline and len(kind.headline) >= 2
        assert kind.score_parts
        for part in kind.score_parts:
            assert part.explain["en"] and part.explain["tr"] and part.label["tr"]
        for spec in kind.series:
            assert spec.label["en"] and spec.label["tr"]
        for flag in kind.flags.values():
            assert flag.has["en"] and flag.has["tr"]
        module, _, cls = kind.workbench.partition(":")
        # shared panels in casekit.ui, or the kind's own (widgets imported lazily there)
        assert module.startswith(("casekit.ui.", f"casekit.kinds.{name}.")) and cls, \
            kind.workbench


    def test_cli_lists_every_kind_with_its_scenarios(self, capsys) -> None:
        assert main(["kinds"]) == 0
        out = capsys.readouterr().out.splitlines()
        assert len(out) == len(KINDS)
        for name in KINDS:
            line = next(line for line in out if line.startswith(name + " "))
            for sid, kind in scenario_kinds().items():
                assert (sid in line) == (kind == name)


    # ---- every scenario -----------------------------------------------------------------------

    def test_the_scenario_loads_into_its_kind(self, case) -> None:
        kind = kind_of(case)
        assert isinstance(case, kind.schema) and isinstance(case, casekit.Case)
        again = load_scenario(case.source_path)
        assert small(again).fingerprint == case.fingerprint
        assert again.with_customers(again.population.customers + 1).fingerprint != \
            again.fingerprint
        assert case.title.en and case.title.tr and case.narrative.en and case.narrative.tr


    def test_every_reference_plan_validates_and_runs(self, case) -> None:
        plans = reference_plans(case)
        assert plans, f"{case.id} ships no reference plans"
        for plan in plans:
            assert plan.check(case) is plan
            result = simulate_batch(case, plan, seed=3, replications=[0])[0]
            assert isinstance(result, RunResult) and result.scenario_id == case.id
            for name in SHARED_HOURLY:
                assert len(result.hourly[name]) == case.horizon_hours, name
            for name in ("churned", "cost"):  # cumulative
                assert (np.diff(result.hourly[name]) >= -1e-9).all(), name
            for spec in kind_of(case).metrics:
                value = result.totals[spec.name]
                assert math.isfinite(value) or (spec.may_be_undefined and math.isnan(value)), \
                    spec.name


    def test_same_seed_same_results_here_and_in_another_process(self, case) -> None:
        plan = reference_plans(case)[-1]
        here = simulate_batch(case, plan, seed=11, replications=[1])[0]
        again = simulate_batch(case, plan, seed=11, replications=[1])[0]
        _same(here, again)
        with ProcessPoolExecutor(max_workers=1) as pool:
            there = pool.submit(simulate_batch, case, plan, 11, [1]).result()[0]
        _same(here, there)
        other = simulate_batch(case, plan, seed=12, replications=[1])[0]
        assert any(other.totals[k] != here.totals[k] for k in here.totals
                   if not math.isnan(here.totals[k]))


    def test_a_batch_equals_each_replication_run_alone(self, case) -> None:
        plan = reference_plans(case)[0]
        batch = simulate_batch(case, plan, seed=5, replications=[0, 1, 2])
        for r, result in zip([0, 1, 2], batch):
            assert result.replication == r
            _same(result, simulate_batch(case, plan, seed=5, replications=[r])[0])


    def test_plans_share_random_numbers(self, case) -> None:
        """Common random numbers: the no-response baseline is the same run whichever other plans
        run beside it."""
        base = no_response(case.id)
        alone = run_many(case, [base], seed=2, reps=2, workers=1)[0]
        beside = run_many(case, reference_plans(case) + [base], seed=2, reps=2, workers=1)[-1]
        for a, b in zip(alone.runs, beside.runs):
            _same(a, b)


    def test_score_parts_add_up_hour_by_hour(self, case) -> None:
        kind = kind_of(case)
        for plan in reference_plans(case)[:2]:
            result = simulate_batch(case, plan, seed=4, replications=[0])[0]
            score = kind.score(result.totals, case)
            assert score["score"] == pytest.approx(sum(score[f"score_{p}"]
                                                       for p in kind.part_names))
            points = kind.hourly_points(result, case)
            assert points.shape == (case.horizon_hours,)
            assert float(points.sum()) == pytest.approx(score["score"], rel=1e-4, abs=0.05)
            series = kind.hourly_series(result, case)
            assert {s.name for s in kind.series} | {"points"} <= set(series)


    def test_json_carries_the_headline_metrics_with_intervals(self, case, capsys) -> None:
        assert main(["run", case.source_path, "--reps", "2", "--json",
                     "--customers", str(case.population.customers)]) == 0
        data = json.loads(capsys.readouterr().out)
        kind = kind_of(case)
        assert data["scenario"] == case.id and data["kind"] == kind.name
        assert set(data["metrics"]) == set(kind.headline)
        undefined = {spec.name for spec in kind.metrics if spec.may_be_undefined}
        for name, m in data["metrics"].items():
            low, high = m["ci95"]
            if m["mean"] is None:  # NaN is written as null, and only where the kind allows it
                assert name in undefined and low is None and high is None, name
                continue
            assert low <= m["mean"] <= high
        assert set(data["score_parts"]) == set(kind.part_names)


    def test_hourly_csv_and_text_table(self, case, tmp_path, capsys) -> None:
        out = tmp_path / "hours.csv"
        assert main(["run", case.source_path, "--reps", "2", "--hourly-csv", str(out),
                     "--customers", str(case.population.customers), "--lang", "tr"]) == 0
        text = capsys.readouterr().out
        assert case.title.tr in text
        import pandas as pd
        table = pd.read_csv(out)
        assert len(table) == 2 * case.horizon_hours
        assert {"replication", "hour", *SHARED_HOURLY} <= set(table.columns)


    def test_feedback_speaks_both_languages_and_cites(self, case) -> None:
        plans = reference_plans(case)
        outcomes = run_many(case, [plans[0], no_response(case.id)], seed=1, reps=2, workers=1)
        from casekit.feedback import feedback
        notes = feedback(case, plans[0], outcomes[0], outcomes[1])
        assert notes
        for note in notes:
            assert note.text("en") and note.text("tr") and note.source
            assert note.text("en") != note.text("tr")


    def test_figures_draw(self, case) -> None:
        pytest.importorskip("matplotlib")
        from casekit.report.figures import builders
        plans = reference_plans(case)
        outcome, base = run_many(case, [plans[0], no_response(case.id)], seed=1, reps=2, workers=1)
        drawn = builders(case)
        assert drawn
        for name, build in drawn.items():
            fig = build(outcome, base, "tr")
            assert fig.axes, name


    def test_variants_are_reproducible(self, case) -> None:
        a = draw_variant(case, "s-1", 7)
        b = draw_variant(case, "s-1", 7)
        c = draw_variant(case, "s-2", 7)
        assert a.scenario.fingerprint == b.scenario.fingerprint
        assert isinstance(a.scenario, kind_of(case).schema)
        if a.draws:  # a case with ranged numbers gives each student their own
            assert a.scenario.fingerprint != c.scenario.fingerprint


    def test_a_tournament_writes_a_leaderboard_and_a_debrief(self, case, tmp_path) -> None:
        pytest.importorskip("matplotlib")
        subs = tmp_path / "subs"
        subs.mkdir()
        import yaml
        for i, plan in enumerate(reference_plans(case)):
            data = plan.model_dump(mode="json", exclude_none=True)
            (subs / f"student-{i}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
        (subs / "broken.yaml").write_text("name: [", encoding="utf-8")
        result = run_tournament(case, subs, reps=2, seed=1, out_dir=tmp_path / "out",
                                workers=1, progress=False)
        assert result.leaderboard_path.exists() and result.debrief_path.exists()
        assert len(result.leaderboard) == len(reference_plans(case))
        assert list(result.rejected["file"]) == ["broken.yaml"]
        page = result.debrief_path.read_text(encoding="utf-8")
        assert page.count('<img src="data:image/png;base64,') >= 3
        assert not result.phase_scores.empty


    def test_the_workbench_builds_and_runs_a_plan(self, case, tmp_path) -> None:
        pytest.importorskip("ipywidgets")
        from casekit.ui.app import workbench_for
        bench = workbench_for(case, workdir=tmp_path)
        plan = reference_plans(case)[0]
        outcome = bench.run(plan)
        assert outcome is not None and outcome.plan.digest == plan.digest
        assert outcome.scenario.fingerprint == case.fingerprint


    def test_the_page_has_a_notebook(self, case) -> None:
        from casekit.ui.app import page_notebook
        notebook = page_notebook(case.source_path)
        assert notebook.exists() and notebook.suffix == ".ipynb"
        workbench = kind_of(case).workbench.partition(":")[2]
        text = notebook.read_text(encoding="utf-8")
        assert f"{workbench}.for_page(" in text or "workbench_for(" in text


    def test_compare_runs_the_plan_beside_the_baseline(self, case) -> None:
        """``casekit.compare``: the plan and the no-response baseline on common random numbers
        (the baseline is the run doing nothing gives on its own)."""
        plan = reference_plans(case)[0]
        outcome, baseline = casekit.compare(case, plan, seed=6, reps=2, workers=1)
        assert outcome.plan.digest == plan.digest
        assert baseline.plan.digest == no_response(case.id).digest
        alone = run_many(case, [no_response(case.id)], seed=6, reps=2, workers=1)[0]
        for a, b in zip(baseline.runs, alone.runs):
            _same(a, b)


    @pytest.mark.skipif(os.environ.get("CASEKIT_SKIP_SLOW") == "1", reason="slow")
    def test_the_no_code_page_opens_on_a_variant_of_the_case(self, case, tmp_path,
                                                             monkeypatch) -> None:
        """What ``casekit app <variant>.yaml`` serves: the kind's page notebook, run top to bottom
        in a kernel with ``$CASEKIT_SCENARIO`` set, gives no error and shows this variant (once a
        café variant got the ISP page and "There was an error when executing cell [1]")."""
        nbformat = pytest.importorskip("nbformat")
        nbclient = pytest.importorskip("nbclient")
        if not case.source_path.startswith(str(REPO / "scenarios")):
            pytest.skip("a kind registered from outside casekit is not known to a fresh kernel")
        from casekit.ui.app import page_notebook
        variant = draw_variant(load_scenario(case.source_path), "s-1", 7)
        path = tmp_path / f"{case.id}-s-1.yaml"
        path.write_text(variant.to_yaml(), encoding="utf-8")
        notebook = page_notebook(str(path))
        monkeypatch.setenv("CASEKIT_SCENARIO", str(path))
        monkeypatch.setenv("CASEKIT_WORKDIR", str(tmp_path / "work"))
        nb = nbformat.read(notebook, as_version=4)
        nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                resources={"metadata": {"path": str(notebook.parent)}}).execute()
        errors = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs
                  if o.get("output_type") == "error"]
        assert errors == [], [e.get("ename") for e in errors]
        shown = json.dumps(nb.metadata.get("widgets", {}), ensure_ascii=False)
        title = variant.scenario.title  # shown in the page's language, as HTML
        assert any(t in shown or html.escape(t) in shown for t in (title.en, title.tr))


    def test_a_tool_a_kind_does_not_support_says_so_in_one_line(self, case, capsys) -> None:
        kind = kind_of(case)
        for tool, message in kind.unsupported.items():
            assert message["en"] and message["tr"], tool


    @pytest.mark.skipif(os.environ.get("CASEKIT_SKIP_SLOW") == "1", reason="slow")
    def test_every_reference_plan_beats_or_matches_doing_nothing_somewhere(self, case) -> None:
        """A sanity bound, not a model test: some reference plan scores at least as well as
        doing nothing (a case whose every answer is worse than silence teaches nothing)."""
        plans = reference_plans(case)
        outcomes = run_many(case, plans + [no_response(case.id)], seed=1, reps=3, workers=1)
        base = outcomes[-1].metric("score").mean
        assert max(o.metric("score").mean for o in outcomes[:-1]) >= base - 1e-9


    def test_a_kind_that_cannot_support_a_tool_refuses_it_in_one_line(self, tmp_path,
                                                                      capsys) -> None:
        import dataclasses
        limited = dataclasses.replace(example_kind.KIND, unsupported={
            "tournament": {"en": "this kind has no class tournament yet",
                           "tr": "bu türün henüz sınıf turnuvası yok"}})
        register(limited)
        try:
            code = main(["tournament", str(EXAMPLE), str(tmp_path), "--out", str(tmp_path / "o")])
            err = capsys.readouterr().err
            assert code == 2 and err.count("\n") == 1
            assert "no class tournament yet" in err and "Traceback" not in err
            assert main(["run", str(EXAMPLE), "--reps", "1"]) == 0   # other tools still work
        finally:
            register(example_kind.KIND)
