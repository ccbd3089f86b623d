"""The complaint log, its export and the KPI report of source 001.

The KPI report a student computes from the CSV with plain pandas (written here the way a
student would, not with casekit's code) must equal casekit's own report; the example logs
shipped in datasets/ must be exactly what ``export_complaint_log`` writes.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from casekit.errors import InputError
from casekit.kinds.service_operations.engine import simulate
from casekit.kinds.service_operations.export import complaint_log, export_complaint_log
from casekit.kinds.service_operations.kpi import (
    KPI_COLUMNS,
    KPI_LABELS,
    LOG_COLUMNS,
    TOTAL,
    contact_log,
    kpi_report,
    read_log,
)
from casekit.kinds.service_operations.schema import load_service_scenario, load_settings

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT / "datasets"
#: The example logs: (file, scenario, plan, seed), as datasets/README.md says they were made.
EXAMPLES = (
    ("complaint-log-before.csv", "complaint-operations", "department-inboxes", 1),
    ("complaint-log-after.csv", "complaint-operations", "designed-process", 1),
)


def path_of(name: str) -> Path:
    path = ROOT / "scenarios" / f"{name}.yaml"
    return path if path.exists() else ROOT / "scenarios" / f"_draft-{name}.yaml"


def plan_path(scenario: str, plan: str) -> Path:
    return ROOT / "scenarios" / scenario / "plans" / f"{plan}.yaml"


def student_report(csv: Path) -> pd.DataFrame:
    """The KPI report as a student writes it with pandas, from the CSV alone."""
    log = pd.read_csv(csv, parse_dates=["created", "first_response", "resolved"])
    log = log[log["ticket_id"].notna()]
    log["department"] = log["department"].fillna("")
    tickets = log.groupby("ticket_id").agg(
        department=("department", "first"), customer=("customer_id", "first"),
        created=("created", "min"), first_response=("first_response", "min"),
        resolved=("resolved", "first"), transfers=("transfers", "first"),
        satisfaction=("satisfaction", lambda s: s.dropna().iloc[0] if s.notna().any()
                      else None),
        gift=("gift", "max"), bought=("bought_again", "first"), public=("public", "max"))
    tickets["hours"] = (tickets["resolved"] - tickets["created"]).dt.total_seconds() / 3600
    tickets["fcr"] = (tickets["transfers"] == 0) & \
        (tickets["resolved"] == tickets["first_response"])

    def kpis(t: pd.DataFrame) -> pd.Series:
        answered = t["satisfaction"].dropna()
        return pd.Series({
            "share": len(t) / len(tickets),
            "complaints": len(t),
            "resolved": int(t["resolved"].notna().sum()),
            "resolution_rate": t["resolved"].notna().mean(),
            "mean_resolution_hours": t["hours"].mean(),
            "max_resolution_hours": t["hours"].max(),
            "satisfaction_rate": (answered == "satisfied").mean() if len(answered)
            else np.nan,
            "gift_cost": t["gift"].sum(),
            "bought_again": t.drop_duplicates("customer")["bought"].mean(),
            "first_contact_resolution": t["fcr"].mean(),
            "transfers_per_complaint": t["transfers"].mean(),
            "public_complaints": int(t["public"].sum()),
        })

    rows = {dept: kpis(t) for dept, t in tickets.groupby("department")}
    rows[TOTAL] = kpis(tickets)
    return pd.DataFrame(rows).T


@pytest.fixture(scope="module")
def ecommerce():
    return load_service_scenario(path_of("ecommerce-late-order"))


@pytest.mark.parametrize("plan", ["what-the-retailer-did", "what-the-competitor-did"])
def test_the_students_pandas_report_equals_casekits(ecommerce, plan: str,
                                                     tmp_path: Path) -> None:
    out = tmp_path / "log.csv"
    log = export_complaint_log(ecommerce, plan_path(ecommerce.id, plan), 4, out)
    ours = kpi_report(log)
    assert list(ours.columns) == list(KPI_COLUMNS)
    theirs = student_report(out)
    assert list(theirs.index) == list(ours.index)
    pd.testing.assert_frame_equal(ours, theirs[list(KPI_COLUMNS)].astype(ours.dtypes),
                                  check_names=False, rtol=1e-9)
    pd.testing.assert_frame_equal(kpi_report(read_log(out)), ours)


def test_the_report_agrees_with_the_engine(ecommerce) -> None:
    _, settings = load_settings(plan_path(ecommerce.id, "what-the-competitor-did"), ecommerce)
    run = simulate(ecommerce, settings, seed=2)
    log = contact_log(run, ecommerce)
    report = kpi_report(log)
    total = report.loc[TOTAL]
    t = run.totals
    assert list(log.columns) == list(LOG_COLUMNS)
    assert len(log) == t["contacts"]
    assert total["complaints"] == t["complaints"]
    assert total["resolved"] == t["tickets_resolved"]
    assert total["public_complaints"] <= t["public_posts"]
    assert total["transfers_per_complaint"] == pytest.approx(t["transfers_per_complaint"])
    assert report["share"].drop(TOTAL).sum() == pytest.approx(1.0)
    assert (report.drop(TOTAL)["complaints"].sum()) == total["complaints"]
    # Resolution times in the log are rounded to the minute: within a minute of the engine.
    assert total["max_resolution_hours"] == pytest.approx(t["max_resolution_hours"],
                                                          abs=1 / 60)
    labelled = kpi_report(log, language="tr")
    assert list(labelled.columns) == [KPI_LABELS[c]["tr"] for c in KPI_COLUMNS]


def test_the_report_sees_what_the_process_changes(ecommerce) -> None:
    before = kpi_report(complaint_log(ecommerce, plan_path(ecommerce.id,
                                                           "what-the-retailer-did"), 3))
    after = kpi_report(complaint_log(ecommerce, plan_path(ecommerce.id,
                                                          "what-the-competitor-did"), 3))
    assert after.loc[TOTAL, "resolution_rate"] > before.loc[TOTAL, "resolution_rate"] + 0.2
    assert after.loc[TOTAL, "public_complaints"] < before.loc[TOTAL, "public_complaints"]
    assert np.isnan(before.loc[TOTAL, "satisfaction_rate"])  # nobody was surveyed


def test_gifts_and_surveys_reach_the_log(ecommerce) -> None:
    _, settings = load_settings(plan_path(ecommerce.id, "what-the-competitor-did"), ecommerce)
    settings = settings.model_copy(update={"survey": True, "win_back": settings.win_back.
                                           model_copy(update={"to": "dissatisfied",
                                                              "gift": 40.0,
                                                              "budget": 2000.0})})
    run = simulate(ecommerce, settings, seed=2)
    report = kpi_report(contact_log(run, ecommerce))
    assert report.loc[TOTAL, "gift_cost"] == pytest.approx(run.totals["gift_cost"])
    assert 0 < report.loc[TOTAL, "gift_cost"] <= 2000
    assert 0 < report.loc[TOTAL, "satisfaction_rate"] < 1


def test_the_routing_table_can_name_the_person(tmp_path: Path) -> None:
    """category -> department -> named person: the named person's name is on every ticket
    of that category she owns; the others' names go round the department as before; the
    department's staff still share the work, so the run is the 'named' run."""
    from casekit.errors import PlanError
    from casekit.kinds.service_operations.schema import plan_settings
    ops = load_service_scenario(path_of("complaint-operations")).with_customers(2000)
    named = {"routing": {c: {"department": k.department, "assignee": "named"}
                         for c, k in ops.categories.items()}}
    chosen = {"routing": {**named["routing"],
                          "refund": {"department": "finance", "assignee": "Nazlı Güneş"}}}
    a = simulate(ops, plan_settings({"settings": named}, ops), seed=3)
    b = simulate(ops, plan_settings({"settings": chosen}, ops), seed=3)
    np.testing.assert_equal(a.totals, b.totals)
    before, after = contact_log(a, ops), contact_log(b, ops)
    owned = (after["category"] == "refund") & (after["department"] == "finance")
    assert owned.sum() > 20
    assert set(after.loc[owned, "assignee"]) == {"Nazlı Güneş"}
    assert before.loc[owned, "assignee"].nunique() == len(ops.departments["finance"].people)
    np.testing.assert_array_equal(after.loc[~owned, "assignee"],
                                  before.loc[~owned, "assignee"])
    # A person of another department, or nobody's name, is a one-line error.
    for who in ("Selin Kaya", "Mr Nobody"):
        wrong = {"routing": {"refund": {"department": "finance", "assignee": who}}}
        with pytest.raises(PlanError) as caught:
            plan_settings({"settings": wrong}, ops, "plan.yaml")
        assert caught.value.field == "settings.routing.refund.assignee"
        assert "Elif Yıldız" in caught.value.expected and "\n" not in str(caught.value)


