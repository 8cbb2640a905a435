"""A server's language in the store (migration 0011), on both engines: the admin's choice,
Discord's preferred locale as the default, and the post locale they make."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

NOW = datetime(2030, 1, 1, tzinfo=UTC)


async def test_the_choice_wins_over_discords_locale_and_none_restores_it(store):
    """No choice: Discord's locale; a choice: it; back to None: Discord's again."""
    await store.servers.set_channel(1, 10, ping_role_id=None, now=NOW)
    settings = await store.servers.get(1)
    assert (settings.language, settings.discord_locale, settings.post_locale) == (None, None, None)
    await store.servers.note_discord_locale(1, "es-ES", now=NOW)
    assert (await store.servers.get(1)).post_locale == "es-ES"
    await store.servers.set_language(1, "ko", now=NOW)
    assert (await store.servers.get(1)).post_locale == "ko"
    await store.servers.set_language(1, None, now=NOW + timedelta(seconds=1))
    settings = (await store.servers.get_many([1]))[1]
    assert (settings.language, settings.post_locale) == (None, "es-ES")


async def test_discords_locale_alone_does_not_make_a_server_configured(store):
    """Noting the locale of a server with no settings leaves it without settings."""
    await store.servers.note_discord_locale(2, "ja", now=NOW)
    assert await store.servers.get(2) is None
