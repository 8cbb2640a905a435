"""Followed releases mirrored as Discord scheduled events (``/ost-admin setup events``)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest

from bot.announcer.events import EventSyncer
from bot.app import OstBot
from bot.domain import Drama, Follow, FollowKind, Link, Release, Schedule, Status
from tests.conftest import StartOstbot
from tests.fake_discord import FakeDiscord, Guild, Member, permissions

EXTENSIONS = ["bot.exts.admin", "bot.exts.announcer"]
NOW = datetime.now(UTC).replace(microsecond=0)
CREATE = "POST /guilds/{guild_id}/scheduled-events"
DRAMA = Drama(id="sst", title="Soundtrack #1")
MV = "https://www.youtube.com/watch?v=love"
MELON = "https://www.melon.com/album/1"


def song(release_id: str, part: int, hours: int, **kw: object) -> Release:
    values: dict[str, object] = {"artists": ("Singer",), "title": f"Song {part}"}
    values.update(kw)
    return Release(
        "sst", release_id, part=part, at=NOW + timedelta(hours=hours), time_confirmed=True,
        **values,  # type: ignore[arg-type]
    )  # fmt: skip


RELEASES = (
    song("p1", 1, 3, title="Love Beyond Words", mv=MV),
    song("p2", 2, 5, links=(Link("melon", MELON),)),
    song("p3", 3, 7),
    song("p4", 4, 24 * 30),  # beyond the 14-day window
)


def admin_of(fake: FakeDiscord, guild: Guild) -> Member:
    return guild.add_member(
        fake.add_user(f"{guild.name}-admin"), permissions=permissions.MANAGE_GUILD
    )


@pytest.fixture
def fans(fake_discord: FakeDiscord) -> Guild:
    guild = fake_discord.add_guild("Fans")
    guild.add_text_channel("general")
    return guild


@pytest.fixture
def no_events(fake_discord: FakeDiscord) -> Guild:
    """A server where the bot lacks Manage Events (and Create Events)."""
    allowed = permissions.BOT_DEFAULT & ~(permissions.MANAGE_EVENTS | permissions.CREATE_EVENTS)
    guild = fake_discord.add_guild("Quiet", bot_permissions=allowed)
    guild.add_text_channel("general")
    return guild


@pytest.fixture
async def bot(
    fake_discord: FakeDiscord, start_ostbot: StartOstbot, fans: Guild, no_events: Guild
) -> AsyncIterator[OstBot]:
    admin_of(fake_discord, fans)
    admin_of(fake_discord, no_events)
    async with start_ostbot(extensions=EXTENSIONS) as bot:
        await bot.store.releases.import_schedules([Schedule("sst.toml", DRAMA, RELEASES)], now=NOW)
        for guild in (fans, no_events):
            general = next(iter(guild.channels.values()))
            await bot.store.servers.set_channel(guild.id, general.id, ping_role_id=None, now=NOW)
            await bot.store.servers.follow(guild.id, Follow(FollowKind.ALL), now=NOW)
        yield bot


def admin(guild: Guild) -> Member:
    return next(m for m in guild.members.values() if m.user.username.endswith("-admin"))


def by_name(guild: Guild) -> dict[str, dict]:
    return {event["name"]: event for event in guild.scheduled_events.values()}


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text)


async def reimport(bot: OstBot, *releases: Release) -> None:
    await bot.store.releases.import_schedules([Schedule("sst.toml", DRAMA, releases)], now=NOW)
    await bot.services.announcer.apply_changes()


async def test_created_edited_on_postpone_cancelled_on_cancel_deleted_when_off(
    fake_discord, bot, fans
):
    """Enabling creates one external event per followed release in the window; a postponed
    release moves its event, a cancelled one cancels it (status 4), turning off deletes the rest."""
    result = await fake_discord.invoke(
        "ost-admin setup events", {"enabled": True}, user=admin(fans)
    )
    assert result.ephemeral
    assert "✅" in result.content
    events = by_name(fans)
    first = events['Soundtrack #1 OST Part 1 "Love Beyond Words"']
    assert sorted(events) == [
        'Soundtrack #1 OST Part 1 "Love Beyond Words"',
        'Soundtrack #1 OST Part 2 "Song 2"',
        'Soundtrack #1 OST Part 3 "Song 3"',
    ]
    assert first["entity_type"] == 3
    assert first["privacy_level"] == 2
    assert first["status"] == 1
    assert first["entity_metadata"]["location"] == MV
    assert instant(first["scheduled_start_time"]) == NOW + timedelta(hours=3)
    assert instant(first["scheduled_end_time"]) == NOW + timedelta(hours=4)
    assert events['Soundtrack #1 OST Part 2 "Song 2"']["entity_metadata"]["location"] == MELON
    assert events['Soundtrack #1 OST Part 3 "Song 3"']["entity_metadata"]["location"] == (
        "Soundtrack #1"
    )

    p1, p2, *rest = RELEASES
    postponed = replace(p1, at=NOW + timedelta(hours=9), status=Status.POSTPONED)
    await reimport(bot, postponed, p2, *rest)
    moved = fans.scheduled_events[int(first["id"])]
    assert instant(moved["scheduled_start_time"]) == NOW + timedelta(hours=9)
    assert instant(moved["scheduled_end_time"]) == NOW + timedelta(hours=10)
    assert len(fans.scheduled_events) == 3

    await reimport(bot, postponed, replace(p2, status=Status.CANCELLED), *rest)
    assert by_name(fans)['Soundtrack #1 OST Part 2 "Song 2"']["status"] == 4

    result = await fake_discord.invoke(
        "ost-admin setup events", {"enabled": False}, user=admin(fans)
    )
    assert "deleted" in result.content
    # Only the cancelled event is left (Discord hides cancelled events); nothing is mirrored.
    assert [e["status"] for e in fans.scheduled_events.values()] == [4]
    assert await bot.store.events.mirrors(fans.id) == []


async def test_enabling_without_manage_events_is_refused(fake_discord, bot, no_events):
    """Without Manage Events, enabling names the missing permission and stores nothing."""
    result = await fake_discord.invoke(
        "ost-admin setup events", {"enabled": True}, user=admin(no_events)
    )
    assert result.ephemeral
    assert "Manage Events" in result.content
    assert (await bot.store.servers.get(no_events.id)).mirror_events is False
    assert fake_discord.requests_to(CREATE) == []


async def test_a_403_stops_mirroring_shows_in_status_and_is_not_retried(fake_discord, bot, fans):
    """A refused create marks the server's events broken: status says why, the next sync
    leaves the server alone, and enabling again resumes."""
    fake_discord.faults.fail_route(CREATE, status=403, times=None)
    await fake_discord.invoke("ost-admin setup events", {"enabled": True}, user=admin(fans))
    settings = await bot.store.servers.get(fans.id)
    assert settings.events_broken is not None
    assert "Manage Events" in settings.events_broken
    assert len(fake_discord.requests_to(CREATE)) == 1

    syncer = bot.services.announcer.events
    await syncer.sync_all()
    assert len(fake_discord.requests_to(CREATE)) == 1

    status = await fake_discord.invoke("ost-admin status", user=admin(fans))
    [embed] = status.embeds
    field = next(f["value"] for f in embed["fields"] if f["name"] == "Scheduled events")
    assert "stopped" in field
    assert "Manage Events" in field

    fake_discord.faults.clear()
    await fake_discord.invoke("ost-admin setup events", {"enabled": True}, user=admin(fans))
    assert len(fans.scheduled_events) == 3
    assert (await bot.store.servers.get(fans.id)).events_broken is None


async def test_a_404_for_the_server_stops_mirroring_too(fake_discord, bot, fans):
    """A server that answers 404 (the bot was removed) is not retried every minute either."""
    events = bot.services.announcer.events
    fake_discord.faults.fail_route(CREATE, status=404, times=None)
    await fake_discord.invoke("ost-admin setup events", {"enabled": True}, user=admin(fans))
    assert "server not found" in (await bot.store.servers.get(fans.id)).events_broken
    tried = len(fake_discord.requests_to(CREATE))
    await events.sync_all()
    assert len(fake_discord.requests_to(CREATE)) == tried


async def _fill_with_members_events(fake_discord: FakeDiscord, guild: Guild, count: int) -> list:
    """``count`` events the server's people made (through REST, as Discord would see them)."""
    fake_discord.rate_limits.enabled = False
    url = f"{fake_discord.api_base}/guilds/{guild.id}/scheduled-events"
    start = fake_discord.clock.now() + timedelta(minutes=30)
    body = {
        "name": "Watch party",
        "privacy_level": 2,
        "entity_type": 3,
        "entity_metadata": {"location": "Somewhere"},
        "scheduled_start_time": start.isoformat(),
        "scheduled_end_time": (start + timedelta(minutes=30)).isoformat(),
    }
    ids = []
    headers = {"Authorization": f"Bot {fake_discord.token}"}
    async with aiohttp.ClientSession(headers=headers) as http:
        for _ in range(count):
            async with http.post(url, json=body) as resp:
                assert resp.status == 200
                ids.append((await resp.json())["id"])
    fake_discord.rate_limits.enabled = True
    return ids


