"""The slash commands' strings for ``pybabel extract`` (a Babel extractor, see ``babel.cfg``).

Command names, descriptions and options are not ``gettext`` calls in the code: discord.py hands
each one to the translator (``bot.i18n.commands``) while syncing. So they are collected from the
command tree itself, built as the bot builds it (every extension's ``setup``, with a stand-in
host whose services are never called while building), and every string the translator can be
asked for is in the catalogue template, with a comment saying where Discord shows it.
"""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Iterator
from typing import IO, Any

from discord import app_commands

from bot.i18n.commands import NAME_CONTEXT

# (context or None, English message, where it is shown)
CommandString = tuple[str | None, str, str]


class _Unused:
    """Stands in for every service while commands are built: building never calls one."""

    def __getattr__(self, name: str) -> _Unused:
        return self


class _BuildingHost:
    """The part of ``bot.exts.Host`` that extensions' ``setup`` uses, without a bot."""

    def __init__(self) -> None:
        from bot.exts import ost_admin_group, ost_group

        self.ost = ost_group()
        self.ost_admin = ost_admin_group()
        self.services: Any = _Unused()

    async def add_cog(self, cog: object, /) -> None:
        return None

    def add_dynamic_items(self, *items: object) -> None:
        return None

    def remove_dynamic_items(self, *items: object) -> None:
        return None


def command_groups() -> list[app_commands.Group]:
    """``/ost`` and ``/ost-admin`` with every extension's commands, as the bot builds them."""
    from bot.exts import extension_names

    host = _BuildingHost()

    async def build() -> None:
        for name in extension_names():
            await importlib.import_module(name).setup(host)

    asyncio.run(build())
    return [host.ost, host.ost_admin]


def command_strings() -> Iterator[CommandString]:
    """Every string of the command tree the translator can be asked for, in tree order."""
    for group in command_groups():
        yield from _walk(group, "")


def _walk(
    item: app_commands.Group | app_commands.Command[Any, ..., Any], path: str
) -> Iterator[CommandString]:
    where = f"{path} {item.name}".strip()
    yield NAME_CONTEXT, item.name, f"/{where}: name"
    yield None, item.description, f"/{where}: description"
    if isinstance(item, app_commands.Group):
        for child in item.commands:
            yield from _walk(child, where)
        return
    for parameter in item.parameters:
        yield NAME_CONTEXT, parameter.display_name, f"/{where}: option name"
        yield None, parameter.description, f"/{where} {parameter.display_name}: description"
        for choice in parameter.choices:
            yield None, choice.name, f"/{where} {parameter.display_name}: a choice"


def extract_commands(
    fileobj: IO[bytes], keywords: object, comment_tags: object, options: object
) -> Iterator[tuple[int, str, tuple[str, str] | str, list[str]]]:
    """Babel's extractor interface: (line, function, message(s), comments) per string."""
    seen: set[tuple[str | None, str]] = set()
    for line, (context, message, where) in enumerate(command_strings(), start=1):
        if (context, message) in seen:
            continue
        seen.add((context, message))
        if context is None:
            yield line, "gettext", message, [where]
        else:
            yield line, "pgettext", (context, message), [where]
