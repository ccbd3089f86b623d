"""Blocking, comparisons, rules, Fellegi-Sunter with EM and the quality figures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from casekit.kinds.identity_resolution import matching as mt
from casekit.kinds.identity_resolution.people import WorldSpec, make_world, places


@pytest.fixture(scope="module")
def bank():
    world = make_world(WorldSpec(customers=4000, accounts=1000), seed=11)
    table = places()
    prep = mt.prepare(world.customers, world.accounts, world.posts,
                      table["province"].unique(), table["district"].unique())
    return world, prep


# --- precision and recall on a hand-made table ------------------------------------

def test_precision_recall_by_hand():
    # truth: account 0 -> customer 5, 1 -> 6, 2 -> 7, 3 -> 8; account 4 is no customer
    owner = np.array([5, 6, 7, 8, -1])
    pairs = mt.Pairs(account=np.array([0, 0, 1, 2, 4, 3]),
                     customer=np.array([5, 9, 3, 7, 2, 8]), found_by={})
    decision = np.array([2, 0, 2, 2, 2, 1], dtype=np.int8)
    # links: (0,5) right, (1,3) wrong, (2,7) right, (4,2) wrong; (3,8) in review
    q = mt.evaluate(mt.Decisions(pairs=pairs, decision=decision), owner, n_customers=10)
    assert (q.true_positives, q.false_positives, q.false_negatives) == (2, 2, 2)
    assert q.precision == pytest.approx(2 / 4) and q.recall == pytest.approx(2 / 4)
    assert q.f1 == pytest.approx(0.5)
    assert q.review_pairs == 1 and q.review_accounts == 1
    assert q.blocking_recall == pytest.approx(3 / 4)  # (1,6) was never a candidate


def test_pairwise_quality_counts_each_pair_once():
    tp, fp, fn = mt.pairwise_quality(np.array([0, 0, 1]), np.array([1, 1, 2]),
                                     np.array([0, 1, 2]), np.array([1, 3, 4]), 10)
    assert (tp, fp, fn) == (1, 1, 2)


def test_no_links_means_no_precision_zero_recall():
    """No link made: precision is undefined (NaN, shown as a dash), not a perfect 1.0."""
    pairs = mt.Pairs(account=np.array([0]), customer=np.array([1]), found_by={})
    q = mt.evaluate(mt.Decisions(pairs=pairs, decision=np.array([0], np.int8)),
                    np.array([1]), 2)
    assert np.isnan(q.precision) and q.recall == 0.0 and q.f1 == 0.0
    wrong = mt.Pairs(account=np.array([0]), customer=np.array([0]), found_by={})
    one = mt.evaluate(mt.Decisions(pairs=wrong, decision=np.array([2], np.int8)),
                      np.array([1]), 2)   # one link, and it is wrong
    assert one.precision == 0.0 and one.f1 == 0.0


# --- EM recovers known m and u -----------------------------------------------------

def test_em_recovers_known_m_and_u():
    rng = np.random.default_rng(5)
    fields = ("first_name", "surname", "city", "phone", "email")
    true_m = {"first_name": [0.85, 0.1, 0.05], "surname": [0.8, 0.1, 0.05, 0.05],
              "city": [0.9, 0.1], "phone": [0.7, 0.3], "email": [0.6, 0.25, 0.15]}
    true_u = {"first_name": [0.05, 0.05, 0.9], "surname": [0.03, 0.07, 0.1, 0.8],
              "city": [0.2, 0.8], "phone": [0.01, 0.99], "email": [0.01, 0.04, 0.95]}
    lam, n = 0.15, 60_000
    match = rng.random(n) < lam
    levels = {}
    for f in fields:
        k = len(mt.COMPARISONS[f])
        a = rng.choice(k, size=n, p=true_m[f])
        b = rng.choice(k, size=n, p=true_u[f])
        code = np.where(match, a, b).astype(np.int8)
        code[rng.random(n) < 0.1] = mt.NULL  # missing values drop out
        levels[f] = code
    start_m = mt.m_start(fields)
    start_u = {f: np.full(len(mt.COMPARISONS[f]), 1 / len(mt.COMPARISONS[f])) for f in fields}
    start_u = {f: u[::-1] / u.sum() for f, u in start_u.items()}
    fit = mt.em(levels, fields, start_m, {f: np.linspace(1, 3, len(mt.COMPARISONS[f])) /
                                           np.linspace(1, 3, len(mt.COMPARISONS[f])).sum()
                                           for f in fields}, lam0=0.3)
    assert fit.converged
    assert fit.lam == pytest.approx(lam, abs=0.01)
    for f in fields:
        assert np.allclose(fit.m[f], true_m[f], atol=0.03), f
        assert np.allclose(fit.u[f], true_u[f], atol=0.01), f
    # and the weights are log2(m/u)
    w = fit.weights()
    assert w["phone"][0] == pytest.approx(np.log2(fit.m["phone"][0] / fit.u["phone"][0]))


def test_em_with_fixed_u_keeps_u():
    levels = {"city": np.array([0, 0, 1, 1, 0], np.int8)}
    u = {"city": np.array([0.2, 0.8])}
    fit = mt.em(levels, ("city",), {"city": np.array([0.6, 0.4])}, u, 0.5, fix_u=True)
    assert np.array_equal(fit.u["city"], u["city"])


def test_fs_weight_adds_levels_and_ignores_missing():
    params = mt.FSParameters(m={"city": np.array([0.9, 0.1]), "phone": np.array([0.8, 0.2])},
                             u={"city": np.array([0.1, 0.9]), "phone": np.array([0.01, 0.99])},
                             lam=0.5)
    levels = {"city": np.array([0, 1, mt.NULL], np.int8),
              "phone": np.array([0, mt.NULL, mt.NULL], np.int8)}
    w = mt.fs_weights(levels, params)
    assert w[0] == pytest.approx(np.log2(9) + np.log2(80))
    assert w[1] == pytest.approx(np.log2(1 / 9))
    assert w[2] == 0.0
    assert mt.fs_decide(w, link=5, review=-1).tolist() == [2, 0, 1]


# --- blocking and comparisons ------------------------------------------------------

def test_blocking_pairs_share_their_key(bank):
    _, prep = bank
    pairs = mt.candidates(prep, ["surname_city"])
    assert len(pairs) > 0
    A, C = prep.accounts, prep.customers
    assert (A["surname"][pairs.account] == C["surname"][pairs.customer]).all()
    assert (A["city"][pairs.account] == C["city"][pairs.customer]).all()
    assert (A["city"][pairs.account] != "").all()
    both = mt.candidates(prep, ["surname_city", "phone"])
    ids = both.account * prep.n_customers + both.customer
    assert len(np.unique(ids)) == len(ids) and len(both) >= len(pairs)
    assert both.found_by["surname_city"] == len(pairs)


def test_blocking_recall_grows_with_keys(bank):
    world, prep = bank

    def ceiling(keys: list[str]) -> float:
        pairs = mt.candidates(prep, keys)
        nothing = mt.Decisions(pairs, np.zeros(len(pairs), np.int8))
        return mt.evaluate(nothing, world.owner, prep.n_customers).blocking_recall

    narrow = ceiling(["phone"])
    wide = ceiling(["phone", "surname_city", "first_surname", "email"])
    assert 0 < narrow < wide <= 1


def test_too_coarse_blocking_is_refused(bank, monkeypatch):
    _, prep = bank
    monkeypatch.setattr(mt, "MAX_PAIRS", 100)
    with pytest.raises(mt.InputError, match="candidate pairs"):
        mt.candidates(prep, ["first_city"])


def test_comparison_levels_on_known_pairs():
    customers = pd.DataFrame({
        "first_name": ["Işıl", "Mehmet Ali", "Ayşe"], "last_name": ["Çelik", "Yılmaz", "Kaya"],
        "email": ["isil.celik@gmail.com", "mali@hotmail.com", "ayse.kaya@yahoo.com"],
        "mobile": ["+90 532 111 22 33", "+90 533 000 00 00", "+90 544 999 88 77"],
        "city": ["İzmir", "Ankara", "Bursa"], "district": ["Bornova", "Çankaya", "Nilüfer"],
        "card_last4": ["4417", "0001", "1234"]})
    accounts = pd.DataFrame({
        "account_id": ["S1", "S2", "S3"], "handle": ["isilcelik", "mehmet_yilmaz", "x_y"],
        "display_name": ["ISIL CELIK", "Mehmet Y.", "Ayse Kayaa"],
        "bio": ["", "", ""], "location": ["Bornova, İzmir", "", "ankara"],
        "email": ["isilcelik@gmail.com", "", "ayse.kaya77@hotmail.com"],
        "phone": ["0532 111 2233", "", ""]})
    posts = pd.DataFrame({"account_id": ["S1", "S2", "S3"],
                          "text": ["kartım 4417 ile bitiyor", "", "sonu 9999 olan kart"]})
    prep = mt.prepare(customers, accounts, posts, places()["province"].unique(),
                      places()["district"].unique())
    pairs = mt.Pairs(account=np.array([0, 1, 2]), customer=np.array([0, 1, 2]), found_by={})
    lv = mt.compare(prep, pairs)
    name = {f: [mt.COMPARISONS[f][c] if c >= 0 else None for c in lv[f]] for f in lv}
    assert name["first_name"] == ["exact", "exact", "exact"]
    assert name["surname"] == ["exact", "initial", "close"]
    assert name["city"] == ["exact", None, "different"]
    assert name["district"] == ["exact", None, None]
    assert name["phone"] == ["exact", None, None]
    assert name["email"] == ["exact", None, "same_local"]   # gmail ignores dots
    assert name["card"] == ["exact", None, "different"]
    assert name["handle"][0] == "email_local" and name["handle"][1] == "name"


def test_rules_link_when_every_condition_holds():
    levels = {"phone": np.array([0, 1, mt.NULL, 1], np.int8),
              "first_name": np.array([2, 0, 1, 1], np.int8),
              "surname": np.array([3, 0, 0, 0], np.int8)}
    rules = [({"phone": "exact"}, "link"),
             ({"first_name": "exact", "surname": "exact"}, "link"),
             ({"first_name": "close", "surname": "exact"}, "review")]
    assert mt.apply_rules(levels, rules).tolist() == [2, 2, 1, 1]


def test_one_per_account_keeps_the_best_pair():
    pairs = mt.Pairs(account=np.array([0, 0, 1, 1]), customer=np.array([3, 4, 5, 6]),
                     found_by={})
    d = mt.one_per_account(pairs, np.array([2, 2, 2, 0], np.int8), np.array([5.0, 9, 7, 1]))
    assert d.tolist() == [0, 2, 2, 0]
    # with rules there is no weight: two links for one account both go to review
    d = mt.one_per_account(pairs, np.array([2, 2, 2, 0], np.int8), None)
    assert d.tolist() == [1, 1, 2, 0]


def test_fellegi_sunter_on_the_bank_beats_chance_and_trades_precision(bank):
    world, prep = bank
    keys = ["phone", "email", "email_local", "handle_email", "surname_city",
            "first_surname", "card_city"]
    pairs = mt.candidates(prep, keys)
    levels = mt.compare(prep, pairs)
    fields = tuple(mt.COMPARISONS)
    u = mt.u_from_random_pairs(prep, np.random.default_rng(1), n=50_000)
    m, log = mt.train_m(prep, fields, u)
    assert {s["session"] for s in log} == set(mt.TRAINING_SESSIONS)
    params = mt.FSParameters(m=m, u=u, lam=0.8 / prep.n_customers)
    # agreement on a phone is strong evidence, disagreement on a surname is against
    w = params.weights()
    assert w["phone"][0] > 5 and w["surname"][-1] < 0
    weight = mt.fs_weights(levels, params)
    quality = {}
    for link in (12.0, 0.0):
        d = mt.one_per_account(pairs, mt.fs_decide(weight, link, link), weight)
        quality[link] = mt.evaluate(mt.Decisions(pairs, d, weight, params), world.owner,
                                    prep.n_customers)
    strict, loose = quality[12.0], quality[0.0]
    assert strict.precision > loose.precision and loose.recall > strict.recall
    assert strict.precision > 0.9 and loose.f1 > 0.6


def test_posts_of_an_account_are_read_together():
    accounts = pd.Series(["S1", "S2", "S3"])
    posts = pd.DataFrame({"account_id": ["S2", "S1", "S2", "S9"],
                          "text": ["sonu 4417 olan", "merhaba", "kartım", "başkası"]})
    text = mt._posts_by_account(accounts, posts)
    assert text.tolist() == ["merhaba ", "sonu 4417 olan kartım ", ""]
