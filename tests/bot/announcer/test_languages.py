"""Posts in each server's language: the one an admin chose, else the server's own language in
Discord; the same release, packed once, reads Spanish in one channel and English in another."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.bot.announcer.conftest import release, schedule, whole_seconds_from_now


async def test_a_server_set_to_spanish_gets_spanish_announcements(world, start_bot):
    """Spanish, Korean (Discord's server language, no choice made) and English servers each
    read the same drop in their own language; the <t:…> markup is untouched."""
    spanish = await world.server("es")
    korean = await world.server("ko")
    english = await world.server("en")
    now = datetime.now(UTC)
    await world.store.servers.set_language(world.guild_of[spanish], "es-ES", now=now)
    await world.store.servers.note_discord_locale(world.guild_of[korean], "ko", now=now)
    at = whole_seconds_from_now(1)
    await world.publish(schedule(release("part-1", at, part=1)))
    async with start_bot() as announcer:
        for channel in (spanish, korean, english):
            await world.fake.wait_for_messages(channel, 1, timeout=5)
        await announcer.dispatcher.idle.wait()
    [es] = world.fake.messages_in(spanish)
    [ko] = world.fake.messages_in(korean)
    [en] = world.fake.messages_in(english)
    assert es["content"] == "🎵 Ya disponible"
    assert ko["content"] == "🎵 지금 공개"
    assert en["content"] == "🎵 Out now"
    assert (
        es["embeds"][0]["title"] == en["embeds"][0]["title"] == 'Drama d OST Part 1 "Song part-1"'
    )
    assert es["embeds"][0]["description"].startswith("de **Singer**\n<t:")
    assert en["embeds"][0]["description"].startswith("by **Singer**\n<t:")
    assert f"<t:{int(at.timestamp())}:F>" in es["embeds"][0]["description"]


async def test_reminders_and_their_button_follow_the_server_language(world, start_bot):
    """A reminder post in a Spanish server: Spanish countdown line and Remind-me button."""
    channel = await world.server("es")
    guild = world.guild_of[channel]
    now = datetime.now(UTC)
    await world.store.servers.set_language(guild, "es-ES", now=now)
    await world.store.servers.set_reminders(guild, [timedelta(seconds=1)], now=now)
    at = whole_seconds_from_now(2)
    await world.publish(schedule(release("part-1", at)))
    async with start_bot() as announcer:
        await world.fake.wait_for_messages(channel, 2, timeout=10)
        await announcer.dispatcher.idle.wait()
    reminder, announcement = world.fake.messages_in(channel)
    assert reminder["content"] == f"⏰ Sale <t:{int(at.timestamp())}:R>"
    [row] = reminder["components"]
    assert row["components"][0]["label"] == "🔔 Recuérdamelo"
    assert announcement["content"] == "🎵 Ya disponible"