def test_each_customer_has_her_order_and_its_product(ecommerce) -> None:
    """The true problem is a category, a product and an order: one order number and one
    product on all her rows, the same under another plan (common random numbers), the
    products in the scenario's shares."""
    big = ecommerce.with_customers(6000)
    retailer = complaint_log(big, plan_path(big.id, "what-the-retailer-did"), 2)
    competitor = complaint_log(big, plan_path(big.id, "what-the-competitor-did"), 2)
    for log in (retailer, competitor):
        per = log.groupby("customer_id")[["order_id", "product", "category"]].nunique()
        assert (per == 1).all().all()
        assert log.groupby("order_id")["customer_id"].nunique().max() == 1
        assert log["order_id"].str.fullmatch(r"O\d{7}").all()
        assert set(log["product"]) <= set(big.products)
    both = retailer.drop_duplicates("customer_id").merge(
        competitor.drop_duplicates("customer_id"), on="customer_id")
    assert len(both) > 500
    assert (both["order_id_x"] == both["order_id_y"]).all()
    assert (both["product_x"] == both["product_y"]).all()
    shares = retailer.drop_duplicates("customer_id")["product"].value_counts(normalize=True)
    for key, product in big.products.items():
        assert shares[key] == pytest.approx(float(product.share), abs=0.03), key