@pytest.mark.parametrize("room", [0, 1, 2])
@pytest.mark.parametrize("freed_by", ["cancel", "delete", "time"])
async def test_a_server_full_of_events_is_mirrored_once_room_frees(
    fake_discord, bot, fans, caplog, room, freed_by
):
    """At Discord's 100-event cap the bot creates what fits, logs one clear warning per sync,
    stays enabled, and creates the rest on the first sync after events end or are removed."""
    theirs = await _fill_with_members_events(fake_discord, fans, 100 - room)
    result = await fake_discord.invoke(
        "ost-admin setup events", {"enabled": True}, user=admin(fans)
    )
    assert "✅" in result.content
    mine = [e for e in fans.scheduled_events.values() if e["name"].startswith("Soundtrack")]
    assert len(mine) == room
    refused = [r for r in fake_discord.requests_to(CREATE) if r.status == 400]
    assert [r.response["code"] for r in refused] == [30038]
    assert "maximum of 100 scheduled or active events" in caplog.text
    settings = await bot.store.servers.get(fans.id)
    assert settings.mirror_events
    assert settings.events_broken is None

    headers = {"Authorization": f"Bot {fake_discord.token}"}
    base = f"{fake_discord.api_base}/guilds/{fans.id}/scheduled-events"
    async with aiohttp.ClientSession(headers=headers) as http:
        for event_id in theirs[:3]:
            if freed_by == "cancel":
                async with http.patch(f"{base}/{event_id}", json={"status": 4}) as resp:
                    assert resp.status == 200
            elif freed_by == "delete":
                async with http.delete(f"{base}/{event_id}") as resp:
                    assert resp.status == 204
    if freed_by == "time":
        fake_discord.clock.advance(3600)  # their events (30 min from now, 30 min long) ended
    await bot.services.announcer.events.sync_all()
    mine = [e for e in fans.scheduled_events.values() if e["name"].startswith("Soundtrack")]
    assert len(mine) == 3
    assert len({e["id"] for e in mine}) == 3


