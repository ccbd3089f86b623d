"""How stable is the ranking of the reference plans when the model's numbers move?

    python benchmarks/sensitivity.py                          # isp-overbilling, about 4 min
    python benchmarks/sensitivity.py isp-vat-display --customers 5000 --reps 4
    python benchmarks/sensitivity.py --parameters model.loss_aversion model.refund_gain

Each parameter is multiplied by 0.7 and by 1.3 alone, then the five most influential
together (issue 11: "the ranking of the reference plans is stable under +-30% changes to the
five most influential parameters"). Every plan of a row runs on the same replications
(common random numbers), so a row's differences are the plans', not the noise's. Influence
is the largest change of any reference plan's mean score between the two scalings.

It prints a Markdown table for docs/model.md section 15 and says whether the order of the
reference plans, as shipped, holds in every row.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from casekit.kinds import kind_of  # noqa: E402
from casekit.plan import load_plan  # noqa: E402
from casekit.scenario import load_scenario, scenario_from_mapping  # noqa: E402
from casekit.simulation import simulate_batch  # noqa: E402

#: The crisis model's candidates (any sourced number of the scenario may be named instead).
CANDIDATES = (
    "population.expected_lifetime_months", "model.baseline_monthly_churn",
    "model.churn_unresolved_multiplier", "model.after_window_days", "model.loss_aversion",
    "model.discovery_shock", "complaints.rate_per_hour",
    "model.churn_complainer_unresolved_multiplier", "knowledge.refund_ready_hours",
    "model.refund_gain",
)
FACTORS = (0.7, 1.3)


def scaled(scenario: Any, changes: dict[str, float]) -> Any:
    """``scenario`` with each dotted path's value multiplied by its factor (whole numbers
    stay whole)."""
    data = scenario.model_dump(mode="json", exclude={"source_path"})
    for path, factor in changes.items():
        node: Any = data
        *parents, last = path.split(".")
        for part in parents:
            node = node[part]
        entry = node[last]
        old = entry["value"] if isinstance(entry, dict) else entry
        new = old * factor
        if isinstance(old, int) and not isinstance(old, bool):
            new = max(1, int(round(new)))
        if isinstance(entry, dict):
            entry["value"] = new
            if entry.get("range"):
                low, high = entry["range"]
                entry["range"] = [min(low, new), max(high, new)]
        else:
            node[last] = new
    return scenario_from_mapping(data, f"{scenario.id} (sensitivity)")


def scores(scenario: Any, plans: list, customers: int, reps: int, seed: int) -> list[float]:
    kind = kind_of(scenario)
    out = []
    for plan in plans:
        runs = simulate_batch(scenario, plan, seed, list(range(reps)), customers)
        out.append(float(np.mean([kind.score(r.totals, scenario)["score"] for r in runs])))
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenario", nargs="?", default="isp-overbilling")
    parser.add_argument("--customers", type=int, default=5000)
    parser.add_argument("--reps", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--parameters", nargs="+", default=list(CANDIDATES))
    args = parser.parse_args(argv)
    scenario = load_scenario(args.scenario)
    folder = Path(scenario.source_path).with_suffix("") / "plans"
    plans = [load_plan(p, scenario) for p in sorted(folder.glob("*.yaml"))]
    names = [p.stem for p in sorted(folder.glob("*.yaml"))]
    start = time.perf_counter()
    shipped = scores(scenario, plans, args.customers, args.reps, args.seed)
    order = list(np.argsort(shipped)[::-1])
    rows: list[tuple[str, list[float], list[float]]] = []
    influence: dict[str, float] = {}
    for path in args.parameters:
        low = scores(scaled(scenario, {path: FACTORS[0]}), plans, args.customers, args.reps,
                     args.seed)
        high = scores(scaled(scenario, {path: FACTORS[1]}), plans, args.customers, args.reps,
                      args.seed)
        influence[path] = max(abs(a - b) for a, b in zip(low, high))
        rows.append((path, low, high))
    top = sorted(influence, key=influence.get, reverse=True)[:5]  # type: ignore[arg-type]
    together = [scores(scaled(scenario, {p: f for p in top}), plans, args.customers,
                       args.reps, args.seed) for f in FACTORS]
    seconds = time.perf_counter() - start

    print(f"{scenario.id}: {args.customers:,} customers, {args.reps} replications, seed "
          f"{args.seed}; each parameter x{FACTORS[0]} and x{FACTORS[1]} ({seconds:.0f} s)\n")
    print("Influence (largest change of any plan's score): " + ", ".join(
        f"`{p}` ({influence[p]:.0f})" for p in sorted(influence, key=influence.get,
                                                    reverse=True)))  # type: ignore[arg-type]
    print()
    print("| change | " + " | ".join(names[i] for i in order) + " |")
    print("| --- |" + " --- |" * len(names))
    print("| as shipped | " + " | ".join(f"{shipped[i]:.0f}" for i in order) + " |")
    holds = True
    for path, low, high in sorted(rows, key=lambda r: -influence[r[0]]):
        print(f"| `{path}` x0.7 / x1.3 | " + " | ".join(
            f"{low[i]:.0f} / {high[i]:.0f}" for i in order) + " |")
        holds &= all(list(np.argsort(s)[::-1]) == order for s in (low, high))
    print("| the five together x0.7 / x1.3 | " + " | ".join(
        f"{together[0][i]:.0f} / {together[1][i]:.0f}" for i in order) + " |")
    holds_top = all(list(np.argsort(s)[::-1]) == order for s in together) and all(
        list(np.argsort(s)[::-1]) == order for p, lo, hi in rows if p in top for s in (lo, hi))
    holds &= holds_top
    print()
    ranking = " > ".join(names[i] for i in order)
    print(f"The order {ranking} holds in every row: {'yes' if holds else 'no'}; "
          f"under the five most influential: {'yes' if holds_top else 'no'}.")


if __name__ == "__main__":
    main()
