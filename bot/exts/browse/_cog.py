"""Holds the autocomplete catalog and warms it in the background when the extension loads."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING

from discord.ext import commands

from bot.services.catalog import Catalog

if TYPE_CHECKING:
    from bot.app import OstBot

log = logging.getLogger(__name__)


class BrowseCog(commands.Cog, name="Browse"):
    """Owns the autocomplete catalog; other code reaches it as ``bot.get_cog("Browse").catalog``
    (it notices changed releases by itself, through the store's change log)."""

    def __init__(self, bot: OstBot) -> None:
        self.catalog = Catalog(bot.store, bot.clock)
        self._warming: asyncio.Task[None] | None = None

    async def cog_load(self) -> None:
        # Not awaited: indexing 100,000 releases takes seconds, and start-up need not wait.
        self._warming = asyncio.create_task(self._warm())

    async def cog_unload(self) -> None:
        if self._warming is not None and not self._warming.done():
            self._warming.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._warming

    async def _warm(self) -> None:
        try:
            await self.catalog.warm()
        except Exception:
            log.exception("could not build the autocomplete catalog; it will retry on use")
