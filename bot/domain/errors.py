"""Errors whose message is fit to show a user, as they are raised.

    OstbotError              every error ostbot means to show a person
     ├── ScheduleError       one or more problems in schedule input (files, /ost-admin add)
     ├── NotFound            a drama, release or setting that does not exist
     └── PermissionDenied    the caller may not do this

Anything that is not an ``OstbotError`` is a bug: the Discord layer logs it and answers with a
generic apology, the CLI prints a traceback.

An error raised with named values, ``NotFound(N_("No drama %(title)s."), title=...)``, keeps its
English message as a template (a gettext message id) and the values apart, so the Discord layer
shows it in the reader's language (``localized``); ``str(error)`` is always the English text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.domain.text import printable


class Translates(Protocol):
    """What ``localized`` needs of a language (``bot.i18n.Language`` is one)."""

    def gettext(self, message: str) -> str: ...


class OstbotError(Exception):
    """Base of the errors that carry a user-facing message."""

    def __init__(self, message: str = "", /, **values: object) -> None:
        self.template = message
        self.values = values
        super().__init__(message % values if values else message)

    def localized(self, language: Translates) -> str:
        """The message in ``language`` (English when its catalogue lacks it)."""
        text = language.gettext(self.template)
        if not self.values:
            return text
        try:
            return text % self.values
        except (KeyError, TypeError, ValueError):
            # A catalogue test catches a translation with other placeholders; never fail here.
            return str(self)


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
