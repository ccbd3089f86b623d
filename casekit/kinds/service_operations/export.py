"""``casekit export complaint-log``: a replication's complaint log as a CSV file.

The file is what a ticketing system would export: one row per customer contact (see
``kpi.LOG_COLUMNS`` and datasets/README.md). Students compute the KPI report from it with
pandas; ``kpi.kpi_report`` is casekit's own version of that computation.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pandas as pd

from casekit.errors import InputError
from casekit.text.formats import fill
from casekit.kinds.service_operations.engine import simulate
from casekit.kinds.service_operations.kpi import TIME_FORMAT, contact_log
from casekit.kinds.service_operations.schema import (
    ServiceScenario,
    load_service_scenario,
    load_settings,
    plan_settings,
)

__all__ = ["complaint_log", "export_complaint_log"]


def _scenario(scenario: Any) -> ServiceScenario:
    if isinstance(scenario, ServiceScenario):
        return scenario
    return load_service_scenario(scenario)


def complaint_log(scenario: Any, plan: Any = None, seed: int = 0,
                  replication: int = 0) -> pd.DataFrame:
    """The complaint log of one replication. ``plan`` is a plan file's path, a Plan, a
    ``ServiceSettings`` or None (the scenario's starting state)."""
    case = _scenario(scenario)
    name = None
    if isinstance(plan, (str, Path)):
        name, plan = load_settings(plan, case)
    settings = plan_settings(plan, case)
    run = simulate(case, settings, seed=seed, replication=replication, plan_name=name)
    return contact_log(run, case)


def export_complaint_log(scenario: Any, plan: Any = None, seed: int = 0,
                         path: str | Path = "complaint-log.csv") -> pd.DataFrame:
    """Write the complaint log of replication 0 to ``path`` (CSV, UTF-8) and return it."""
    log = complaint_log(scenario, plan, seed)
    out = Path(path)
    if out.suffix.lower() != ".csv":
        raise InputError(str(out), "--out", "expected a file name ending in .csv")
    try:
        log.to_csv(out, index=False, date_format=TIME_FORMAT, float_format="%.2f",
                   lineterminator="\n")
    except OSError as exc:
        raise InputError(str(out), "--out", f"cannot be written ({exc.strerror or exc})") \
            from None
    return log


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``casekit export complaint-log SCENARIO [--plan FILE] [--seed N] --out FILE.csv``."""
    parser.add_argument("scenario", help="a service-operations scenario id or file")
    parser.add_argument("--plan", default=None,
                        help="a plan file (default: the scenario's starting state)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--out", required=True, help="the CSV file to write")
    parser.add_argument("--lang", choices=("en", "tr"), default="en",
                        help="language of the summary line (en or tr)")


def run(args: argparse.Namespace) -> int:
    """Write the complaint log; bad input raises an InputError (one line, exit status 2)."""
    if args.seed < 0:
        raise InputError("--seed", "", "expected a seed of 0 or more")
    log = export_complaint_log(args.scenario, args.plan, args.seed, args.out)
    tickets = log.loc[log["ticket_id"] != "", "ticket_id"].nunique()
    values = {"out": args.out, "contacts": len(log), "tickets": tickets,
              "customers": log["customer_id"].nunique()}
    language = getattr(args, "lang", "en") or "en"
    print(fill(WROTE[language], language, **values))
    return 0


WROTE = {"en": "wrote {out}: {contacts:,} contacts, {tickets:,} tickets, {customers:,} "
               "customers",
         "tr": "{out} yazıldı: {contacts:,} temas, {tickets:,} kayıt, {customers:,} müşteri"}
