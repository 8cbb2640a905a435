"""``/ost upcoming``, ``info``, ``search``, ``remind``, ``unremind``, ``myreminders``: what
everyone can do, in servers and in DMs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.exts.browse._cog import BrowseCog
from bot.exts.browse._commands import COMMAND_NAMES, browse_commands
from bot.exts.browse._reminder_buttons import RemindButton, UnremindButton
from bot.exts.browse._upcoming import PageButton, RemindSelect

if TYPE_CHECKING:
    from bot.exts import Host

COMPONENTS = (PageButton, UnremindButton, RemindButton, RemindSelect)


async def setup(bot: Host) -> None:
    await bot.add_cog(BrowseCog(bot.services.catalog))
    for command in browse_commands(bot.services):
        bot.ost.add_command(command)
    # Buttons are found again by their custom_id, so they work after a restart.
    bot.add_dynamic_items(*COMPONENTS)


async def teardown(bot: Host) -> None:
    bot.remove_dynamic_items(*COMPONENTS)
    for name in COMMAND_NAMES:
        bot.ost.remove_command(name)
