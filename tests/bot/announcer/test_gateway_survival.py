"""What Discord's gateway does mid-fan-out, survived by the real OstBot: channels deleted, the
bot removed, RECONNECT, INVALID_SESSION (both kinds), 4009 after missed heartbeats. Each ends
with every owed announcement posted exactly once and a reason where one could not be."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import pytest

from bot.exts.announcer._cog import CHANNEL_DELETED, REMOVED
from bot.render.status import status_embed
from bot.services.admin_status import server_status
from tests.bot.announcer.conftest import (
    EVERYTHING,
    World,
    release,
    schedule,
    whole_seconds_from_now,
)
from tests.fake_discord import FakeDiscord, identify_waits_on_fake_clock
from tests.fake_discord import gateway_rules as rules

# End to end against Discord-like latency (tests/fake_discord/latency.py).
pytestmark = pytest.mark.latency

SERVERS = 16
RATE = 20.0  # posts per second: the fan-out lasts most of a second, long enough to cut into
CANNOT_SEE = "the bot cannot see the channel (removed from the server, or no View Channel)"
POST = "POST /channels/{channel_id}/messages"
CROSSPOST = "POST /channels/{channel_id}/messages/{message_id}/crosspost"


async def _servers(world: World, *, announcement: bool = False) -> list[int]:
    channels = []
    for i in range(SERVERS):
        guild = world.fake.add_guild(f"s{i}")
        channel = (
            guild.add_announcement_channel("ost") if announcement else guild.add_text_channel("ost")
        )
        await world.store.servers.follow(guild.id, EVERYTHING, now=world.now())
        await world.store.servers.set_channel(
            guild.id, channel.id, ping_role_id=None, now=world.now()
        )
        world.guild_of[channel.id] = guild.id
        channels.append(channel.id)
    return channels


def _posted(fake: FakeDiscord, channels: list[int]) -> int:
    return sum(len(fake.messages_in(c)) for c in channels)


async def _mid_fan_out(fake: FakeDiscord, channels: list[int], at_least: int = 3) -> None:
    """Return once the fan-out has begun but is far from done."""
    await fake.wait_until(lambda: _posted(fake, channels) >= at_least, 10, "fan-out started")
    assert _posted(fake, channels) < len(channels), "the fan-out ended before the cut"


def _exactly_once(fake: FakeDiscord, channels: list[int]) -> None:
    counts = {c: len(fake.messages_in(c)) for c in channels}
    assert counts == dict.fromkeys(channels, 1), "lost or duplicated announcements"


async def _status_text(world: World, guild_id: int) -> str:
    status = await server_status(world.store, guild_id, now=datetime.now(UTC))
    assert status is not None
    embed = status_embed(status, server_name="s")
    return "\n".join(f["value"] for f in embed["fields"])


async def test_channel_deleted_mid_fan_out(world: World, start_bot) -> None:
    """The announcement channel of one server deleted mid-fan-out: every other server gets its
    post once; that one gets none, and its admin and ledger say the channel was deleted."""
    channels = await _servers(world)
    await world.publish(schedule(release("part-1", whole_seconds_from_now(1))))
    async with start_bot(rate=RATE) as announcer:
        await _mid_fan_out(world.fake, channels)
        victim = next(c for c in channels if not world.fake.messages_in(c))
        guild = world.fake.world.guilds[world.guild_of[victim]]
        guild.delete_channel(guild.channels[victim])
        rest = [c for c in channels if c != victim]
        for channel in rest:
            await world.fake.wait_for_messages(channel, 1, timeout=10)
        await world.fake.wait_until(
            lambda: _posted(world.fake, rest) == len(rest), what="all others"
        )
        await announcer.dispatcher.idle.wait()
        settings = await world.store.servers.get(guild.id)
    _exactly_once(world.fake, rest)
    assert world.fake.messages_in(victim) == []
    assert settings is not None
    # CHANNEL_DELETE's handler or a post's 404, whichever the bot heard first: both say why.
    reasons = (f"{CHANNEL_DELETED} (#ost)", "404 Unknown Channel: the channel was deleted")
    assert settings.broken_reason in reasons
    [row] = [
        d for d in await world.store.ledger.for_release("d", "part-1") if d.channel_id == victim
    ]
    assert row.state == "failed"
    assert row.last_error in reasons
    assert settings.broken_at is not None
    since = int(settings.broken_at.timestamp())
    status = await _status_text(world, guild.id)
    assert f"Posting stopped <t:{since}:R>: {settings.broken_reason}" in status


@pytest.mark.parametrize("when", ["before the instant", "mid-fan-out"])
async def test_bot_removed_between_planning_and_posting(world: World, start_bot, when: str) -> None:
    """The bot kicked from a server after the release was planned: the others get their post
    once; that server none, marked "removed" (no request to it after GUILD_DELETE)."""
    channels = await _servers(world)
    at = whole_seconds_from_now(2 if when == "before the instant" else 1)
    await world.publish(schedule(release("part-1", at)))
    async with start_bot(rate=RATE) as announcer:
        if when == "mid-fan-out":
            await _mid_fan_out(world.fake, channels)
            victim = next(c for c in channels if not world.fake.messages_in(c))
        else:
            assert _posted(world.fake, channels) == 0
            victim = channels[0]
        guild = world.fake.world.guilds[world.guild_of[victim]]
        world.fake.remove_bot_from(guild)
        await world.fake.wait_until(
            lambda: _posted(world.fake, channels) == len(channels) - 1,
            10,
            "every other server's post",
        )
        await announcer.dispatcher.idle.wait()
    _exactly_once(world.fake, [c for c in channels if c != victim])
    assert world.fake.messages_in(victim) == []
    settings = await world.store.servers.get(guild.id)
    assert settings is not None
    if when == "before the instant":
        # GUILD_DELETE came first: no request was spent on a server the bot is not in.
        assert settings.broken_reason == REMOVED
        assert world.fake.requests_to(POST, channel_id=victim) == []
    else:  # a post may have been refused (403) before GUILD_DELETE was handled
        assert settings.broken_reason in (REMOVED, f"403 Missing Access: {CANNOT_SEE}")
    rows = [
        d for d in await world.store.ledger.for_release("d", "part-1") if d.channel_id == victim
    ]
    assert all(r.state == "failed" for r in rows)


Disruption = Callable[[FakeDiscord], Awaitable[object]]


async def _lose_heartbeats(fake: FakeDiscord) -> None:
    fake.gateway.lose_heartbeats = True
    await fake.wait_until(lambda: fake.gateway.closed_with(rules.SESSION_TIMED_OUT), 5, "4009")
    fake.gateway.lose_heartbeats = False


DISRUPTIONS: dict[str, tuple[Disruption, int]] = {
    # name: (what the fake does, the IDENTIFYs the bot ends with)
    "RECONNECT": (lambda fake: fake.gateway.reconnect(), 1),
    "INVALID_SESSION resumable": (lambda fake: fake.gateway.invalidate(resumable=True), 1),
    "INVALID_SESSION not resumable": (lambda fake: fake.gateway.invalidate(resumable=False), 2),
    "4009 after missed heartbeats": (_lose_heartbeats, 2),
}


@pytest.mark.parametrize("disruption", DISRUPTIONS)
async def test_gateway_disruption_mid_fan_out(
    world: World, start_bot, fake_discord: FakeDiscord, disruption: str
) -> None:
    """Cut the gateway mid-fan-out into announcement channels: the bot gets its session back
    (resumed or new) and every channel gets its post once, published once."""
    act, identifies = DISRUPTIONS[disruption]
    fake_discord.gateway.heartbeat_interval_ms = 300  # so missing heartbeats shows fast
    channels = await _servers(world, announcement=True)
    await world.publish(schedule(release("part-1", whole_seconds_from_now(1))))
    with identify_waits_on_fake_clock(fake_discord):
        async with start_bot(rate=RATE) as announcer:
            await _mid_fan_out(fake_discord, channels)
            await act(fake_discord)
            await fake_discord.wait_until(
                lambda: (
                    len(fake_discord.gateway.frames(rules.IDENTIFY)) == identifies
                    and fake_discord.gateway.connected
                ),
                10,
                "the bot back on the gateway",
            )
            await fake_discord.wait_until(
                lambda: _posted(fake_discord, channels) == len(channels), 10, "every post"
            )
            await fake_discord.wait_until(
                lambda: len(fake_discord.requests_to(CROSSPOST)) >= len(channels),
                10,
                "every post published",
            )
            await announcer.dispatcher.idle.wait()
    _exactly_once(fake_discord, channels)
    published = [r.params["channel_id"] for r in fake_discord.requests_to(CROSSPOST)]
    assert sorted(published) == sorted(str(c) for c in channels)
    rows = await world.store.ledger.for_release("d", "part-1")
    assert {r.state for r in rows} == {"sent"}


async def test_a_server_still_in_an_outage_after_a_new_session_is_still_published(
    world: World, start_bot, fake_discord: FakeDiscord
) -> None:
    """After INVALID_SESSION the new session lists a server in an outage as unavailable, so
    discord.py no longer knows its channels: a post there is still published (the poster
    remembers the channel is an announcement channel)."""
    guild = fake_discord.add_guild("fans")
    channel = guild.add_announcement_channel("ost")
    await world.store.servers.follow(guild.id, EVERYTHING, now=world.now())
    await world.store.servers.set_channel(guild.id, channel.id, ping_role_id=None, now=world.now())
    first, second = whole_seconds_from_now(1), whole_seconds_from_now(4)
    await world.publish(schedule(release("part-1", first), release("part-2", second)))
    with identify_waits_on_fake_clock(fake_discord):
        async with start_bot(rate=RATE):
            await fake_discord.wait_until(
                lambda: len(fake_discord.requests_to(CROSSPOST)) == 1, 10, "first published"
            )
            fake_discord.outage(guild)
            await fake_discord.gateway.invalidate(resumable=False)
            await fake_discord.wait_until(
                lambda: (
                    len(fake_discord.gateway.frames(rules.IDENTIFY)) == 2
                    and fake_discord.gateway.connected
                ),
                10,
                "a new session",
            )
            assert len(fake_discord.messages_in(channel.id)) == 1, "too late to prove anything"
            [session] = fake_discord.gateway.sessions.values()
            assert "GUILD_CREATE" not in [p["t"] for p in session.buffer]
            await fake_discord.wait_until(
                lambda: len(fake_discord.requests_to(CROSSPOST)) == 2, 10, "second published"
            )
    assert len(fake_discord.messages_in(channel.id)) == 2
