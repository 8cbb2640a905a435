"""Posts are assembled from the parts the sweep rendered; a change makes them read the store."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.announcer.composer import Composer
from bot.announcer.packing import Due, plan_rows
from bot.domain import ANNOUNCE, GuildSettings
from bot.store import Delivery, Store
from tests.bot.announcer.conftest import drama, release, schedule

AT = datetime(2030, 1, 1, 9, tzinfo=UTC)
NOW = AT - timedelta(days=1)


async def written(
    store: Store, composer: Composer, due: Due, channels: int, read_at: int | None = None
) -> list[Delivery]:
    """What a sweep does with ``due`` (read at ``read_at``, else now): render it, plan and
    write its rows; returns them."""
    guilds = [GuildSettings(g, NOW, channel_id=g * 10) for g in range(1, channels + 1)]
    version = composer.version if read_at is None else read_at
    parts = composer.render({"d": drama()}, [due], read_at=version)
    await store.ledger.add(plan_rows([due], {due.release.key: guilds}, parts, now=AT), now=AT)
    return await store.ledger.for_release("d", due.release.id)


async def test_every_channel_gets_the_post_of_the_one_rendering(store):
    """The channels of a fan-out share one post whose embed is the sweep's own rendering."""
    song = release("part-1", AT)
    await store.releases.import_schedules([schedule(song)], now=NOW)
    composer = Composer(store)
    rows = await written(store, composer, Due(song, ANNOUNCE, AT), channels=3)
    posts = [await composer.first_post([row]) for row in rows]
    due = Due(song, ANNOUNCE, AT)
    [kept] = composer.render({"d": drama()}, [due], read_at=composer.version).values()
    assert posts[0] is posts[1] is posts[2]
    assert posts[0] is not None
    assert posts[0].embeds[0] is kept.embed


async def test_a_forgotten_release_is_posted_with_the_stores_facts(store):
    """After ``forget`` (a change was applied), the post shows what the store says now."""
    song = release("part-1", AT)
    await store.releases.import_schedules([schedule(song)], now=NOW)
    composer = Composer(store)
    [row] = await written(store, composer, Due(song, ANNOUNCE, AT), channels=1)
    await store.releases.import_schedules([schedule(replace(song, title="New title"))], now=NOW)
    before = await composer.first_post([row])
    composer.forget(song.key)
    after = await composer.first_post([row])
    assert before is not None
    assert after is not None
    assert "New title" not in before.embeds[0]["title"]  # not read again until forgotten
    assert "New title" in after.embeds[0]["title"]


async def test_a_drain_forgets_only_what_has_passed(store):
    """Parts of instants to come stay; those of passed instants are read again when needed."""
    soon, later = release("soon", AT), release("later", AT + timedelta(hours=1))
    await store.releases.import_schedules([schedule(soon, later)], now=NOW)
    composer = Composer(store)
    [soon_row] = await written(store, composer, Due(soon, ANNOUNCE, AT), channels=1)
    [later_row] = await written(store, composer, Due(later, ANNOUNCE, later.at), channels=1)
    changed = [replace(r, title=f"{r.id} changed") for r in (soon, later)]
    await store.releases.import_schedules([schedule(*changed)], now=NOW)
    composer.forget_passed(AT)
    passed, coming = await composer.first_post([soon_row]), await composer.first_post([later_row])
    assert passed is not None
    assert coming is not None
    assert "soon changed" in passed.embeds[0]["title"]
    assert "later changed" not in coming.embeds[0]["title"]


async def test_a_release_read_before_a_change_is_not_kept(store):
    """A sweep that read the old facts before a change was applied does not keep them: the
    post is made from the store's facts."""
    song = release("part-1", AT)
    await store.releases.import_schedules([schedule(song)], now=NOW)
    composer = Composer(store)
    read_at = composer.version  # the sweep reads the release...
    await store.releases.import_schedules([schedule(replace(song, title="New title"))], now=NOW)
    composer.forget(song.key)  # ...the change is applied meanwhile...
    [row] = await written(store, composer, Due(song, ANNOUNCE, AT), channels=1, read_at=read_at)
    post = await composer.first_post([row])  # ...and the rows are written with the old facts
    assert post is not None
    assert "New title" in post.embeds[0]["title"]
