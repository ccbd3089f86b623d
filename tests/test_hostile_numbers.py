"""A scenario number at the edge of what its file may say never crashes a run (issue 15):
a case whose month brings no complaints still scores, with every reference plan."""

from __future__ import annotations

import math

import pytest

from casekit.kinds import kind_of
from casekit.plan import load_plan
from casekit.scenario import load_scenario, scenario_dir
from casekit.simulation import simulate_batch


@pytest.mark.parametrize("plan", sorted(p.name for p in
                                        (scenario_dir() / "bank-cross-channel" / "plans")
                                        .glob("*.yaml")))
def test_a_bank_month_without_complaints_scores_with_every_plan(tmp_path, plan):
    path = tmp_path / "bank-cross-channel.yaml"
    path.write_text("extends: bank-cross-channel\nid: bank-cross-channel\n"
                    "replay: {complaints_per_month: {value: 0, range: null}}\n",
                    encoding="utf-8")
    scenario = load_scenario(path)
    chosen = load_plan(scenario_dir() / "bank-cross-channel" / "plans" / plan, scenario)
    runs = simulate_batch(scenario, chosen, 0, [0], int(scenario.population.customers),
                          keep_final=False)
    parts = kind_of(scenario).score(runs[0].totals, scenario)
    assert math.isfinite(parts["score"]), parts


# -- every number of the settings kinds' cases, at -1, 0 and absurdly large ----------------
# (the message kinds' cases: tests/test_mechanisms.py)

def _number_paths(data, prefix=""):
    """Dotted paths of every number in a scenario's data (a Sourced's value counts)."""
    if isinstance(data, dict):
        if isinstance(data.get("value"), (int, float)) and not isinstance(data["value"], bool):
            return [prefix]
        return [p for key, value in data.items() if key not in ("range", "source_path")
                for p in _number_paths(value, f"{prefix}.{key}" if prefix else str(key))]
    if isinstance(data, (int, float)) and not isinstance(data, bool):
        return [prefix]
    return []


def _at(data, path):
    for key in path.split("."):
        data = data[key]
    return data


def _override(path, value, sourced):
    out: dict = {}
    node = out
    *head, last = path.split(".")
    for key in head:
        node = node.setdefault(key, {})
    node[last] = {"value": value, "range": None} if sourced else value
    return out


@pytest.mark.parametrize("name", ["complaint-operations", "ecommerce-late-order",
                                  "bank-cross-channel"])
def test_every_number_at_the_edges_fails_in_one_line_or_scores(name):
    """What a scenario file can say (-1, 0, 10^12: .inf and NaN never load) either stops at
    load time with one line naming the field, or runs to a finite score."""
    from casekit.errors import CasekitError, ScenarioError
    from casekit.scenario import _read_with_extends, deep_merge, scenario_from_mapping, \
        scenario_paths
    base = load_scenario(name)
    raw = _read_with_extends(scenario_paths()[name], seen=())
    data = base.model_dump(exclude={"source_path"})
    plan = load_plan(sorted((scenario_dir() / name / "plans").glob("*.yaml"))[0], base)
    paths = [p for p in _number_paths(data) if not p.startswith(("version", "score.scale"))]
    assert len(paths) > 40
    crashed = []
    for path in paths:
        for value in (-1, 0, 10 ** 12):
            override = _override(path, value, isinstance(_at(data, path), dict))
            try:
                case = scenario_from_mapping(deep_merge(raw, override), name)
            except ScenarioError as exc:
                assert "\n" not in str(exc), (path, value)
                continue
            case = case.model_copy(update={"horizon_hours": min(case.horizon_hours, 48)})
            try:
                runs = simulate_batch(case, plan, 0, [0], 300, keep_final=False)
                score = kind_of(case).score(runs[0].totals, case)["score"]
            except CasekitError:
                continue
            except Exception as exc:  # noqa: BLE001 - the point is to catch any crash
                crashed.append(f"{path}={value}: {type(exc).__name__}: {exc}"[:160])
                continue
            if not math.isfinite(score):
                crashed.append(f"{path}={value}: score {score}")
    assert not crashed, "\n".join(crashed)
