"""The last step of a post in an announcement channel: publishing it to the servers following
that channel.

Its own task, woken after each drain of the sender: Discord allows about 10 crossposts an hour
per channel, and discord.py waits out that bucket, which must not hold up first posts
elsewhere. Rows owed a publish are recorded as such with their message id (``mark_sent_many``),
so a restart publishes what is left, in the order sent.

Several processes publish from one store without publishing a post twice (Discord refuses a
second crosspost, and the post would be recorded as failed): a post is claimed before it is
published (``Ledger.claim_publishing``, the sender's claims, see ``claims``), and a post whose
claim another process took over is not recorded here.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Protocol

from bot.announcer.claims import Claims
from bot.announcer.pacing import Closed
from bot.announcer.poster import Blocked, ChannelUnavailable, Rejected, TemporaryFailure
from bot.announcer.storefaults import StoreTrouble, unwritable
from bot.store import Store

log = logging.getLogger(__name__)


class Publishing(Protocol):
    async def publish(self, channel_id: int, message_id: int) -> None: ...


class Publisher:
    def __init__(
        self, store: Store, poster: Publishing, store_trouble: StoreTrouble, claims: Claims
    ) -> None:
        self._store = store
        self._claims = claims
        self._poster = poster
        self._store_trouble = store_trouble
        self._wake = asyncio.Event()
        self._stopping = False

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()

    async def run(self) -> None:
        """Publish sent posts in announcement channels, one at a time, in the order sent."""
        while not self._stopping:
            await self._wake.wait()
            self._wake.clear()
            try:
                await self._publish_pending()
            except Closed:
                return
            except Exception as error:
                if unwritable(error):  # left pending; the next drain wakes publishing again
                    self._store_trouble.failed(error, "recording published posts")
                else:
                    log.exception("publishing failed; will retry when woken")

    async def _publish_pending(self) -> None:
        while not self._stopping:
            rows = await self._store.ledger.claim_publishing(
                self._claims.owner, now=self._claims.now(), lease=self._claims.lease, limit=100
            )
            if not rows:
                return
            for row in rows:
                if self._stopping or row.message_id is None:
                    return
                try:
                    await self._poster.publish(row.destination, row.message_id)
                except (ChannelUnavailable, Rejected) as error:
                    await self._store.ledger.mark_published(
                        row.message_key, error=f"publish: {error}", owner=self._claims.owner
                    )
                except Blocked:
                    return  # the gate said so once; publishing resumes after the block
                except TemporaryFailure as error:
                    log.warning("publishing %s failed for now: %s", row.message_key, error)
                    return  # left pending: the next drain wakes publishing again
                except Closed:
                    return
                else:
                    await self._store.ledger.mark_published(
                        row.message_key, owner=self._claims.owner
                    )
