"""Every user-visible text in both teaching languages, and locale formatting.

The tables live here, not in ``casekit.ui``, so the core (feedback, reports, the command line)
can read them without importing widgets. A kind's own texts live in its folder under
``casekit/kinds/``.
"""

from casekit.text.strings import LANGUAGES, faker_locale, figure_text, label, plan_name, t

__all__ = ["LANGUAGES", "faker_locale", "figure_text", "label", "plan_name", "t"]
