"""The JSON listing read without asyncio: the store's own bytes, or None (the store then opens
as usual) whenever the file is anything but a current, writable, WAL ostbot store."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from bot.store import open_store, quick_upcoming_json
from tests.bot.store.builders import NOW, drama, release, schedule

WINDOWS = [
    {},
    {"include_past": True},
    {"artist": "아이유"},
    {"artist": "nobody"},
    {"drama": "soundtrack-1", "include_past": True},
    {"drama": "nope"},
    {"until": NOW + timedelta(days=3)},
]


async def filled(path: Path) -> None:
    korean = release("part-3", days=2, title="사랑 노래", artists=("아이유", "IU"))
    releases = [release("part-1"), release("part-2", days=-1), korean, release("x", days=None)]
    async with await open_store(path) as store:
        await store.releases.import_schedules([schedule(drama(), *releases)], now=NOW)


async def test_the_quick_listing_is_the_stores_own_bytes(tmp_path):
    """For every window (artist, drama, past, none matching, a window end), the same bytes as
    Releases.upcoming_json, and the store's files are left as that leaves them."""
    path = tmp_path / "ostbot.sqlite3"
    await filled(path)
    for window in WINDOWS:
        quick = quick_upcoming_json(str(path), now=NOW, **window)
        async with await open_store(path) as store:
            assert quick == await store.releases.upcoming_json(now=NOW, **window), window
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ostbot.sqlite3"]


def change_schema(path: Path, sql: str) -> None:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute(sql)
    connection.close()


@pytest.mark.parametrize(
    "sql",
    [
        "DELETE FROM schema_migrations WHERE name = (SELECT max(name) FROM schema_migrations)",
        "INSERT INTO schema_migrations VALUES ('9999_from_the_future', 0)",
        "PRAGMA journal_mode = DELETE",
        "DROP TABLE schema_migrations",
    ],
    ids=["older", "newer", "not-wal", "not-ostbot"],
)
async def test_a_store_the_usual_open_would_upgrade_or_refuse_is_left_to_it(tmp_path, sql):
    """An older or newer schema, a store not in WAL mode, another database: None."""
    path = tmp_path / "ostbot.sqlite3"
    await filled(path)
    change_schema(path, sql)
    assert quick_upcoming_json(str(path), now=NOW) is None


@pytest.mark.parametrize(
    "target",
    ["missing.sqlite3", "empty.sqlite3", "folder", "not-sqlite.txt", "postgresql://x/y", ""],
)
def test_anything_but_a_store_file_is_left_to_the_usual_open(tmp_path, target):
    """A missing, empty or non-SQLite file, a folder, a URL, an empty name: None, nothing
    created."""
    (tmp_path / "empty.sqlite3").touch()
    (tmp_path / "folder").mkdir()
    (tmp_path / "not-sqlite.txt").write_text("hello")
    before = sorted(p.name for p in tmp_path.iterdir())
    name = target if "://" in target or not target else str(tmp_path / target)
    assert quick_upcoming_json(name, now=NOW) is None
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_ostbot_upcoming_json_reads_without_asyncio(tmp_path):
    """The command prints the listing without ever importing asyncio, aiosqlite, hashlib,
    importlib.resources, Babel, dotenv or the settings (start-up is most of a listing)."""
    path = tmp_path / "ostbot.sqlite3"
    asyncio.run(filled(path))
    code = (
        "import runpy, sys\n"
        f"sys.argv = ['ostbot', 'upcoming', '--json', '--all', '--db', {str(path)!r}]\n"
        "try:\n    runpy.run_module('bot.cli', run_name='__main__')\n"
        "except SystemExit as done:\n    assert not done.code\n"
        "heavy = ['asyncio', 'aiosqlite', 'hashlib', 'importlib.resources', 'babel', 'dotenv',"
        " 'bot.settings']\n"
        "print([name for name in heavy if name in sys.modules], file=sys.stderr)\n"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", code], capture_output=True, check=True, cwd=tmp_path
    )
    assert result.stderr == b"[]\n"
    assert result.stdout.startswith(b'[{"drama":"soundtrack-1"')
