"""Text that is English as it is made and can be shown in another language later.

A problem found deep in pure code (a typed time, a schedule field) is worded once, in English,
for every reader: the schedule-file checker prints it as it is, byte for byte, and the Discord
layer shows it in the member's language. So the text keeps its English template (a gettext
message id, marked with ``N_``) and its named values apart:

    Message(N_("%(typed)s is not a date"), typed='"30-12"')   # str: '"30-12" is not a date'
    message.localized(korean)                                  # the Korean template, filled

A ``Message`` *is* a ``str`` (its English text), so code that joins, sorts, quotes or prints
problems keeps working unchanged; only ``localized`` looks at the template. Values may be
messages themselves (a hint inside a problem), localized with it. ``Joined`` is several
messages shown as one (``"a"; "b"``), each localized on its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, Self


class Translates(Protocol):
    """What ``localized`` needs of a language (``bot.i18n.Language`` is one)."""

    def gettext(self, message: str) -> str: ...


class Localizable(Protocol):
    def localized(self, language: Translates) -> str: ...


class Message(str):
    """English text made from ``template % values``, that remembers both (see the module doc)."""

    template: str
    values: dict[str, object]

    def __new__(cls, template: str, /, **values: object) -> Self:
        message = super().__new__(cls, template % values if values else template)
        message.template = template
        message.values = values
        return message

    def localized(self, language: Translates) -> str:
        """The text in ``language`` (English when its catalogue lacks the template)."""
        if not self.template:  # gettext("") is a catalogue's header, not an empty message
            return ""
        text = language.gettext(self.template)
        if not self.values:
            return text
        try:
            return text % {name: localize(value, language) for name, value in self.values.items()}
        except (KeyError, TypeError, ValueError):
            # The catalogue test catches a translation with other placeholders; never fail here.
            return str(self)


class Joined(str):
    """Several texts shown as one, ``separator`` between them; each is localized on its own."""

    separator: str
    parts: tuple[str, ...]

    def __new__(cls, separator: str, parts: Iterable[str]) -> Self:
        items = tuple(parts)
        joined = super().__new__(cls, separator.join(items))
        joined.separator = separator
        joined.parts = items
        return joined

    def localized(self, language: Translates) -> str:
        return self.separator.join(str(localize(part, language)) for part in self.parts)


def localize(value: object, language: Translates) -> object:
    """``value`` in ``language`` if it knows how to be (a message, an error), else as it is."""
    if isinstance(value, Message | Joined):
        return value.localized(language)
    localized = getattr(value, "localized", None)
    return localized(language) if callable(localized) else value
