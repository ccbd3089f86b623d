"""Speed of the service-operations engine (issue 12).

    python benchmarks/bench_service_operations.py           # best of 5 for each case
    python benchmarks/bench_service_operations.py --quick   # best of 2

For each reference plan of ``complaint-operations`` (eight weeks, 20,000 complaints) and
``ecommerce-late-order`` (one week, 3,000 late orders) it times one replication run alone
(``simulate``) and the part of it that is customers, queues and outcomes (``_run``, without
the draws and the public thread), a replication inside a batch of 10 (``simulate_batch``:
the public threads of the batch step side by side), and writing the complaint log
(``export_complaint_log``).
Target: under 0.5 s a replication, vectorised over customers. The machine reference
(benchmarks/machine.py) is printed beside the figures: other load on the machine slows them.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

CASES = {"complaint-operations": ("department-inboxes", "designed-process"),
         "ecommerce-late-order": ("what-the-retailer-did", "what-the-competitor-did")}


def _path(name: str) -> Path:
    path = ROOT / "scenarios" / f"{name}.yaml"
    return path if path.exists() else ROOT / "scenarios" / f"_draft-{name}.yaml"


def best(fn, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    rounds = 2 if args.quick else 5
    from machine import describe

    from casekit.kinds.service_operations.engine import (
        _run, draw_customers, simulate, simulate_batch,
    )
    from casekit.kinds.service_operations.export import export_complaint_log
    from casekit.kinds.service_operations.schema import load_service_scenario, load_settings
    print(describe())
    print(f"{'case':22} {'plan':24} {'alone':>8} {'in 10':>8} {'log':>8}  customers contacts")
    for case, plans in CASES.items():
        scenario = load_service_scenario(_path(case))
        for plan in plans:
            path = ROOT / "scenarios" / case / "plans" / f"{plan}.yaml"
            _, settings = load_settings(path, scenario)
            simulate(scenario, settings, seed=1)  # warm the kernel caches
            alone = best(partial(simulate, scenario, settings, seed=1), rounds)
            batch = best(partial(simulate_batch, scenario, settings, seed=1,
                                 replications=range(10)), 1) / 10
            with tempfile.TemporaryDirectory() as tmp:
                log = best(partial(export_complaint_log, scenario, path, 1,
                                   Path(tmp) / "log.csv"), 1)
            contacts = simulate(scenario, settings, seed=1).totals["contacts"]
            draws = draw_customers(scenario, 1, 0)
            customers = best(partial(_run, scenario, settings, draws), rounds)
            print(f"{case:22} {plan:24} {alone:7.3f}s {batch:7.3f}s {log:7.3f}s  "
                  f"{scenario.population.customers:9,} {contacts:8,.0f}   "
                  f"(customers, queues, outcomes {customers:.3f}s; the draws and the "
                  f"public thread the rest)")


if __name__ == "__main__":
    main()
