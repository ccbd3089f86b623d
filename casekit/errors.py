"""The exceptions casekit raises on bad input.

    CasekitError
     +-- InputError            a file or value from a user is wrong; str() is one line
          +-- ScenarioError    a scenario file
          +-- PlanError        a response-plan file

Every InputError names the file, the field and what was expected, so the command line can
print it as one line and exit with status 2, and a notebook can show it to a student.
"""

from __future__ import annotations

__all__ = ["CasekitError", "InputError", "ScenarioError", "PlanError"]


class CasekitError(Exception):
    """Base class for every error casekit raises on purpose."""


class InputError(CasekitError):
    """A file or value given by a user is not what casekit expects."""

    def __init__(self, source: str, field: str, expected: str) -> None:
        self.source = source
        self.field = field
        self.expected = expected
        where = f"{source}: {field}" if field else source
        super().__init__(f"{where}: {expected}")


class ScenarioError(InputError):
    """A scenario file is broken or names something that does not exist."""


class PlanError(InputError):
    """A response plan is malformed or uses a choice its scenario does not allow."""
