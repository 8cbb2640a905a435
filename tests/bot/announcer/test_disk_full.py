"""A full disk during a fan-out (a real one: the store on a small tmpfs, filled up): no post
lost, none sent twice, the store intact, one line when writes fail and one when they work."""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
import subprocess
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import BinaryIO

import pytest

from bot.store import Store, open_store
from tests.bot.announcer.conftest import LogWaiter, release, schedule, whole_seconds_from_now

ROUTE = "POST /channels/{channel_id}/messages"
CHANNELS = 5
FAST = {"tick": timedelta(seconds=0.2), "store_retry": timedelta(seconds=0.05)}


@dataclass
class Disk:
    path: Path

    def fill(self) -> None:
        """Write a filler file until the file system says it is full.

        The store's write-ahead log is emptied first (a checkpoint, as SQLite makes on its
        own): any later write must grow it, so none can slip into space it already holds.
        """
        with sqlite3.connect(self.path / "ostbot.sqlite3") as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        chunk = b"\0" * 65536
        with (self.path / "filler").open("ab", buffering=0) as filler:
            for size in (65536, 4096, 512, 1):
                while _wrote(filler, chunk[:size]):
                    pass
        # Nothing more fits: SQLite's next page (a WAL frame) cannot be written either.

    def free(self) -> None:
        (self.path / "filler").unlink()


def _wrote(filler: BinaryIO, data: bytes) -> bool:
    """Whether ``data`` fit; False once the file system is full (ENOSPC, nothing else)."""
    try:
        filler.write(data)
    except OSError as error:
        if error.errno != errno.ENOSPC:
            raise
        return False
    return True


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Disk]:
    """A 16 MiB tmpfs of its own (mounting needs root; unmounted afterwards)."""
    if os.geteuid() != 0:
        pytest.skip("a real full disk needs a tmpfs, and mounting one needs root")
    where = tmp_path / "disk"
    where.mkdir()
    mounted = subprocess.run(  # noqa: S603 - our own arguments
        ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(where)],  # noqa: S607
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield Disk(where)
    finally:
        subprocess.run(["umount", "-l", str(where)], check=True)  # noqa: S603, S607


@pytest.fixture
async def store(disk: Disk) -> AsyncIterator[Store]:
    """The announcer's store lives on the small disk (overrides the conftest's)."""
    async with await open_store(disk.path / "ostbot.sqlite3") as opened:
        yield opened


def integrity(path: Path) -> str:
    with sqlite3.connect(path) as db:
        return db.execute("PRAGMA integrity_check").fetchone()[0]


def posted(fake, channel: int) -> int:
    return sum(1 for r in fake.requests_to(ROUTE, channel_id=str(channel)) if r.status == 200)


async def test_disk_full_before_the_rows_are_written_sends_nothing_then_everything(
    world, start_bot, disk, caplog
):
    """Full at the due instant: no row, so no post; once there is room, every channel once."""
    caplog.set_level(logging.INFO, logger="bot.announcer")
    channels = [await world.server(f"s{i}") for i in range(CHANNELS)]
    fake = world.fake
    await world.publish(schedule(release("part-1", whole_seconds_from_now(2))))
    async with start_bot(**FAST) as announcer:
        with (
            LogWaiter("bot.announcer.storefaults", "cannot write the store") as failing,
            LogWaiter("apscheduler.executors.default", "Sweeper.due", "executed") as due,
        ):
            disk.fill()
            await failing.wait()
            await due.wait()  # the instant came (and its rows could not be written)
        assert fake.requests_to(ROUTE) == []
        assert await world.store.ledger.for_release("d", "part-1") == []
        disk.free()
        for channel in channels:
            await fake.wait_for_messages(channel, 1, timeout=15)
        await announcer.dispatcher.idle.wait()
    assert all(posted(fake, c) == 1 for c in channels)
    rows = await world.store.ledger.for_release("d", "part-1")
    assert [r.state for r in rows] == ["sent"] * CHANNELS
    assert len([r for r in caplog.records if "cannot write the store" in r.message]) == 1
    assert len([r for r in caplog.records if "can be written again" in r.message]) == 1
    assert integrity(disk.path / "ostbot.sqlite3") == "ok"


async def test_disk_full_after_sending_records_later_and_never_sends_twice(
    world, start_bot, disk, caplog
):
    """Posts sent, their ids unwritable: kept in memory, not resent, recorded once there is room."""
    caplog.set_level(logging.INFO, logger="bot.announcer")
    channels = [await world.server(f"s{i}") for i in range(CHANNELS)]
    fake = world.fake
    await world.publish(schedule(release("part-1", whole_seconds_from_now(1))))
    async with start_bot(**FAST) as announcer:
        # Hold the fan-out (rows written, nothing sent) with a ban, then fill the disk.
        with LogWaiter("bot.announcer.pacing", "Discord is blocking") as shut:
            fake.cloudflare.start()
            await shut.wait()  # the gate shut: an event, not a poll
        disk.fill()
        with LogWaiter("bot.announcer.dispatcher", "still not writable", count=5) as retries:
            fake.cloudflare.lift()
            await retries.wait()  # five failed writes, each followed by a drain
        # Sent ones were not sent again; the rest wait until what was sent is recorded.
        assert {posted(fake, c) for c in channels} <= {0, 1}
        # A nearly full disk may still take a small write now and then: some rows may be
        # recorded already; none failed, none was given up.
        rows = await world.store.ledger.for_release("d", "part-1")
        assert {r.state for r in rows} <= {"pending", "sent"}
        disk.free()
        for channel in channels:
            await fake.wait_for_messages(channel, 1, timeout=15)
        await announcer.dispatcher.idle.wait()
    assert all(posted(fake, c) == 1 for c in channels)
    ids = {int(m["id"]) for c in channels for m in fake.messages_in(c)}
    rows = await world.store.ledger.for_release("d", "part-1")
    assert [r.state for r in rows] == ["sent"] * CHANNELS
    assert {r.message_id for r in rows} == ids
    assert len([r for r in caplog.records if "cannot write the store" in r.message]) == 1
    assert integrity(disk.path / "ostbot.sqlite3") == "ok"
