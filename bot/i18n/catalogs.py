"""The message catalogues: ``bot/locales/<locale>/LC_MESSAGES/ostbot.po``, compiled in memory.

The ``.po`` files are the source of truth and the only catalogue files in the repository: each
is compiled to gettext's binary form (``.mo``) in memory the first time its language is used
(Babel's ``read_po``/``write_mo``, a few milliseconds). So no compiled file can be stale, and a
translator's edit shows at the next start with no build step. ``pybabel compile`` still works
for checking a catalogue (see docs/TRANSLATING.md); its output is not read.

Untranslated and fuzzy entries are left out of the compiled catalogue, so gettext falls back to
the English message id for them: a missing translation reads English, never fails.
"""

from __future__ import annotations

import gettext
import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALES = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "ostbot"


def catalogue_path(locale: str) -> Path:
    """Where ``locale``'s catalogue lives (the directory is named with Discord's code)."""
    return LOCALES / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalogue(locale: str) -> Catalog | None:
    """``locale``'s ``.po`` as Babel reads it, or None when there is none."""
    path = catalogue_path(locale)
    if not path.is_file():
        return None
    with path.open("rb") as file:
        return read_po(file, locale=locale.replace("-", "_"), domain=DOMAIN)


def translations_for(locale: str) -> gettext.NullTranslations:
    """gettext translations of ``locale``'s catalogue; English's own text when it has none."""
    catalogue = read_catalogue(locale)
    if catalogue is None:
        return gettext.NullTranslations()
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)
