"""Fixtures for the web tests: the world's store, and the application over it on a test
server with a fixed clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.store import open_store
from bot.web.app import build_app
from bot.web.context import WebContext
from tests.web import world

NOW = datetime(2026, 3, 1, 9, 0, 30, tzinfo=UTC)


@pytest.fixture
async def stored(tmp_path: Path) -> tuple[Path, world.World]:
    path = tmp_path / "ostbot.sqlite3"
    return path, await world.build(path, NOW)


@pytest.fixture
async def client(stored: tuple[Path, world.World]) -> AsyncIterator[TestClient[object, object]]:
    path, _ = stored
    async with await open_store(path, readonly=True) as store:
        context = WebContext(store=store, clock=lambda: NOW, public_url="https://ost.example.org")
        async with TestClient(TestServer(build_app(context))) as test_client:
            yield test_client


@pytest.fixture
def the_world(stored: tuple[Path, world.World]) -> world.World:
    return stored[1]
