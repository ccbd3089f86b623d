"""Turkish text normalisation for record linkage.

Python's own case rules are wrong for Turkish: ``"IŞIK".lower()`` gives ``"işik"`` (the
dotless capital I becomes a dotted i) and ``"İSMAİL".lower()`` leaves a combining dot
behind; stripping accents through NFKD turns ``"Işık"`` into ``"Isk"`` (the dotless ı has
no decomposition and is dropped with the marks). Matching needs two steps instead:

1. ``tr_lower``: Turkish lower case (I -> ı, İ -> i, then the ordinary rules);
2. ``fold``: the ASCII form people type when their keyboard or an e-mail address has no
   Turkish letters (ç -> c, ğ -> g, ı -> i, ö -> o, ş -> s, ü -> u, circumflexes dropped),
   with punctuation turned into spaces and runs of spaces collapsed.

``name_key`` applies both, so "IŞIK", "Işık" and "isik" meet on "isik". Every function
takes one string or an array-like of strings and returns the same shape (a numpy array of
``object`` strings for array input), so a column of 20,000 names is one call.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "email_key",
    "email_local",
    "extract_card_last4",
    "fold",
    "name_key",
    "phone_key",
    "tckn_valid",
    "tr_lower",
    "tr_upper",
]

_LOWER = str.maketrans({"I": "ı", "İ": "i"})
_UPPER = str.maketrans({"i": "İ", "ı": "I"})
_FOLD = str.maketrans({
    "ç": "c", "ğ": "g", "ı": "i", "ö": "o", "ş": "s", "ü": "u",
    "â": "a", "î": "i", "û": "u", "é": "e", "ä": "a", "ë": "e",
    "\u0307": None,  # a combining dot above left by a foreign lower()
})
_NOT_WORD = re.compile(r"[^0-9a-z]+")
_DIGITS = re.compile(r"\D+")
#: "kartım 4417 ile bitiyor", "sonu 4417 olan kart", "card ending 4417", "****4417".
_CARD = re.compile(
    r"(?:(?:\*{2,}|x{2,}|sonu|son dört hanesi|ending(?: in)?|biten)\s*(\d{4})\b)"
    r"|(?:\b(\d{4})\s*(?:ile biten|ile bitiyor|ile biter|diye biten|ile sonlanan))",
    re.IGNORECASE)


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value)


def _map(func: Callable[[str], str], values: Any) -> Any:
    """``func`` over one string, or over an array of strings: each distinct value is
    normalised once (names repeat a lot), then spread back by its code."""
    if isinstance(values, str) or values is None or not hasattr(values, "__iter__"):
        return func(_text(values))
    series = pd.Series(values if isinstance(values, (pd.Series, np.ndarray)) else list(values),
                       dtype=object)
    series = series.where(series.notna(), "")
    codes, uniques = pd.factorize(series, use_na_sentinel=False)
    mapped = np.array([func(str(u)) for u in uniques] + [""], dtype=object)
    return mapped[codes] if len(codes) else np.zeros(0, dtype=object)


def _lower_one(text: str) -> str:
    return text.translate(_LOWER).lower()


def _fold_one(text: str) -> str:
    folded = _lower_one(text).translate(_FOLD)
    return _NOT_WORD.sub(" ", folded).strip()


def tr_lower(values: Any) -> Any:
    """Turkish lower case: "IŞIK" -> "ışık", "İSMAİL" -> "ismail"."""
    return _map(_lower_one, values)


def tr_upper(values: Any) -> Any:
    """Turkish upper case: "ışık" -> "IŞIK", "ismail" -> "İSMAİL"."""
    return _map(lambda t: t.translate(_UPPER).upper(), values)


def fold(values: Any) -> Any:
    """Lower case, Turkish letters to ASCII, punctuation to single spaces."""
    return _map(_fold_one, values)


def name_key(values: Any) -> Any:
    """The key two spellings of one name share: "Işık-Çelik, Ayşe" -> "isik celik ayse"."""
    return _map(_fold_one, values)


def _phone_one(text: str) -> str:
    digits = _DIGITS.sub("", text)
    if digits.startswith("90") and len(digits) == 12:
        digits = digits[2:]
    if digits.startswith("0") and len(digits) == 11:
        digits = digits[1:]
    return digits if len(digits) == 10 else ""


def phone_key(values: Any) -> Any:
    """A Turkish phone number as its ten national digits ("+90 (532) 123 45 67" ->
    "5321234567"); anything that is not ten digits after the prefix is empty."""
    return _map(_phone_one, values)


def _email_one(text: str) -> str:
    text = text.strip().lower().translate(_FOLD)
    if text.count("@") != 1:
        return ""
    local, domain = text.split("@")
    local = local.split("+", 1)[0]
    if domain in ("gmail.com", "googlemail.com"):
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}" if local and "." in domain else ""


def email_key(values: Any) -> Any:
    """An e-mail address as a mailbox: lower case, ``+tag`` dropped, Gmail's dots ignored."""
    return _map(_email_one, values)


def email_local(values: Any) -> Any:
    """The part of ``email_key`` before the @, with separators removed ("ayse.yilmaz87")."""
    return _map(lambda t: re.sub(r"[._\-]", "", _email_one(t).split("@")[0]), values)


def _card_one(text: str) -> str:
    match = _CARD.search(text)
    return (match.group(1) or match.group(2)) if match else ""


def extract_card_last4(values: Any) -> Any:
    """The four digits a post says a card ends in ("kartım 4417 ile bitiyor" -> "4417")."""
    return _map(_card_one, values)


def tckn_valid(values: object) -> np.ndarray:
    """Whether each value is a valid T.C. kimlik number: 11 digits, the first not 0, the
    10th digit ((d1+d3+d5+d7+d9)*7 - (d2+d4+d6+d8)) mod 10 and the 11th the sum of the
    first ten mod 10. Vectorised over an array of strings."""
    text = np.atleast_1d(np.asarray(values, dtype=str))
    ok = np.char.isdigit(text) & (np.char.str_len(text) == 11)
    valid = np.zeros(text.shape, dtype=bool)
    if ok.any():
        raw = np.frombuffer("".join(text[ok]).encode("ascii"), dtype=np.uint8)
        digits = raw.reshape(-1, 11).astype(np.int64) - 48
        odd = digits[:, [0, 2, 4, 6, 8]].sum(axis=1)
        even = digits[:, [1, 3, 5, 7]].sum(axis=1)
        good = (digits[:, 0] != 0) & (digits[:, 9] == (odd * 7 - even) % 10) \
            & (digits[:, 10] == digits[:, :10].sum(axis=1) % 10)
        valid[ok] = good
    return valid
