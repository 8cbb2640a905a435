"""``/ost about``: what this bot is, which version, and how much it knows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.exts.meta._about import about_command

if TYPE_CHECKING:
    from bot.app import OstBot


async def setup(bot: OstBot) -> None:
    bot.ost.add_command(about_command(bot))


async def teardown(bot: OstBot) -> None:
    bot.ost.remove_command("about")
