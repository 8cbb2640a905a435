"""The announcer extension: runs the Announcer ``bot.wiring`` built, and follows the servers
and channels it posts to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.exts.announcer._cog import AnnouncerCog

if TYPE_CHECKING:
    from bot.exts import Host


async def setup(bot: Host) -> None:
    await bot.add_cog(AnnouncerCog(bot.services))
