"""``/ost about``: what this bot is, which version, and how much it knows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.exts.meta._about import about_command

if TYPE_CHECKING:
    from bot.exts import Host


async def setup(bot: Host) -> None:
    bot.ost.add_command(about_command(bot.services))


async def teardown(bot: Host) -> None:
    bot.ost.remove_command("about")
