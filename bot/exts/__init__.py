"""Extensions: one package (or module) per feature under ``bot/exts/``, each with ``setup(bot)``.

Every name here that does not start with ``_`` is an extension; ``OstBot`` loads them all in
``setup_hook`` (see :func:`extension_names`). Helpers private to a feature live in its
``_``-prefixed modules. ``setup(bot)`` is handed a :class:`Host` (``_host.py``): the command
groups and the :class:`Services` that ``bot.wiring`` built once; it passes each command factory
or cog only the services it uses.

Two root commands, many extensions
----------------------------------
Members' commands are subcommands of ``/ost`` (``/ost about``, ``/ost upcoming``...); server
admins' commands are subcommands of ``/ost-admin`` (``/ost-admin setup channel``...). Two roots
because Discord applies ``default_member_permissions`` and ``guild_only`` to top-level commands
only: ``/ost-admin`` asks for Manage Server, so Discord hides it from other members (and the
bot checks the permission again, since a server can override who sees a command). The commands
come from different extensions, and discord.py cannot merge two cogs' top-level groups of one
name, while a module-level shared ``Group`` would outlive the bot that used it (every test
builds a new bot). So:

* The **bot owns the groups**: each bot makes them with :func:`ost_group` and
  :func:`ost_admin_group` and exposes them as ``bot.ost`` and ``bot.ost_admin``. They are added
  to the command tree after the extensions have loaded, each only if it has children (Discord
  would take a childless group for a plain command).
* An extension's ``setup(bot)`` **adds its subcommands** with ``bot.ost.add_command(...)`` (or
  ``bot.ost_admin``): a command or a subgroup holding commands (``/ost-admin setup channel``;
  Discord allows no deeper nesting). Its ``teardown(bot)`` removes them, so reloading works.
* Commands are built by a factory that closes over the services they use, typed by a small
  protocol of the feature's own, e.g. ``def about_command(services: AboutServices) ->
  SlashCommand``; nothing looks a service up by name (``get_cog``). (discord.py takes a bound
  method for a ``self`` parameter, so build commands from plain functions.) Listeners and
  background work still belong in a ``commands.Cog`` added in ``setup``.
* Errors need no handling in the command: raise a ``bot.domain`` error and the tree's
  ``on_error`` (``bot/tree.py``) answers with its message, ephemerally.
"""

from __future__ import annotations

import pkgutil
from typing import Any, TypeAlias

import discord
from discord import app_commands

from bot.exts._host import Browsing, Clock, Host, Replanning, Services, StoreAndClock

__all__ = [
    "OST_ADMIN_GROUP",
    "OST_GROUP",
    "Browsing",
    "Clock",
    "Host",
    "Replanning",
    "Services",
    "SlashCommand",
    "StoreAndClock",
    "extension_names",
    "ost_admin_group",
    "ost_group",
]
OST_GROUP = "ost"
OST_ADMIN_GROUP = "ost-admin"

# What a command factory returns: a command from a plain function, bound to no cog or group
# (discord.py's first type argument), with any options, answering with None.
SlashCommand: TypeAlias = app_commands.Command[Any, ..., None]


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


def ost_admin_group() -> app_commands.Group:
    """A new, empty ``/ost-admin`` root group (one per bot): Manage Server, servers only."""
    return app_commands.Group(
        name=OST_ADMIN_GROUP,
        description="Set up this server's OST announcements (Manage Server)",
        default_permissions=discord.Permissions(manage_guild=True),
        guild_only=True,
    )
