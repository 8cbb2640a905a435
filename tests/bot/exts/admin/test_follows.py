"""/ost-admin follow, /ost-admin unfollow and /ost-admin follows: what a server announces."""

from __future__ import annotations

import pytest

from bot.domain import Follow, FollowKind
from tests.bot.exts.admin.conftest import NOW

EVERYTHING = Follow(FollowKind.ALL)


async def follows_of(bot, server):
    return await bot.store.servers.follows(server.guild.id)


@pytest.mark.latency
async def test_follow_all(fake_discord, admin_bot, server_a):
    """Following everything is stored and confirmed, with a hint while no channel is set."""
    result = await fake_discord.invoke("ost-admin follow all", user=server_a.admin)
    assert result.ephemeral
    assert result.content.startswith("✅ This server now announces every release.")
    assert "once `/ost-admin setup channel` says where" in result.content
    assert await follows_of(admin_bot, server_a) == [EVERYTHING]


async def test_following_all_twice_says_so(fake_discord, admin_bot, server_a):
    """A second /ost-admin follow all answers "already" and changes nothing."""
    await fake_discord.invoke("ost-admin follow all", user=server_a.admin)
    result = await fake_discord.invoke("ost-admin follow all", user=server_a.admin)
    assert result.content == "This server already follows every release."
    assert await follows_of(admin_bot, server_a) == [EVERYTHING]


async def test_follow_a_drama_by_id(fake_discord, admin_bot, server_a):
    """The autocompleted id follows the drama; the reply names it by title."""
    result = await fake_discord.invoke(
        "ost-admin follow drama", {"drama": "goblin"}, user=server_a.admin
    )
    assert result.content.startswith("✅ This server now announces Goblin's OST.")
    assert await follows_of(admin_bot, server_a) == [Follow(FollowKind.DRAMA, "goblin")]


async def test_follow_a_drama_by_its_exact_title(fake_discord, admin_bot, server_a):
    """A title typed in full (not picked from the list) finds the one drama with it."""
    await fake_discord.invoke("ost-admin follow drama", {"drama": "도깨비"}, user=server_a.admin)
    assert await follows_of(admin_bot, server_a) == [Follow(FollowKind.DRAMA, "goblin")]


async def test_following_an_unknown_drama_is_not_found(fake_discord, admin_bot, server_a):
    """An id no drama has is refused with what to do; nothing is stored."""
    result = await fake_discord.invoke(
        "ost-admin follow drama", {"drama": "nope"}, user=server_a.admin
    )
    assert result.ephemeral
    assert result.content.startswith('There is no drama "nope".')
    assert await follows_of(admin_bot, server_a) == []


async def test_following_a_drama_twice_says_so(fake_discord, admin_bot, server_a):
    """The second follow of a drama answers "already"."""
    await fake_discord.invoke("ost-admin follow drama", {"drama": "goblin"}, user=server_a.admin)
    result = await fake_discord.invoke(
        "ost-admin follow drama", {"drama": "goblin"}, user=server_a.admin
    )
    assert result.content == "This server already follows Goblin."


@pytest.mark.latency
async def test_drama_autocomplete(fake_discord, admin_bot, server_a):
    """Typing part of a title suggests the drama; typing nothing suggests those releasing soon."""
    typed = await fake_discord.autocomplete(
        "ost-admin follow drama", "drama", {"drama": "gob"}, user=server_a.admin
    )
    assert typed.choices == [{"name": "Goblin (2016) · 도깨비", "value": "goblin"}]
    empty = await fake_discord.autocomplete("ost-admin follow drama", "drama", user=server_a.admin)
    assert [c["value"] for c in empty.choices] == ["signal", "goblin"]


async def test_follow_an_artist_in_its_stored_spelling(fake_discord, admin_bot, server_a):
    """An artist typed in any case is followed as the schedule spells them."""
    result = await fake_discord.invoke(
        "ost-admin follow artist", {"name": "  crush "}, user=server_a.admin
    )
    assert result.content.startswith("✅ This server now announces releases by Crush.")
    assert await follows_of(admin_bot, server_a) == [Follow(FollowKind.ARTIST, "Crush")]


async def test_an_artist_not_credited_yet_is_followed_with_a_note(
    fake_discord, admin_bot, server_a
):
    """An artist with no release yet can be followed; the reply says none is known."""
    result = await fake_discord.invoke(
        "ost-admin follow artist", {"name": "IU"}, user=server_a.admin
    )
    assert "No release credits them yet" in result.content
    assert await follows_of(admin_bot, server_a) == [Follow(FollowKind.ARTIST, "IU")]


