"""The student workbench: ipywidgets panels built only on casekit's public API.

    >>> from casekit.ui import Workbench
    >>> bench = Workbench("isp-overbilling")
    >>> bench.show()                 # in a notebook: every section, top to bottom

The panels need the ``lab`` extra (ipywidgets, matplotlib); ``casekit.text.strings`` (every
text in both languages) needs nothing, so they are imported only when first used.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Workbench", "CasePanel", "ThreadView", "PlanBuilder", "RunPanel",
           "ResultsPanel", "BoughtPanel", "HistoryPanel", "QuestionsPanel", "AttemptHistory"]

_WHERE = {
    "Workbench": "casekit.ui.workbench", "CasePanel": "casekit.ui.case",
    "ThreadView": "casekit.ui.thread", "PlanBuilder": "casekit.ui.builder",
    "RunPanel": "casekit.ui.workbench", "ResultsPanel": "casekit.ui.results",
    "BoughtPanel": "casekit.ui.results", "HistoryPanel": "casekit.ui.history",
    "QuestionsPanel": "casekit.ui.history", "AttemptHistory": "casekit.ui.history",
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'casekit.ui' has no attribute {name!r}")
    import importlib
    try:
        module = importlib.import_module(_WHERE[name])
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(f"casekit.ui needs the 'lab' extra ({exc.name} is missing): "
                          "pip install 'casekit[lab]'") from exc
    return getattr(module, name)
