"""Linking social accounts to customers: blocking, comparisons, rules and Fellegi-Sunter.

The pipeline, each step a function over whole columns:

1. :func:`prepare` normalises both tables once (Turkish-aware keys from ``normalise``):
   first name and surname keys, province and district read from the profile and posts,
   phone and e-mail keys, the card's last four digits a post mentions.
2. :func:`candidates` forms the candidate pairs: only pairs that share a *blocking key*
   (the same phone, the same surname in the same city, ...) are compared, instead of all
   20,000 x 5,000. A true pair no blocking key catches can never be found: the blocking
   recall printed beside the results is the ceiling of every method.
3. :func:`compare` gives each pair a *comparison level* per field (exact, close, different,
   or missing), with rapidfuzz's vectorised Jaro-Winkler for names.
4. A decision: either :func:`apply_rules` (a pair links when every condition of one rule
   holds) or Fellegi-Sunter (:func:`fs_weights`): each field's level adds its match weight
   log2(m/u), where m = P(level | same person) and u = P(level | different people); a
   missing value adds nothing. m and u are set by hand or estimated by :func:`em` without
   labels. Pairs at or above the link threshold are links, those between the two thresholds
   go to clerical review, the rest are non-links.
5. :func:`evaluate` scores the links against the hidden truth (precision, recall, F1, the
   review band's size).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from rapidfuzz.distance import JaroWinkler

from casekit.errors import InputError
from casekit.kinds.identity_resolution.normalise import (
    email_key,
    extract_card_last4,
    fold,
    phone_key,
)

__all__ = [
    "BLOCKED_FIELDS",
    "BLOCKING_KEYS",
    "COMPARISONS",
    "MAX_PAIRS",
    "NULL",
    "TRAINING_SESSIONS",
    "Decisions",
    "FSParameters",
    "Pairs",
    "Prepared",
    "Quality",
    "apply_rules",
    "candidates",
    "compare",
    "em",
    "evaluate",
    "fs_decide",
    "fs_weights",
    "link_table",
    "m_start",
    "one_per_account",
    "pairwise_quality",
    "prepare",
    "train_m",
    "u_from_random_pairs",
]

#: The level code of a missing value (a field that adds no evidence either way).
NULL = -1

#: Comparison levels per field, best first. The level names are what rules and m/u tables
#: in a plan file use.
COMPARISONS: dict[str, tuple[str, ...]] = {
    "first_name": ("exact", "close", "different"),
    "surname": ("exact", "close", "initial", "different"),
    "city": ("exact", "different"),
    "district": ("exact", "different"),
    "phone": ("exact", "different"),
    "email": ("exact", "same_local", "different"),
    "card": ("exact", "different"),
    "handle": ("email_local", "name", "different"),
}
#: Jaro-Winkler similarity at or above which two names are "close" (R: the value record
#: linkage tools commonly default to for names).
CLOSE_NAME = 0.88

#: Blocking keys a plan may choose: the account-side and customer-side columns that must be
#: equal for a pair to be compared.
BLOCKING_KEYS: dict[str, tuple[str, ...]] = {
    "phone": ("phone",),
    "email": ("email",),
    "email_local": ("email_local",),
    "handle_email": ("handle",),
    "surname_city": ("surname", "city"),
    "first_surname": ("first_name", "surname"),
    "first_city": ("first_name", "city"),
    "card_city": ("card", "city"),
    "card_first": ("card", "first_name"),
}
#: More candidate pairs than this and blocking is refused (a key too coarse to help).
MAX_PAIRS = 3_000_000


@dataclass(frozen=True)
class Prepared:
    """Both tables as normalised key columns (numpy object arrays of str, "" = missing)."""

    accounts: dict[str, np.ndarray]
    customers: dict[str, np.ndarray]
    n_accounts: int
    n_customers: int


@dataclass(frozen=True)
class Pairs:
    """Candidate pairs: account row and customer row, and which blocking keys found each."""

    account: np.ndarray
    customer: np.ndarray
    found_by: dict[str, int]  # pairs each blocking key contributed (before the union)

    def __len__(self) -> int:
        return len(self.account)


@dataclass(frozen=True)
class FSParameters:
    """Fellegi-Sunter parameters: m and u per field and level, and the share of matches
    among the candidate pairs (lambda)."""

    m: dict[str, np.ndarray]
    u: dict[str, np.ndarray]
    lam: float
    iterations: int = 0
    converged: bool = True

    def weights(self) -> dict[str, np.ndarray]:
        """log2(m/u) per field and level: the evidence each level adds."""
        return {f: np.log2(self.m[f] / self.u[f]) for f in self.m}

    @property
    def prior_weight(self) -> float:
        return float(np.log2(self.lam / (1.0 - self.lam)))

    def table(self) -> pd.DataFrame:
        """One row per field and level: m, u and the match weight (for the glass box)."""
        rows = [{"field": f, "level": level, "m": float(self.m[f][k]), "u": float(self.u[f][k]),
                 "weight": float(np.log2(self.m[f][k] / self.u[f][k]))}
                for f in self.m for k, level in enumerate(COMPARISONS[f])]
        return pd.DataFrame(rows)


@dataclass(frozen=True)
class Decisions:
    """What the matching decided for each candidate pair: 2 link, 1 review, 0 non-link."""

    pairs: Pairs
    decision: np.ndarray
    weight: np.ndarray | None = None
    parameters: FSParameters | None = None


@dataclass(frozen=True)
class Quality:
    """Links against the truth, pair by pair."""

    true_positives: int
    false_positives: int
    false_negatives: int
    review_pairs: int
    review_accounts: int
    true_pairs: int
    blocking_recall: float
    candidate_pairs: int
    extra: dict[str, float] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        """The share of links that are right; NaN when no link was made (no link can be
        right or wrong: a plan that links nobody has no precision, not a perfect one)."""
        linked = self.true_positives + self.false_positives
        return self.true_positives / linked if linked else float("nan")

    @property
    def recall(self) -> float:
        return self.true_positives / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        """2TP / (2TP + FP + FN): the harmonic mean of precision and recall, 0 with no
        right link (also when no link was made at all)."""
        tp = self.true_positives
        wrong = self.false_positives + self.false_negatives
        return 2 * tp / (2 * tp + wrong) if tp + wrong else 0.0


def _tokens(names: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First and last token of each folded name ("" when there is none)."""
    s = pd.Series(fold(names), dtype=object)
    parts = s.str.split(" ")
    first = parts.str[0].fillna("")
    last = parts.str[-1].fillna("")
    last = last.where(parts.str.len() > 1, "")
    return first.to_numpy(dtype=object), last.to_numpy(dtype=object)


