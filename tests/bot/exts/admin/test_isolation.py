"""Two servers on one bot: neither sees nor changes the other's settings, follows or posts."""

from __future__ import annotations

from datetime import timedelta

from bot.domain import ANNOUNCE, Drama, Follow, FollowKind
from bot.store import NewDelivery
from tests.bot.exts.admin.conftest import NOW, release

A_ONLY = Follow(FollowKind.ARTIST, "Crush")


async def set_up_a(fake, bot, a):
    """Server A: a channel, a drama and an artist followed, a failed post, a broken mark."""
    await fake.invoke(
        "ost-admin setup channel", {"channel": a.general, "role": a.fans}, user=a.admin
    )
    await fake.invoke("ost-admin follow drama", {"drama": "goblin"}, user=a.admin)
    await fake.invoke("ost-admin follow artist", {"name": "Crush"}, user=a.admin)
    await fake.invoke("ost-admin reminders", {"offsets": "3h"}, user=a.admin)
    row = NewDelivery(
        drama_id="goblin",
        release_id="p1",
        guild_id=a.guild.id,
        channel_id=a.general.id,
        kind=ANNOUNCE,
        due_at=NOW - timedelta(hours=1),
        message_key="a-only",
        position=0,
        state="failed",
        last_error="secret failure of A",
    )
    await bot.store.ledger.add([row], now=NOW)
    await bot.store.servers.mark_broken(a.guild.id, "broken in A", now=NOW)


async def test_b_status_never_shows_a(fake_discord, admin_bot, server_a, server_b):
    """B, set up on its own, sees its channel only: none of A's follows, posts or marks."""
    await set_up_a(fake_discord, admin_bot, server_a)
    await fake_discord.invoke(
        "ost-admin setup channel", {"channel": server_b.news}, user=server_b.admin
    )
    result = await fake_discord.invoke("ost-admin status", user=server_b.admin)
    [embed] = result.embeds
    shown = str(embed)
    assert f"<#{server_b.news.id}>" in shown
    for secret in (
        str(server_a.general.id),
        str(server_a.fans.id),
        "Crush",
        "Goblin",
        "secret failure of A",
        "broken in A",
        "3h",
    ):
        assert secret not in shown
    assert all(f["name"] != "Missed or failed posts" for f in embed["fields"])


async def test_b_before_setup_sees_how_to_start(fake_discord, admin_bot, server_a, server_b):
    """A's setup does not make B "configured"."""
    await set_up_a(fake_discord, admin_bot, server_a)
    result = await fake_discord.invoke("ost-admin status", user=server_b.admin)
    assert result.content.startswith("ostbot is not set up in this server yet.")


async def test_b_cannot_unfollow_a_follow(fake_discord, admin_bot, server_a, server_b):
    """B's unfollow of what A follows says B does not follow it; A keeps its follow."""
    await set_up_a(fake_discord, admin_bot, server_a)
    result = await fake_discord.invoke(
        "ost-admin unfollow artist", {"name": "Crush"}, user=server_b.admin
    )
    assert 'does not follow the artist "Crush"' in result.content
    assert A_ONLY in await admin_bot.store.servers.follows(server_a.guild.id)


async def test_b_unfollow_suggestions_and_listing_are_its_own(
    fake_discord, admin_bot, server_a, server_b
):
    """B's unfollow autocomplete and /ost-admin follows list nothing of A's."""
    await set_up_a(fake_discord, admin_bot, server_a)
    artists = await fake_discord.autocomplete(
        "ost-admin unfollow artist", "name", user=server_b.admin
    )
    dramas = await fake_discord.autocomplete(
        "ost-admin unfollow drama", "drama", user=server_b.admin
    )
    assert artists.choices == []
    assert dramas.choices == []
    listing = await fake_discord.invoke("ost-admin follows", user=server_b.admin)
    assert listing.content.startswith("This server follows nothing yet")


async def test_a_servers_own_drama_is_invisible_to_others(
    fake_discord, admin_bot, server_a, server_b
):
    """A drama added by server A can be followed in A only; B neither finds nor gets it offered."""
    own = Drama(id="alpha-story", title="Alpha Story")
    await admin_bot.store.own_releases.save(
        server_a.guild.id,
        release("alpha-story", "p1", NOW + timedelta(days=1), "Alpha Band"),
        now=NOW,
        new_drama=own,
    )
    offered = await fake_discord.autocomplete(
        "ost-admin follow drama", "drama", {"drama": "alpha"}, user=server_b.admin
    )
    assert offered.choices == []
    refused = await fake_discord.invoke(
        "ost-admin follow drama", {"drama": "alpha-story"}, user=server_b.admin
    )
    assert refused.content.startswith('There is no drama "alpha-story".')
    assert await admin_bot.store.servers.follows(server_b.guild.id) == []
    accepted = await fake_discord.invoke(
        "ost-admin follow drama", {"drama": "alpha-story"}, user=server_a.admin
    )
    assert accepted.content.startswith("✅ This server now announces Alpha Story's OST.")


async def test_artists_of_a_servers_own_releases_stay_its_own(
    fake_discord, admin_bot, server_a, server_b
):
    """An artist credited only on server A's own release is neither offered to B nor "known"."""
    await admin_bot.store.own_releases.save(
        server_a.guild.id,
        release("alpha-story", "p1", NOW + timedelta(days=1), "Alpha Band"),
        now=NOW,
        new_drama=Drama(id="alpha-story", title="Alpha Story"),
    )
    in_a = await fake_discord.autocomplete(
        "ost-admin follow artist", "name", {"name": "alpha"}, user=server_a.admin
    )
    in_b = await fake_discord.autocomplete(
        "ost-admin follow artist", "name", {"name": "alpha"}, user=server_b.admin
    )
    assert in_a.choices == [{"name": "Alpha Band", "value": "Alpha Band"}]
    assert in_b.choices == []
    followed = await fake_discord.invoke(
        "ost-admin follow artist", {"name": "alpha band"}, user=server_b.admin
    )
    assert "No release credits them yet" in followed.content
