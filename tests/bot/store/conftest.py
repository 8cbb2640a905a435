"""The store's tests run on both engines: ``store`` is a real SQLite file under tmp_path, or a
fresh database on the session's PostgreSQL server. Tests that read the SQLite file itself (they
take ``db_path``) or its connection (marked ``sqlite_only``) run on SQLite alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.store import Store
from tests.postgres_fixtures import ENGINES


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "engine" not in metafunc.fixturenames:
        return
    sqlite_only = "db_path" in metafunc.fixturenames or metafunc.definition.get_closest_marker(
        "sqlite_only"
    )
    if not sqlite_only:  # else the ``engine`` fixture's default, SQLite
        metafunc.parametrize("engine", ENGINES)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ostbot.sqlite3"


@pytest.fixture
def store(engine_store: Store) -> Store:
    return engine_store
