"""The case's data as CSV files for pandas exercises (``casekit export identity-data``).

``export_identity_data(scenario, out_dir)`` writes what the bank's data team would see:

``customers.csv``  the customer records (customer_id, names, T.C. kimlik no, mobile,
                   e-mail, card's last four digits, city, district, household)
``accounts.csv``   the social accounts that talk to the bank (handle, display name, bio,
                   location, an e-mail or phone given in an earlier DM, followers)
``posts.csv``      their public posts to the bank
``truth.csv``      only with ``with_truth=True``: which account belongs to which customer
                   (empty customer_id: not a customer). Instructors keep it back.

The files are UTF-8 with a header row; missing values are empty cells. The same scenario
(and its ``population.seed``) writes the same files, byte for byte.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from casekit.errors import InputError
from casekit.text.formats import fill

__all__ = ["FILES", "MESSAGES", "add_arguments", "export_identity_data", "resolve_scenario", "run"]

FILES = ("customers", "accounts", "posts")

MESSAGES = {
    "wrote": {"en": "wrote {files} into {out}: {customers:,} customers, {accounts:,} accounts, "
                    "{posts:,} posts{truth}",
              "tr": "{out} klasörüne {files} yazıldı: {customers:,} müşteri, {accounts:,} "
                    "hesap, {posts:,} gönderi{truth}"},
    "truth": {"en": " and the truth table", "tr": " ve doğru eşleşme tablosu"},
}


def resolve_scenario(scenario: Any) -> Any:
    """A scenario object, id or path of this kind, loaded."""
    from casekit.kinds.identity_resolution.schema import IdentityScenario, load_identity_scenario
    if isinstance(scenario, IdentityScenario):
        return scenario
    text = str(scenario)
    path = Path(text)
    if path.suffix.lower() in (".yaml", ".yml", ".json"):
        from casekit.errors import ScenarioError
        from casekit.files import read_mapping
        _refuse_other_kind(text, read_mapping(path, ScenarioError).get("kind"))
        return load_identity_scenario(path)
    from casekit.scenario import load_scenario
    try:
        loaded = load_scenario(text)
    except InputError:  # the registry may not know this kind yet
        loaded = None
    if isinstance(loaded, IdentityScenario):
        return loaded
    if loaded is not None:
        _refuse_other_kind(text, getattr(loaded, "kind", None))
    from casekit.scenario import scenario_dir
    for candidate in (scenario_dir() / f"{text}.yaml", scenario_dir() / f"_draft-{text}.yaml"):
        if candidate.exists():
            return load_identity_scenario(candidate)
    raise InputError(text, "", "no identity_resolution scenario by that name or path; "
                     "expected for example bank-cross-channel")


def _refuse_other_kind(source: str, kind: object) -> None:
    """A scenario of another kind has no customers and accounts to write: say so in one
    line (instead of listing every field an identity scenario would need)."""
    if kind is not None and kind != "identity_resolution":
        raise InputError(source, "kind", f"is {kind!r}; expected an identity_resolution "
                         "scenario, for example bank-cross-channel")


def export_identity_data(scenario: Any, out_dir: str | Path, with_truth: bool = False,
                         prefix: str = "") -> list[Path]:
    """Write the scenario's customers, accounts, posts (and truth) as CSV into ``out_dir``
    (each file name after ``prefix``, as in ``identity-customers.csv``); returns the paths
    written."""
    from casekit.kinds.identity_resolution.replay import world_of

    case = resolve_scenario(scenario)
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InputError(str(out), "--out", "expected a directory, found a file")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(str(out), "--out", f"cannot be created ({exc.strerror})") from None
    world = world_of(case)
    tables = {"customers": world.customers, "accounts": world.accounts, "posts": world.posts}
    if with_truth:
        tables["truth"] = world.truth
    written = []
    for name, table in tables.items():
        path = out / f"{prefix}{name}.csv"
        table.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
        written.append(path)
    return written


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``casekit export identity-data SCENARIO --out DIR [--with-truth] [--customers N]``."""
    parser.add_argument("scenario", help="an identity-resolution scenario id or file "
                        "(bank-cross-channel)")
    parser.add_argument("--out", required=True, help="the folder to write the CSV files into")
    parser.add_argument("--with-truth", action="store_true",
                        help="also write truth.csv (which account is which customer)")
    parser.add_argument("--customers", type=int, default=None,
                        help="another bank size (social accounts scale with it)")
    parser.add_argument("--lang", "--language", dest="language", choices=("en", "tr"),
                        default="en", help="language of the summary line (en or tr)")


def run(args: argparse.Namespace) -> int:
    """Write the bank's tables as CSV; bad input raises an InputError (one line, status 2)."""
    case = resolve_scenario(args.scenario)
    if args.customers is not None:
        if not 1 <= args.customers <= 1_000_000:
            raise InputError("--customers", "", "expected a number of customers from 1 to "
                             "1,000,000")
        case = case.with_customers(args.customers)
    from casekit.kinds.identity_resolution.replay import world_of
    paths = export_identity_data(case, args.out, with_truth=args.with_truth)
    world = world_of(case)  # made once: the export just wrote it
    counts = {"customers": len(world.customers), "accounts": len(world.accounts),
              "posts": len(world.posts)}
    language = "tr" if args.language == "tr" else "en"
    print(fill(MESSAGES["wrote"][language], language,
        files=", ".join(p.name for p in paths), out=args.out, customers=counts["customers"],
        accounts=counts["accounts"], posts=counts["posts"],
        truth=MESSAGES["truth"][language] if args.with_truth else ""))
    return 0
