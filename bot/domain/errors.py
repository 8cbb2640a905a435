"""Errors whose message is fit to show a user, as they are raised.

    OstbotError              every error ostbot means to show a person
     ├── ScheduleError       one or more problems in schedule input (files, /ost-admin add)
     ├── NotFound            a drama, release or setting that does not exist
     └── PermissionDenied    the caller may not do this

Anything that is not an ``OstbotError`` is a bug: the Discord layer logs it and answers with a
generic apology, the CLI prints a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.text import printable


class OstbotError(Exception):
    """Base of the errors that carry a user-facing message."""


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in schedule input: where it is, which field, and what is wrong."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        # One line, safe for a terminal: a path, a key or a quoted value may hold anything.
        return printable(f"{self.file}:{self.line}: {self.field}: {self.message}")


class ScheduleError(OstbotError):
    """Schedule input was rejected; ``problems`` lists every problem found, in file order."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class NotFound(OstbotError):
    """Something the user named does not exist."""


class PermissionDenied(OstbotError):
    """The user may not do what they asked."""
