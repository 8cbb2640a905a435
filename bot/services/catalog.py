"""The autocomplete catalog: the curated index shared by all servers, plus each server's own.

Building the curated index for 100,000 releases takes about 2 s (read + index), so it is built
once, off the event loop (a worker thread), and rebuilt only when the store's change log moved
(``Releases.latest_change``, checked at most every ``check_every`` seconds) or when the day's
"upcoming first" order has gone stale. Meanwhile the previous index keeps answering. A server's
own releases are few; their small overlay index is rebuilt on the same signal.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.services.catalog_index import CatalogIndex, CatalogRow, Entry, catalog_order
from bot.services.memory import release_freed_memory
from bot.store import Store

log = logging.getLogger(__name__)

CHECK_EVERY = 5.0  # seconds between change-log checks: one cheap max(seq) query
REORDER_EVERY = 3600.0  # rebuild hourly anyway, so past releases sink below upcoming ones


@dataclass
class _Built:
    index: CatalogIndex
    change: int
    built_at: float


class Catalog:
    """``await catalog.search(text, guild_id=...)``: up to 25 ``Entry`` for autocomplete."""

    def __init__(
        self,
        store: Store,
        clock: Callable[[], datetime],
        *,
        check_every: float = CHECK_EVERY,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._store = store
        self._clock = clock
        self.check_every = check_every
        self._monotonic = monotonic
        self._curated: _Built | None = None
        self._own: dict[int, _Built] = {}
        self._change = -1
        self._checked_at = float("-inf")
        self._lock = asyncio.Lock()

    async def search(self, text: str, *, guild_id: int | None, limit: int = 25) -> list[Entry]:
        curated, own = await self._indexes(guild_id)
        found = own.search(text, limit) if own is not None else []
        return _merged(found, curated.search(text, limit))[:limit]

    async def dramas(self, text: str, *, guild_id: int | None, limit: int = 25) -> list[Entry]:
        curated, own = await self._indexes(guild_id)
        found = own.search_dramas(text, limit) if own is not None else []
        return _merged(found, curated.search_dramas(text, limit))[:limit]

    async def artists(self, text: str, *, guild_id: int | None, limit: int = 25) -> list[Entry]:
        curated, own = await self._indexes(guild_id)
        found = own.search_artists(text, limit) if own is not None else []
        return _merged(found, curated.search_artists(text, limit))[:limit]

    async def _indexes(self, guild_id: int | None) -> tuple[CatalogIndex, CatalogIndex | None]:
        await self._refresh()
        curated = self._curated
        if curated is None:  # _refresh always builds one; this keeps type checkers honest
            raise RuntimeError("the catalog was not built")
        if guild_id is None:
            return curated.index, None
        own = self._own.get(guild_id)
        if own is None or own.change != self._change:
            rows = await self._store.releases.catalog_rows(guild_id=guild_id, own_only=True)
            own = _Built(self._build(rows), self._change, self._monotonic())
            self._own[guild_id] = own
        return curated.index, own.index

    async def _refresh(self) -> None:
        now = self._monotonic()
        if self._curated is not None and now - self._checked_at < self.check_every:
            return
        async with self._lock:
            if self._curated is not None and now - self._checked_at < self.check_every:
                return  # another task checked while this one waited
            change = await self._store.releases.latest_change()
            self._checked_at = self._monotonic()
            stale = self._curated is None or now - self._curated.built_at > REORDER_EVERY
            if not stale and change == self._change:
                return
            began = time.perf_counter()
            rows = await self._store.releases.catalog_rows()
            # Indexing is pure Python; a thread keeps the loop answering with the old index.
            packed = await asyncio.to_thread(self._packed, rows)
            del rows
            # aiosqlite's worker keeps its last result (these 100,000 rows) until its next
            # request: one cheap query lets them go before the memory is handed back.
            await self._store.releases.latest_change()
            release_freed_memory()
            index = await asyncio.to_thread(CatalogIndex.unpack, packed)
            del packed
            release_freed_memory()
            took = time.perf_counter() - began
            log.info("autocomplete catalog built: %d releases in %.1f s", len(index), took)
            self._curated = _Built(index, change, self._monotonic())
            self._change = change

    def _build(self, rows: list[CatalogRow]) -> CatalogIndex:
        return CatalogIndex(catalog_order(rows, int(self._clock().timestamp())))

    def _packed(self, rows: list[CatalogRow]) -> bytes:
        return self._build(rows).packed()

    async def warm(self) -> None:
        """Build the curated index now, so the first autocomplete does not wait for it."""
        await self._refresh()


def _merged(own: list[Entry], curated: list[Entry]) -> list[Entry]:
    """A server's own matches first, then the curated ones not already there."""
    taken = {entry.value for entry in own}
    return own + [entry for entry in curated if entry.value not in taken]
