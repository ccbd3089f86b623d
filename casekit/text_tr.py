"""Turkish (and English) text normalisation for readers of what students write.

    >>> from casekit.text_tr import fold, lower, stem, negative_verb
    >>> lower("İADE EDİLDİ, HAKLISINIZ")        # Turkish casing: İ -> i, I -> ı
    'iade edildi, haklısınız'
    >>> fold("Özür DİLERİZ")                     # casing, then accents dropped
    'ozur dileriz'
    >>> stem("prizlerimizi"), stem("apologies", "en")
    ('priz', 'apolog')
    >>> negative_verb("dilemeyeceğiz"), negative_verb("dileyeceğiz")
    (True, False)

Stems come from the Snowball stemmers (``snowballstemmer``: pure Python, no data files, the
same output on every machine), which strip Turkish noun endings (plural, possessive, case:
``prizlerimizi`` -> ``priz``). Snowball leaves Turkish verb endings alone; what a reader needs
from a verb is mostly whether it is negated, and :func:`negative_verb` finds the negative
morpheme ``-mA-`` followed by a tense or person ending (``dilemiyoruz``, ``eklemeyeceğiz``,
``yapmadık``, ``olmaz``), the one piece of Turkish grammar this module writes by hand.

Only the standard library and snowballstemmer are imported, so any part of casekit may use it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

__all__ = ["NEGATOR_WORDS", "clean", "fold", "lower", "negative_verb", "stem"]

_ASCII = str.maketrans({"ç": "c", "ğ": "g", "ı": "i", "ö": "o", "ş": "s", "ü": "u",
                        "â": "a", "î": "i", "û": "u", "é": "e", "è": "e", "ê": "e",
                        "á": "a", "à": "a", "í": "i", "ó": "o", "ú": "u", "ñ": "n",
                        "’": "'", "‘": "'", "\u0307": ""})

#: Words that negate what comes before them in a Turkish clause ("sorun yok",
#: "doğru değil"), folded.
NEGATOR_WORDS = frozenset({"degil", "degiliz", "degildir", "degildi", "degilsiniz",
                           "degilsin", "degiller", "yok", "yoktur", "yoktu", "olmaz"})

# The negative morpheme -mA- and what may follow it on a Turkish verb, on folded text:
# -mIyor (present), -mAz (aorist), -mAdI (past), -mAyAcAk (future), -mAmIş (reported),
# -mAyIz/-mAyIn/-mAyAlIm (aorist 1pl, imperative, optative), -mAsA (conditional).
_NEGATIVE = re.compile(r"m(?:iyor|uyor|[ae]z|[ae]d[iu]|[ae]y[ae]c[ae]|[ae]m[iu]s|[ae]y[iu]z|"
                       r"[ae]y[iu]n|[ae]y[ae]l[iu]m|[ae]s[ae]|[ae]m[ae]l[iu]|[ae]m[ae]s)")
# Words in which those letters are not a negation (a noun or a positive form).
_NOT_NEGATIVE = re.compile(r"^(?:zaman|tamam|mama|hemen|hem|bizim|sizin|mesaj|yemek|"
                           r"emek|kadar|musteri|mudur|muz$|miz$|mektup|ozellikle|"
                           r"ma?alesef|ama$|mamul|kamu|cum)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

_STEMMERS = {"tr": snowballstemmer.stemmer("turkish"),
             "en": snowballstemmer.stemmer("english")}


def lower(text: str, language: str = "tr") -> str:
    """Lower case; in Turkish I -> ı and İ -> i first."""
    if language == "tr":
        text = text.replace("I", "ı").replace("İ", "i")
    return unicodedata.normalize("NFC", text.lower()).replace("i\u0307", "i")


def fold(text: str, language: str = "tr") -> str:
    """Lower case, then accents and Turkish letters dropped (ç -> c, ı -> i, ğ -> g)."""
    return lower(text, language).translate(_ASCII)


def clean(text: str) -> str:
    """Control characters and invisible format marks (RTL, zero-width) to spaces.

    The text keeps its length, so positions in it are positions in what was written."""
    text = _CONTROL.sub(" ", text)
    if text.isascii():
        return text
    return "".join(" " if unicodedata.category(c) == "Cf" else c for c in text)


@lru_cache(maxsize=65536)
def stem(word: str, language: str = "tr") -> str:
    """The Snowball stem of one word, folded (so ``özür`` and ``ozur`` share a stem)."""
    low = lower(word, language)
    if language == "en":
        low = low.replace("’", "'")
        if low.endswith("n't"):
            return fold(low, "en")
        low = low.split("'")[0] if low.endswith(("'s", "'re", "'ve", "'ll", "'d", "'m")) \
            else low
    else:
        low = low.split("'")[0] or low   # DM'den -> dm: the apostrophe ends the proper name
    return fold(_STEMMERS[language].stemWord(low), language)


@lru_cache(maxsize=65536)
def negative_verb(word: str) -> bool:
    """Whether a Turkish word carries the negative morpheme -mA- after its stem."""
    folded = fold(word, "tr")
    if len(folded) < 4 or _NOT_NEGATIVE.match(folded):
        return False
    match = _NEGATIVE.search(folded, 2)   # the stem is at least two letters
    return match is not None
