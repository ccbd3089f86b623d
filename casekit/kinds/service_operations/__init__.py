"""The ``service_operations`` kind: the order nobody answers and the complaint process.

Customers with a problem climb a ladder of intake channels (form, phone, Twitter, a
complaint site ...) until the firm answers; the firm's queues, routing, SLA, notices,
survey and win-back gifts decide how fast they are resolved and whether they buy again.
See docs/model-service-operations.md.
"""

from __future__ import annotations

from casekit.kinds.service_operations.engine import draw_customers, simulate, simulate_batch
from casekit.kinds.service_operations.kind import KIND
from casekit.kinds.service_operations.schema import (
    ServiceScenario,
    ServiceSettings,
    load_service_scenario,
    load_settings,
    plan_settings,
    settings_from_mapping,
)

__all__ = [
    "KIND",
    "ServiceScenario",
    "ServiceSettings",
    "draw_customers",
    "load_service_scenario",
    "load_settings",
    "plan_settings",
    "settings_from_mapping",
    "simulate",
    "simulate_batch",
]