def _place(text: np.ndarray, names: np.ndarray) -> np.ndarray:
    """The first of ``names`` (folded) that appears as a word in each text, else ""."""
    folded = pd.Series(fold(text), dtype=object)
    keys = pd.unique(pd.Series(fold(names), dtype=object))
    keys = sorted((k for k in keys if k), key=len, reverse=True)
    pattern = r"\b(" + "|".join(keys) + r")\b"
    return folded.str.extract(pattern, expand=False).fillna("").to_numpy(dtype=object)


def _local_part(keys: np.ndarray) -> np.ndarray:
    """The part of each ``email_key`` before the @, separators removed (as
    ``normalise.email_local``, from keys already made)."""
    local = pd.Series(keys, dtype=object).str.split("@").str[0].fillna("")
    return local.str.replace(r"[._\-]", "", regex=True).to_numpy(dtype=object)


def _posts_by_account(account_ids: pd.Series, posts: pd.DataFrame) -> np.ndarray:
    """All of each account's posts in one text (posts in table order), "" for none."""
    row = pd.Index(account_ids).get_indexer(posts["account_id"])
    keep = row >= 0
    row = row[keep]
    text = posts["text"].fillna("").astype(str).to_numpy(dtype=object)[keep]
    order = np.argsort(row, kind="stable")
    row, text = row[order], text[order] + " "
    out = np.full(len(account_ids), "", dtype=object)
    if len(row):
        starts = np.flatnonzero(np.r_[True, row[1:] != row[:-1]])
        out[row[starts]] = np.add.reduceat(text, starts)
    return out


