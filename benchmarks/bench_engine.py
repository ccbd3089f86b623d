"""Speed and memory of the simulation core.

    python benchmarks/bench_engine.py            # the full set (about a minute)
    python benchmarks/bench_engine.py --quick    # 20,000 and 100,000 customers only

Reports, for one run of the ISP case (14 days, hourly) with the no-response baseline and a
reference plan: wall time, customer-steps per second and peak memory, for 20,000, 100,000
and 1,000,000 customers; and 30 replications at 20,000 customers, in one process and in a
process pool. Each size runs in a fresh subprocess so that peak memory (RSS, which includes the
Python interpreter and imports, about 90 MB) is its own. Other load on the machine slows it.
Targets (issue 2): 100,000 customers in under 1.5 s; 30 x 20,000 in under 5 s;
1,000,000 customers in under 2 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "scenarios" / "isp-overbilling" / "plans" / "transparent-rebuild.yaml"


def _child(kind: str, customers: int, reps: int, workers: int) -> dict:
    import resource

    import casekit
    from casekit import montecarlo
    from casekit.simulation import simulate

    scenario = casekit.load_scenario("isp-overbilling")
    plan = casekit.load_plan(PLAN, scenario) if kind == "plan" else casekit.no_response(
        scenario.id)
    simulate(scenario, plan, seed=99, customers=2000, keep_final=False)  # warm caches
    start = time.perf_counter()
    if reps == 1:
        simulate(scenario, plan, seed=1, customers=customers, keep_final=False)
    else:
        montecarlo.run(scenario, plan, seed=1, reps=reps, customers=customers,
                       workers=workers, keep_final=False)
    wall = time.perf_counter() - start
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    steps = customers * scenario.horizon_hours * reps
    return {"kind": kind, "customers": customers, "reps": reps, "workers": workers,
            "wall_s": wall, "customer_steps_per_s": steps / wall,
            "peak_rss_mb": rss_kb / 1024}


def _measure(kind: str, customers: int, reps: int = 1, workers: int = 1) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", kind, str(customers), str(reps),
                          str(workers)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, customers, reps, workers = args.child
        print(json.dumps(_child(kind, int(customers), int(reps), int(workers))))
        return
    sizes = (20_000, 100_000) if args.quick else (20_000, 100_000, 1_000_000)
    rows = [_measure(kind, n) for n in sizes for kind in ("baseline", "plan")]
    cores = os.cpu_count() or 1
    rows.append(_measure("plan", 20_000, reps=30, workers=1))
    rows.append(_measure("plan", 20_000, reps=30, workers=cores))
    from machine import describe
    print(describe())
    print(f"{'run':10} {'customers':>10} {'reps':>5} {'workers':>7} {'wall s':>8} "
          f"{'cust-steps/s':>13} {'peak RSS MB':>12}")
    for r in rows:
        print(f"{r['kind']:10} {r['customers']:>10,} {r['reps']:>5} {r['workers']:>7} "
              f"{r['wall_s']:>8.2f} {r['customer_steps_per_s']:>13.3g} "
              f"{r['peak_rss_mb']:>12.0f}")


if __name__ == "__main__":
    main()
