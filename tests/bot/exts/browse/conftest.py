"""The real OstBot (browse extension only) on the fake Discord, with a small curated schedule."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.app import OstBot
from bot.domain import Credit, Drama, Link, Release, Schedule, Status
from tests.conftest import StartOstbot
from tests.fake_discord import FakeDiscord, Guild

NOW = datetime(2030, 1, 1, 12, tzinfo=UTC)
GOBLIN = Drama(id="goblin", title="Goblin", title_native="도깨비", year=2016)


def release(release_id: str, hours: float | None, **kw: Any) -> Release:
    values: dict[str, Any] = {"artists": ("Singer",), "title": f"Song {release_id}"}
    values.update(kw)
    at = None if hours is None else NOW + timedelta(hours=hours)
    values.setdefault("time_confirmed", at is not None)
    return Release("goblin", release_id, at=at, **values)


def curated() -> list[Release]:
    return [
        release(
            "part-1",
            24,
            part=1,
            title="Stay With Me",
            artists=("Chanyeol", "Punch"),
            mv="https://youtu.be/stay",
            links=(Link("melon", "https://melon.com/stay"),),
            credits=(Credit("producer", ("Rocoberry",)),),
            notes="The main theme.",
        ),
        release("part-2", 48, part=2, title="Beautiful", artists=("Crush",)),
        release("part-3", None, part=3, title="사랑인 것 같아", artists=("Ailee",)),
        release("old", -48, title="Old Song", artists=("Crush",)),
        release("gone", 72, title="Gone Song", status=Status.CANCELLED),
        release("maybe", 96, title="Maybe Song", time_confirmed=False),
    ] + [release(f"extra-{n}", 100 + n, title=f"Extra {n}") for n in range(12)]


@pytest.fixture
async def browse_bot(start_ostbot: StartOstbot, fake_guild: Guild) -> AsyncIterator[OstBot]:
    """OstBot with only the browse extension, at a fixed NOW, the Goblin schedule imported."""
    async with start_ostbot(extensions=["bot.exts.browse"], clock=lambda: NOW) as bot:
        await bot.store.releases.import_schedules(
            [Schedule("goblin.toml", GOBLIN, tuple(curated()))], now=NOW
        )
        bot.services.catalog.check_every = 0  # see every change at once
        yield bot


@pytest.fixture
def alice(fake_guild: Guild) -> Any:
    return next(m for m in fake_guild.members.values() if m.user.username == "alice")


def add_member(fake: FakeDiscord, guild: Guild, name: str) -> Any:
    return guild.add_member(fake.add_user(name))
