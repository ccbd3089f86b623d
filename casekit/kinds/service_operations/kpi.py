"""The complaint log (one row per contact) and the KPI report computed from it.

The report is the one source 001 asks department heads to receive, per department and in
total: share of complaints by department, complaint count, resolved count, resolution rate,
mean and longest resolution time, satisfaction rate (from the survey), cost of win-back
gifts and whether the complainant bought again; plus first-contact resolution, transfers
per complaint and public complaints. ``kpi_report`` reads only the log's columns, so a
student computing it from the CSV with pandas gets the same table.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pandas as pd

from casekit.engine.result import RunResult
from casekit.kinds.service_operations.engine import CONTACT_TYPES
from casekit.kinds.service_operations.schema import ServiceScenario

__all__ = [
    "KPI_COLUMNS",
    "KPI_LABELS",
    "LOG_COLUMNS",
    "NOT_ANSWERED",
    "TOTAL",
    "contact_log",
    "kpi_report",
    "read_log",
]

#: The complaint log's columns, in order (datasets/README.md is their dictionary).
LOG_COLUMNS = ("ticket_id", "customer_id", "contact", "channel", "public", "category",
               "order_id", "product", "department", "assignee", "created", "first_response",
               "resolved", "transfers", "escalated", "satisfaction", "gift", "bought_again")
TIME_COLUMNS = ("created", "first_response", "resolved")
TIME_FORMAT = "%Y-%m-%d %H:%M"
TOTAL = "total"
#: The department of a registered complaint nobody answered within the horizon.
NOT_ANSWERED = "(not answered)"

KPI_COLUMNS = ("share", "complaints", "resolved", "resolution_rate", "mean_resolution_hours",
               "max_resolution_hours", "satisfaction_rate", "gift_cost", "bought_again",
               "first_contact_resolution", "transfers_per_complaint", "public_complaints")
KPI_LABELS: dict[str, dict[str, str]] = {
    "share": {"en": "Share of complaints", "tr": "Şikâyet payı"},
    "complaints": {"en": "Complaints", "tr": "Şikâyet sayısı"},
    "resolved": {"en": "Resolved", "tr": "Çözülen şikâyet"},
    "resolution_rate": {"en": "Resolution rate", "tr": "Çözülme oranı"},
    "mean_resolution_hours": {"en": "Mean resolution time (h)",
                              "tr": "Ortalama çözüm süresi (sa)"},
    "max_resolution_hours": {"en": "Longest resolution time (h)",
                             "tr": "En uzun çözüm süresi (sa)"},
    "satisfaction_rate": {"en": "Satisfaction rate (survey)",
                          "tr": "Müşteri memnuniyet oranı (anket)"},
    "gift_cost": {"en": "Cost of win-back gifts", "tr": "Geri kazanım hediyelerinin maliyeti"},
    "bought_again": {"en": "Complainants who bought again",
                     "tr": "Sonra yeniden alışveriş yapan şikâyetçiler"},
    "first_contact_resolution": {"en": "First-contact resolution",
                                 "tr": "İlk temasta çözüm"},
    "transfers_per_complaint": {"en": "Transfers per complaint",
                                "tr": "Şikâyet başına aktarma"},
    "public_complaints": {"en": "Public complaints", "tr": "Herkese açık şikâyetler"},
}


def contact_log(run: RunResult, scenario: ServiceScenario) -> pd.DataFrame:
    """The replication's complaint log: one row per contact, in time order. Times are
    rounded to the minute, as a ticketing system would show them."""
    f = run.final
    if "row_customer" not in f:
        raise ValueError("this result has no per-contact data; run it with keep_final=True")
    channels = list(scenario.intake)
    departments = list(scenario.departments)
    categories = list(scenario.categories)
    ticket = f["row_ticket"].astype(np.int64)
    has = ticket >= 0
    t = np.where(has, ticket, 0)
    customer = f["row_customer"].astype(np.int64)
    dept_index = np.where(has, f["ticket_department"][t] if t.size else -1, -1)
    people = [scenario.departments[d].people for d in departments]
    named = has & f["ticket_named"][t] if t.size else has
    # the person the routing table names, or else the department's people in turn
    chosen = np.where(has, f["ticket_person"][t], -1) if t.size and "ticket_person" in f \
        else np.full(ticket.size, -1)
    assignee = np.array([""] * ticket.size, dtype=object)
    for j, d in enumerate(departments):
        mine = dept_index == j
        assignee[mine & ~named] = f"{d} inbox"
        persons = np.array(people[j], dtype=object)
        who = mine & named
        assignee[who] = persons[np.where(chosen[who] >= 0, chosen[who],
                                         ticket[who] % len(persons))]
    primary = has & (f["customer_ticket"][customer] == ticket)
    surveyed = f["customer_surveyed"][customer] & primary
    satisfaction = np.where(surveyed, np.where(f["customer_satisfied"][customer], "satisfied",
                                               "dissatisfied"), "")
    start = datetime.fromisoformat(scenario.start)
    order = np.lexsort((f["row_type"], customer, f["row_created"]))
    public = np.array([c.public for c in scenario.intake.values()])
    data = {
        "ticket_id": np.where(has, np.char.add("T", np.char.zfill((ticket + 1).astype(str),
                                                                   6)), ""),
        "customer_id": np.char.add("C", np.char.zfill((customer + 1).astype(str), 6)),
        "contact": np.array(CONTACT_TYPES)[f["row_type"].astype(np.int64)],
        "channel": np.array(channels)[f["row_channel"].astype(np.int64)],
        "public": public[f["row_channel"].astype(np.int64)],
        "category": np.array(categories)[f["customer_category"][customer]],
        "order_id": _orders(f, customer),
        "product": _products(f, customer, scenario),
        "department": np.where(dept_index >= 0, np.array(departments + [""])[dept_index],
                               np.where(has, NOT_ANSWERED, "")),
        "assignee": assignee,
        "created": _times(start, f["row_created"]),
        "first_response": _times(start, f["row_response"]),
        "resolved": _times(start, np.where(has, f["ticket_resolved"][t], np.nan)),
        "transfers": np.where(has, f["ticket_transfers"][t], 0).astype(np.int64),
        "escalated": has & (f["ticket_escalated"][t] if t.size else has),
        "satisfaction": satisfaction,
        "gift": np.where(primary, f["customer_gift"][customer], 0.0),
        "bought_again": f["customer_bought"][customer],
    }
    log = pd.DataFrame({k: np.asarray(v)[order] for k, v in data.items()},
                       columns=list(LOG_COLUMNS))
    return log.reset_index(drop=True)


def _orders(f: dict, customer: np.ndarray) -> np.ndarray:
    """Her order's number (``O0001234``); empty for a result kept without one."""
    if "customer_order" not in f:
        return np.full(customer.size, "", dtype=object)
    return np.char.add("O", np.char.zfill((f["customer_order"][customer] + 1).astype(str), 7))


