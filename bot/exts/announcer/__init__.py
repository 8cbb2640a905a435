"""The announcer extension: builds the Announcer from the bot's services and runs it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.exts.announcer._cog import AnnouncerCog

if TYPE_CHECKING:
    from bot.app import OstBot


async def setup(bot: OstBot) -> None:
    await bot.add_cog(AnnouncerCog(bot))
