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

from pathlib import Path
from typing import Any

from casekit.errors import InputError

__all__ = ["FILES", "export_identity_data", "resolve_scenario"]

FILES = ("customers", "accounts", "posts")


def resolve_scenario(scenario: Any) -> Any:
    """A scenario object, id or path of this kind, loaded."""
    from casekit.kinds.identity_resolution.schema import IdentityScenario, load_identity_scenario
    if isinstance(scenario, IdentityScenario):
        return scenario
    text = str(scenario)
    path = Path(text)
    if path.suffix.lower() in (".yaml", ".yml", ".json"):
        return load_identity_scenario(path)
    from casekit.scenario import load_scenario
    try:
        loaded = load_scenario(text)
    except InputError:  # the registry may not know this kind yet
        loaded = None
    if isinstance(loaded, IdentityScenario):
        return loaded
    from casekit.scenario import scenario_dir
    for candidate in (scenario_dir() / f"{text}.yaml", scenario_dir() / f"_draft-{text}.yaml"):
        if candidate.exists():
            return load_identity_scenario(candidate)
    raise InputError(text, "", "no identity_resolution scenario by that name or path; "
                     "expected for example bank-cross-channel")


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
