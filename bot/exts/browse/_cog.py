"""Warms the autocomplete catalog in the background when the extension loads."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from discord.ext import commands

from bot.services.catalog import Catalog

log = logging.getLogger(__name__)


class BrowseCog(commands.Cog, name="Browse"):
    """Building the index takes seconds for 100,000 releases: start it now, answer at once."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
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
