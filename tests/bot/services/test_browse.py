"""Browse services called directly: value parsing, pages, reminders, catalog refresh."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain import Drama, NotFound, OstbotError, Release, Schedule
from bot.services.browse import parse_release_value, upcoming_page
from bot.services.browse_reminders import AlreadySet, remind
from bot.services.catalog import Catalog
from bot.store import open_store

NOW = datetime(2030, 1, 1, tzinfo=UTC)


@pytest.fixture
async def store(tmp_path):
    async with await open_store(tmp_path / "s.sqlite3") as opened:
        releases = tuple(
            Release("d", f"r{n}", ("A",), title=f"T{n}", at=NOW + timedelta(hours=n - 2))
            for n in range(25)
        )
        await opened.releases.import_schedules(
            [Schedule("d.toml", Drama("d", "D"), releases)], now=NOW
        )
        yield opened


@pytest.mark.parametrize("value", ["", "nodash", "/r", "d/", "a/b/c"])
def test_malformed_values_are_not_found(value):
    """Anything but drama/release is a NotFound saying how to name a release."""
    with pytest.raises(NotFound, match="drama/release"):
        parse_release_value(value)


async def test_pages(store):
    """Pages of ten; the last says there is no next; past the end shows the last page."""
    first = await upcoming_page(store, now=NOW, guild_id=None)
    assert [r.id for r in first.releases][:2] == ["r2", "r3"]
    assert first.has_next
    last = await upcoming_page(store, now=NOW, guild_id=None, page=9)
    assert (last.number, last.has_next, len(last.releases)) == (2, False, 3)


async def test_remind_rules(store):
    """Past → error; future → stored once; twice → AlreadySet."""
    with pytest.raises(OstbotError, match="already came out"):
        await remind(store, 1, "d/r0", now=NOW, guild_id=None)
    await remind(store, 1, "d/r5", now=NOW, guild_id=None)
    with pytest.raises(AlreadySet):
        await remind(store, 1, "d/r5", now=NOW, guild_id=None)


async def test_catalog_follows_the_change_log(store):
    """A release imported later is found once the change log moved (check_every=0)."""
    catalog = Catalog(store, lambda: NOW, check_every=0)
    assert await catalog.search("zebra", guild_id=None) == []
    late = Release("z", "z1", ("B",), title="Zebra")
    await store.releases.import_schedules([Schedule("z.toml", Drama("z", "Z"), (late,))], now=NOW)
    assert [e.value for e in await catalog.search("zebra", guild_id=None)] == ["z/z1"]
