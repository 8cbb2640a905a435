"""Sent posts whose message ids the store has not taken yet: kept, never sent again, recorded.

A message id is kept in memory before any write, so a failing write (the disk is full) cannot
lose it; while kept, its row is held from the sender, so it is never sent twice. Ids are
written in small batches (``mark_sent_many``): one write per message would cost more than the
send. A crash before the write resends with the same nonce, which Discord dedupes.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime

from bot.announcer.storefaults import StoreTrouble
from bot.store import Store

log = logging.getLogger(__name__)

SENT_FLUSH = 50


class SentPosts:
    def __init__(
        self,
        store: Store,
        clock: Callable[[], datetime],
        store_trouble: StoreTrouble,
        owner: str,
    ) -> None:
        self._store = store
        self._owner = owner  # only rows this process still claims are recorded
        self._clock = clock
        self._store_trouble = store_trouble
        # (message_key, message_id, owed a publish), until the store takes them.
        self._sent: list[tuple[str, int, bool]] = []
        self.unrecordable = False  # the last try to record sent posts failed: send nothing
        self._recording: set[str] = set()  # sent, their record being written right now
        self._lock = asyncio.Lock()

    def __len__(self) -> int:
        return len(self._sent)

    def held(self) -> set[str]:
        """Messages sent whose rows still look pending in the store."""
        return {key for key, _, _ in self._sent} | self._recording

    async def add(self, message_key: str, message_id: int, *, publish: bool) -> None:
        """Keep a sent post's id; write the ids kept once there are ``SENT_FLUSH``."""
        self._sent.append((message_key, message_id, publish))
        if len(self._sent) >= SENT_FLUSH:
            await self.flush()

    async def flush(self) -> None:
        """Record every post kept; raises (keeping them) while the store cannot be written."""
        # One at a time: when this returns, every post sent before it was called is
        # recorded, even those another flush (of a batch running alongside) had taken.
        async with self._lock:
            await self._flush_now()

    async def _flush_now(self) -> None:
        sent, self._sent = self._sent, []
        if not sent:
            return
        keys = {key for key, _, _ in sent}
        self._recording |= keys  # held from the sender until the store has them (``held``)
        try:
            recorded = await self._store.ledger.mark_sent(
                [(key, message_id) for key, message_id, _ in sent],
                now=self._clock(),
                publish=[key for key, _, publish in sent if publish],
                owner=self._owner,
            )
        except BaseException:
            self._sent = sent + self._sent  # still owed a record; never sent again meanwhile
            self.unrecordable = True
            raise
        finally:
            self._recording -= keys
        self.unrecordable = False
        self._store_trouble.worked()
        if recorded < len(sent):
            # Each message has a row at least: fewer rows recorded means another process took
            # over some (this one held them past their lease). It records them itself; its
            # send, with the same nonce, is deduped by Discord into the message made here.
            log.warning(
                "some of %d sent posts were taken over by another process before being recorded",
                len(sent),
            )
