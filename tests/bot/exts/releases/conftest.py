"""Two servers, A and B, each with an admin (Manage Server) and a plain member, and the bot.

The curated schedule holds one drama, "lovely-runner", with its part 1 in 2030.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.app import OstBot
from bot.domain import Drama, Release, Schedule
from tests.fake_discord import Channel, FakeDiscord, Guild, Member, permissions
from tests.fake_discord.interactions import InteractionResult

CURATED = Drama(id="lovely-runner", title="Lovely Runner")
CURATED_PART_1 = Release(
    "lovely-runner",
    "part-1",
    ("Eclipse",),
    part=1,
    title="Sudden Shower",
    at=datetime(2030, 1, 1, 9, tzinfo=UTC),
    time_confirmed=True,
)


@dataclass
class Server:
    fake: FakeDiscord
    guild: Guild
    admin: Member
    member: Member
    channel: Channel

    async def ost(
        self, command: str, options: dict[str, Any] | None = None, *, as_admin: bool = True
    ) -> InteractionResult:
        """``/ost <command>`` typed by this server's admin (or its plain member)."""
        user = self.admin if as_admin else self.member
        return await self.fake.invoke(f"ost-admin {command}", options or {}, user=user)


def server(fake: FakeDiscord, name: str) -> Server:
    guild = fake.add_guild(name)
    channel = guild.add_text_channel("ost")
    admin = guild.add_member(fake.add_user(f"{name}-admin"), permissions=permissions.MANAGE_GUILD)
    member = guild.add_member(fake.add_user(f"{name}-fan"))
    return Server(fake, guild, admin, member, channel)


@pytest.fixture
def servers(fake_discord: FakeDiscord) -> tuple[Server, Server]:
    return server(fake_discord, "a"), server(fake_discord, "b")


@pytest.fixture
async def bot(start_ostbot: Any, servers: tuple[Server, Server]) -> AsyncIterator[OstBot]:
    """OstBot with only this extension (its announcer never runs), the curated schedule imported."""
    async with start_ostbot(extensions=["bot.exts.releases"]) as started:
        schedule = Schedule("lovely-runner.toml", CURATED, (CURATED_PART_1,))
        await started.store.releases.import_schedules([schedule], now=datetime.now(UTC))
        yield started


async def only_release(bot: OstBot, a: Server) -> Release:
    """The one release server ``a`` has added."""
    [release] = await bot.store.own_releases.all(a.guild.id)
    return release