def prepare(customers: pd.DataFrame, accounts: pd.DataFrame, posts: pd.DataFrame,
            provinces: np.ndarray, districts: np.ndarray) -> Prepared:
    """Normalised matching keys for both sides (see the module docstring)."""
    c_first = pd.Series(fold(customers["first_name"].to_numpy()), dtype=object) \
        .str.split(" ").str[0].to_numpy(dtype=object)
    c_last = fold(customers["last_name"].to_numpy())
    c_email = email_key(customers["email"].to_numpy())
    c_local = _local_part(c_email)
    cust = {
        "first_name": c_first, "surname": c_last,
        "full": np.asarray(c_first + " " + c_last, dtype=object),
        "joined": np.asarray(c_first + c_last, dtype=object),
        "city": fold(customers["city"].to_numpy()),
        "district": fold(customers["district"].to_numpy()),
        "phone": phone_key(customers["mobile"].to_numpy()),
        "email": c_email, "email_local": c_local,
        "card": customers["card_last4"].astype(str).to_numpy(dtype=object),
        "handle": c_local,
    }
    a_first, a_last = _tokens(accounts["display_name"].to_numpy())
    text = _posts_by_account(accounts["account_id"], posts)
    where = accounts["location"].fillna("").to_numpy(dtype=object)
    bio = accounts["bio"].fillna("").to_numpy(dtype=object)
    city = _place(np.asarray(pd.Series(where) + " " + pd.Series(bio), dtype=object), provinces)
    district_text = np.asarray(pd.Series(where) + " " + pd.Series(text), dtype=object)
    handle = accounts["handle"].fillna("").str.lower().to_numpy(dtype=object)
    a_email = email_key(accounts["email"].fillna("").to_numpy())
    acc = {
        "first_name": a_first, "surname": a_last,
        "full": np.asarray(pd.Series(a_first) + " " + pd.Series(a_last), dtype=object),
        "city": city,
        "district": _place(district_text, districts),
        "phone": phone_key(accounts["phone"].fillna("").to_numpy()),
        "email": a_email,
        "email_local": _local_part(a_email),
        "card": extract_card_last4(text),
        "handle": np.asarray(pd.Series(handle).str.replace(r"[._\-]", "", regex=True),
                             dtype=object),
    }
    return Prepared(accounts=acc, customers=cust, n_accounts=len(accounts),
                    n_customers=len(customers))


