"""Several ``ostbot run`` on one PostgreSQL store against the fake Discord, for the failover
tests and ``benchmarks/bench_failover.py``: the world they fan out to, the bots' logs read as
they come, and what the fake's request log says about each channel.
"""

from __future__ import annotations

import asyncio
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg

from bot.announcer.sweep import WATERMARK
from bot.domain import Drama, Follow, FollowKind, Release, Schedule
from bot.store import open_store
from tests.bot.bot_process import start_bot_process
from tests.fake_discord import FakeDiscord
from tests.fake_discord.records import RequestRecord

POST = "POST /channels/{channel_id}/messages"


async def world(fake: FakeDiscord, url: str, count: int, *, due_in: float) -> list[int]:
    """``count`` servers following everything, one channel each, and one release due in
    ``due_in`` seconds (on a whole second); returns the channels."""
    fake.gateway.max_guilds_per_shard = max(count, 2500)
    now = datetime.now(UTC)
    channels = await servers(fake, url, count, news=None)
    await release_at(url, now.replace(microsecond=0) + timedelta(seconds=int(due_in) + 1))
    return channels


async def servers(fake: FakeDiscord, url: str, count: int, *, news: bool | None) -> list[int]:
    """``count`` servers following everything, one channel each, set up with the channel kind
    ``news`` (None: as set up before the kind was kept); returns the channels."""
    now = datetime.now(UTC)
    channels = []
    async with await open_store(url) as store:
        # As if a bot had run before: what falls due from now on is owed.
        await store.state.set(WATERMARK, now.isoformat())
        for i in range(count):
            guild = fake.add_guild(f"server-{i}")
            channel = guild.add_text_channel("ost")
            channels.append(channel.id)
            await store.servers.follow(guild.id, Follow(FollowKind.ALL), now=now)
            await store.servers.set_channel(
                guild.id, channel.id, ping_role_id=None, now=now, news=news
            )
    return channels


async def release_at(url: str, at: datetime) -> None:
    """The one release every server is owed, due ``at``."""
    async with await open_store(url) as store:
        release = Release(
            "d", "part-1", artists=("Singer",), title="Song", at=at, time_confirmed=True
        )
        schedule = Schedule("d.toml", Drama(id="d", title="Drama d"), (release,))
        await store.releases.import_schedules([schedule], now=datetime.now(UTC))


@dataclass
class Bot:
    """One ``ostbot run`` process whose log is read as it comes (so its pipe never fills)."""

    process: asyncio.subprocess.Process
    lines: list[str] = field(default_factory=list)
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    reader: asyncio.Task[None] | None = None

    @classmethod
    async def start(
        cls,
        fake: FakeDiscord,
        url: str,
        rate: float,
        cwd: Path,
        env: Mapping[str, str] | None = None,
    ) -> Bot:
        bot = cls(await start_bot_process(fake, url, rate, cwd=cwd, env=env))
        bot.reader = asyncio.create_task(bot._read())
        return bot

    async def _read(self) -> None:
        assert self.process.stderr is not None
        while raw := await self.process.stderr.readline():
            self.lines.append(raw.decode())
            self.changed.set()
        self.changed.set()

    async def logged(self, pattern: str, *, after: int = 0, within: float = 60.0) -> int:
        """Wait until a line from ``after`` on matches ``pattern``; returns the count of lines
        read so far. Fails if the bot exits first."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while True:
            if any(re.search(pattern, line) for line in self.lines[after:]):
                return len(self.lines)
            if self.reader is not None and self.reader.done():
                raise AssertionError(f"bot exited before logging /{pattern}/:\n{self.text}")
            self.changed.clear()
            await asyncio.wait_for(self.changed.wait(), deadline - loop.time())

    @property
    def text(self) -> str:
        return "".join(self.lines)

    async def kill(self) -> None:
        self.process.kill()
        await self.process.wait()
        if self.reader is not None:
            await self.reader

    async def stop(self) -> int:
        """SIGTERM; the exit status once it has stopped."""
        if self.process.returncode is None:
            self.process.terminate()
        code = await self.process.wait()
        if self.reader is not None:
            await self.reader
        return code


def posted(fake: FakeDiscord, channels: list[int]) -> int:
    """Channels holding at least one message."""
    return sum(1 for channel in channels if fake.messages_in(channel))


def posts_by_channel(fake: FakeDiscord) -> dict[int, list[RequestRecord]]:
    """Every POST of a message the fake received, by channel, in arrival order."""
    found: dict[int, list[RequestRecord]] = defaultdict(list)
    for request in fake.requests:
        if request.route == POST:
            found[int(request.params["channel_id"])].append(request)
    return found


def doubled_posts(fake: FakeDiscord, channels: list[int], killed_at: float) -> list[str]:
    """What breaks "no channel got two POSTs for one delivery", one line per channel.

    A second POST is allowed in one case only: the first reached Discord from a process that
    was then killed before it could record the answer, and the second, from the process that
    took its claim over, carries the same nonce (Discord dedupes it into the same message).
    Two POSTs before the kill would be two live processes sending one delivery.
    """
    problems = []
    requests = posts_by_channel(fake)
    for channel in channels:
        sent = requests.get(channel, [])
        nonces = {request.json.get("nonce") for request in sent}
        if len(sent) > 2 or len(nonces) > 1:
            problems.append(f"{channel}: {len(sent)} POSTs, nonces {sorted(map(str, nonces))}")
        elif len(sent) == 2 and not sent[0].time <= killed_at <= sent[1].time:
            problems.append(f"{channel}: two POSTs not spanning the kill")
    return problems


async def claims_of(url: str, pid: int) -> int:
    """Pending rows process ``pid`` holds a claim on (its name is host:pid:random)."""
    connection = await asyncpg.connect(url)
    try:
        count: int = await connection.fetchval(
            "SELECT count(*) FROM deliveries WHERE state = 'pending' AND claimed_by LIKE $1",
            f"%:{pid}:%",
        )
    finally:
        await connection.close()
    return count


async def states(url: str) -> dict[str, int]:
    connection = await asyncpg.connect(url)
    try:
        rows = await connection.fetch("SELECT state, count(*) FROM deliveries GROUP BY state")
    finally:
        await connection.close()
    return {row[0]: row[1] for row in rows}
