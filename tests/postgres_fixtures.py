"""Pytest fixtures for the PostgreSQL engine: one throwaway server per session, a fresh
database per test.

Each test's database is copied from a template that already holds the migrated schema
(``CREATE DATABASE ... TEMPLATE``: a file copy, a few milliseconds), and dropped after it.
Where PostgreSQL is not installed, every test that asks for it is skipped with the install hint.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import asyncpg
import pytest

from bot.store import Store, open_store
from tests.postgres_server import PostgresMissing, PostgresServer, postgres_server

TEMPLATE = "ostbot_template"
ENGINES = ("sqlite", "postgres")
_numbers = itertools.count(1)


async def _make_template(server: PostgresServer) -> None:
    await _admin(server, f"CREATE DATABASE {TEMPLATE}")
    async with await open_store(server.dsn(TEMPLATE)):
        pass  # opening migrates it: every copy starts with the current schema


async def _admin(server: PostgresServer, sql: str) -> None:
    connection = await asyncpg.connect(server.dsn())
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


def run_aside(coroutine: Callable[[], Awaitable[None]]) -> None:
    """Run ``coroutine()`` to the end on a loop of its own, in a thread of its own: fixtures
    are set up while a test's event loop may already be running in this thread."""
    with ThreadPoolExecutor(1) as thread:
        thread.submit(lambda: asyncio.run(coroutine())).result()  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """The session's PostgreSQL server (skips the test where PostgreSQL is not installed)."""
    try:
        server_context = postgres_server()
        server = server_context.__enter__()
    except PostgresMissing as missing:
        pytest.skip(str(missing))
    try:
        run_aside(lambda: _make_template(server))
        yield server
    finally:
        server_context.__exit__(None, None, None)


@pytest.fixture
def postgres_url(postgres: PostgresServer) -> Iterator[str]:
    """The URL of a fresh database holding an empty, migrated store; dropped afterwards."""
    name = f"test_{next(_numbers)}"
    run_aside(lambda: _admin(postgres, f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}"))
    yield postgres.dsn(name)
    run_aside(lambda: _admin(postgres, f"DROP DATABASE {name} WITH (FORCE)"))


@pytest.fixture
def engine() -> str:
    """The store's engine: SQLite unless a folder's conftest parametrizes ``engine``."""
    return "sqlite"


@pytest.fixture
def store_target(engine: str, request: pytest.FixtureRequest, tmp_path: Path) -> str | Path:
    """Where a test's store lives for ``engine`` (parametrized by the directory's conftest): a
    file under tmp_path, or a fresh database."""
    if engine == "postgres":
        url: str = request.getfixturevalue("postgres_url")
        return url
    return tmp_path / "ostbot.sqlite3"


@pytest.fixture
async def engine_store(store_target: str | Path) -> AsyncIterator[Store]:
    """A store at ``store_target``, closed afterwards."""
    async with await open_store(store_target) as opened:
        yield opened
