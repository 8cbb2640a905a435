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
A ``Message`` (``bot.domain.messages``) may be raised as it is: it carries its own values.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.messages import Joined, Message, Translates
from bot.domain.text import printable


class OstbotError(Exception):
    """Base of the errors that carry a user-facing message."""

    def __init__(self, message: str = "", /, **values: object) -> None:
        # A message made elsewhere (a problem of a typed time, of a schedule field) is kept as
        # it is, so its own template and values are shown in the reader's language.
        if values or not isinstance(message, Message | Joined):
            message = Message(message, **values)
        self.message: Message | Joined = message
        super().__init__(str(message))

    def localized(self, language: Translates) -> str:
        """The message in ``language`` (English when its catalogue lacks it)."""
        return self.message.localized(language)


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
