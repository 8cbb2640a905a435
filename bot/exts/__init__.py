"""Extensions: one package (or module) per feature under ``bot/exts/``, each with ``setup(bot)``.

Every name here that does not start with ``_`` is an extension; ``OstBot`` loads them all in
``setup_hook`` (see :func:`extension_names`). Helpers private to a feature live in its
``_``-prefixed modules.

One ``/ost`` command, many extensions
-------------------------------------
All user commands are subcommands of a single ``/ost`` group (``/ost about``, ``/ost upcoming``,
``/ost setup channel``...), but they come from different extensions. discord.py cannot merge
two cogs' top-level ``ost`` groups (the second is rejected as a duplicate, or replaces the
first), and a module-level shared ``Group`` would outlive the bot that used it (every test
builds a new bot; the second would find ``about`` already registered). So:

* The **bot owns the group**: each ``OstBot`` makes one with :func:`ost_group` and exposes it
  as ``bot.ost``. It is added to the command tree after the extensions have loaded, and only if
  it has children (Discord would take a childless group for a plain ``/ost`` command).
* An extension's ``setup(bot)`` **adds its subcommands** with ``bot.ost.add_command(...)``: a
  command (``/ost about``) or a subgroup ``app_commands.Group(name="setup", ...)`` holding
  commands (``/ost setup channel``; Discord allows no deeper nesting). Its ``teardown(bot)``
  removes them with ``bot.ost.remove_command(name)``, so reloading works.
* Commands are built by a factory that closes over what they need (the bot, the store, a
  cog's state), e.g. ``def about_command(bot: OstBot) -> app_commands.Command``. (discord.py
  takes a bound method for a ``self`` parameter, so build commands from plain functions.)
  Listeners and background work still belong in a ``commands.Cog`` added in ``setup``.
* Errors need no handling in the command: raise a ``bot.domain`` error and the tree's
  ``on_error`` (``bot/errors.py``) answers with its message, ephemerally.
"""

from __future__ import annotations

import pkgutil

from discord import app_commands

OST_GROUP = "ost"


def extension_names() -> list[str]:
    """Importable names of every extension under ``bot/exts/``, sorted, ``_``-names skipped."""
    return sorted(
        f"{__name__}.{module.name}"
        for module in pkgutil.iter_modules(__path__)
        if not module.name.startswith("_")
    )


def ost_group() -> app_commands.Group:
    """A new, empty ``/ost`` root group (one per bot)."""
    return app_commands.Group(name=OST_GROUP, description="K-drama OST releases and announcements")
