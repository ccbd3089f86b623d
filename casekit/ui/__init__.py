"""The panels every kind's workbench shares, built only on casekit's public API.

    >>> from casekit.ui import workbench_for
    >>> bench = workbench_for("isp-overbilling")   # the workbench its kind names
    >>> bench.show_all()                            # in a notebook: the whole page

A kind's own workbench lives in its folder (``casekit/kinds/<kind>/panels``, named by
``Kind.workbench``); ``CaseBench`` serves a kind that has none. The panels need the ``lab``
extra (ipywidgets, matplotlib); ``casekit.text.strings`` (every text in both languages)
needs nothing, so they are imported only when first used.
"""

from __future__ import annotations

from typing import Any

__all__ = ["workbench_for", "CaseBench", "CasePanel", "HistoryPanel", "QuestionsPanel",
           "AttemptHistory"]

_WHERE = {
    "workbench_for": "casekit.ui.app", "CaseBench": "casekit.ui.generic",
    "CasePanel": "casekit.ui.case", "HistoryPanel": "casekit.ui.history",
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
