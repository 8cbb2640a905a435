"""Who sends what when several processes share one store: claims on ledger rows, with a lease.

The sender (``dispatcher``) and the publisher claim the rows they are about to work on
(``Ledger.claim``, ``Ledger.claim_publishing``) for this process, named ``host:pid:random``,
until ``now + lease``. ``LeaseKeeper`` renews every claim of this process a few times per
lease, for as long as the process lives, so a long batch or a crosspost waiting out its bucket
keeps its rows. A process that dies stops renewing: its claims end within one lease, and the
others, woken at that instant (``Ledger.next_lease_end``), take its rows over.

Why a claim is enough to keep "exactly once":

- two live processes never hold one message: claiming skips what another holds and locks what
  it takes (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite has one writer and one process);
- a process whose claim was taken over records nothing about those rows (each write is
  conditional on the claim), so it cannot undo what the new holder decides;
- a process that dies between its POST and recording the message id leaves the row pending:
  the next holder sends it again with the same nonce, which Discord dedupes (``enforce_nonce``)
  into the message already made. The ledger's unique keys stop a second row being written.

Leases are read against each process's own clock: machines sharing a database keep their
clocks in step (NTP); a skew of a second shortens or lengthens a lease by that second.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
from collections.abc import Callable
from datetime import datetime, timedelta

from bot.announcer.storefaults import unwritable
from bot.store import Store

log = logging.getLogger(__name__)

# Short enough that a dead process's rows are resumed well within 15 s; long enough that a
# renewal (every third of it) missed while the database is briefly slow does not lose them.
DEFAULT_LEASE = timedelta(seconds=10)
RENEWALS_PER_LEASE = 3


def process_name() -> str:
    """``host:pid:random``: unique among processes alive together, and never reused by a
    restarted process (whose predecessor's claims must end, not carry over)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


class Claims:
    """This process's name and lease, as the sender and the publisher claim with them."""

    def __init__(
        self,
        clock: Callable[[], datetime],
        *,
        lease: timedelta = DEFAULT_LEASE,
        owner: str | None = None,
    ) -> None:
        self.owner = owner if owner is not None else process_name()
        self.lease = lease
        self._clock = clock

    def now(self) -> datetime:
        return self._clock()

    def until(self) -> datetime:
        """When a claim made or renewed now ends."""
        return self._clock() + self.lease


class LeaseKeeper:
    """Renews this process's claims, and its work leases (``Store.leases``), every
    ``lease / RENEWALS_PER_LEASE`` until stopped."""

    def __init__(self, store: Store, claims: Claims) -> None:
        self._store = store
        self._claims = claims
        self._stopped = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._stopped.clear()
        self._task = asyncio.create_task(self._run(), name="ostbot-lease-keeper")

    async def stop(self) -> None:
        self._stopped.set()
        if self._task is not None:
            await self._task
            self._task = None

    async def _run(self) -> None:
        period = self._claims.lease.total_seconds() / RENEWALS_PER_LEASE
        while not self._stopped.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopped.wait(), period)
            if self._stopped.is_set():
                return
            try:
                until = self._claims.until()
                await self._store.ledger.renew(self._claims.owner, until=until)
                await self._store.leases.renew(self._claims.owner, until=until)
            except Exception as error:
                # The next renewal retries; a claim that ends meanwhile is taken over, and the
                # conditional writes keep this process from recording over its new holder.
                if not unwritable(error):
                    log.exception("renewing this process's claims failed")
