"""``/ost calendar [drama] [artist]``: the upcoming releases as an iCalendar (.ics) file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.exts.calendar._command import COMMAND_NAME, calendar_command

if TYPE_CHECKING:
    from bot.exts import Host


async def setup(bot: Host) -> None:
    bot.ost.add_command(calendar_command(bot.services))


async def teardown(bot: Host) -> None:
    bot.ost.remove_command(COMMAND_NAME)
