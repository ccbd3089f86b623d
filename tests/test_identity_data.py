"""The synthetic bank and the Turkish normaliser of the identity_resolution kind."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casekit.kinds.identity_resolution.normalise import (
    email_key,
    extract_card_last4,
    fold,
    name_key,
    phone_key,
    tckn_valid,
    tr_lower,
    tr_upper,
)
from casekit.kinds.identity_resolution.people import WorldSpec, make_tckn, make_world, places


@pytest.fixture(scope="module")
def world():
    return make_world(WorldSpec(customers=4000, accounts=1000), seed=7)


# --- T.C. kimlik numbers ------------------------------------------------------------

def _checksum_by_hand(number: str) -> bool:
    d = [int(c) for c in number]
    return (len(d) == 11 and d[0] != 0
            and d[9] == (7 * sum(d[0:9:2]) - sum(d[1:8:2])) % 10
            and d[10] == sum(d[:10]) % 10)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 400))
def test_tckn_generator_always_valid_and_distinct(seed, n):
    numbers = make_tckn(np.random.default_rng(seed), n)
    assert len(numbers) == n and len(set(numbers)) == n
    assert all(_checksum_by_hand(x) for x in numbers)
    assert tckn_valid(numbers).all()


def test_tckn_validator_rejects_broken_numbers():
    good = "10000000146"  # a valid number, checked by hand below
    assert _checksum_by_hand(good)
    assert tckn_valid([good])[0]
    assert not tckn_valid(["10000000147"])[0]    # wrong 11th digit
    assert not tckn_valid(["10000000136"])[0]    # wrong 10th digit
    assert not tckn_valid(["00000000000"])[0]    # first digit 0
    assert not tckn_valid(["1000000014"])[0]     # ten digits
    assert not tckn_valid(["1000000014a"])[0]


def test_faker_agrees_with_our_checksum():
    from faker import Faker
    fake = Faker("tr_TR")
    fake.seed_instance(3)
    assert tckn_valid([fake.ssn() for _ in range(200)]).all()


# --- the normaliser on Turkish names -------------------------------------------------

@pytest.mark.parametrize("raw, lower, key", [
    ("IŞIK", "ışık", "isik"),
    ("Işık", "ışık", "isik"),
    ("İSMAİL", "ismail", "ismail"),
    ("ILGIN", "ılgın", "ilgin"),
    ("ÇAĞLAR ÖZTÜRK", "çağlar öztürk", "caglar ozturk"),
    ("Şükrü  Güneş", "şükrü  güneş", "sukru gunes"),
    ("Ayşe-Nur Yılmaz", "ayşe-nur yılmaz", "ayse nur yilmaz"),
    ("O'Neil, Hâlâ", "o'neil, hâlâ", "o neil hala"),
    ("irem İPEK", "irem ipek", "irem ipek"),
])
def test_turkish_names(raw, lower, key):
    assert tr_lower(raw) == lower
    assert name_key(raw) == key


def test_python_gets_turkish_wrong_and_we_do_not():
    import unicodedata
    assert "IŞIK".lower() == "işik"             # Python: a dotted i
    nfkd = "".join(c for c in unicodedata.normalize("NFKD", "Işık")
                   if not unicodedata.combining(c)).encode("ascii", "ignore").decode()
    assert nfkd == "Isk"                        # accent stripping loses the ı
    assert fold("Işık") == "isik" and fold("IŞIK") == "isik"
    assert tr_upper("ışık ırmak") == "IŞIK IRMAK" and tr_upper("ismail") == "İSMAİL"


def test_normaliser_keeps_shape_of_arrays():
    out = name_key(np.array(["Işık", None, "", "ÖMER"], dtype=object))
    assert out.tolist() == ["isik", "", "", "omer"]


@pytest.mark.parametrize("raw, key", [
    ("+90 532 123 45 67", "5321234567"), ("0532 123 4567", "5321234567"),
    ("(532) 123-45-67", "5321234567"), ("905321234567", "5321234567"),
    ("123 45", ""), ("", ""),
])
def test_phone_key(raw, key):
    assert phone_key(raw) == key


def test_email_key():
    assert email_key("Ayse.Yilmaz+banka@GMAIL.com") == "ayseyilmaz@gmail.com"
    assert email_key("ayse.yilmaz@hotmail.com") == "ayse.yilmaz@hotmail.com"
    assert email_key("şule@yandex.com") == "sule@yandex.com"
    assert email_key("not an address") == ""


@pytest.mark.parametrize("post, digits", [
    ("kartım 4417 ile bitiyor, ekstre yanlış", "4417"),
    ("sonu 0231 olan kartımdan çekim", "0231"),
    ("my card ending in 9988 was charged twice", "9988"),
    ("****5521 numaralı kart", "5521"),
    ("2012 yılında aradılar", ""),
])
def test_card_digits_from_posts(post, digits):
    assert extract_card_last4(post) == digits


# --- the bank -------------------------------------------------------------------------

def test_same_seed_same_bank_other_seed_other_bank():
    spec = WorldSpec(customers=800, accounts=200)
    a, b, c = make_world(spec, 1), make_world(spec, 1), make_world(spec, 2)
    assert a.customers.equals(b.customers) and a.accounts.equals(b.accounts)
    assert a.posts.equals(b.posts) and (a.owner == b.owner).all()
    assert not a.customers["first_name"].equals(c.customers["first_name"])


def test_customers_look_like_a_turkish_bank(world):
    cust = world.customers
    assert tckn_valid(cust["tckn"].to_numpy()).all() and cust["tckn"].is_unique
    assert cust["customer_id"].is_unique and cust["email"].is_unique
    # no titles and no double surnames
    assert not cust["first_name"].str.contains(r"\b(?:Dr|Prof|Av|Sayın)\b").any()
    assert not cust["last_name"].str.contains(" ").any()
    # realistic frequencies: the commonest surname is Yılmaz, about 1-4% of customers, and
    # many customers share a full name with someone else
    top = cust["last_name"].value_counts()
    assert top.index[0] == "Yılmaz" and 0.01 < top.iloc[0] / len(cust) < 0.04
    full = cust["first_name"] + " " + cust["last_name"]
    assert full.duplicated(keep=False).mean() > 0.05  # about 27% at 20,000 customers
    assert (cust["first_name"].str.contains(" ")).mean() > 0.03  # double first names
    # mobile numbers are Turkish GSM numbers; families share some
    keys = phone_key(cust["mobile"].to_numpy())
    assert all(len(k) == 10 and k[0] == "5" for k in keys)
    assert 0.05 < cust.duplicated("mobile", keep=False).mean() < 0.4
    # places come from the shipped list
    table = places()
    assert set(cust["city"]) <= set(table["province"])
    assert cust["city"].value_counts().index[0] == "İstanbul"
    assert cust["email"].str.fullmatch(r"[a-z0-9._]+@[a-z.]+").all()  # transliterated


def test_accounts_truth_and_noise(world):
    acc, truth, cust = world.accounts, world.truth, world.customers
    assert len(acc) == 1000 and truth["account_id"].tolist() == acc["account_id"].tolist()
    owners = world.owner
    assert ((owners >= 0) == (truth["customer_id"] != "")).all()
    assert abs((owners < 0).mean() - 0.2) < 0.02
    assert len(set(owners[owners >= 0])) == (owners >= 0).sum()  # one account per customer
    assert acc["handle"].is_unique and acc["handle"].str.fullmatch(r"[a-z0-9_]+").all()
    # some known e-mails are old addresses: not the customer's current one
    known = (acc["email"] != "") & (owners >= 0)
    current = cust["email"].to_numpy()[owners[known.to_numpy()]]
    same = email_key(acc["email"][known].to_numpy()) == email_key(current)
    assert 0.4 < same.mean() < 0.95
    # a share of posts mention the card's digits, and those are the owner's digits
    digits = extract_card_last4(world.posts["text"].to_numpy())
    mentioned = (digits != "") & (owners >= 0)
    assert 0.1 < (digits != "").mean() < 0.35
    assert (digits[mentioned] == cust["card_last4"].to_numpy()[owners[mentioned]]).all()


# --- the notebook's pandas questions ---------------------------------------------------

def test_the_notebooks_pandas_cells_find_what_they_say(world):
    """notebooks/05 asks the data three questions in pandas; run those cells on a bank
    and check what their words claim: names and phones are shared, a join on the phone as
    written misses pairs the phone key finds, and some accounts get two candidates."""
    import ast
    import json
    from pathlib import Path
    from types import SimpleNamespace

    path = Path(__file__).resolve().parent.parent / "notebooks" / "05_bank_cross_channel.ipynb"
    cells = ["".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
             if c["cell_type"] == "code"]
    pandas_cells = [c for c in cells if "bench.section" not in c and "IdentityBench" not in c]
    assert len(pandas_cells) >= 3, "the notebook lost its pandas questions"
    scope: dict = {"bench": SimpleNamespace(data=SimpleNamespace(world=world))}
    shown = []
    for source in pandas_cells:
        tree = ast.parse(source)
        exec(compile(ast.Module(tree.body[:-1], []), path.name, "exec"), scope)
        shown.append(eval(compile(ast.Expression(tree.body[-1].value), path.name, "eval"),
                          scope))
    counts = shown[0].iloc[:, 0]
    assert counts.iloc[0] == len(world.customers) and counts.iloc[1] == len(world.accounts)
    assert 0 < counts.iloc[2] < len(world.customers) and counts.iloc[3] > 0
    assert shown[1].index[0] in ("Yılmaz", "Kaya", "Demir")  # the commonest surnames lead
    joins = shown[2].iloc[:, 0]
    assert joins.iloc[1] > joins.iloc[0] > 0   # the phone key finds what the raw join missed
    assert joins.iloc[2] > 0                   # a shared family phone: two candidates
