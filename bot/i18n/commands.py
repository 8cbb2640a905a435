"""Slash commands in every supported language: discord.py's ``app_commands.Translator``.

discord.py asks the translator, while syncing, for each command's, group's and option's name
and description and each choice's name in every Discord locale; what it answers becomes the
payload's ``name_localizations`` and ``description_localizations``. Names are looked up under
the gettext context ``command name`` (a name like "all" or "drama" must not share a translation
with the same word in a sentence); descriptions and choices are plain messages. None (no
translation) leaves that locale out, and Discord shows the English.

Discord sends an option's English name back whatever the member's locale, so translating names
changes nothing in how commands are parsed.
"""

from __future__ import annotations

import logging
import unicodedata

import discord
from discord import app_commands

from bot.i18n.languages import ENGLISH, language, supported

log = logging.getLogger(__name__)

NAME_CONTEXT = "command name"
_NAMES = {
    app_commands.TranslationContextLocation.command_name,
    app_commands.TranslationContextLocation.group_name,
    app_commands.TranslationContextLocation.parameter_name,
}
# Discord's limits (its "Application Commands" documentation).
NAME_LIMIT = 32
DESCRIPTION_LIMIT = 100


def valid_name(name: str) -> bool:
    """Discord's rule for command and option names, ``^[-_\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]
    {1,32}$``, lowercase wherever a letter has a lowercase form."""
    if not 1 <= len(name) <= NAME_LIMIT or name != name.lower():
        return False
    return all(
        char in "-_"
        or unicodedata.category(char)[0] in "LN"
        or "\u0900" <= char <= "\u097f"  # Devanagari
        or "\u0e00" <= char <= "\u0e7f"  # Thai
        for char in name
    )


def translate_command_string(message: str, locale: str, *, is_name: bool) -> str | None:
    """``message`` in ``locale``, or None when it has no (valid) translation there."""
    code = supported(locale)
    if code == ENGLISH:
        return None
    lang = language(code)
    found = lang.pgettext(NAME_CONTEXT, message) if is_name else lang.gettext(message)
    if found == message:
        return None
    if is_name and not valid_name(found):
        # Discord would refuse the whole sync; the English name is better than no commands.
        log.warning(
            "the %s name %r for %r breaks Discord's rules; English used", code, found, message
        )
        return None
    return found if len(found) <= DESCRIPTION_LIMIT else None


class CatalogueTranslator(app_commands.Translator):
    """Commands' names, descriptions and choices from the gettext catalogues."""

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        return translate_command_string(
            string.message, str(locale), is_name=context.location in _NAMES
        )