def _products(f: dict, customer: np.ndarray, scenario: ServiceScenario) -> np.ndarray:
    """What her order was for, by the scenario's product keys; empty if it has none."""
    index = f.get("customer_product")
    if index is None or not scenario.products:
        return np.full(customer.size, "", dtype=object)
    return np.array(list(scenario.products) + [""], dtype=object)[index[customer]]


def _times(start: datetime, hours: np.ndarray) -> pd.Series:
    hours = np.asarray(hours, dtype=float)
    minutes = np.where(np.isfinite(hours), np.round(hours * 60.0), np.nan)
    return pd.Series(pd.Timestamp(start) + pd.to_timedelta(minutes, unit="min"))


def read_log(path) -> pd.DataFrame:
    """A complaint-log CSV as a DataFrame with the log's types."""
    log = pd.read_csv(path, dtype={"ticket_id": str, "satisfaction": str, "department": str,
                                   "assignee": str, "order_id": str, "product": str},
                      keep_default_na=False,
                      na_values={c: [""] for c in TIME_COLUMNS})
    for column in TIME_COLUMNS:
        log[column] = pd.to_datetime(log[column], format=TIME_FORMAT)
    return log


def kpi_report(log: pd.DataFrame, language: str | None = None) -> pd.DataFrame:
    """The KPI report from a complaint log: one row per department (as the log names it),
    then ``total``. With ``language`` ("en" or "tr") the columns carry their labels."""
    tickets = log[log["ticket_id"] != ""]
    per = tickets.groupby("ticket_id", sort=True).agg(
        department=("department", "first"), customer_id=("customer_id", "first"),
        created=("created", "min"), first_response=("first_response", "min"),
        resolved=("resolved", "first"), transfers=("transfers", "first"),
        satisfaction=("satisfaction", "max"), gift=("gift", "max"),
        bought_again=("bought_again", "first"), public=("public", "any"))
    rows = {name: _kpis(group, len(per)) for name, group in per.groupby("department")}
    rows[TOTAL] = _kpis(per, len(per))
    report = pd.DataFrame.from_dict(rows, orient="index", columns=list(KPI_COLUMNS))
    report.index.name = "department"
    if language is not None:
        report = report.rename(columns={k: v[language] for k, v in KPI_LABELS.items()})
    return report


def _kpis(per: pd.DataFrame, total: int) -> dict[str, float]:
    count = len(per)
    done = per["resolved"].notna()
    hours = (per.loc[done, "resolved"] - per.loc[done, "created"]) / timedelta(hours=1)
    answers = per["satisfaction"].isin(["satisfied", "dissatisfied"])
    customers = per.drop_duplicates("customer_id")
    first_contact = done & (per["transfers"] == 0) & (per["resolved"] == per["first_response"])
    return {
        "share": count / total if total else float("nan"),
        "complaints": count,
        "resolved": int(done.sum()),
        "resolution_rate": float(done.mean()) if count else float("nan"),
        "mean_resolution_hours": float(hours.mean()) if done.any() else float("nan"),
        "max_resolution_hours": float(hours.max()) if done.any() else float("nan"),
        "satisfaction_rate": float((per.loc[answers, "satisfaction"] == "satisfied").mean())
        if answers.any() else float("nan"),
        "gift_cost": float(per["gift"].sum()),
        "bought_again": float(customers["bought_again"].mean()) if count else float("nan"),
        "first_contact_resolution": float(first_contact.mean()) if count else float("nan"),
        "transfers_per_complaint": float(per["transfers"].mean()) if count else float("nan"),
        "public_complaints": int(per["public"].sum()),
    }
