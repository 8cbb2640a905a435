"""ostbot in the fans' languages (issue 16): gettext catalogues through Babel.

* ``catalogs``: the ``.po`` files under ``bot/locales``, compiled in memory when first used;
* ``languages``: the supported locales and :class:`Language`, text and formats in one locale
  (pure: the renderer and services take one handed in);
* ``commands``: the ``app_commands.Translator`` that gives Discord the slash commands' names
  and descriptions in every supported locale (imports discord, so it is not re-exported here);
* ``extract``: the Babel extractor that collects those command strings for ``pybabel extract``.
"""

from bot.i18n.languages import (
    ENGLISH,
    N_,
    SOURCE,
    SUPPORTED,
    Language,
    english,
    language,
    supported,
)

__all__ = ["ENGLISH", "N_", "SOURCE", "SUPPORTED", "Language", "english", "language", "supported"]
