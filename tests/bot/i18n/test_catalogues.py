"""The catalogues against the code: complete, consistent placeholders, Discord's rules; and
what a reader gets when a catalogue falls short (English, never an error)."""

from __future__ import annotations

import copy
import gettext
import io

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from bot.domain import NotFound
from bot.i18n import ENGLISH, SUPPORTED, Language, language
from bot.i18n.catalogs import read_catalogue
from bot.i18n.checks import catalogue_problems, code_messages, template_problems
from bot.i18n.commands import translate_command_string, valid_name
from bot.i18n.extract import command_strings

LOCALES = sorted(code for code in SUPPORTED if code != ENGLISH)


@pytest.fixture(scope="module")
def code() -> Catalog:
    return code_messages()


def test_the_template_is_what_the_code_uses(code):
    """bot/locales/ostbot.pot lists exactly the messages extracted from the code."""
    assert template_problems(code) == []


@pytest.mark.parametrize("locale", LOCALES)
def test_each_catalogue_translates_every_message_with_its_placeholders(code, locale):
    """Every message the code uses is translated, with the English placeholders, no more."""
    catalogue = read_catalogue(locale)
    assert catalogue is not None
    assert catalogue_problems(code, catalogue, locale) == []


@pytest.mark.parametrize("locale", LOCALES)
def test_the_check_finds_a_missing_string_and_a_placeholder_mismatch(code, locale):
    """A catalogue lacking a message or dropping a placeholder is reported (the check can fail)."""
    catalogue = copy.deepcopy(read_catalogue(locale))
    assert catalogue is not None
    del catalogue["Your reminders:"]
    catalogue["Reminder for %(release)s cancelled."].string = "cancelled"
    problems = catalogue_problems(code, catalogue, locale)
    assert any("'Your reminders:' is not translated" in p for p in problems)
    assert any("Reminder for %(release)s cancelled." in p and "placeholders" in p for p in problems)


def test_the_check_finds_a_command_name_discord_would_refuse(code):
    """A translated command name with a capital or a space is reported."""
    catalogue = copy.deepcopy(read_catalogue("es-ES"))
    assert catalogue is not None
    catalogue.get("upcoming", context="command name").string = "Próximos Lanzamientos"
    problems = catalogue_problems(code, catalogue, "es-ES")
    assert any("breaks Discord's rule" in p for p in problems)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_command_string_is_valid_for_discord_in_every_locale(locale):
    """Names 1-32, lowercase, letters/numbers/-/_; descriptions and choices 1-100, translated."""
    for context, message, where in command_strings():
        translated = translate_command_string(message, locale, is_name=context is not None)
        shown = translated if translated is not None else message
        if context is not None:
            assert valid_name(shown), (where, shown)
        else:
            assert 1 <= len(shown) <= 100, (where, shown)


def test_the_translator_names_a_korean_command_in_korean():
    """/ost upcoming is /ost 예정 for a Korean client."""
    assert translate_command_string("upcoming", "ko", is_name=True) == "예정"
    assert translate_command_string("upcoming", "en-US", is_name=True) is None
    assert translate_command_string("upcoming", "fr", is_name=True) is None


def language_from(catalogue: Catalog, code: str) -> Language:
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    base = language(code)
    return Language(code, gettext.GNUTranslations(compiled), base.locale)


def test_a_missing_translation_reads_english_without_an_error():
    """A message the catalogue lacks (or leaves empty) is shown in English."""
    catalogue = copy.deepcopy(read_catalogue("ko"))
    assert catalogue is not None
    del catalogue["Your reminders:"]
    catalogue["🎵 Out now"].string = ""
    korean = language_from(catalogue, "ko")
    assert korean.gettext("Your reminders:") == "Your reminders:"
    assert korean.gettext("🎵 Out now") == "🎵 Out now"
    assert korean.gettext("Previous") == "이전"


def test_an_error_with_a_broken_translation_is_shown_in_english():
    """A translation with other placeholders than the code's falls back to the English text."""
    catalogue = copy.deepcopy(read_catalogue("ko"))
    assert catalogue is not None
    message = 'There is no drama "%(title)s". Start typing its title and pick it from the list.'
    catalogue[message].string = "%(name)s 없음"
    error = NotFound(message, title="Goblin")
    assert error.localized(language_from(catalogue, "ko")) == str(error)
    assert error.localized(language("ko")).startswith('"Goblin" 드라마가 없어요.')


def test_unsupported_locales_read_english_and_spanish_variants_read_spanish():
    """French reads English; Latin American Spanish reads the Spanish catalogue."""
    assert language("fr").code == ENGLISH
    assert language("fr").gettext("Previous") == "Previous"
    assert language("es-419").gettext("Previous") == "Anterior"


def test_numbers_follow_the_locale():
    """Babel's CLDR formats: counts grouped as each language writes them."""
    assert language("es-ES").number(12345) == "12.345"
    assert language(ENGLISH).number(12345) == "12,345"
    assert language("ko").number(12345) == "12,345"