def test_the_data_dictionary_names_every_column() -> None:
    text = (DATASETS / "README.md").read_text(encoding="utf-8")
    for column in LOG_COLUMNS:
        assert f"| `{column}` |" in text, f"datasets/README.md does not describe {column}"
    header = (DATASETS / "complaint-log-before.csv").read_text(encoding="utf-8")
    assert header.split("\n", 1)[0].split(",") == list(LOG_COLUMNS)


def test_export_refuses_a_file_that_is_not_csv(ecommerce, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="ending in .csv"):
        export_complaint_log(ecommerce, None, 1, tmp_path / "log.xlsx")
    with pytest.raises(InputError, match="cannot be written"):
        export_complaint_log(ecommerce, None, 1, tmp_path / "missing" / "log.csv")


@pytest.mark.parametrize("name, scenario, plan, seed", EXAMPLES)
def test_shipped_logs_are_what_the_command_makes(name: str, scenario: str, plan: str,
                                                 seed: int, tmp_path: Path) -> None:
    shipped = DATASETS / name
    made = tmp_path / name
    export_complaint_log(scenario, plan_path(scenario, plan), seed, made)
    assert shipped.read_bytes() == made.read_bytes(), \
        f"datasets/{name} is stale: make it again with export_complaint_log"


def test_the_journey_replays_one_customer_under_both_plans(ecommerce) -> None:
    from casekit.kinds.service_operations.journey import case_customer, journey, narrate
    retailer = complaint_log(ecommerce, plan_path(ecommerce.id, "what-the-retailer-did"), 1)
    rival = complaint_log(ecommerce, plan_path(ecommerce.id, "what-the-competitor-did"), 1)
    who = case_customer(retailer)
    assert case_customer(retailer, scenario=ecommerce) == who  # missing items, web form
    hers = journey(retailer, who)
    assert hers["contact"].iloc[0] == "first" and hers["channel"].iloc[0] == "web_form"
    assert (hers["contact"] == "climb").sum() >= 2        # she climbed the ladder
    assert hers["public"].any()                           # and ended up in public
    other = journey(rival, who)                           # the same person, same luck
    assert other["created"].iloc[0] == hers["created"].iloc[0]
    assert (other["contact"] != "chase").sum() < (hers["contact"] != "chase").sum()
    en, tr = narrate(hers, "en", ecommerce), narrate(hers, "tr", ecommerce)
    assert len(en) == len(tr) and en != tr
    assert any("Twitter" in line for line in en)
    # It opens with her order: its number, the product's and the problem's labels.
    product = ecommerce.products[hers["product"].iloc[0]].label
    assert en[0] == f"Her order {hers['order_id'].iloc[0]} ({product.en}): Items missing " \
        "from the parcel."
    assert tr[0].startswith(f"Siparişi {hers['order_id'].iloc[0]} ({product.tr}): Paketten")
    assert narrate(other, "en", ecommerce)[0] == en[0]    # the same order under both
    with pytest.raises(KeyError):
        journey(retailer, "C999999")


