"""ostbot in the fans' languages (issue 16): gettext catalogues through Babel.

* ``catalogs``: the ``.po`` files under ``bot/locales``, compiled in memory when first used;
* ``languages``: the supported locales and :class:`Language`, text and formats in one locale
  (pure: the renderer and services take one handed in);
* ``commands``: the ``app_commands.Translator`` that gives Discord the slash commands' names
  and descriptions in every supported locale (imports discord, so it is not re-exported here);
* ``extract``: the Babel extractor that collects those command strings for ``pybabel extract``.

Only ``N_`` is loaded with the package: pure code (problems in a schedule file, a listing's
errors) marks its messages with it, and the command line's listings and imports would otherwise
load Babel for nothing (~15 ms of a listing's 200, ``python -X importtime``). The rest comes from
``languages`` when first asked for.
"""

from typing import TYPE_CHECKING, Any

from bot.i18n.marks import N_

if TYPE_CHECKING:
    from bot.i18n.languages import (
        ENGLISH,
        SOURCE,
        SUPPORTED,
        Language,
        english,
        language,
        supported,
    )

__all__ = ["ENGLISH", "N_", "SOURCE", "SUPPORTED", "Language", "english", "language", "supported"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from bot.i18n import languages

        return getattr(languages, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
