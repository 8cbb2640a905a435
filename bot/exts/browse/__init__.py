"""``/ost upcoming``, ``info``, ``search``, ``remind``, ``unremind``, ``myreminders``: what
everyone can do, in servers and in DMs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.exts.browse._buttons import PageButton, RemindButton, RemindSelect, UnremindButton
from bot.exts.browse._cog import BrowseCog
from bot.exts.browse._commands import COMMAND_NAMES, browse_commands

if TYPE_CHECKING:
    from bot.app import OstBot

COMPONENTS = (PageButton, UnremindButton, RemindButton, RemindSelect)


async def setup(bot: OstBot) -> None:
    cog = BrowseCog(bot)
    await bot.add_cog(cog)
    for command in browse_commands(bot, cog.catalog):
        bot.ost.add_command(command)
    # Buttons are found again by their custom_id, so they work after a restart.
    bot.add_dynamic_items(*COMPONENTS)


async def teardown(bot: OstBot) -> None:
    bot.remove_dynamic_items(*COMPONENTS)
    for name in COMMAND_NAMES:
        bot.ost.remove_command(name)
