"""The synthetic bank: customers, their social accounts and posts, and the hidden truth.

Everything is drawn from one seed: a numpy generator for the bulk draws and a Faker
``tr_TR`` instance seeded per instance (``Faker("tr_TR").seed_instance(seed)``) for the long
tail of first names, so the same seed gives the same bank, customer for customer, on every
machine. Faker's tr_TR locale has persons, phones and T.C. kimlik
numbers but no addresses, so provinces and districts come from ``casekit/data/tr_places.csv``
(population-weighted).

Names follow the shape of Turkish names rather than Faker's uniform lists: a ranked table of
the commonest surnames with a Zipf-like frequency curve (so many customers share a name, as
in a real bank), compound surnames of the usual kind (Kara+taş, Öz+türk) for the tail, a share
of double first names (Mehmet Ali, Ayşe Nur), no titles and no double surnames. The noise a
real record has is drawn on top: family members who share one phone, social accounts that
carry an old e-mail, married women whose account still shows the maiden name, typos,
ASCII-only spellings and nicknames.

Tables (pandas DataFrames, string columns, missing values as empty strings):

``customers``  customer_id, first_name, last_name, gender, birth_year, tckn, mobile, email,
               card_last4, city, district, household_id
``accounts``   account_id, handle, display_name, bio, location, email, phone, followers
``posts``      post_id, account_id, month, text
``truth``      account_id, customer_id (empty for an account that is not a customer)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from casekit.kinds.identity_resolution.normalise import fold

__all__ = ["BANK_HANDLE", "World", "WorldSpec", "make_tckn", "make_world", "places"]

BANK_HANDLE = "kuzeybank_destek"

#: The commonest Turkish surnames in rank order (public lists of the most frequent
#: surnames; the frequency curve laid over them is a reasoned guess, see WorldSpec).
TOP_SURNAMES = (
    "Yılmaz", "Kaya", "Demir", "Çelik", "Şahin", "Yıldız", "Yıldırım", "Öztürk", "Aydın",
    "Özdemir", "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin", "Kara", "Koç", "Kurt", "Özkan",
    "Şimşek", "Polat", "Özcan", "Korkmaz", "Çakır", "Erdoğan", "Yavuz", "Can", "Acar",
    "Şen", "Aktaş", "Güler", "Yalçın", "Güneş", "Bozkurt", "Bulut", "Keskin", "Ünal",
    "Turan", "Gül", "Özer", "Işık", "Kaplan", "Avcı", "Sarı", "Tekin", "Taş", "Köse",
    "Yüksel", "Ateş", "Aksoy", "Karataş", "Uçar", "Akın", "Altun", "Tunç", "Coşkun",
)
_ROOTS = ("Ak", "Kara", "Öz", "Er", "Gül", "Demir", "Ay", "Gün", "Can", "Taş", "Al", "Ata",
          "Bal", "Baş", "Bay", "Çakır", "Dağ", "Deniz", "Gök", "İnce", "Kılıç", "Koca",
          "Köse", "Kurt", "Sarı", "Şen", "Tan", "Tok", "Uz", "Yeşil", "Yücel", "Ilgaz",
          "Uysal", "Türk", "Esen", "Orhan", "Oral", "Çam", "Kocaman", "Topal")
_ENDINGS = ("kaya", "taş", "soy", "can", "han", "türk", "doğan", "oğlu", "alp", "tekin",
            "bay", "gül", "yürek", "el", "er", "ay", "gün", "baş", "dağ", "yol", "kurt",
            "yiğit", "ok", "tepe", "koç", "men", "demir", "ışık")

#: Common given names, roughly in order of frequency (R: the order follows public lists;
#: the curve is the same Zipf-like guess as for surnames). Names with I and İ are kept
#: on purpose: they are what Turkish case rules are about.
MALE = ("Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "Hasan", "İbrahim", "İsmail",
        "Osman", "Yusuf", "Murat", "Ömer", "Ramazan", "Halil", "Süleyman", "Abdullah",
        "Mahmut", "Recep", "Fatih", "Kadir", "Emre", "Hakan", "Kemal", "Yaşar", "Metin",
        "Serkan", "Burak", "Uğur", "Gökhan", "Erkan", "Yasin", "Onur", "Volkan", "Cengiz",
        "Sinan", "Eren", "Mert", "Berk", "Yiğit", "Umut", "Özgür", "Barış", "Tolga",
        "Levent", "Selim", "Erdem", "Oğuz", "Işık", "İlker", "Cem", "Arda", "Kaan")
FEMALE = ("Fatma", "Ayşe", "Emine", "Hatice", "Zeynep", "Elif", "Meryem", "Şerife", "Zehra",
          "Sultan", "Merve", "Esra", "Özlem", "Yasemin", "Hülya", "Leyla", "Gül", "Derya",
          "Büşra", "Kübra", "Songül", "Dilek", "Sevgi", "Ebru", "Tuğba", "Aysel", "Filiz",
          "Melek", "Sibel", "Nur", "Ceren", "İrem", "Ece", "Gizem", "Damla", "Esma", "Pınar",
          "Selin", "Aslı", "Burcu", "Işıl", "Irmak", "Ilgın", "İpek", "Şule", "Deniz")
#: Second names of double first names (Mehmet Ali, Ayşe Nur).
MALE_SECOND = ("Ali", "Can", "Emin", "Kaan", "Mert", "Efe", "Enes", "Yusuf", "Ömer")
FEMALE_SECOND = ("Nur", "Gül", "Su", "Naz", "Sena", "Ece", "Selin", "İrem")
_NICKNAMES = ("kahvesever", "gezgin", "sessizokur", "kuzeyruzgari", "yolcu", "mavikus",
              "denizkizi", "kitapkurdu", "sabahci", "ruzgar", "dertli", "ozgurruh")
_DOMAINS = ("gmail.com", "hotmail.com", "yahoo.com", "outlook.com", "yandex.com",
            "icloud.com", "yaani.com")
_DOMAIN_WEIGHTS = (0.47, 0.24, 0.08, 0.08, 0.05, 0.05, 0.03)  # R: a typical Turkish mix
#: GSM operator prefixes (Türk Telekom 50x/55x, Turkcell 53x, Vodafone 54x).
_MOBILE_PREFIXES = np.array([501, 505, 506, 507, 530, 531, 532, 533, 534, 535, 536, 537, 538,
                             539, 541, 542, 543, 544, 545, 546, 547, 548, 549, 551, 552, 553,
                             554, 555, 559])

_POSTS_CARD = (
    "@{bank} kartım {card} ile bitiyor, ekstrede tanımadığım bir harcama var.",
    "@{bank} sonu {card} olan kartımdan aynı tutar iki kez çekildi!",
    "@{bank} {card} ile biten kartımın limiti sormadan düşürülmüş, açıklama bekliyorum.",
)
_POSTS_BRANCH = (
    "@{bank} {district} şubesinde 40 dakika sıra bekledim, tek gişe açıktı.",
    "@{bank} {district} şubenizdeki ATM yine para vermedi.",
)
_POSTS_PLAIN = (
    "@{bank} telefonla sigorta teklifi yaptınız, yazılı istedim, gönderemeyiz dendi.",
    "@{bank} müşteri hizmetlerine ulaşmak imkânsız, yarım saattir bekliyorum.",
    "@{bank} kredi kartı aidatı için kaç kez arayacağım?",
    "@{bank} mobil uygulama yine açılmıyor.",
)
_BIOS = ("", "", "", "Öğretmen. Kitaplar, kahve.", "Mühendis | {city}", "{city} 📍",
         "Annesiyim, çalışıyorum, yoruluyorum.", "Futbol, müzik, yollar.", "Emekli.",
         "Serbest çalışan tasarımcı", "Öğrenci - {city}")


@dataclass(frozen=True)
class WorldSpec:
    """The numbers that shape the synthetic bank (the scenario's ``data`` section fills
    them; the defaults are the reasoned guesses the scenario file documents)."""

    customers: int = 20_000
    accounts: int = 5_000
    non_customer_share: float = 0.2
    double_first_name: float = 0.08
    surname_zipf: float = 0.7
    tail_name_share: float = 0.12
    married_name_change: float = 0.45
    maiden_on_account: float = 0.35
    shared_phone: float = 0.12
    account_email_known: float = 0.25
    old_email: float = 0.3
    account_phone_known: float = 0.15
    location_given: float = 0.6
    moved_city: float = 0.05
    card_in_post: float = 0.2
    branch_in_post: float = 0.15
    typo: float = 0.1
    ascii_name: float = 0.15
    short_name: float = 0.1
    upper_name: float = 0.05
    nickname: float = 0.08


@dataclass
class World:
    """The synthetic bank and the truth the student does not see."""

    seed: int
    customers: pd.DataFrame
    accounts: pd.DataFrame
    posts: pd.DataFrame
    truth: pd.DataFrame
    #: For each account, the row of its customer in ``customers`` (-1: not a customer).
    owner: np.ndarray = field(repr=False)


@lru_cache(maxsize=1)
def places() -> pd.DataFrame:
    """The shipped province and district list with population weights."""
    path = Path(__file__).resolve().parents[2] / "data" / "tr_places.csv"
    table = pd.read_csv(path, dtype={"plate": str, "province": str, "district": str})
    table["weight"] = table["population"] / table["population"].sum()
    return table


def make_tckn(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` distinct valid T.C. kimlik numbers (11 digits, the first not 0, digits 10 and
    11 the checksums), as strings."""
    out: list[np.ndarray] = []
    seen: set[str] = set()
    need = n
    while need > 0:
        digits = np.empty((need + need // 10 + 8, 11), dtype=np.int64)
        digits[:, 0] = rng.integers(1, 10, size=len(digits))
        digits[:, 1:9] = rng.integers(0, 10, size=(len(digits), 8))
        odd = digits[:, [0, 2, 4, 6, 8]].sum(axis=1)
        even = digits[:, [1, 3, 5, 7]].sum(axis=1)
        digits[:, 9] = (odd * 7 - even) % 10
        digits[:, 10] = digits[:, :10].sum(axis=1) % 10
        text = np.array(["".join(map(str, row)) for row in digits.tolist()], dtype=object)
        _, first = np.unique(text, return_index=True)
        fresh = [t for t in text[np.sort(first)] if t not in seen][:need]
        seen.update(fresh)
        out.append(np.array(fresh, dtype=object))
        need -= len(fresh)
    return np.concatenate(out)


def _zipf(n: int, s: float) -> np.ndarray:
    w = 1.0 / np.arange(3, n + 3, dtype=float) ** s
    return w / w.sum()


def _name_tables(fake, spec: WorldSpec) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Name -> probability tables: the common names first, then a Faker tail."""
    compounds = [r + e for r in _ROOTS for e in _ENDINGS if not r.lower().endswith(e)]
    surnames = list(dict.fromkeys(TOP_SURNAMES + tuple(compounds)))
    tail_male = list(dict.fromkeys(fake.first_name_male() for _ in range(300)))
    tail_female = list(dict.fromkeys(fake.first_name_female() for _ in range(300)))
    tables = {"surname": (np.array(surnames, dtype=object), _zipf(len(surnames),
                                                                   spec.surname_zipf))}
    for key, common, tail in (("male", MALE, tail_male), ("female", FEMALE, tail_female)):
        tail = [t for t in tail if t not in common]
        head = _zipf(len(common), 0.8) * (1 - spec.tail_name_share)
        rest = np.full(len(tail), spec.tail_name_share / max(len(tail), 1))
        tables[key] = (np.array(list(common) + tail, dtype=object),
                       np.concatenate([head, rest]))
    return tables


def _draw(rng: np.random.Generator, table: tuple[np.ndarray, np.ndarray], n: int) -> np.ndarray:
    names, p = table
    return names[rng.choice(len(names), size=n, p=p)]


def _people(rng: np.random.Generator, tables: dict, spec: WorldSpec, n: int) -> pd.DataFrame:
    """Names, gender, birth year and place of ``n`` people (customers or not)."""
    female = rng.random(n) < 0.5
    first = np.where(female, _draw(rng, tables["female"], n), _draw(rng, tables["male"], n))
    second = np.where(female, rng.choice(np.array(FEMALE_SECOND, dtype=object), n),
                      rng.choice(np.array(MALE_SECOND, dtype=object), n))
    double = (rng.random(n) < spec.double_first_name) & (second != first)
    first = np.where(double, first + " " + second, first)
    surname = _draw(rng, tables["surname"], n)
    birth = rng.integers(1950, 2006, size=n)
    married = female & (birth < 1998) & (rng.random(n) < spec.married_name_change)
    maiden = np.where(married, _draw(rng, tables["surname"], n), surname)
    table = places()
    where = rng.choice(len(table), size=n, p=table["weight"].to_numpy())
    return pd.DataFrame({
        "first_name": first, "last_name": surname, "maiden_name": maiden,
        "gender": np.where(female, "F", "M"), "birth_year": birth,
        "city": table["province"].to_numpy()[where],
        "district": table["district"].to_numpy()[where],
        "plate": table["plate"].to_numpy()[where], "double": double, "married": married,
    })


def _mobiles(rng: np.random.Generator, n: int) -> np.ndarray:
    numbers = np.unique(rng.choice(_MOBILE_PREFIXES, size=2 * n + 16) * 10_000_000
                        + rng.integers(0, 10_000_000, size=2 * n + 16))
    return rng.permutation(numbers)[:n]


def _format_mobile(numbers: np.ndarray, style: np.ndarray) -> np.ndarray:
    text = pd.Series(numbers.astype(np.int64).astype(str))
    a, b, c, d = text.str[:3], text.str[3:6], text.str[6:8], text.str[8:]
    styles = np.stack([("+90 " + a + " " + b + " " + c + " " + d).to_numpy(),
                       ("0" + a + " " + b + " " + c + d).to_numpy(),
                       ("0" + text).to_numpy(),
                       ("(" + a + ") " + b + "-" + c + "-" + d).to_numpy()])
    return styles[style, np.arange(len(numbers))]


def _ascii(names: np.ndarray) -> pd.Series:
    return pd.Series(fold(names), dtype=object).str.replace(" ", "", regex=False)


def _emails(rng: np.random.Generator, people: pd.DataFrame, domains: np.ndarray) -> np.ndarray:
    first = _ascii(people["first_name"].str.split(" ").str[0].to_numpy())
    last = _ascii(people["last_name"].to_numpy())
    yy = (people["birth_year"] % 100).astype(str).str.zfill(2)
    num = pd.Series(rng.integers(1, 999, size=len(people)).astype(str))
    patterns = np.stack([(first + "." + last).to_numpy(), (first + last).to_numpy(),
                         (first + "_" + last).to_numpy(), (first + last + yy).to_numpy(),
                         (first.str[0] + "." + last).to_numpy(), (last + first).to_numpy(),
                         (first + num).to_numpy(), (first + "." + last + yy).to_numpy()])
    pick = rng.choice(len(patterns), size=len(people),
                      p=[0.22, 0.18, 0.06, 0.16, 0.08, 0.06, 0.12, 0.12])
    local = pd.Series(patterns[pick, np.arange(len(people))])
    email = local + "@" + pd.Series(domains)
    dup = email.duplicated(keep="first")
    while dup.any():  # a taken mailbox gets a number, as people do
        email[dup] = local[dup] + pd.Series(rng.integers(1, 9999, size=len(email)))[dup] \
            .astype(str) + "@" + pd.Series(domains)[dup]
        dup = email.duplicated(keep="first")
    return email.to_numpy(dtype=object)


def _typo(rng: np.random.Generator, names: np.ndarray) -> np.ndarray:
    """One slip of the thumb per name: a letter dropped, doubled or two swapped."""
    out = names.copy()
    lengths = np.array([len(s) for s in names])
    pos = (rng.random(len(names)) * np.maximum(lengths - 2, 1)).astype(int) + 1
    kind = rng.integers(0, 3, size=len(names))
    for i, (s, p, k) in enumerate(zip(names, pos, kind)):
        if len(s) < 4 or s[p] == " " or s[p - 1] == " ":
            continue
        dropped, doubled = s[:p] + s[p + 1:], s[:p] + s[p] + s[p:]
        swapped = s[:p - 1] + s[p] + s[p - 1] + s[p + 1:]
        out[i] = (dropped, doubled, swapped)[k]
    return out


def make_world(spec: WorldSpec, seed: int) -> World:
    """The synthetic bank for ``seed``: the same seed, the same bank."""
    from faker import Faker

    fake = Faker("tr_TR")
    fake.seed_instance(seed)
    rng = np.random.default_rng(np.random.SeedSequence([int(seed), 13]))
    tables = _name_tables(fake, spec)
    n = spec.customers
    people = _people(rng, tables, spec, n)

    # Family members share a phone: each sharer takes the surname, place and mobile of
    # another customer (the household head, who shares with nobody else's head).
    mobile = _mobiles(rng, n)
    household = np.arange(n)
    sharer = np.flatnonzero(rng.random(n) < spec.shared_phone)
    heads = np.setdiff1d(np.arange(n), sharer)
    head = heads[rng.integers(0, len(heads), size=len(sharer))]
    for column in ("last_name", "city", "district", "plate"):
        people.loc[sharer, column] = people[column].to_numpy()[head]
    people.loc[sharer, "maiden_name"] = np.where(people["married"].to_numpy()[sharer],
                                                 people["maiden_name"].to_numpy()[sharer],
                                                 people["last_name"].to_numpy()[sharer])
    mobile[sharer] = mobile[head]
    household[sharer] = head

    domains = np.array(_DOMAINS, dtype=object)[rng.choice(len(_DOMAINS), size=n,
                                                           p=_DOMAIN_WEIGHTS)]
    email = _emails(rng, people, domains)
    customers = pd.DataFrame({
        "customer_id": [f"C{i + 1:06d}" for i in range(n)],
        "first_name": people["first_name"], "last_name": people["last_name"],
        "gender": people["gender"], "birth_year": people["birth_year"],
        "tckn": make_tckn(rng, n),
        "mobile": _format_mobile(mobile, np.zeros(n, dtype=int)),
        "email": email,
        "card_last4": pd.Series(rng.integers(0, 10_000, size=n)).astype(str).str.zfill(4),
        "city": people["city"], "district": people["district"],
        "household_id": [f"H{h + 1:06d}" for h in household],
    })

    # Social accounts: a share of customers, and people who are not customers at all.
    m = spec.accounts
    outsiders = round(m * spec.non_customer_share)
    insiders = m - outsiders
    owner = np.concatenate([rng.choice(n, size=insiders, replace=False),
                            np.full(outsiders, -1)])
    owner = owner[rng.permutation(m)]
    strangers = _people(rng, tables, spec, m)
    is_c = owner >= 0
    src = people.iloc[np.where(is_c, owner, 0)].reset_index(drop=True)
    person = src.where(np.repeat(is_c[:, None], src.shape[1], axis=1), strangers)

    shown_surname = np.where(person["married"].to_numpy()
                             & (rng.random(m) < spec.maiden_on_account),
                             person["maiden_name"].to_numpy(), person["last_name"].to_numpy())
    first = person["first_name"].to_numpy().astype(object)
    one_first = np.where(person["double"].to_numpy() & (rng.random(m) < 0.5),
                         pd.Series(first).str.split(" ").str[0].to_numpy(), first)
    full = one_first + " " + shown_surname
    style = rng.choice(7, size=m, p=_style_weights(spec))
    display = full.copy()
    display[style == 1] = pd.Series(full[style == 1]).map(
        lambda s: fold(s).title()).to_numpy()  # ASCII-only keyboard
    short = style == 2
    display[short] = one_first[short] + " " + pd.Series(shown_surname[short]).str[0] + "."
    typo = style == 3
    display[typo] = _typo(rng, full[typo])
    upper = style == 4
    from casekit.kinds.identity_resolution.normalise import tr_upper
    display[upper] = tr_upper(full[upper])
    nick = style == 5
    nick_words = np.array(_NICKNAMES, dtype=object)[rng.integers(0, len(_NICKNAMES), m)]
    display[nick] = nick_words[nick]

    afirst = _ascii(pd.Series(one_first).str.split(" ").str[0].to_numpy())
    alast = _ascii(shown_surname)
    plate = person["plate"].astype(str)
    digits = pd.Series(rng.integers(1, 99, size=m)).astype(str)
    yy = (person["birth_year"] % 100).astype(str).str.zfill(2)
    handles = np.stack([(afirst + alast).to_numpy(), (afirst + "_" + alast).to_numpy(),
                        (afirst + alast + plate).to_numpy(), (afirst.str[0] + alast).to_numpy(),
                        (alast + afirst).to_numpy(), (afirst + yy).to_numpy(),
                        (pd.Series(nick_words) + digits).to_numpy()])
    hstyle = np.where(nick, 6, rng.choice(6, size=m, p=[0.3, 0.15, 0.15, 0.15, 0.1, 0.15]))
    handle = pd.Series(handles[hstyle, np.arange(m)]).str.slice(0, 15)
    dup = handle.duplicated(keep="first")
    while dup.any():
        handle[dup] = handle[dup].str.slice(0, 12) + pd.Series(
            rng.integers(1, 999, size=m)).astype(str)[dup]
        dup = handle.duplicated(keep="first")

    # What the bank's social tools may know: an e-mail or a phone given in an earlier DM
    # (an old address for some), a location in the profile.
    email_known = is_c & (rng.random(m) < spec.account_email_known)
    old = email_known & (rng.random(m) < spec.old_email)
    own_email = email[np.maximum(owner, 0)]
    old_domain = np.array(_DOMAINS, dtype=object)[rng.integers(0, 3, size=m)]
    old_email = pd.Series(own_email).str.split("@").str[0].str.rstrip("0123456789") \
        + pd.Series(rng.integers(1, 99, size=m)).astype(str) + "@" + pd.Series(old_domain)
    acc_email = np.where(email_known, np.where(old, old_email.to_numpy(), own_email), "")
    phone_known = is_c & (rng.random(m) < spec.account_phone_known)
    own_phone = _format_mobile(mobile[np.maximum(owner, 0)], rng.integers(0, 4, size=m))
    acc_phone = np.where(phone_known, own_phone, "")

    moved = rng.random(m) < spec.moved_city
    other = places()["province"].to_numpy()[rng.integers(0, len(places()), size=m)]
    city = np.where(moved, other, person["city"].to_numpy())
    lstyle = rng.integers(0, 3, size=m)
    loc_text = np.select([lstyle == 0, lstyle == 1],
                         [city, person["district"].to_numpy() + ", " + city],
                         fold(city))
    location = np.where(rng.random(m) < spec.location_given, loc_text, "")
    bio_pick = np.array(_BIOS, dtype=object)[rng.integers(0, len(_BIOS), size=m)]
    bio = np.array([t.format(city=c) for t, c in zip(bio_pick.tolist(), city.tolist())],
                   dtype=object)
    accounts = pd.DataFrame({
        "account_id": [f"S{j + 1:05d}" for j in range(m)],
        "handle": handle, "display_name": display, "bio": bio, "location": location,
        "email": acc_email, "phone": acc_phone,
        "followers": np.round(rng.lognormal(4.5, 1.3, size=m)).astype(int),
    })

    # Posts: every account has one; some mention the card's last four digits or a branch.
    card = np.where(is_c, customers["card_last4"].to_numpy()[np.maximum(owner, 0)],
                    pd.Series(rng.integers(0, 10_000, size=m)).astype(str).str.zfill(4))
    has_card = rng.random(m) < spec.card_in_post
    has_branch = ~has_card & (rng.random(m) < spec.branch_in_post)
    template = np.where(has_card, np.array(_POSTS_CARD, dtype=object)[rng.integers(0, 3, m)],
                        np.where(has_branch,
                                 np.array(_POSTS_BRANCH, dtype=object)[rng.integers(0, 2, m)],
                                 np.array(_POSTS_PLAIN, dtype=object)[rng.integers(0, 4, m)]))
    district = person["district"].to_numpy()
    text = [t.format(bank=BANK_HANDLE, card=c, district=d)
            for t, c, d in zip(template.tolist(), card.tolist(), district.tolist())]
    posts = pd.DataFrame({"post_id": [f"P{j + 1:05d}" for j in range(m)],
                          "account_id": accounts["account_id"],
                          "month": rng.integers(1, 13, size=m), "text": text})
    truth = pd.DataFrame({"account_id": accounts["account_id"],
                          "customer_id": np.where(is_c, customers["customer_id"].to_numpy()[
                              np.maximum(owner, 0)], "")})
    return World(seed=seed, customers=customers, accounts=accounts, posts=posts, truth=truth,
                 owner=owner)


def _style_weights(spec: WorldSpec) -> list[float]:
    rest = 1 - (spec.ascii_name + spec.short_name + spec.typo + spec.upper_name + spec.nickname)
    return [rest, spec.ascii_name, spec.short_name, spec.typo, spec.upper_name, spec.nickname,
            0.0]
