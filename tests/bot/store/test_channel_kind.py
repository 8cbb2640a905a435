"""A server's announcement channel keeps its kind (news or text) for processes without its
gateway cache."""

from __future__ import annotations

from tests.bot.store.builders import NOW

GUILD, CHANNEL, OTHER = 1, 10, 20


async def test_set_up_keeps_the_kind_and_an_older_set_up_knows_none(store):
    """``news`` given at set-up is read back; a set-up without it stores no kind."""
    await store.servers.set_channel(GUILD, CHANNEL, ping_role_id=None, now=NOW, news=True)
    assert (await store.servers.get(GUILD)).channel_news is True
    await store.servers.set_channel(GUILD, CHANNEL, ping_role_id=None, now=NOW, news=False)
    assert (await store.servers.get_many([GUILD]))[GUILD].channel_news is False
    await store.servers.set_channel(GUILD, OTHER, ping_role_id=None, now=NOW)
    assert (await store.servers.get(GUILD)).channel_news is None


async def test_a_conversion_is_noted_for_the_announcement_channel_only(store):
    """A converted channel changes the stored kind only if it is the server's channel."""
    await store.servers.set_channel(GUILD, CHANNEL, ping_role_id=None, now=NOW, news=False)
    await store.servers.note_channel_kind(GUILD, OTHER, True, now=NOW)
    assert (await store.servers.get(GUILD)).channel_news is False
    await store.servers.note_channel_kind(GUILD, CHANNEL, True, now=NOW)
    assert (await store.servers.get(GUILD)).channel_news is True
