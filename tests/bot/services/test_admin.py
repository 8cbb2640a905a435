"""The admin services called directly: validation first, one server's rows only."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain import Follow, FollowKind, NotFound, OstbotError
from bot.domain.durations import DurationError
from bot.services import admin, admin_choices
from bot.store import open_store
from tests.bot.exts.admin.conftest import NOW, SCHEDULES

A, B = 1, 2


@pytest.fixture
async def store(tmp_path):
    async with await open_store(tmp_path / "ostbot.sqlite3") as opened:
        await opened.releases.import_schedules(SCHEDULES, now=NOW)
        yield opened


async def test_find_drama_by_id_in_any_case_or_exact_title(store):
    """Ids match in any case; a title only when typed in full."""
    assert (await admin.find_drama(store, A, "GOBLIN")).id == "goblin"
    assert (await admin.find_drama(store, A, "signal")).id == "signal"
    assert (await admin.find_drama(store, A, "Signal")).id == "signal"
    with pytest.raises(NotFound, match='There is no drama "Gob"'):
        await admin.find_drama(store, A, "Gob")
    with pytest.raises(NotFound, match="Name a drama"):
        await admin.find_drama(store, A, "  ")


async def test_a_drama_title_in_markdown_is_escaped(store):
    """What the user typed is echoed without markdown effects."""
    with pytest.raises(NotFound, match=r'"\\\*\\\*bold\\\*\\\*"'):
        await admin.find_drama(store, A, "**bold**")


async def test_follow_artist_limits_and_spelling(store):
    """Whitespace is tidied, long names refused, known artists take the stored spelling."""
    assert await admin.follow_artist(store, A, "  kim   yoon-ah ", now=NOW) == (
        "Kim Yoon-ah",
        True,
    )
    assert await admin.follow_artist(store, A, "New Voice", now=NOW) == ("New Voice", False)
    with pytest.raises(OstbotError, match="at most 100 characters"):
        await admin.follow_artist(store, A, "x" * 101, now=NOW)
    assert [f.value for f in await store.servers.follows(A)] == ["Kim Yoon-ah", "New Voice"]


async def test_unfollow_touches_only_the_asking_server(store):
    """Server B unfollowing A's follow fails and A keeps it; A's own unfollow works."""
    follow = Follow(FollowKind.DRAMA, "goblin")
    await store.servers.follow(A, follow, now=NOW)
    with pytest.raises(admin.AlreadyDone):
        await admin.unfollow(store, B, FollowKind.DRAMA, "goblin")
    assert await store.servers.follows(A) == [follow]
    assert await admin.unfollow(store, A, FollowKind.DRAMA, "GOBLIN") == follow
    assert await store.servers.follows(A) == []


async def test_refused_reminders_and_catchup_store_nothing(store):
    """Bad input raises before any write: the server has no settings row afterwards."""
    with pytest.raises(DurationError):
        await admin.set_reminders(store, A, "5 minutes", now=NOW)
    with pytest.raises(OstbotError, match="0 to 72 hours"):
        await admin.set_catchup(store, A, 73, now=NOW)
    assert await store.servers.get(A) is None
    assert await admin.set_catchup(store, A, 0, now=NOW) == timedelta(0)


async def test_followed_choices_are_the_servers_own(store):
    """Unfollow suggestions come from this server's follows only, filtered by the text."""
    await store.servers.follow(A, Follow(FollowKind.ARTIST, "Crush"), now=NOW)
    await store.servers.follow(A, Follow(FollowKind.ARTIST, "Ailee"), now=NOW)
    assert await admin_choices.followed_choices(store, A, FollowKind.ARTIST, "cr") == [
        ("Crush", "Crush")
    ]
    assert await admin_choices.followed_choices(store, B, FollowKind.ARTIST, "") == []


async def test_followed_drama_gone_from_the_schedule_is_labelled(store):
    """A followed drama id no drama has any more still shows, marked as gone."""
    await store.servers.follow(A, Follow(FollowKind.DRAMA, "vanished"), now=NOW)
    assert await admin.follow_lines(store, A) == ["drama: vanished (no longer in the schedule)"]
    assert await admin_choices.followed_choices(store, A, FollowKind.DRAMA, "") == [
        ("vanished (no longer in the schedule)", "vanished")
    ]