def test_the_export_command(tmp_path: Path, capsys) -> None:
    import argparse

    from casekit.errors import ScenarioError
    from casekit.kinds.service_operations.export import add_arguments, run
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    out = tmp_path / "log.csv"
    args = parser.parse_args([str(path_of("ecommerce-late-order")), "--plan",
                              str(plan_path("ecommerce-late-order", "what-the-competitor-did")),
                              "--seed", "2", "--out", str(out)])
    assert run(args) == 0
    assert "contacts" in capsys.readouterr().out
    args.lang = "tr"
    assert run(args) == 0
    assert "temas" in capsys.readouterr().out
    assert list(read_log(out).columns) == list(LOG_COLUMNS)
    wrong = parser.parse_args([str(ROOT / "scenarios" / "isp-overbilling.yaml"),
                               "--out", str(out)])
    with pytest.raises(ScenarioError, match="expected a service_operations scenario"):
        run(wrong)
    with pytest.raises(InputError, match="no such file|cannot be read"):
        run(parser.parse_args(["ecommerce-late-order", "--plan", str(tmp_path / "nope.yaml"),
                               "--out", str(out)]))


@pytest.fixture(scope="module")
def ecommerce_tournament(tmp_path_factory):
    """A small class on the e-commerce week: the two reference plans handed in by students."""
    from casekit import load_scenario
    from casekit.tournament import run_tournament
    root = tmp_path_factory.mktemp("ops-class")
    folder = root / "subs"
    folder.mkdir()
    for student, plan in (("ayse", "what-the-competitor-did"),
                          ("mehmet", "what-the-retailer-did")):
        text = plan_path("ecommerce-late-order", plan).read_text(encoding="utf-8")
        (folder / f"{student}.yaml").write_text(text, encoding="utf-8")
    return run_tournament(load_scenario("ecommerce-late-order"), folder, reps=2, seed=4,
                          out_dir=root / "out", workers=1, customers=1500, progress=False,
                          debrief=False)


def test_the_kpi_report_reaches_the_debrief_through_the_contract(ecommerce_tournament) -> None:
    pytest.importorskip("matplotlib")
    from casekit.kinds import kind_of
    from casekit.kinds.service_operations.debrief import WORDS, kpi_by_plan
    from casekit.report.debrief import debrief_html
    from casekit.simulation import simulate_batch
    result = ecommerce_tournament
    kind = kind_of(result.scenario)
    assert kind.debrief_sections is not None
    sections = kind.debrief_sections(result, "en")
    assert [s.title for s in sections] == [WORDS["title"]["en"]]
    # the top plan's totals are the KPI report of its stored replication 1, run again
    top = result.entry(result.leaderboard["student"].iloc[0])
    run = simulate_batch(top.scenario, top.plan, result.seed, [0], result.customers)[0]
    expected = kpi_report(contact_log(run, top.scenario)).loc[TOTAL]
    totals = kpi_by_plan(result, "en")
    assert totals.iloc[0].equals(expected.astype(totals.iloc[0].dtype))
    stored = result.per_run(top).set_index("replication").loc[0]
    assert totals.iloc[0]["public_complaints"] <= stored["public_posts"]
    # the competitor's process beats the retailer's on the report's own numbers
    by_name = {e.label: kpi_report(contact_log(simulate_batch(
        e.scenario, e.plan, result.seed, [0], result.customers)[0], e.scenario)).loc[TOTAL]
        for e in result.entries if e.role == "student"}
    assert by_name["ayse"]["resolution_rate"] > by_name["mehmet"]["resolution_rate"]
    for lang in ("en", "tr"):
        page = debrief_html(result, lang)
        assert WORDS["title"][lang] in page
        assert KPI_LABELS["first_contact_resolution"][lang] in page
        assert WORDS["total"][lang] in page            # the per-department table's total
        departments = [d.label.in_(lang) for d in result.scenario.departments.values()]
        assert any(name in page for name in departments)
    assert "Toplam" not in debrief_html(result, "en")


def test_public_posts_is_labelled_as_posts() -> None:
    from casekit.kinds import KINDS
    label = KINDS["service_operations"].metric("public_posts").label
    assert label == {"en": "Public posts", "tr": "Herkese açık gönderiler"}
