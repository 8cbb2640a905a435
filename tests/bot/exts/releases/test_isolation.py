"""A server's own release is that server's alone: unseen, unchangeable and unannounced elsewhere."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain import Follow, FollowKind, NotFound

EVERYTHING = Follow(FollowKind.ALL)
EDIT = "PATCH /channels/{channel_id}/messages/{message_id}"


async def test_a_servers_release_is_announced_there_only_and_hidden_from_others(
    start_ostbot, servers
):
    """A adds a release due in 2 s: A's channel gets it, B's stays empty, and B can neither
    read, edit, postpone nor cancel it."""
    a, b = servers
    async with start_ostbot() as bot:  # every extension, the real announcer included
        now = datetime.now(UTC)
        for server in (a, b):
            await bot.store.servers.follow(server.guild.id, EVERYTHING, now=now)
            await bot.store.servers.set_channel(
                server.guild.id, server.channel.id, ping_role_id=None, now=now
            )
        due = now.replace(microsecond=0) + timedelta(seconds=2)
        added = await a.ost(
            "add",
            {"drama": "A Show", "artists": "IU", "title": "Only Ours", "when": due.isoformat()},
        )
        assert added.content.startswith("Added")
        [release] = await bot.store.own_releases.all(a.guild.id)

        [message] = await a.fake.wait_for_messages(a.channel.id, 1, timeout=10)
        assert message["embeds"][0]["title"] == 'A Show OST "Only Ours"'
        await bot.services.announcer.dispatcher.idle.wait()
        assert a.fake.messages_in(b.channel.id) == []

        with pytest.raises(NotFound):
            await bot.store.releases.details(release.drama_id, release.id, guild_id=b.guild.id)
        assert await bot.store.releases.upcoming(now=now, guild_id=b.guild.id) == []
        assert (await bot.store.releases.search("only ours", guild_id=b.guild.id)).empty
        before = bot.store.database.total_changes
        for command, options in [
            ("edit", {"release": release.key, "title": "Ours now"}),
            ("postpone", {"release": release.key, "when": "2031-01-01"}),
            ("cancel", {"release": release.key}),
        ]:
            refused = await b.ost(command, options)
            assert refused.content == f'Your server has no release "{release.key}".'
        assert bot.store.database.total_changes == before
        assert await bot.store.own_releases.all(a.guild.id) == [release]


async def test_a_change_after_posting_edits_the_posted_message_at_once(start_ostbot, servers):
    """/ost-admin edit after the announcement edits it right away (no waiting for the tick)."""
    a, _ = servers
    async with start_ostbot() as bot:
        now = datetime.now(UTC)
        await bot.store.servers.follow(a.guild.id, EVERYTHING, now=now)
        await bot.store.servers.set_channel(a.guild.id, a.channel.id, ping_role_id=None, now=now)
        due = now.replace(microsecond=0) + timedelta(seconds=2)
        await a.ost("add", {"drama": "A Show", "artists": "IU", "when": due.isoformat()})
        [release] = await bot.store.own_releases.all(a.guild.id)
        [message] = await a.fake.wait_for_messages(a.channel.id, 1, timeout=10)
        await a.ost("edit", {"release": release.key, "mv": "https://youtu.be/mv"})
        await a.fake.wait_for_request(EDIT, 1, message_id=message["id"])
    [shown] = a.fake.messages_in(a.channel.id)
    assert shown["embeds"][0]["url"] == "https://youtu.be/mv"
