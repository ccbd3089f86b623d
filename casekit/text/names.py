"""Made-up people for the simulated threads and feeds: natural names, seeded, varied.

Faker's ``name()`` in ``tr_TR`` gives titles ("Prof.", "Yrd. Doç.") and double surnames,
and its 61 Turkish surnames include famous ones and repeat quickly. Here a name is one given
name and one surname, drawn from the common names of the language (mostly) and Faker's own
lists (the rest), without repeating a surname within one draw until the list is used up.
Everything is seeded: the same ``seed`` gives the same people.

    >>> names("tr", seed=1, n=3)      # doctest: +SKIP
    ['Elif Aydın', 'Murat Kılıç', 'Selin Koç']
"""

from __future__ import annotations

import unicodedata
from functools import cache

import numpy as np

__all__ = ["COMMON", "first_names", "handles", "names"]

#: Common given names (female, male) and surnames of each language: most people are drawn
#: from these, so a thread reads like a real one.
COMMON: dict[str, dict[str, tuple[str, ...]]] = {
    "tr": {
        "female": ("Ayşe", "Fatma", "Zeynep", "Elif", "Emine", "Merve", "Esra", "Büşra",
                   "Özlem", "Yasemin", "Derya", "Ebru", "Sibel", "Ceren", "İrem", "Ece",
                   "Gizem", "Damla", "Pınar", "Selin", "Aslı", "Burcu", "Deniz", "Melike",
                   "Tuğba", "Kübra", "Hande", "Seda", "Gamze", "Nazlı", "Dilara", "Eda",
                   "Cansu", "Sevgi", "Filiz", "Hülya", "Leyla", "Melek", "Nur", "Şule"),
        "male": ("Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "Hasan", "İbrahim",
                 "Murat", "Emre", "Burak", "Can", "Mert", "Kerem", "Onur", "Serkan", "Hakan",
                 "Gökhan", "Uğur", "Tolga", "Barış", "Cem", "Arda", "Kaan", "Eren", "Umut",
                 "Yusuf", "Ömer", "Oğuz", "Selim", "Levent", "Volkan", "Sinan", "Erdem",
                 "Yiğit", "Berk", "Alper", "Furkan", "Tuna", "Koray", "Ozan"),
        "surname": ("Yılmaz", "Kaya", "Demir", "Çelik", "Şahin", "Yıldız", "Yıldırım",
                    "Öztürk", "Aydın", "Özdemir", "Arslan", "Doğan", "Kılıç", "Aslan",
                    "Çetin", "Kara", "Koç", "Kurt", "Özkan", "Şimşek", "Polat", "Özcan",
                    "Korkmaz", "Çakır", "Erdoğan", "Yavuz", "Can", "Acar", "Şen", "Aktaş",
                    "Güler", "Yalçın", "Güneş", "Bozkurt", "Bulut", "Keskin", "Ünal", "Turan",
                    "Gül", "Özer", "Işık", "Kaplan", "Avcı", "Sarı", "Tekin", "Taş", "Köse",
                    "Yüksel", "Ateş", "Aksoy", "Karataş", "Uçar", "Akın", "Altun", "Tunç",
                    "Coşkun", "Erdem", "Sönmez", "Toprak", "Duran", "Bilgin", "Tarhan",
                    "Fırat", "Akça", "Şafak", "Soylu", "Seven", "Zengin", "Sezer", "Bilge"),
    },
}
#: Share of given names drawn from Faker's long list instead of :data:`COMMON`.
_TAIL = 0.15
_LOCALES = {"en": "en_US", "tr": "tr_TR"}


def _faker_lists(language: str) -> dict[str, tuple[str, ...]]:
    import importlib
    module = importlib.import_module(f"faker.providers.person.{_LOCALES.get(language, 'en_US')}")
    provider = module.Provider
    out = {}
    for key, attr in (("female", "first_names_female"), ("male", "first_names_male"),
                      ("surname", "last_names")):
        values = getattr(provider, attr)
        out[key] = tuple(values.keys() if isinstance(values, dict) else values)
    return out


@cache
def _tables(language: str) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Name -> probability for given names (female, male) and surnames."""
    faker = _faker_lists(language)
    common = COMMON.get(language)
    tables = {}
    for key in ("female", "male", "surname"):
        if common is None:  # English: Faker's lists are already the common names
            values = np.array(faker[key], dtype=object)
            tables[key] = (values, np.full(len(values), 1.0 / len(values)))
            continue
        head = list(common[key])
        tail = [] if key == "surname" else [n for n in faker[key] if n not in head]
        share = _TAIL if tail else 0.0
        p = np.concatenate([np.full(len(head), (1 - share) / len(head)),
                            np.full(len(tail), share / max(len(tail), 1))])
        tables[key] = (np.array(head + tail, dtype=object), p)
    return tables


def _draw(rng: np.random.Generator, table: tuple[np.ndarray, np.ndarray], n: int,
          distinct: bool) -> np.ndarray:
    values, p = table
    if not distinct:
        return values[rng.choice(len(values), size=n, p=p)]
    # without repeats until the list is used up, then again
    rounds = -(-n // len(values))
    picks = np.concatenate([rng.choice(len(values), size=len(values), replace=False, p=p)
                            for _ in range(rounds)])[:n]
    return values[picks]


def first_names(language: str, seed: int, n: int) -> list[str]:
    """``n`` given names, half women's and half men's, seeded."""
    rng = np.random.default_rng([int(seed) & 0xFFFFFFFF, 1])
    tables = _tables(language)
    female = rng.random(n) < 0.5
    drawn = np.where(female, _draw(rng, tables["female"], n, True),
                     _draw(rng, tables["male"], n, True))
    return [str(x) for x in drawn]


def names(language: str, seed: int, n: int) -> list[str]:
    """``n`` full names ("given surname"): no titles, one surname each, surnames not
    repeated within the draw while the list lasts."""
    rng = np.random.default_rng([int(seed) & 0xFFFFFFFF, 2])
    first = first_names(language, seed, n)
    surnames = _draw(rng, _tables(language)["surname"], n, True)
    return [f"{a} {b}" for a, b in zip(first, surnames)]


def _ascii(text: str) -> str:
    text = text.replace("ı", "i").replace("İ", "I")
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in folded.lower() if ch.isalnum())


def handles(people: list[str], seed: int) -> list[str]:
    """A plausible ``@handle`` for each person (letters of the name, sometimes digits)."""
    rng = np.random.default_rng([int(seed) & 0xFFFFFFFF, 3])
    style = rng.integers(0, 4, size=len(people))
    digits = rng.integers(1, 99, size=len(people))
    out = []
    for person, s, d in zip(people, style.tolist(), digits.tolist()):
        parts = [_ascii(p) for p in person.split()] or ["user"]
        first, last = parts[0], parts[-1]
        handle = {0: first + last, 1: f"{first}_{last}", 2: f"{first}{d}",
                  3: f"{first[:1]}{last}{d}"}[s]
        out.append("@" + handle)
    return out
