"""/s/<token>/calendar.ics: a server's private feed holds what it follows and its own releases;
its token opens it until rotated, and nothing else does."""

from __future__ import annotations

import pytest
from icalendar import Calendar

from bot.domain import Follow, FollowKind
from bot.services.web_feeds import set_up_feed, token_digest
from tests.web.served_store import GUILD, NOW


def uids(body: bytes) -> set[str]:
    return {str(e["UID"]) for e in Calendar.from_ical(body).walk("VEVENT")}


async def feed_path(store, *, rotate: bool = False) -> str:
    made = await set_up_feed(store, GUILD, rotate=rotate, now=NOW)
    return f"/s/{made.token}/calendar.ics"


async def test_a_server_that_follows_nothing_gets_its_own_releases(served):
    """Its own release is in its feed (and only there); private caching."""
    response = await served.client.get(await feed_path(served.store))
    assert response.status == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Cache-Control"].startswith("private")
    body = await response.read()
    assert uids(body) == {"our-show/first-light@ostbot"}
    assert b"X-WR-CALNAME:Followed in your server" in body


async def test_follows_fill_the_feed_and_change_its_tag(served):
    """Following a drama adds its coming releases; the old ETag no longer matches."""
    path = await feed_path(served.store)
    first = await served.client.get(path)
    await served.store.servers.follow(GUILD, Follow(FollowKind.DRAMA, "signal"), now=NOW)
    again = await served.client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status == 200
    assert uids(await again.read()) == {
        "our-show/first-light@ostbot",
        "signal/part-1@ostbot",
        "signal/part-2@ostbot",
    }
    repeat = await served.client.get(path, headers={"If-None-Match": again.headers["ETag"]})
    assert repeat.status == 304


async def test_an_artist_follow_and_follow_all(served):
    """An artist follow takes that artist's releases; following all takes every curated one."""
    path = await feed_path(served.store)
    await served.store.servers.follow(GUILD, Follow(FollowKind.ARTIST, "punch"), now=NOW)
    found = uids(await (await served.client.get(path)).read())
    assert found == {"our-show/first-light@ostbot", "goblin/part-1@ostbot"}
    await served.store.servers.follow(GUILD, Follow(FollowKind.ALL), now=NOW)
    found = uids(await (await served.client.get(path)).read())
    assert {"goblin/part-2@ostbot", "goblin/gone@ostbot", "signal/part-1@ostbot"} <= found


@pytest.mark.parametrize(
    "token",
    ["x" * 43, "short", "A" * 44, "a%2Fb", "a" * 42 + "!"],
)
async def test_an_unknown_token_is_a_404(served, token):
    """A token no server holds, or not shaped like one: 404 saying the link is not valid."""
    await feed_path(served.store)
    response = await served.client.get(f"/s/{token}/calendar.ics")
    assert response.status == 404
    assert "No calendar feed here" in await response.text()


async def test_rotating_cuts_off_the_old_link(served):
    """After rotate, the old token is a 404 and the new one opens the same feed."""
    old = await feed_path(served.store)
    new = await feed_path(served.store, rotate=True)
    assert new != old
    assert (await served.client.get(old)).status == 404
    assert (await served.client.get(new)).status == 200


async def test_the_store_keeps_only_the_tokens_digest(served):
    """The token itself is not in the store; its sha256 finds the server."""
    made = await set_up_feed(served.store, GUILD, rotate=False, now=NOW)
    assert await served.store.feed_tokens.guild_of(token_digest(made.token)) == GUILD
    assert await served.store.feed_tokens.guild_of(made.token) is None
    again = await set_up_feed(served.store, GUILD, rotate=False, now=NOW)
    assert again.token is None  # kept, and cannot be shown again
    assert again.made_at == NOW


async def test_a_servers_feed_is_validated_by_its_etag_alone(served):
    """Its follows keep no time, so it sends no Last-Modified and If-Modified-Since alone
    never gets a 304 (an unfollow must show at once)."""
    path = await feed_path(served.store)
    first = await served.client.get(path)
    assert "Last-Modified" not in first.headers
    since = "Fri, 01 Jan 2100 00:00:00 GMT"
    assert (await served.client.get(path, headers={"If-Modified-Since": since})).status == 200
    assert (
        await served.client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    ).status == 304
