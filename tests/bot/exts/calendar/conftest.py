"""The real OstBot (browse + calendar extensions) on the fake Discord: two servers, a curated
schedule, and server A's own release."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.app import OstBot
from bot.domain import Drama, Release, Schedule, Status
from tests.conftest import StartOstbot
from tests.fake_discord import FakeDiscord, Guild
from tests.fake_discord.interactions import InteractionResult

NOW = datetime(2030, 1, 1, 12, tzinfo=UTC)
GOBLIN = Drama(id="goblin", title="Goblin", title_native="도깨비")
A_DRAMA = Drama(id="our-show", title="Our Show")


def release(release_id: str, hours: float | None, **kw: Any) -> Release:
    at = None if hours is None else NOW + timedelta(hours=hours)
    values: dict[str, Any] = {"artists": ("Crush",), "time_confirmed": True, **kw}
    return Release("goblin", release_id, at=at, **values)


CURATED = (
    release("part-1", 24, part=1, title="Stay With Me", artists=("Chanyeol", "Punch")),
    release("part-2", 48, part=2, title="Beautiful", time_confirmed=False),
    release("gone", 72, title="Gone Song", status=Status.CANCELLED),
    release("part-3", None, part=3, title="TBA Song", artists=("Ailee",)),
    release("old", -48, title="Old Song"),
)
A_OWN = Release(
    "our-show", "first-light", ("Hana",), title="First Light", at=NOW + timedelta(hours=5)
)


@pytest.fixture
def guilds(fake_discord: FakeDiscord) -> tuple[Guild, Guild]:
    """Servers A and B, each with #general and a member."""
    made = []
    for name in ("a", "b"):
        guild = fake_discord.add_guild(name)
        guild.add_text_channel("general")
        guild.add_member(fake_discord.add_user(f"{name}-fan"))
        made.append(guild)
    return made[0], made[1]


@pytest.fixture
async def calendar_bot(
    start_ostbot: StartOstbot, guilds: tuple[Guild, Guild]
) -> AsyncIterator[OstBot]:
    """OstBot at a fixed NOW with the Goblin schedule and server A's own release."""
    extensions = ["bot.exts.browse", "bot.exts.calendar"]
    async with start_ostbot(extensions=extensions, clock=lambda: NOW) as bot:
        await bot.store.releases.import_schedules(
            [Schedule("goblin.toml", GOBLIN, CURATED)], now=NOW
        )
        await bot.store.own_releases.save(guilds[0].id, A_OWN, now=NOW, new_drama=A_DRAMA)
        bot.services.catalog.check_every = 0  # see every change at once
        yield bot


def member(guild: Guild) -> Any:
    return next(iter(guild.members.values()))


def attachments(fake: FakeDiscord, result: InteractionResult) -> list[Any]:
    """The files the bot uploaded answering ``result`` (the fake keeps their bytes)."""
    return [f for r in fake.requests if result.token in r.path for f in r.files]
