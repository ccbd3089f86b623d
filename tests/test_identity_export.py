"""The identity-data export and the example set shipped in datasets/."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from casekit.errors import InputError
from casekit.kinds.identity_resolution.export import export_identity_data, resolve_scenario
from casekit.kinds.identity_resolution.normalise import tckn_valid

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT / "datasets"


@pytest.fixture(scope="module")
def small():
    return resolve_scenario("bank-cross-channel").with_customers(2000)


def test_export_writes_tables_and_truth_only_when_asked(tmp_path, small):
    plain = export_identity_data(small, tmp_path / "a")
    assert [p.name for p in plain] == ["customers.csv", "accounts.csv", "posts.csv"]
    full = export_identity_data(small, tmp_path / "b", with_truth=True)
    assert full[-1].name == "truth.csv"
    for a, b in zip(plain, full):
        assert a.read_bytes() == b.read_bytes()  # same bank, byte for byte
    customers = pd.read_csv(full[0], dtype=str, keep_default_na=False)
    truth = pd.read_csv(full[3], dtype=str, keep_default_na=False)
    accounts = pd.read_csv(full[1], dtype=str, keep_default_na=False)
    assert len(customers) == 2000 and len(accounts) == 500
    assert tckn_valid(customers["tckn"].to_numpy()).all()
    assert customers["card_last4"].str.fullmatch(r"\d{4}").all()
    linked = truth[truth["customer_id"] != ""]
    assert set(linked["customer_id"]) <= set(customers["customer_id"])
    assert truth["account_id"].tolist() == accounts["account_id"].tolist()


def test_shipped_example_set_is_what_the_code_makes(tmp_path, small):
    made = export_identity_data(small, tmp_path, with_truth=True, prefix="identity-")
    for path in made:
        shipped = DATASETS / path.name
        assert shipped.exists(), f"{shipped} is missing"
        assert shipped.read_bytes() == path.read_bytes(), (
            f"{shipped.name} is stale: regenerate it as datasets/README.md says")
    assert (DATASETS / "identity-data-dictionary.md").exists()


def test_export_errors_are_one_line(tmp_path, small):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(InputError) as err:
        export_identity_data(small, blocker)
    assert "expected a directory" in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(InputError):
        export_identity_data("no-such-bank", tmp_path / "c")


def test_command_line_pair_writes_and_refuses_in_one_line(tmp_path, capsys):
    import argparse

    from casekit.kinds.identity_resolution import export
    parser = argparse.ArgumentParser()
    export.add_arguments(parser)
    args = parser.parse_args(["bank-cross-channel", "--out", str(tmp_path / "d"),
                              "--with-truth", "--customers", "800", "--language", "tr"])
    assert export.run(args) == 0
    said = capsys.readouterr().out
    assert "800 müşteri" in said and "200 hesap" in said and "truth.csv" in said
    assert (tmp_path / "d" / "truth.csv").exists()
    bad = parser.parse_args(["bank-cross-channel", "--out", str(tmp_path / "e"),
                             "--customers", "0"])
    with pytest.raises(InputError) as err:
        export.run(bad)
    assert err.value.source == "--customers" and "\n" not in str(err.value)


@pytest.mark.parametrize("name", ["isp-overbilling", "dark-horse-cafe.yaml"])
def test_a_scenario_of_another_kind_is_refused_by_its_kind(tmp_path, name):
    """A crisis or a cafe scenario has no bank to write: one line naming its kind, not the
    thirty fields an identity scenario would need."""
    scenario = ROOT / "scenarios" / name if name.endswith(".yaml") else name
    with pytest.raises(InputError) as err:
        resolve_scenario(scenario)
    said = str(err.value)
    assert err.value.field == "kind" and "\n" not in said
    assert "identity_resolution" in said and "more problems" not in said