def _codes(a: np.ndarray, c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes for the values of both sides on one shared vocabulary ("" -> -1)."""
    both = pd.Series(np.concatenate([a, c]), dtype=object)
    codes, uniques = pd.factorize(both)
    empty = np.flatnonzero(uniques == "")
    if empty.size:
        codes = np.where(codes == empty[0], -1, codes)
    return codes[: len(a)].astype(np.int64), codes[len(a):].astype(np.int64)


def _block(prep: Prepared, key: str) -> tuple[np.ndarray, np.ndarray]:
    columns = BLOCKING_KEYS[key]
    a_key = np.zeros(prep.n_accounts, dtype=np.int64)
    c_key = np.zeros(prep.n_customers, dtype=np.int64)
    a_ok = np.ones(prep.n_accounts, dtype=bool)
    c_ok = np.ones(prep.n_customers, dtype=bool)
    for column in columns:
        a_side = prep.accounts[column]
        c_side = prep.customers[column]
        ac, cc = _codes(a_side, c_side)
        width = int(max(ac.max(initial=0), cc.max(initial=0))) + 2
        a_key, c_key = a_key * width + ac + 1, c_key * width + cc + 1
        a_ok &= ac >= 0
        c_ok &= cc >= 0
    left = pd.DataFrame({"k": a_key[a_ok], "a": np.flatnonzero(a_ok)})
    right = pd.DataFrame({"k": c_key[c_ok], "c": np.flatnonzero(c_ok)})
    sizes = right["k"].value_counts()
    expected = int(left["k"].map(sizes).fillna(0).sum())
    if expected > MAX_PAIRS:
        raise InputError("plan", f"settings.blocking ({key})",
                         f"{expected:,} candidate pairs; expected a key that makes at most "
                         f"{MAX_PAIRS:,}")
    merged = left.merge(right, on="k", how="inner")
    return merged["a"].to_numpy(np.int64), merged["c"].to_numpy(np.int64)


def candidates(prep: Prepared, blocking: tuple[str, ...] | list[str]) -> Pairs:
    """The union of the pairs every blocking key finds, each pair once, in a fixed order."""
    found: dict[str, int] = {}
    ids: list[np.ndarray] = []
    for key in blocking:
        if key not in BLOCKING_KEYS:
            raise InputError("plan", "settings.blocking", f"unknown key {key!r}; expected "
                             f"some of {', '.join(BLOCKING_KEYS)}")
        a, c = _block(prep, key)
        found[key] = len(a)
        ids.append(a * prep.n_customers + c)
    pair_ids = np.unique(np.concatenate(ids)) if ids else np.zeros(0, dtype=np.int64)
    total = len(pair_ids)
    if total > MAX_PAIRS:
        raise InputError("plan", "settings.blocking", f"{total:,} candidate pairs; expected "
                         f"at most {MAX_PAIRS:,}")
    return Pairs(account=pair_ids // prep.n_customers, customer=pair_ids % prep.n_customers,
                 found_by=found)


def _similarity(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if len(a) == 0:
        return np.zeros(0)
    return np.asarray(process.cpdist(a.tolist(), b.tolist(),
                                     scorer=JaroWinkler.normalized_similarity, workers=-1))


def compare(prep: Prepared, pairs: Pairs) -> dict[str, np.ndarray]:
    """The comparison level of every field for every pair (int8 codes into COMPARISONS;
    NULL where either side has no value)."""
    A, C = prep.accounts, prep.customers
    ia, ic = pairs.account, pairs.customer
    levels: dict[str, np.ndarray] = {}

    def pick(value: dict[str, np.ndarray], missing: np.ndarray, names: tuple[str, ...],
             order: list[str]) -> np.ndarray:
        out = np.full(len(ia), names.index(order[-1]), dtype=np.int8)
        for name in reversed(order[:-1]):
            out[value[name]] = names.index(name)
        out[missing] = NULL
        return out

    for fname in ("first_name", "surname"):
        a, c = A[fname][ia], C[fname][ic]
        missing = (a == "") | (c == "")
        sim = _similarity(a, c)
        checks = {"exact": a == c, "close": sim >= CLOSE_NAME}
        order = ["exact", "close", "different"]
        if fname == "surname":
            initial = (pd.Series(a).str.len().to_numpy() == 1) & \
                (pd.Series(c).str[:1].to_numpy() == a)
            checks["initial"] = initial
            order = ["exact", "close", "initial", "different"]
        levels[fname] = pick(checks, missing, COMPARISONS[fname], order)
    for fname in ("city", "district", "phone", "card"):
        a, c = A[fname][ia], C[fname][ic]
        levels[fname] = pick({"exact": a == c}, (a == "") | (c == ""), COMPARISONS[fname],
                             ["exact", "different"])
    a, c = A["email"][ia], C["email"][ic]
    al, cl = A["email_local"][ia], C["email_local"][ic]
    strip = lambda x: pd.Series(x).str.rstrip("0123456789").to_numpy()
    levels["email"] = pick({"exact": a == c, "same_local": strip(al) == strip(cl)},
                           (a == "") | (c == ""), COMPARISONS["email"],
                           ["exact", "same_local", "different"])
    h, hl = A["handle"][ia], C["email_local"][ic]
    joined = C["joined"][ic]
    name_in = np.asarray(process.cpdist(h.tolist(), joined.tolist(),
                                        scorer=fuzz.partial_ratio, workers=-1)) >= 90 \
        if len(ia) else np.zeros(0, dtype=bool)
    levels["handle"] = pick({"email_local": h == hl, "name": name_in}, h == "",
                            COMPARISONS["handle"], ["email_local", "name", "different"])
    return levels


Decision = Literal["link", "review"]


def apply_rules(levels: dict[str, np.ndarray], rules: list[tuple[dict[str, str], Decision]]
                ) -> np.ndarray:
    """2 (link) where every condition of a link rule holds, 1 (review) where only a review
    rule does, 0 elsewhere. A condition ``{"first_name": "close"}`` holds when the level is
    ``close`` or better; a missing value meets no condition."""
    n = len(next(iter(levels.values()))) if levels else 0
    out = np.zeros(n, dtype=np.int8)
    for conditions, decide in rules:
        hit = np.ones(n, dtype=bool)
        for fname, level in conditions.items():
            code = COMPARISONS[fname].index(level)
            value = levels[fname]
            hit &= (value >= 0) & (value <= code)
        out = np.maximum(out, np.where(hit, 2 if decide == "link" else 1, 0).astype(np.int8))
    return out


def fs_weights(levels: dict[str, np.ndarray], params: FSParameters,
               fields: tuple[str, ...] | None = None) -> np.ndarray:
    """The match weight of each pair: the prior log2(lambda/(1-lambda)) plus, per field,
    log2(m/u) of its level (0 for a missing value)."""
    w = params.weights()
    fields = fields or tuple(params.m)
    n = len(next(iter(levels.values())))
    total = np.full(n, params.prior_weight)
    for fname in fields:
        code = levels[fname]
        table = np.append(w[fname], 0.0)  # index -1 (missing) reads the appended 0
        total += table[code]
    return total


def fs_decide(weight: np.ndarray, link: float, review: float) -> np.ndarray:
    return np.where(weight >= link, 2, np.where(weight >= review, 1, 0)).astype(np.int8)


def one_per_account(pairs: Pairs, decision: np.ndarray, weight: np.ndarray | None
                    ) -> np.ndarray:
    """Each account keeps at most one link: the highest-weight pair (with rules, the pair
    found by the stronger rule; an account with several equally strong links goes to
    review instead, since no rule says which customer it is)."""
    decision = decision.copy()
    score = (decision.astype(float) * 1e6) + (weight if weight is not None else 0.0)
    order = np.lexsort((-score, pairs.account))
    acc = pairs.account[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = acc[1:] != acc[:-1]
    best = np.zeros(len(order), dtype=bool)
    best[order[first]] = True
    linked = decision == 2
    if weight is None:  # ties among rule links: all go to review
        counts = np.bincount(pairs.account[linked], minlength=int(acc.max(initial=-1)) + 1)
        tied = linked & (counts[pairs.account] > 1)
        decision[tied] = 1
        return decision
    decision[linked & ~best] = 0
    return decision


def em(levels: dict[str, np.ndarray], fields: tuple[str, ...], m0: dict[str, np.ndarray],
       u0: dict[str, np.ndarray], lam0: float, max_iterations: int = 200,
       tolerance: float = 1e-7, fix_u: bool = False) -> FSParameters:
    """Expectation-maximisation for the Fellegi-Sunter model on unlabelled pairs.

    The pairs are grouped into their distinct comparison patterns (counted once each), so
    an iteration costs the number of patterns, not pairs. Missing levels drop out of both
    likelihoods (conditional independence with values missing at random). With ``fix_u``
    the u probabilities stay at their start (for instance from random pairs, as Splink does)
    and only m and lambda are estimated."""
    if not fields:
        raise ValueError("em needs at least one field")
    matrix = np.stack([levels[f] for f in fields], axis=1).astype(np.int64)
    patterns, counts = np.unique(matrix, axis=0, return_counts=True)
    counts = counts.astype(float)
    m = {f: np.asarray(m0[f], dtype=float).copy() for f in fields}
    u = {f: np.asarray(u0[f], dtype=float).copy() for f in fields}
    lam = float(lam0)
    floor = 1e-6
    converged = False
    it = 0
    for it in range(1, max_iterations + 1):
        log_m = np.zeros(len(patterns))
        log_u = np.zeros(len(patterns))
        for j, f in enumerate(fields):
            code = patterns[:, j]
            known = code >= 0
            log_m[known] += np.log(m[f][code[known]])
            log_u[known] += np.log(u[f][code[known]])
        a = np.log(lam) + log_m
        b = np.log1p(-lam) + log_u
        g = 1.0 / (1.0 + np.exp(np.clip(b - a, -700, 700)))  # P(match | pattern)
        gm, gu = counts * g, counts * (1 - g)
        new_lam = float(np.clip(gm.sum() / counts.sum(), floor, 1 - floor))
        change = abs(new_lam - lam)
        for j, f in enumerate(fields):
            code = patterns[:, j]
            known = code >= 0
            k = len(COMPARISONS[f])
            nm = np.bincount(code[known], weights=gm[known], minlength=k) + floor
            new_m = nm / nm.sum()
            change = max(change, float(np.abs(new_m - m[f]).max()))
            m[f] = new_m
            if not fix_u:
                nu = np.bincount(code[known], weights=gu[known], minlength=k) + floor
                new_u = nu / nu.sum()
                change = max(change, float(np.abs(new_u - u[f]).max()))
                u[f] = new_u
        lam = new_lam
        if change < tolerance:
            converged = True
            break
    return FSParameters(m=m, u=u, lam=lam, iterations=it, converged=converged)


def u_from_random_pairs(prep: Prepared, rng: np.random.Generator, n: int = 200_000
                        ) -> dict[str, np.ndarray]:
    """u probabilities from random account-customer pairs: almost all of them are different
    people, so the level frequencies among them estimate P(level | different people)."""
    a = rng.integers(0, prep.n_accounts, size=n)
    c = rng.integers(0, prep.n_customers, size=n)
    levels = compare(prep, Pairs(account=a, customer=c, found_by={}))
    out = {}
    for f, lv in levels.items():
        k = len(COMPARISONS[f])
        counts = np.bincount(lv[lv >= 0], minlength=k).astype(float) + 1.0
        out[f] = counts / counts.sum()
    return out


def link_table(decisions: Decisions) -> tuple[np.ndarray, np.ndarray]:
    """Per account: (linked customer row or -1, in review band: bool)."""
    pairs = decisions.pairs
    n = int(pairs.account.max(initial=-1)) + 1
    linked = np.full(n, -1, dtype=np.int64)
    hit = decisions.decision == 2
    linked[pairs.account[hit]] = pairs.customer[hit]
    review = np.zeros(n, dtype=bool)
    review[pairs.account[decisions.decision == 1]] = True
    review &= linked < 0
    return linked, review


def pairwise_quality(predicted_a: np.ndarray, predicted_c: np.ndarray, true_a: np.ndarray,
                     true_c: np.ndarray, n_customers: int) -> tuple[int, int, int]:
    """True positives, false positives and false negatives of predicted link pairs against
    true pairs (pairs as (account, customer) rows)."""
    pred = np.unique(np.asarray(predicted_a, np.int64) * n_customers + predicted_c)
    true = np.unique(np.asarray(true_a, np.int64) * n_customers + true_c)
    tp = int(np.isin(pred, true, assume_unique=True).sum())
    return tp, int(len(pred) - tp), int(len(true) - tp)


def evaluate(decisions: Decisions, owner: np.ndarray, n_customers: int) -> Quality:
    """Precision, recall and F1 of the links against the truth (``owner``: each account's
    true customer row, -1 for accounts that are not customers)."""
    pairs = decisions.pairs
    hit = decisions.decision == 2
    true_a = np.flatnonzero(owner >= 0)
    tp, fp, fn = pairwise_quality(pairs.account[hit], pairs.customer[hit], true_a,
                                  owner[true_a], n_customers)
    in_blocks = int((owner[pairs.account] == pairs.customer).sum())
    review = decisions.decision == 1
    return Quality(true_positives=tp, false_positives=fp, false_negatives=fn,
                   review_pairs=int(review.sum()),
                   review_accounts=len(np.unique(pairs.account[review])),
                   true_pairs=len(true_a),
                   blocking_recall=in_blocks / len(true_a) if len(true_a) else 1.0,
                   candidate_pairs=len(pairs))


#: Which fields each blocking key holds fixed (they agree on every pair it finds, so a
#: training session blocked on it cannot learn their m).
BLOCKED_FIELDS: dict[str, tuple[str, ...]] = {
    "phone": ("phone",), "email": ("email", "handle"), "email_local": ("email", "handle"),
    "handle_email": ("handle", "email"), "surname_city": ("surname", "city"),
    "first_surname": ("first_name", "surname"), "first_city": ("first_name", "city"),
    "card_city": ("card", "city"), "card_first": ("card", "first_name"),
}
#: Training sessions used when a plan names none: between them every field is learnt at
#: least once (R: Splink's guidance is to train on two or more different blockings).
TRAINING_SESSIONS = ("surname_city", "first_surname", "phone", "card_city")


def m_start(fields: tuple[str, ...]) -> dict[str, np.ndarray]:
    """A neutral start for m: most of the mass on the best level, falling off."""
    out = {}
    for f in fields:
        k = len(COMPARISONS[f])
        p = 0.5 ** np.arange(k) * 4.0
        p[0] = max(p[0], 0.7 * p.sum())
        out[f] = p / p.sum()
    return out


def train_m(prep: Prepared, fields: tuple[str, ...], u: dict[str, np.ndarray],
            sessions: tuple[str, ...] = TRAINING_SESSIONS, max_iterations: int = 200
            ) -> tuple[dict[str, np.ndarray], list[dict]]:
    """m for each field by EM with u held at its random-pair estimate, in sessions as
    Splink trains: each session blocks on one key and learns the m of the fields that key
    does not fix; a field's m is the median over the sessions that learnt it, level by
    level (as Splink does), renormalised to sum to 1. Returns m and
    one record per session (pairs, iterations, lambda) for the glass box."""
    learnt: dict[str, list[np.ndarray]] = {f: [] for f in fields}
    log: list[dict] = []
    for key in sessions:
        free = tuple(f for f in fields if f not in BLOCKED_FIELDS[key])
        if not free:
            continue
        pairs = candidates(prep, (key,))
        if len(pairs) == 0:
            continue
        levels = compare(prep, pairs)
        fit = em(levels, free, m_start(free), u, lam0=0.3, max_iterations=max_iterations,
                 fix_u=True)
        for f in free:
            # a level no pair of the session shows was not learnt there (Splink: "level
            # not observed in training dataset"); it takes no part in the median
            seen = np.bincount(levels[f][levels[f] >= 0], minlength=len(COMPARISONS[f])) > 0
            learnt[f].append(np.where(seen, fit.m[f], np.nan))
        log.append({"session": key, "pairs": len(pairs), "iterations": fit.iterations,
                    "lambda": fit.lam, "fields": free})
    m = {}
    for f in fields:
        if not learnt[f]:
            raise InputError("plan", "settings.fellegi_sunter.training",
                             f"no session learns the m of {f!r}; expected a session whose "
                             "blocking key does not fix it")
        stack = np.array(learnt[f])
        seen = ~np.isnan(stack)
        middle = np.array([np.median(stack[seen[:, k], k]) if seen[:, k].any() else 1e-6
                           for k in range(stack.shape[1])])  # per level, as Splink does
        m[f] = middle / middle.sum()
    return m, log


def threshold_curve(pairs: Pairs, weight: np.ndarray, owner: np.ndarray, n_customers: int,
                    thresholds: np.ndarray) -> pd.DataFrame:
    """Precision, recall and F1 of linking each account's best pair when its weight is at
    or above each threshold (one row per threshold), for the precision-recall figure."""
    order = np.lexsort((-weight, pairs.account))
    acc = pairs.account[order]
    first = np.r_[True, acc[1:] != acc[:-1]] if len(acc) else np.zeros(0, dtype=bool)
    best = order[first]
    best_w = weight[best]
    right = owner[pairs.account[best]] == pairs.customer[best]
    true_pairs = int((owner >= 0).sum())
    rows = []
    for t in np.asarray(thresholds, dtype=float):
        linked = best_w >= t
        tp = int((linked & right).sum())
        n = int(linked.sum())
        p = tp / n if n else 1.0
        r = tp / true_pairs if true_pairs else 1.0
        rows.append({"threshold": t, "links": n, "precision": p, "recall": r,
                     "f1": 2 * p * r / (p + r) if p + r else 0.0})
    return pd.DataFrame(rows)
