"""The ``identity_resolution`` kind: the bank that did not know its own customer.

people     the synthetic bank: customers, social accounts, posts, the hidden truth
normalise  Turkish-aware keys for matching (case, transliteration, phones, e-mails)
matching   blocking, comparison levels, rules, Fellegi-Sunter with EM, quality figures
schema     the scenario's sections and a plan's settings (frozen pydantic models)
replay     the engine: matching, then a year of complaints under the plan's policies
export     the data as CSV for pandas exercises
kind       the Kind the registry holds (metrics, score, debrief pieces, feedback, figures)
feedback   notes on what the matching and the policies did, with their sources
figures    the year's replies and losses; precision and recall over the threshold
search     random valid settings and one-change mutations for the plan search
explore    the workbench's logic without widgets (casekit.ui.identity shows it)
"""

from casekit.kinds.identity_resolution.kind import KIND
from casekit.kinds.identity_resolution.schema import IdentityScenario, IdentitySettings

__all__ = ["KIND", "IdentityScenario", "IdentitySettings"]