async def test_following_an_artist_twice_in_another_case_says_so(fake_discord, admin_bot, server_a):
    """Artists match whatever the case: "CRUSH" after "Crush" is already followed."""
    await fake_discord.invoke("ost-admin follow artist", {"name": "Crush"}, user=server_a.admin)
    result = await fake_discord.invoke(
        "ost-admin follow artist", {"name": "CRUSH"}, user=server_a.admin
    )
    assert result.content == "This server already follows Crush."


async def test_artist_autocomplete(fake_discord, admin_bot, server_a):
    """Typing part of a name suggests the known artists."""
    result = await fake_discord.autocomplete(
        "ost-admin follow artist", "name", {"name": "ch"}, user=server_a.admin
    )
    assert [c["value"] for c in result.choices] == ["Chanyeol", "Punch"]


async def test_unfollow_each_kind(fake_discord, admin_bot, server_a):
    """Unfollowing all, a drama and an artist removes exactly that follow."""
    store, gid = admin_bot.store, server_a.guild.id
    for follow in (
        EVERYTHING,
        Follow(FollowKind.DRAMA, "goblin"),
        Follow(FollowKind.ARTIST, "Crush"),
    ):
        await store.servers.follow(gid, follow, now=NOW)
    result = await fake_discord.invoke("ost-admin unfollow all", user=server_a.admin)
    assert result.content == "✅ This server no longer follows every release."
    result = await fake_discord.invoke(
        "ost-admin unfollow drama", {"drama": "goblin"}, user=server_a.admin
    )
    assert result.content == "✅ This server no longer follows goblin."
    result = await fake_discord.invoke(
        "ost-admin unfollow artist", {"name": "crush"}, user=server_a.admin
    )
    assert result.content.startswith("✅ This server no longer follows Crush.")
    assert "follows nothing now" in result.content
    assert await store.servers.follows(gid) == []


async def test_unfollowing_what_is_not_followed_says_so(fake_discord, admin_bot, server_a):
    """Each kind of unfollow explains that the server did not follow it."""
    for command, options, says in [
        ("ost-admin unfollow all", {}, "does not follow every release"),
        ("ost-admin unfollow drama", {"drama": "goblin"}, 'does not follow the drama "goblin"'),
        ("ost-admin unfollow artist", {"name": "Crush"}, 'does not follow the artist "Crush"'),
    ]:
        result = await fake_discord.invoke(command, options, user=server_a.admin)
        assert result.ephemeral
        assert says in result.content
        assert "/ost-admin follows lists what it follows" in result.content


async def test_unfollow_autocomplete_lists_what_is_followed(fake_discord, admin_bot, server_a):
    """Unfollow suggests only this server's follows of that kind, dramas by title."""
    store, gid = admin_bot.store, server_a.guild.id
    await store.servers.follow(gid, Follow(FollowKind.DRAMA, "goblin"), now=NOW)
    await store.servers.follow(gid, Follow(FollowKind.ARTIST, "Crush"), now=NOW)
    dramas = await fake_discord.autocomplete(
        "ost-admin unfollow drama", "drama", user=server_a.admin
    )
    assert dramas.choices == [{"name": "Goblin (2016) · 도깨비", "value": "goblin"}]
    artists = await fake_discord.autocomplete(
        "ost-admin unfollow artist", "name", {"name": "cr"}, user=server_a.admin
    )
    assert artists.choices == [{"name": "Crush", "value": "Crush"}]


async def test_follows_lists_everything_followed(fake_discord, admin_bot, server_a):
    """/ost-admin follows lists everything first, then dramas by title and artists."""
    store, gid = admin_bot.store, server_a.guild.id
    for follow in (
        Follow(FollowKind.ARTIST, "Crush"),
        Follow(FollowKind.DRAMA, "goblin"),
        EVERYTHING,
    ):
        await store.servers.follow(gid, follow, now=NOW)
    result = await fake_discord.invoke("ost-admin follows", user=server_a.admin)
    assert result.ephemeral
    assert result.content == (
        "This server announces:\n• every release\n• artist: Crush\n• drama: Goblin (goblin)"
    )


async def test_follows_when_nothing_is_followed(fake_discord, admin_bot, server_a):
    """With no follows, /ost-admin follows says how to add one."""
    result = await fake_discord.invoke("ost-admin follows", user=server_a.admin)
    assert result.content.startswith("This server follows nothing yet")
