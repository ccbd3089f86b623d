"""The exceptions casekit raises on bad input.

    CasekitError
     +-- InputError            a file or value from a user is wrong; str() is one line
          +-- ScenarioError    a scenario file
          +-- PlanError        a response-plan file

Every InputError names the file, the field and what was expected, so the command line can
print it as one line and exit with status 2, and a notebook can show it to a student.
``str()`` is English; :meth:`InputError.text` gives the line in Turkish too when the message
was built in both languages (:func:`casekit.text.errors.said`), else the English.
"""

from __future__ import annotations

from typing import Any

__all__ = ["CasekitError", "InputError", "ScenarioError", "PlanError"]


class CasekitError(Exception):
    """Base class for every error casekit raises on purpose."""


class InputError(CasekitError):
    """A file or value given by a user is not what casekit expects."""

    def __init__(self, source: str, field: str, expected: str,
                 expected_tr: str | None = None) -> None:
        self.source = source
        self.field = field
        self.expected = str(expected)
        #: What was expected, in Turkish (None: only the English exists).
        self.expected_tr = expected_tr if expected_tr is not None else \
            getattr(expected, "tr", None)
        super().__init__(self.text("en"))

    def __reduce__(self) -> tuple[Any, ...]:  # pickles whole, subclasses too (errors cross pools)
        return (_rebuild, (type(self), str(self), dict(self.__dict__)))

    def explained(self, language: str = "en") -> str:
        """What was expected, in ``language`` (the English when there is no Turkish)."""
        if language == "tr" and self.expected_tr:
            return self.expected_tr
        return self.expected

    def text(self, language: str = "en") -> str:
        """The one line in ``language``: file, field and what was expected."""
        from casekit.text.errors import where_in
        field = where_in(self.field, language)
        where = f"{self.source}: {field}" if field else self.source
        return f"{where}: {self.explained(language)}"


def _rebuild(cls: type[InputError], line: str, fields: dict) -> InputError:
    error = cls.__new__(cls)
    Exception.__init__(error, line)
    error.__dict__.update(fields)
    return error


class ScenarioError(InputError):
    """A scenario file is broken or names something that does not exist."""


class PlanError(InputError):
    """A response plan is malformed or uses a choice its scenario does not allow."""
