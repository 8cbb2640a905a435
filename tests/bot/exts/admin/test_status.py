"""/ost-admin status: settings, next announcements, broken channel and delivery problems."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain import ANNOUNCE, Drama, Follow, FollowKind, GuildSettings, Schedule
from bot.render.status import ServerStatus, block_text
from bot.store import NewDelivery
from tests.bot.announcer.conftest import LogWaiter
from tests.bot.exts.admin.conftest import ADMIN_ONLY, NOW, release


def field(result, name):
    [embed] = result.embeds
    return next(f["value"] for f in embed["fields"] if f["name"] == name)


def problem_row(server, release_id, state, error, *, hours_ago=1):
    return NewDelivery(
        drama_id="goblin",
        release_id=release_id,
        guild_id=server.guild.id,
        channel_id=server.general.id,
        kind=ANNOUNCE,
        due_at=NOW - timedelta(hours=hours_ago),
        message_key=f"{server.guild.id}:{release_id}",
        position=0,
        state=state,
        last_error=error,
    )


async def configure(store, server, *follows):
    gid = server.guild.id
    await store.servers.set_channel(gid, server.general.id, ping_role_id=server.fans.id, now=NOW)
    for follow in follows:
        await store.servers.follow(gid, follow, now=NOW)


async def test_a_new_server_is_told_how_to_start(fake_discord, admin_bot, server_a):
    """Before any setup, status is a short how-to-start message."""
    result = await fake_discord.invoke("ost-admin status", user=server_a.admin)
    assert result.ephemeral
    assert result.content.startswith("ostbot is not set up in this server yet.")
    assert "`/ost-admin setup channel`" in result.content
    assert result.embeds == []


@pytest.mark.latency
async def test_settings_and_next_announcements(fake_discord, admin_bot, server_a):
    """Channel, role, follows, reminders, catch-up, and the followed releases with times."""
    store, gid = admin_bot.store, server_a.guild.id
    await configure(store, server_a, Follow(FollowKind.DRAMA, "goblin"))
    await store.servers.set_reminders(gid, [timedelta(hours=1), timedelta(days=1)], now=NOW)
    await store.servers.set_catchup(gid, timedelta(hours=2), now=NOW)
    result = await fake_discord.invoke("ost-admin status", user=server_a.admin)
    assert result.ephemeral
    [embed] = result.embeds
    assert embed["title"] == "ostbot in Alpha"
    assert field(result, "Channel") == f"<#{server_a.general.id}>"
    assert field(result, "Role pinged") == f"<@&{server_a.fans.id}>"
    assert field(result, "Follows") == "drama: Goblin (goblin)"
    assert field(result, "Reminders") == "1d, 1h before each release"
    assert "up to 2 h late" in field(result, "Catch-up")
    upcoming = field(result, "Next announcements")
    p1 = int((NOW + timedelta(days=2)).timestamp())
    p2 = int((NOW + timedelta(days=3)).timestamp())
    assert upcoming == (
        f'Goblin (도깨비) OST "Song p1"\n<t:{p1}:F> (<t:{p1}:R>)\n'
        f'Goblin (도깨비) OST "Song p2"\n<t:{p2}:F> (<t:{p2}:R>)'
    )
    assert "Signal" not in upcoming  # not followed; the TBA part 3 has no instant yet
    assert all(f["name"] != "Missed or failed posts" for f in embed["fields"])


async def test_only_the_next_five_are_listed(fake_discord, admin_bot, server_a):
    """Many followed releases: the five soonest, in time order."""
    many = [release("many", f"r{i}", NOW + timedelta(hours=i + 1)) for i in range(8)]
    await admin_bot.store.releases.import_schedules(
        [Schedule("many.toml", Drama(id="many", title="Many"), tuple(many))], now=NOW
    )
    await configure(admin_bot.store, server_a, Follow(FollowKind.ALL))
    result = await fake_discord.invoke("ost-admin status", user=server_a.admin)
    titles = [line for line in field(result, "Next announcements").splitlines() if "OST" in line]
    assert titles == [f'Many OST "Song r{i}"' for i in range(5)]


async def test_a_broken_channel_shows_why_and_what_to_do(fake_discord, admin_bot, server_a):
    """After a 403 the channel field says posting stopped, why, and to run setup again."""
    store, gid = admin_bot.store, server_a.guild.id
    await configure(store, server_a, Follow(FollowKind.ALL))
    await store.servers.mark_broken(
        gid, "403 Forbidden (error code: 50013): Missing Permissions", now=NOW
    )
    result = await fake_discord.invoke("ost-admin status", user=server_a.admin)
    channel = field(result, "Channel")
    assert f"Posting stopped <t:{int(NOW.timestamp())}:R>: 403 Forbidden" in channel
    assert "run `/ost-admin setup channel` again" in channel


async def test_missed_and_failed_posts_are_listed_with_reasons(fake_discord, admin_bot, server_a):
    """Missed and failed deliveries appear newest first with their reason; sent ones do not."""
    store = admin_bot.store
    await configure(store, server_a, Follow(FollowKind.ALL))
    await store.ledger.add(
        [
            problem_row(server_a, "p1", "missed", "past the catch-up window", hours_ago=5),
            problem_row(server_a, "p2", "failed", "400 Bad Request", hours_ago=1),
            problem_row(server_a, "p3", "sent", None),
        ],
        now=NOW,
    )
    result = await fake_discord.invoke("ost-admin status", user=server_a.admin)
    lines = field(result, "Missed or failed posts").splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("failed: announcement of Goblin (goblin/p2), due <t:")
    assert lines[0].endswith(": 400 Bad Request")
    assert lines[1].endswith(": past the catch-up window")


async def test_status_is_denied_to_members(fake_discord, admin_bot, server_a):
    """A member without Manage Server cannot read the settings."""
    await configure(admin_bot.store, server_a, Follow(FollowKind.ALL))
    result = await fake_discord.invoke("ost-admin status", user=server_a.member)
    assert result.ephemeral
    assert result.content == "You need the Manage Server permission to use this command."
    assert result.embeds == []


async def test_a_block_by_discord_is_shown_while_it_lasts(
    fake_discord, start_ostbot, server_a, server_b
):
    """While Discord blocks the bot, status says until when and how many posts wait."""
    soon = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=2)
    due = Schedule("due.toml", Drama(id="due", title="Due"), (release("due", "p1", soon),))
    async with start_ostbot(extensions=[*ADMIN_ONLY, "bot.exts.announcer"]) as bot:
        store = bot.store
        await store.releases.import_schedules([due], now=NOW)
        await configure(store, server_a, Follow(FollowKind.ALL))
        announcer = bot.services.announcer
        await announcer.releases_changed()  # plans the due instant now, not at the next tick
        gate = announcer.gate
        before = await fake_discord.invoke("ost-admin status", user=server_a.admin)
        assert all(f["name"] != "Delivery" for f in before.embeds[0]["fields"])
        with LogWaiter("bot.announcer.pacing", "Discord is blocking") as shut:
            fake_discord.cloudflare.start()
            await shut.wait()  # the gate shut: an event, not a poll
        # The ban is over at Discord's end; the bot has not probed yet (its first wait is 1 min).
        fake_discord.cloudflare.lift()
        result = await fake_discord.invoke("ost-admin status", user=server_a.admin)
    until = int(gate.blocked_until.timestamp()) if gate.blocked_until else None
    assert until is not None
    assert field(result, "Delivery").startswith(
        f"⚠️ Discord is blocking this bot's requests until ~<t:{until}:t>; 1 post waiting."
    )
    assert result.embeds[0]["fields"][0]["name"] == "Delivery"  # first: it matters most


@pytest.mark.parametrize(
    ("waiting", "minutes", "expected"),
    [
        (0, 30, "is blocking this bot's requests until ~<t:{u}:t>; 0 posts waiting."),
        (1, 30, "is blocking this bot's requests until ~<t:{u}:t>; 1 post waiting."),
        (250, 59, "is blocking this bot's requests until ~<t:{u}:t>; 250 posts waiting."),
        (3, -1, "was blocking this bot's requests until ~<t:{u}:t>; the next post checks"),
    ],
)
def test_the_block_line_says_until_when_and_what_waits(waiting, minutes, expected):
    """The Delivery line: the block's end in each reader's time, the posts that wait for it."""
    until = NOW + timedelta(minutes=minutes)
    status = ServerStatus(
        settings=GuildSettings(guild_id=1, configured_at=NOW),
        follows=[],
        upcoming=[],
        problems=[],
        problem_count=0,
        dramas={},
        blocked_until=until,
        waiting=waiting,
        now=NOW,
    )
    assert expected.format(u=int(until.timestamp())) in block_text(status)
