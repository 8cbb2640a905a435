"""Two servers, each with an admin (Manage Server) and a plain member, and ostbot with only
the admin extension (the announcer extension is not loaded, so its announcer never runs:
commands must not need it)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from bot.app import OstBot
from bot.domain import Drama, Release, Schedule
from tests.conftest import StartOstbot
from tests.fake_discord import Channel, FakeDiscord, Guild, Member, Role, permissions

ADMIN_ONLY = ["bot.exts.admin"]
NOW = datetime.now(UTC).replace(microsecond=0)


@dataclass
class Server:
    guild: Guild
    admin: Member
    member: Member
    general: Channel  # text
    news: Channel  # announcement
    closed: Channel  # the bot may not embed links here
    hidden: Channel  # the bot can neither see nor post here
    category: Channel  # not a place to post (the fake cannot send voice channels to discord.py)
    fans: Role  # a plain role to ping
    managed: Role  # the bot's own role: managed by the integration


def make_server(fake: FakeDiscord, name: str) -> Server:
    """A server built before the bot connects (later edits are not pushed to the bot)."""
    guild = fake.add_guild(name)
    general = guild.add_text_channel("general")
    news = guild.add_announcement_channel("ost-news")
    closed = guild.add_text_channel("closed")
    closed.deny_bot(permissions.EMBED_LINKS)
    hidden = guild.add_text_channel("hidden")
    hidden.deny_bot(permissions.VIEW_CHANNEL | permissions.SEND_MESSAGES)
    slug = name.lower()
    return Server(
        guild=guild,
        admin=guild.add_member(
            fake.add_user(f"{slug}-admin"), permissions=permissions.MANAGE_GUILD
        ),
        member=guild.add_member(fake.add_user(f"{slug}-member")),
        general=general,
        news=news,
        closed=closed,
        hidden=hidden,
        category=guild.add_category("archive"),
        fans=guild.add_role("ost-fans"),
        managed=guild.bot_role,
    )


def release(drama_id: str, release_id: str, at: datetime | None, *artists: str) -> Release:
    return Release(
        drama_id,
        release_id,
        artists=artists or ("Singer",),
        title=f"Song {release_id}",
        at=at,
        time_confirmed=at is not None,
    )


SCHEDULES = [
    Schedule(
        "goblin.toml",
        Drama(id="goblin", title="Goblin", title_native="도깨비", year=2016),
        (
            release("goblin", "p1", NOW + timedelta(days=2), "Chanyeol", "Punch"),
            release("goblin", "p2", NOW + timedelta(days=3), "Crush"),
            release("goblin", "p3", None, "Ailee"),
        ),
    ),
    Schedule(
        "signal.toml",
        Drama(id="signal", title="Signal", year=2016),
        (release("signal", "p1", NOW + timedelta(days=1), "Kim Yoon-ah"),),
    ),
]


@pytest.fixture
def server_a(fake_discord: FakeDiscord) -> Server:
    return make_server(fake_discord, "Alpha")


@pytest.fixture
def server_b(fake_discord: FakeDiscord) -> Server:
    return make_server(fake_discord, "Beta")


@pytest.fixture
async def admin_bot(
    start_ostbot: StartOstbot, server_a: Server, server_b: Server
) -> AsyncIterator[OstBot]:
    """ostbot with the admin commands only, two dramas in the schedule."""
    async with start_ostbot(extensions=ADMIN_ONLY) as bot:
        await bot.store.releases.import_schedules(SCHEDULES, now=NOW)
        yield bot
