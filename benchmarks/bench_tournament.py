"""How long a class tournament takes: 200 plans x 30 replications x 20,000 customers.

    python benchmarks/bench_tournament.py            # the full run (target: < 5 min, 2 cores)
    python benchmarks/bench_tournament.py --quick    # 20 plans x 30 replications
    python benchmarks/bench_tournament.py --plans 50 --reps 10 --customers 20000 --workers 2

The plans are drawn at random (seeded) from sensible choices, so no two are the same and
none shares stored results with another. The reference plans and the baseline run too
(about four more plans). Everything goes to a temporary folder that is removed afterwards
(``--keep DIR`` keeps the output). Prints the wall time and replications per second.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import yaml

from casekit import load_scenario
from casekit.montecarlo import default_workers
from casekit.tournament import run_tournament

PARTS = ("acknowledge", "apology", "sympathy", "explain_cause", "corrective_action", "refund",
         "thank", "justify", "deny")
SENDS = (("facebook_post", "public"), ("twitter_post", "public"), ("website", "public"),
         ("sms", "everyone"), ("sms", "paper_bill"), ("email", "everyone"),
         ("facebook_reply", "complainers"), ("call_center", "complainers"))


def random_plan(rng: np.random.Generator, i: int) -> dict:
    actions = []
    for _ in range(int(rng.integers(1, 6))):
        channel, audience = SENDS[int(rng.integers(len(SENDS)))]
        parts = [str(p) for p in rng.choice(PARTS, size=int(rng.integers(1, 5)),
                                            replace=False)]
        action = {"at": float(rng.choice([0.5, 1, 2, 3, 6, 12, 24, 48])), "channel": channel,
                  "audience": audience, "message": parts,
                  "tone": str(rng.choice(["human", "formal", "defensive"]))}
        if rng.random() < 0.3:
            action["message"].append("compensation")
            action["compensation"] = float(rng.choice([5, 10, 20, 50]))
        actions.append(action)
    if rng.random() < 0.5:
        actions.append({"at": 0, "staff": {"channel": "call_center",
                                           "agents": int(rng.integers(2, 30)), "hours": 72}})
    return {"name": f"Random plan {i}", "scenario": "isp-overbilling", "student": f"s{i:04d}",
            "actions": actions}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="20 plans x 30 replications (a tenth of the class, same batches)")
    parser.add_argument("--plans", type=int, default=200)
    parser.add_argument("--reps", type=int, default=30)
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--keep", help="write the tournament output here and keep it")
    args = parser.parse_args(argv)
    if args.quick:
        args.plans, args.reps = 20, 30
    workers = args.workers or default_workers()
    scenario = load_scenario("isp-overbilling")
    rng = np.random.default_rng(2024)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "submissions"
        folder.mkdir()
        for i in range(args.plans):
            (folder / f"s{i:04d}.yaml").write_text(yaml.safe_dump(random_plan(rng, i)))
        out = Path(args.keep) if args.keep else Path(tmp) / "out"
        start = time.perf_counter()
        result = run_tournament(scenario, folder, reps=args.reps, seed=0, out_dir=out,
                                workers=workers, customers=args.customers)
        wall = time.perf_counter() - start
    runs = result.computed
    from machine import describe
    print(describe())
    print(f"{len(result.leaderboard)} plans (+{len(result.references)} reference/baseline) x "
          f"{args.reps} reps x {args.customers:,} customers on {workers} workers "
          f"({os.cpu_count()} cores): {wall:.1f} s wall, {runs} replications computed, "
          f"{runs / wall:.2f} replications/s, {len(result.rejected)} rejected")
    if args.quick:
        full = (200 + len(result.references)) * 30 * (20_000 / args.customers)
        print(f"extrapolated to 200 plans x 30 reps x 20,000 customers: "
              f"~{full / (runs / wall) / 60:.1f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