async def test_worst_case_releases_become_events_discord_accepts(fake_discord, bot, fans):
    """Longest titles, 25 artists of 100, 500 characters of notes, markup, 512-character links:
    every event is created and edited without a 400, its text cut and defused."""
    names = tuple("<@1>" + "N" * 96 for _ in range(25))
    drama = replace(DRAMA, title="<t:1:R> " + "T" * 192)
    huge = [
        replace(
            song(f"h{i}", 10 + i, 3 + i, title="*" * 200, artists=names, notes="@here " + "n" * 494,
                 mv="https://youtu.be/" + "v" * 490),
            time_confirmed=bool(i % 2),
        )
        for i in range(3)
    ]  # fmt: skip
    await bot.store.releases.import_schedules(
        [Schedule("sst.toml", drama, (*RELEASES, *huge))], now=NOW
    )
    await fake_discord.invoke("ost-admin setup events", {"enabled": True}, user=admin(fans))
    grown = [replace(h, notes="<:e:1> " + "m" * 493, title="_" * 200) for h in huge]
    await bot.store.releases.import_schedules(
        [Schedule("sst.toml", drama, (*RELEASES, *grown))], now=NOW
    )
    await bot.services.announcer.apply_changes()
    assert [r for r in fake_discord.requests if r.status >= 400] == []
    events = list(fans.scheduled_events.values())
    assert len(events) == 3 + len(huge)
    for event in events:
        assert 1 <= len(event["name"]) <= 100
        assert 1 <= len(event["description"]) <= 1000
        assert 1 <= len(event["entity_metadata"]["location"]) <= 100
        for markup in ("<t:1:R>", "<@1>", "@here", "<:e:1>"):
            assert markup not in event["name"] + event["description"]
    assert sum("m" * 400 in e["description"] for e in events) == len(huge)  # edited


async def test_two_processes_syncing_at_once_create_each_event_once(fake_discord, bot, fans):
    """Two syncers (two processes' names) syncing one server together: three events, not six."""
    await bot.store.servers.set_event_mirroring(fans.id, True, now=NOW)
    ours = bot.services.announcer.events
    assert ours is not None
    theirs = EventSyncer(bot, bot.store, bot.clock)  # another process: another name
    assert theirs.claims.owner != ours.claims.owner
    await asyncio.gather(ours.sync_all(), theirs.sync_all())
    assert len(fans.scheduled_events) == 3
    await asyncio.gather(ours.sync_all(), theirs.sync_all())  # the lease was given up
    assert len(fans.scheduled_events) == 3
    assert len(fake_discord.requests_to(CREATE)) == 3
