"""One customer's week, replayed: her contacts, the waits and what the firm did.

``journey(log, customer_id)`` is her rows of the complaint log with what happened on each;
``narrate`` tells it in English or Turkish, one line per step; ``case_customer`` picks the
customer of case 001 (items missing, she starts with the web form, early in the horizon) so
the same person can be followed under two plans on the same random numbers.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

__all__ = ["STEP_TEXT", "case_customer", "journey", "narrate"]

STEP_TEXT: dict[str, dict[str, str]] = {
    "order": {"en": "Her order {order} ({product}): {category}.",
              "tr": "Siparişi {order} ({product}): {category}."},
    "wrote": {"en": "{when}: she contacts the firm on {channel}.",
              "tr": "{when}: firmaya {channel} üzerinden ulaşıyor."},
    "chased": {"en": "{when}: she asks about her open case on {channel}.",
               "tr": "{when}: açık vakasını {channel} üzerinden soruyor."},
    "answered": {"en": "    answered {after} later (ticket {ticket}).",
                 "tr": "    {after} sonra yanıt geliyor ({ticket} numaralı kayıt)."},
    "unanswered": {"en": "    no answer within the horizon.",
                   "tr": "    süre boyunca yanıt gelmiyor."},
    "hung_up": {"en": "    she waits on hold and hangs up.",
                "tr": "    hatta bekliyor ve kapatıyor."},
    "public": {"en": "    everyone can read this one.",
               "tr": "    bunu herkes okuyabiliyor."},
    "resolved": {"en": "{when}: her problem is resolved by {assignee} ({department}), "
                       "{after} after her first try; {transfers} transfer(s).",
                 "tr": "{when}: sorunu {assignee} ({department}) tarafından çözülüyor; ilk "
                       "denemesinden {after} sonra, {transfers} aktarma."},
    "inbox": {"en": "whoever took it from the {department} inbox",
              "tr": "{department} kutusundan alan biri"},
    "never": {"en": "Her problem is still not resolved at the end.",
              "tr": "Süre sonunda sorunu hâlâ çözülmemiş."},
    "bought": {"en": "She buys again.", "tr": "Yeniden alışveriş yapıyor."},
    "left": {"en": "She does not buy again.", "tr": "Bir daha alışveriş yapmıyor."},
}


def journey(log: pd.DataFrame, customer_id: str) -> pd.DataFrame:
    """Her rows of the log, in time order, with the wait on each contact in hours."""
    rows = log[log["customer_id"] == customer_id].sort_values("created", kind="stable")
    if rows.empty:
        raise KeyError(f"no customer {customer_id!r} in this log")
    rows = rows.copy()
    rows["wait_hours"] = (rows["first_response"] - rows["created"]).dt.total_seconds() / 3600
    return rows.reset_index(drop=True)


def _duration(hours: float, language: str) -> str:
    from casekit.text.formats import number  # the language's decimals: 29,3 sa
    if hours < 1:
        return number(hours * 60, language, 0) + (" dk" if language == "tr" else " min")
    if hours < 48:
        return number(hours, language, 1) + (" sa" if language == "tr" else " h")
    return number(hours / 24, language, 1) + (" gün" if language == "tr" else " days")


DAYS = {"en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
        "tr": ("Pzt", "Sal", "Çar", "Per", "Cum", "Cmt", "Paz")}


def _when(moment: pd.Timestamp, language: str) -> str:
    return f"{DAYS[language][moment.weekday()]} {moment:%d.%m %H:%M}"


def narrate(steps: pd.DataFrame, language: str = "en", scenario: Any = None) -> list[str]:
    """Her journey as lines of text in ``language`` (channel and department names from the
    scenario's labels when it is given)."""
    t = {k: v[language] for k, v in STEP_TEXT.items()}
    labels: dict[str, str] = {}
    if scenario is not None:
        labels = {k: v.label.in_(language) for k, v in scenario.intake.items()}
        labels.update({k: v.label.in_(language) for k, v in scenario.departments.items()})
    lines = []
    first_row = steps.iloc[0]
    if str(first_row.get("order_id", "") or ""):  # the problem: her order, its product
        product, category = first_row["product"], first_row["category"]
        if scenario is not None:
            product = scenario.products[product].label.in_(language) \
                if product in scenario.products else product
            category = scenario.categories[category].label.in_(language) \
                if category in scenario.categories else category
        lines.append(t["order"].format(order=first_row["order_id"], product=product or "–",
                                       category=category))
    for row in steps.itertuples():
        when = _when(row.created, language)
        channel = labels.get(row.channel, row.channel)
        lines.append(t["chased" if row.contact == "chase" else "wrote"].format(
            when=when, channel=channel))
        if row.contact == "chase":
            continue
        if pd.notna(row.first_response):
            lines.append(t["answered"].format(after=_duration(row.wait_hours, language),
                                              ticket=row.ticket_id))
        elif row.ticket_id:
            lines.append(t["unanswered"])
        else:
            lines.append(t["hung_up"])
        if row.public:
            lines.append(t["public"])
    done = steps.dropna(subset=["resolved"])
    if len(done):
        first = done.sort_values("resolved").iloc[0]
        after = (first["resolved"] - steps["created"].min()).total_seconds() / 3600
        department = labels.get(first["department"], first["department"])
        assignee = first["assignee"]
        if assignee.endswith(" inbox"):
            assignee = t["inbox"].format(department=department)
        lines.append(t["resolved"].format(
            when=_when(first["resolved"], language), assignee=assignee,
            department=department, after=_duration(after, language),
            transfers=int(first["transfers"])))
    else:
        lines.append(t["never"])
    lines.append(t["bought" if bool(steps["bought_again"].iloc[0]) else "left"])
    return lines


def case_customer(log: pd.DataFrame, category: str | None = None,
                  first_channel: str | None = None, scenario: Any = None) -> str:
    """The customer of case 001 in this log: of ``category``, started on ``first_channel``,
    with the most channels tried (the earliest of those). Under another plan on the same random
    numbers the same id is the same person. Without a category or channel: the scenario's
    first category the firm cannot know of in advance (items missing, say) and its first
    channel; without a scenario, ``missing_item`` on the ``web_form`` (case 001)."""
    if scenario is not None:
        category = category or next(
            (n for n, c in scenario.categories.items() if not c.notice_eligible),
            next(iter(scenario.categories)))
        first_channel = first_channel or next(iter(scenario.intake))
    category = category or "missing_item"
    first_channel = first_channel or "web_form"
    firsts = log[(log["contact"] == "first") & (log["category"] == category) &
                 (log["channel"] == first_channel)]
    if firsts.empty:
        raise KeyError(f"no customer of {category!r} started on {first_channel!r}")
    mine = log[log["customer_id"].isin(firsts["customer_id"]) & (log["contact"] != "chase")]
    counts = mine.groupby("customer_id").agg(contacts=("contact", "size"),
                                             first=("created", "min"))
    counts = counts.sort_values(["contacts", "first"], ascending=[False, True])
    return str(counts.index[0])
