"""``/ost-admin add``, ``edit``, ``postpone``, ``cancel``: a server's own releases.

A server tracks releases the curated schedules do not have yet; they are visible and announced
in that server only. Manage Server is required, as for every admin command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.exts.releases._commands import COMMAND_NAMES, release_commands

if TYPE_CHECKING:
    from bot.exts import Host


async def setup(bot: Host) -> None:
    for command in release_commands(bot.services):
        bot.ost_admin.add_command(command)


async def teardown(bot: Host) -> None:
    for name in COMMAND_NAMES:
        bot.ost_admin.remove_command(name)
