"""A store with curated releases, one server's own release, and the web app over it on
aiohttp's test server: what the feed and API tests read through HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.domain import Drama, Release, Schedule, Status
from bot.store import Store, open_store
from bot.web.app import build_app
from bot.web.context import WebContext

NOW = datetime(2030, 1, 1, 12, 30, tzinfo=UTC)
GUILD = 111
GOBLIN = Drama(id="goblin", title="Goblin", title_native="도깨비", timezone="Asia/Seoul")
SIGNAL = Drama(id="signal", title="Signal", timezone="Asia/Seoul")
OWN_DRAMA = Drama(id="our-show", title="Our Show")


def release(drama_id: str, release_id: str, hours: float | None, **kw: Any) -> Release:
    at = None if hours is None else NOW + timedelta(hours=hours)
    values: dict[str, Any] = {"artists": ("Crush",), "time_confirmed": True, **kw}
    return Release(drama_id, release_id, at=at, **values)


GOBLIN_RELEASES = (
    release("goblin", "part-1", 24, part=1, title="Stay With Me", artists=("Chanyeol", "Punch")),
    release("goblin", "part-2", 48, part=2, title="Beautiful", time_confirmed=False),
    release("goblin", "gone", 72, title="Gone Song", status=Status.CANCELLED),
    release("goblin", "part-3", None, part=3, title="TBA Song", artists=("Ailee",)),
    release("goblin", "old", -48, title="Old Song"),
)
SIGNAL_RELEASES = (
    release("signal", "part-1", 30, part=1, title="Longing", artists=("Kim Yoon-ah",)),
    release("signal", "part-2", 30, part=2, title="Same Hour", artists=("Jang Beom-june",)),
)
OWN = release("our-show", "first-light", 5, title="First Light", artists=("Hana",))
SCHEDULES = [
    Schedule("goblin.toml", GOBLIN, GOBLIN_RELEASES),
    Schedule("signal.toml", SIGNAL, SIGNAL_RELEASES),
]


@dataclass
class Clock:
    now: datetime = NOW

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Served:
    store: Store
    client: TestClient[Any, Any]
    clock: Clock = field(default_factory=Clock)


async def stocked_store(target: str | Path) -> Store:
    """A store with the two curated schedules and server GUILD's own release."""
    store = await open_store(target)
    await store.releases.import_schedules(SCHEDULES, now=NOW)
    await store.own_releases.save(GUILD, OWN, now=NOW, new_drama=OWN_DRAMA)
    return store


async def serve(store: Store, clock: Clock | None = None) -> AsyncIterator[Served]:
    """The web app over ``store`` on a loopback port, with a client for it."""
    clock = clock or Clock()
    context = WebContext(store=store, clock=clock, public_url="https://ost.example.org")
    async with TestClient(TestServer(build_app(context))) as client:
        yield Served(store, client, clock)


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[Served]:
    """The web app over a stocked SQLite store, the clock at NOW."""
    store = await stocked_store(tmp_path / "ostbot.sqlite3")
    try:
        async for running in serve(store):
            yield running
    finally:
        await store.close()
