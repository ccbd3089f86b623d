"""The KPI report (source 001) in the class debrief of a service-operations tournament.

The tournament stores each replication's totals and hourly series, not its complaint log,
so this section runs replication 1 of a few plans again (the same seed and the same random
numbers as the stored one, so the same week): the class's top, median and bottom plans, the
reference plans and doing nothing. It shows the report's total row for each of them side by
side, and the top plan's report department by department, as department heads would get it.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from casekit.kinds.contract import DebriefSection
from casekit.kinds.service_operations.kpi import (KPI_COLUMNS, KPI_LABELS, NOT_ANSWERED, TOTAL,
                                                  contact_log, kpi_report)
from casekit.text.formats import fill
from casekit.text.strings import plan_name

__all__ = ["WORDS", "debrief_sections", "kpi_by_plan"]

WORDS: dict[str, dict[str, str]] = {
    "title": {"en": "The KPI report for department heads",
              "tr": "Departman yöneticileri için KPI raporu"},
    "note": {"en": "As source 001 asks for it, from the complaint log of the whole case as a "
                   "ticketing system exports it: replication 1 of {reps}, the same customers "
                   "and random numbers for every plan.",
             "tr": "Kaynak 001'in istediği biçimde, vakanın tamamının şikâyet kaydından (bir "
                   "kayıt sisteminin dışa aktardığı gibi): {reps} tekrardan 1.si, her plan için "
                   "aynı müşteriler ve aynı rastlantısal sayılar."},
    "by_plan": {"en": "In total, plan by plan", "tr": "Toplamda, plan plan"},
    "by_department": {"en": "Department by department: {plan}",
                      "tr": "Departman departman: {plan}"},
    "plan": {"en": "Plan", "tr": "Plan"},
    "department": {"en": "Department", "tr": "Departman"},
    "total": {"en": "Total", "tr": "Toplam"},
    "not_answered": {"en": "(not answered)", "tr": "(yanıtlanmadı)"},
    "top": {"en": "top: {name}", "tr": "en iyi: {name}"},
    "median": {"en": "median: {name}", "tr": "ortanca: {name}"},
    "bottom": {"en": "bottom: {name}", "tr": "en zayıf: {name}"},
    "baseline": {"en": "no response (baseline)", "tr": "hiç tepki yok (karşılaştırma tabanı)"},
}
#: KPI columns that are shares (shown in percent) and money (shown with the currency).
_SHARES = ("share", "resolution_rate", "satisfaction_rate", "bought_again",
           "first_contact_resolution")
_MONEY = ("gift_cost",)
_COUNTS = ("complaints", "resolved", "public_complaints")
#: Complaint logs already made, by (plan, scenario, seed, customers): the debrief is often
#: written twice (English, then the instructor's language).
_LOGS: dict[tuple[str, str, int, int], pd.DataFrame] = {}


def _w(key: str, language: str, **values: Any) -> str:
    texts = WORDS[key]
    return fill(texts.get(language) or texts["en"], language, **values)


def _log(entry: Any, seed: int, customers: int) -> pd.DataFrame:
    """Replication 0's complaint log of ``entry`` (run again, or from the cache)."""
    key = (entry.plan.digest, entry.scenario.fingerprint, int(seed), int(customers))
    if key not in _LOGS:
        from casekit.kinds.service_operations.engine import simulate_batch
        run = simulate_batch(entry.scenario, entry.plan, seed, [0], customers, True)[0]
        while len(_LOGS) >= 16:
            _LOGS.pop(next(iter(_LOGS)))
        _LOGS[key] = contact_log(run, entry.scenario)
    return _LOGS[key]


def _picks(result: Any, language: str) -> list[tuple[str, Any]]:
    """(row label, entry): the top, median and bottom students, references, the baseline."""
    board = result.leaderboard
    students = {e.label: e for e in result.entries if e.role == "student"}
    picks: list[tuple[str, Any]] = []
    seen: set[str] = set()
    if not board.empty:
        for role, i in (("top", 0), ("median", len(board) // 2), ("bottom", len(board) - 1)):
            label = str(board.iloc[i]["student"])
            if label in students and label not in seen:
                seen.add(label)
                picks.append((_w(role, language, name=label), students[label]))
    picks += [(plan_name(e.plan.name, language), e) for e in result.entries
              if e.role == "reference"]
    picks += [(_w("baseline", language), e) for e in result.entries if e.role == "baseline"]
    return picks


def _readable(report: pd.DataFrame, language: str, currency: str,
              columns: tuple[str, ...] = KPI_COLUMNS) -> pd.DataFrame:
    """KPI columns with their labels; shares in percent, money with the currency, counts
    whole."""
    out = pd.DataFrame(index=report.index)
    for column in columns:
        label = KPI_LABELS[column].get(language) or KPI_LABELS[column]["en"]
        values = report[column].astype(float)
        if column in _COUNTS:
            out[label] = values.round().astype("int64")
        elif column in _SHARES:
            out[f"{label} (%)"] = 100 * values
        elif column in _MONEY:  # whole money, as the report's other amounts
            out[f"{label} ({currency})"] = values.round().astype("int64")
        else:
            out[label] = values
    return out


def kpi_by_plan(result: Any, language: str = "en") -> pd.DataFrame:
    """The KPI report's total row for each plan the debrief follows (raw KPI columns)."""
    rows = {}
    for label, entry in _picks(result, language):
        report = kpi_report(_log(entry, result.seed, result.customers))
        rows[label] = report.loc[TOTAL]
    return pd.DataFrame.from_dict(rows, orient="index", columns=list(KPI_COLUMNS))


def debrief_sections(result: Any, language: str = "en") -> list[DebriefSection]:
    """The KPI report section of the debrief (see the module's docstring)."""
    scenario = result.scenario
    currency = scenario.currency
    totals = kpi_by_plan(result, language)
    if totals.empty:
        return []
    # every plan's total is 100% of its complaints: the share column says nothing here
    by_plan = _readable(totals, language, currency,
                        tuple(c for c in KPI_COLUMNS if c != "share"))
    by_plan.insert(0, _w("plan", language), list(by_plan.index))
    tables = [(_w("by_plan", language), by_plan.reset_index(drop=True))]
    picks = _picks(result, language)
    if picks and picks[0][1].role == "student":
        label, entry = picks[0]
        report = kpi_report(_log(entry, result.seed, result.customers))
        names = []
        for department in report.index:
            if department == TOTAL:
                names.append(_w("total", language))
            elif department == NOT_ANSWERED:
                names.append(_w("not_answered", language))
            elif department in entry.scenario.departments:
                text = entry.scenario.departments[department].label
                names.append(text.in_(language) if hasattr(text, "in_") else str(text))
            else:
                names.append(str(department))
        table = _readable(report, language, currency)
        table.insert(0, _w("department", language), names)
        tables.append((_w("by_department", language, plan=label),
                       table.reset_index(drop=True)))
    return [DebriefSection(_w("title", language), _w("note", language, reps=result.reps),
                           tuple(tables))]
