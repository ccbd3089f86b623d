"""casekit's Fellegi-Sunter against Splink on the same data (runs where the ``linkage``
extra is installed: ``pip install 'casekit[linkage]'``).

Both are given the same comparison levels (Splink as SQL over the normalised keys casekit
computes) on a 4,000-customer bank. Checked, with the tolerances stated below:

1. u from random pairs: of each exact level, against its value computed from the value
   frequencies (casekit within 0.003; Splink, which samples records, within 0.03);
2. m by EM, four training sessions, with Splink's u: the same sessions, the same median;
3. with the same parameters, every candidate pair gets the same match weight;
4. each pipeline on its own estimates makes the same link decision on >= 99% of pairs.

The handle comparison (a partial-ratio level) has no SQL twin in Splink and is left out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

splink = pytest.importorskip("splink", reason="the agreement test needs the linkage extra")
pytest.importorskip("duckdb", reason="Splink's DuckDB backend")

from splink import DuckDBAPI, Linker, SettingsCreator, block_on
from splink import comparison_library as cl

from casekit.kinds.identity_resolution import matching as mt
from casekit.kinds.identity_resolution.people import WorldSpec, make_world, places

FIELDS = ("first_name", "surname", "city", "district", "phone", "card", "email")
SESSIONS = ("surname_city", "first_surname", "phone", "card_city")
PREDICT = ("phone", "email", "surname_city", "first_surname", "card_city")
U_TOLERANCE = 0.003   # absolute, casekit's u of an exact level against its exact value
SPLINK_U_TOLERANCE = 0.03  # the same for Splink's record-sampled u (seed 1)
M_TOLERANCE = 0.01    # absolute, per level: the same EM on the same pairs
WEIGHT_TOLERANCE = 1e-6
DECISION_AGREEMENT = 0.99


def _levels(col: str, middle: list[dict] | None = None) -> cl.CustomComparison:
    levels = [{"sql_condition": f'"{col}_l" IS NULL OR "{col}_r" IS NULL',
               "label_for_charts": "null", "is_null_level": True},
              {"sql_condition": f'"{col}_l" = "{col}_r"', "label_for_charts": "exact"},
              *(middle or []),
              {"sql_condition": "ELSE", "label_for_charts": "different"}]
    return cl.CustomComparison(levels, output_column_name=col)


def _close(col: str) -> dict:
    return {"sql_condition": f'jaro_winkler_similarity("{col}_l", "{col}_r") >= '
            f"{mt.CLOSE_NAME}", "label_for_charts": "close"}


COMPARISONS = [
    _levels("first_name", [_close("first_name")]),
    _levels("surname", [_close("surname"), {
        "sql_condition": '(length("surname_l") = 1 AND substr("surname_r", 1, 1) = '
                         '"surname_l") OR (length("surname_r") = 1 AND substr("surname_l", '
                         '1, 1) = "surname_r")', "label_for_charts": "initial"}]),
    _levels("city"), _levels("district"), _levels("phone"), _levels("card"),
    _levels("email", [{"sql_condition": '"email_stem_l" = "email_stem_r"',
                       "label_for_charts": "same_local"}]),
]
BLOCKS = {"surname_city": block_on("surname", "city"),
          "first_surname": block_on("first_name", "surname"), "phone": block_on("phone"),
          "card_city": block_on("card", "city"), "email": block_on("email")}


def _table(keys: dict[str, np.ndarray], n: int, name: str) -> pd.DataFrame:
    frame = pd.DataFrame({"unique_id": np.arange(n), "source_dataset": name,
                          **{f: keys[f] for f in FIELDS},
                          "email_stem": pd.Series(keys["email_local"]).str.rstrip("0123456789")})
    frame.loc[frame["email"] == "", "email_stem"] = ""
    return frame.replace("", None)


@pytest.fixture(scope="module")
def both():
    return fit_both()


def fit_both():
    """casekit's keys and Splink's model trained on them (the module's shared fixture)."""
    world = make_world(WorldSpec(customers=4000, accounts=1000), seed=11)
    table = places()
    prep = mt.prepare(world.customers, world.accounts, world.posts,
                      table["province"].unique(), table["district"].unique())
    lam = 0.8 / prep.n_customers
    settings = SettingsCreator(
        link_type="link_only", comparisons=COMPARISONS,
        blocking_rules_to_generate_predictions=[BLOCKS[k] for k in PREDICT],
        probability_two_random_records_match=lam, max_iterations=200, em_convergence=1e-7)
    db = DuckDBAPI()
    linker = Linker([db.register(_table(prep.accounts, prep.n_accounts, "accounts")),
                     db.register(_table(prep.customers, prep.n_customers, "customers"))],
                    settings, log_level=40)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    for key in SESSIONS:
        linker.training.estimate_parameters_using_expectation_maximisation(BLOCKS[key])
    model = linker.misc.save_model_to_json()
    m, u = {}, {}
    for comparison in model["comparisons"]:
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        m[comparison["output_column_name"]] = np.array([lv["m_probability"] for lv in levels])
        u[comparison["output_column_name"]] = np.array([lv["u_probability"] for lv in levels])
    predicted = linker.inference.predict().as_pandas_dataframe()
    return prep, world, lam, m, u, predicted


def _exact_u(prep: mt.Prepared, f: str) -> float:
    """P(two values agree) over all account-customer pairs with both values: the u of an
    exact level, computed from the value frequencies instead of sampled."""
    a = pd.Series(prep.accounts[f])
    c = pd.Series(prep.customers[f])
    pa = a[a != ""].value_counts(normalize=True)
    pc = c[c != ""].value_counts(normalize=True)
    return float((pa * pc.reindex(pa.index).fillna(0.0)).sum())


def test_u_from_random_pairs_agrees(both):
    prep, _, _, _, splink_u, _ = both
    ours = mt.u_from_random_pairs(prep, np.random.default_rng(3))
    for f in FIELDS:
        exact = _exact_u(prep, "email" if f == "email" else f)
        # casekit samples 200,000 independent pairs; Splink samples records and pairs them,
        # so its estimate of a sparse field (district is known for few accounts) is coarser
        assert abs(ours[f][0] - exact) < U_TOLERANCE, (f, ours[f][0], exact)
        assert abs(splink_u[f][0] - exact) < SPLINK_U_TOLERANCE, (f, splink_u[f][0], exact)


def test_em_m_agrees(both):
    prep, _, _, splink_m, splink_u, _ = both
    ours, log = mt.train_m(prep, FIELDS, splink_u, sessions=SESSIONS)
    assert [s["session"] for s in log] == list(SESSIONS)
    for f in FIELDS:
        splink_share = splink_m[f] / splink_m[f].sum()
        assert np.allclose(ours[f], splink_share, atol=M_TOLERANCE), (f, ours[f], splink_share)


def _pairs_of(predicted: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    accounts_left = predicted["source_dataset_l"] == "accounts"
    a = np.where(accounts_left, predicted["unique_id_l"], predicted["unique_id_r"])
    c = np.where(accounts_left, predicted["unique_id_r"], predicted["unique_id_l"])
    return a.astype(np.int64), c.astype(np.int64)


def test_same_candidates_and_same_weights(both):
    prep, _, lam, splink_m, splink_u, predicted = both
    a, c = _pairs_of(predicted)
    ours = mt.candidates(prep, PREDICT)
    assert set(zip(a.tolist(), c.tolist())) == set(zip(ours.account.tolist(),
                                                       ours.customer.tolist()))
    levels = mt.compare(prep, mt.Pairs(account=a, customer=c, found_by={}))
    params = mt.FSParameters(m=splink_m, u=splink_u, lam=lam)
    weight = mt.fs_weights(levels, params, FIELDS)
    assert np.allclose(weight, predicted["match_weight"].to_numpy(), atol=WEIGHT_TOLERANCE)


def test_decisions_agree(both):
    prep, _, lam, _, _, predicted = both
    a, c = _pairs_of(predicted)
    u = mt.u_from_random_pairs(prep, np.random.default_rng(3))
    m, _ = mt.train_m(prep, FIELDS, u, sessions=SESSIONS)
    levels = mt.compare(prep, mt.Pairs(account=a, customer=c, found_by={}))
    ours = mt.fs_decide(mt.fs_weights(levels, mt.FSParameters(m=m, u=u, lam=lam), FIELDS),
                        6.0, 6.0)
    theirs = mt.fs_decide(predicted["match_weight"].to_numpy(), 6.0, 6.0)
    assert (ours == theirs).mean() >= DECISION_AGREEMENT
    assert (theirs == 2).sum() > 100  # a real share of links, not an empty agreement
