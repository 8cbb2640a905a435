"""Fixtures for the web tests: the world's store, and the application over it on a test
server with a fixed clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from aiohttp.web import Application, Request

from bot.store import open_store
from bot.web.app import build_app
from bot.web.context import WebContext
from tests.web.pages import world

NOW = datetime(2026, 3, 1, 9, 0, 30, tzinfo=UTC)


@pytest.fixture
async def stored(tmp_path: Path) -> tuple[Path, world.World]:
    path = tmp_path / "ostbot.sqlite3"
    return path, await world.build(path, NOW)


@asynccontextmanager
async def serve(path: Path, now: datetime) -> AsyncIterator[TestClient[Request, Application]]:
    """The application over the store at ``path`` (read-only), its clock stopped at ``now``."""
    async with await open_store(path, readonly=True) as store:
        context = WebContext(store=store, clock=lambda: now, public_url="https://ost.example.org")
        async with TestClient(TestServer(build_app(context))) as test_client:
            yield test_client


@pytest.fixture
async def client(
    stored: tuple[Path, world.World],
) -> AsyncIterator[TestClient[Request, Application]]:
    async with serve(stored[0], NOW) as test_client:
        yield test_client


@pytest.fixture
def the_world(stored: tuple[Path, world.World]) -> world.World:
    return stored[1]
