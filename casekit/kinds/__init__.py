"""The registry of kinds of case: one line per kind.

    >>> from casekit.kinds import kind_of, KINDS
    >>> kind_of(scenario).simulate_batch(scenario, plan, seed=1, replications=[0, 1])

Every tool reaches a scenario's engine, metrics, score, debrief pieces, feedback, figures and
workbench through :func:`kind_of`; none asks which kind it holds. To add a kind, write its
package under ``casekit/kinds/`` (docs/adding-a-case.md) and add its line below.
"""

from __future__ import annotations

import importlib
from typing import Annotated, Any, Union

from pydantic import Field, TypeAdapter

from casekit import vocabulary
from casekit.kinds.contract import Kind

__all__ = ["KINDS", "Kind", "kind_of", "register", "scenario_adapter", "scenario_union", "BUILT_IN",
           "unregister", "DEFAULT_KIND"]

#: The kinds that ship with casekit: the package under casekit/kinds/ of each.
BUILT_IN = (
    "complaint_crisis",
    "public_reply",
    "identity_resolution",
    "service_operations",
)

#: The kind of a scenario file that names none (files written before kinds had names).
DEFAULT_KIND = "complaint_crisis"

KINDS: dict[str, Kind] = {}
_ADAPTER: list[TypeAdapter] = []


def register(kind: Kind) -> Kind:
    """Add a kind to the registry (built-in kinds are added on import; a kind that lives
    elsewhere, such as the worked example in tests/, calls this itself)."""
    if not isinstance(kind, Kind):
        raise TypeError("register() takes a casekit.kinds.Kind")
    KINDS[kind.name] = kind
    vocabulary.register(kind.schema.vocabulary)
    _ADAPTER.clear()
    return kind


def unregister(name: str) -> None:
    """Remove a kind registered by :func:`register` (tests use it to clean up)."""
    if name in BUILT_IN:
        raise ValueError(f"{name!r} is built in")
    KINDS.pop(name, None)
    _ADAPTER.clear()


def kind_of(scenario: Any) -> Kind:
    """The kind a scenario (or a kind name) belongs to."""
    name = scenario if isinstance(scenario, str) else getattr(scenario, "kind", None)
    try:
        return KINDS[name]  # type: ignore[index]
    except KeyError:
        raise LookupError(f"no kind {name!r} is registered; known: "
                          f"{', '.join(KINDS)}") from None


def scenario_union() -> Any:
    """The union of every registered kind's schema, discriminated on ``kind``
    (``casekit.Scenario``)."""
    schemas = tuple(kind.schema for kind in KINDS.values())
    if len(schemas) == 1:
        return schemas[0]
    return Annotated[Union[schemas], Field(discriminator="kind")]  # type: ignore[valid-type]


def scenario_adapter() -> TypeAdapter:
    """A validator for :func:`scenario_union` (for a scenario nested in other data)."""
    if not _ADAPTER:
        _ADAPTER.append(TypeAdapter(scenario_union()))
    return _ADAPTER[0]


for _name in BUILT_IN:
    register(importlib.import_module(f"casekit.kinds.{_name}").KIND)
