"""The languages ostbot speaks, and one reader's (or one server's) language as an object.

Pure (no Discord, no database): the renderer, the services and the Discord layer all take a
:class:`Language` handed in. English is the source language: its text is the message id, so
an English ``Language`` is the code's own strings, byte for byte, and any string a catalogue
lacks falls back to it (gettext's own fallback).

Locales are Discord's codes (``ko``, ``es-ES``, ``pt-BR``, ``zh-TW``...): what Discord sends as
``interaction.locale`` and a server's ``preferred_locale``, and the names of the catalogues
under ``bot/locales``. A Discord locale with no catalogue of its own reads English.
"""

from __future__ import annotations

import functools
import gettext
from dataclasses import dataclass

from babel import Locale
from babel.numbers import format_decimal

from bot.i18n.catalogs import translations_for

ENGLISH = "en-US"
# Discord locale → its name in that language (what ``/ost-admin setup language`` offers).
SUPPORTED: dict[str, str] = {
    "en-US": "English",
    "ko": "한국어",
    "es-ES": "Español",
    "pt-BR": "Português do Brasil",
    "id": "Bahasa Indonesia",
    "ja": "日本語",
    "zh-TW": "繁體中文",
}
# Discord locales that read a supported language's catalogue (English is the code itself).
_ALIASES = {"en-GB": ENGLISH, "es-419": "es-ES"}


def supported(locale: str | None) -> str:
    """The supported locale that reads ``locale`` (a Discord code), English when none does."""
    if locale is None:
        return ENGLISH
    locale = str(locale)
    if locale in SUPPORTED:
        return locale
    return _ALIASES.get(locale, ENGLISH)


@dataclass(frozen=True, eq=False)
class Language:
    """Text and formats in one locale: gettext lookups with English fallback, and Babel's CLDR
    format for numbers. Dates and times need none: posts carry Discord's ``<t:…>`` markup, which
    each reader's client shows in their own language and time zone."""

    code: str
    translations: gettext.NullTranslations
    locale: Locale

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self.translations.ngettext(singular, plural, count)

    def pgettext(self, context: str, message: str) -> str:
        return self.translations.pgettext(context, message)

    def number(self, value: int | float) -> str:
        """``value`` as this locale writes it (1,234 · 1.234 · 1 234)."""
        return format_decimal(value, locale=self.locale)


@functools.cache
def language(locale: str | None) -> Language:
    """The :class:`Language` for a Discord locale (unsupported ones read English)."""
    code = supported(locale)
    babel_locale = Locale.parse(code.replace("-", "_"))
    return Language(code, translations_for(code), babel_locale)


def english() -> Language:
    return language(ENGLISH)


# The source language, for defaults: the code's own strings (no catalogue is read).
SOURCE = language(ENGLISH)
