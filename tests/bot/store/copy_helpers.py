"""A store with a row in every table, and every table's rows read back, for the copy's tests."""

# S608: the table and column names spliced into SQL here come from the schema itself.
# ruff: noqa: S608

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from bot.domain import ANNOUNCE, DM, Follow, FollowKind
from bot.store import EventMirror, NewDelivery, Store, is_url
from bot.store.copy import CopyEnd
from bot.store.copy_tables import TABLES
from bot.store.sqlite.copying import SqliteEnd
from tests.bot.store.builders import NOW, drama, release, schedule

GUILD = 4_000_000_000_000_001  # snowflake-sized ids: they must survive every engine
OTHER = 4_000_000_000_000_002
CHANNEL = 9_000_000_000_000_001
MEMBER = 7_000_000_000_000_001

Dump = dict[str, list[dict[str, Any]]]


async def fill(store: Store) -> None:
    """Write at least one row into every table, through the store's own API."""
    first = [
        schedule(drama("a"), release("part-1", "a"), release("extra", "a", days=None)),
        schedule(drama("b"), release("part-1", "b", artists=("Davichi",))),
    ]
    await store.releases.import_schedules(first, now=NOW)
    changed = [
        schedule(drama("a"), release("part-1", "a", title="Renamed"), release("extra", "a")),
        first[1],
    ]
    await store.releases.import_schedules(changed, now=NOW + timedelta(hours=1))
    await store.own_releases.save(GUILD, release("own-1", "mine"), now=NOW, new_drama=drama("mine"))
    await store.servers.set_channel(GUILD, CHANNEL, ping_role_id=5, now=NOW)
    await store.servers.set_reminders(GUILD, [timedelta(hours=1), timedelta(days=1)], now=NOW)
    await store.servers.set_event_mirroring(GUILD, True, now=NOW)
    await store.servers.follow(GUILD, Follow(FollowKind.ALL), now=NOW)
    await store.servers.follow(GUILD, Follow(FollowKind.ARTIST, "IU"), now=NOW)
    await store.servers.follow(GUILD, Follow(FollowKind.DRAMA, "b"), now=NOW)
    await store.servers.set_channel(OTHER, CHANNEL + 1, ping_role_id=None, now=NOW)
    await store.servers.set_publish(OTHER, False, now=NOW)
    await store.servers.follow(OTHER, Follow(FollowKind.DRAMA, "a"), now=NOW)
    await store.ledger.add(
        [
            NewDelivery("a", "part-1", GUILD, CHANNEL, ANNOUNCE, NOW, "sent", 0),
            NewDelivery("b", "part-1", GUILD, CHANNEL, ANNOUNCE, NOW, "sent", 1),
            NewDelivery("a", "extra", GUILD, CHANNEL, ANNOUNCE, NOW, "later", 0),
            NewDelivery("a", "part-1", OTHER, CHANNEL + 1, ANNOUNCE, NOW, "other", 0),
            NewDelivery("a", "part-1", 0, None, DM, NOW, "dm", 0, user_id=MEMBER),
            NewDelivery("b", "part-1", OTHER, CHANNEL + 1, ANNOUNCE, NOW, "gone", 0, "missed"),
        ],
        now=NOW,
    )
    await store.ledger.mark_sent([("sent", 555)], now=NOW, publish=["sent"])
    await store.ledger.defer("later", "503 Service Unavailable", retry_at=NOW + timedelta(60))
    await store.servers.mark_broken(OTHER, "403 Missing Access", now=NOW)
    await store.reminders.add(MEMBER, "a", "part-1", now=NOW)
    await store.reminders.add(MEMBER + 1, "b", "part-1", now=NOW)
    await store.events.save(EventMirror(GUILD, "a", "part-1", 777, "f" * 64, NOW))
    await store.state.set("announcer.watermark", NOW.isoformat())
    await store.state.set("announcer.changes_seen", "3")
    await store.feed_tokens.replace(GUILD, "a" * 64, now=NOW)
    await store.leases.take(f"events:{GUILD}", "host:1:a", now=NOW, until=NOW + timedelta(10))


async def open_end(target: str | Path) -> CopyEnd:
    """A store as the copy sees it, read-only."""
    if is_url(target):
        from bot.store.postgres.copying import PostgresEnd

        return await PostgresEnd.open(str(target), readonly=True)
    return await SqliteEnd.open(target, readonly=True)


async def dump(target: str | Path) -> Dump:
    """Every copied table's rows, as dicts by column name, in one order whatever the engine."""
    end = await open_end(target)
    try:
        tables: Dump = {}
        for table in TABLES:
            columns = await end.columns(table.name)
            rows = await end.database.fetchall(f"SELECT {', '.join(columns)} FROM {table.name}")
            found = [dict(zip(columns, row, strict=True)) for row in rows]
            tables[table.name] = sorted(found, key=lambda row: repr(sorted(row.items())))
        return tables
    finally:
        await end.close()
