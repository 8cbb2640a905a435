"""Posts in each server's language: the one an admin chose, else the server's own language in
Discord; the same release, packed once, reads Spanish in one channel and English in another."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from bot.i18n import language
from bot.render import PERSONAL_OUT_NOW
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


async def test_a_personal_reminder_dm_is_in_the_members_language(world, start_bot):
    """A member who set their reminder in Korean gets a Korean DM, one who set it before the
    language was stored (or in an unsupported one) an English DM."""
    await world.server("fans")
    minji = world.fake.add_user("minji")
    alice = world.fake.add_user("alice")
    at = whole_seconds_from_now(1)
    await world.publish(schedule(release("part-1", at, part=1)))
    assert await world.store.reminders.add(minji.id, "d", "part-1", now=at, locale="ko")
    assert await world.store.reminders.add(alice.id, "d", "part-1", now=at)
    assert await world.store.reminders.locales([(minji.id, "d", "part-1")]) == {
        (minji.id, "d", "part-1"): "ko"
    }
    async with start_bot() as announcer:
        opened = await world.fake.wait_for_request("POST /users/@me/channels", 2, timeout=5)
        channels = {int(o.json["recipient_id"]): int(o.response["id"]) for o in opened}
        [korean] = await world.fake.wait_for_messages(channels[minji.id], 1, timeout=5)
        [english] = await world.fake.wait_for_messages(channels[alice.id], 1, timeout=5)
        await announcer.dispatcher.idle.wait()
    assert korean["content"] == "🔔 신청하신 알림: 지금 공개"
    assert english["content"] == "🔔 Your reminder: out now"
    assert korean["embeds"][0]["description"].startswith("노래 **Singer**\n<t:")


async def test_the_languages_of_a_batch_of_dms_are_read_in_one_query(world, start_bot):
    """Five members' DMs of one drop, set in four languages and none: each reads its member's
    language, and those languages come from the store in one query, not one per DM."""
    await world.server("fans")
    locales = {"a": "ko", "b": "ja", "c": None, "d": "ko", "e": "es-ES"}
    members = {name: world.fake.add_user(name) for name in locales}
    at = whole_seconds_from_now(1)
    await world.publish(schedule(release("part-1", at, part=1)))
    for name, member in members.items():
        assert await world.store.reminders.add(
            member.id, "d", "part-1", now=at, locale=locales[name]
        )
    database = world.store.database
    fetchall = database.fetchall
    reads: list[str] = []

    async def recording(sql: str, parameters: Any = ()) -> Any:
        if "FROM personal_reminders" in sql and "locale" in sql:
            reads.append(sql)
        return await fetchall(sql, parameters)

    database.fetchall = recording
    try:
        async with start_bot() as announcer:
            opened = await world.fake.wait_for_request("POST /users/@me/channels", 5, timeout=5)
            channels = {int(o.json["recipient_id"]): int(o.response["id"]) for o in opened}
            for member in members.values():
                await world.fake.wait_for_messages(channels[member.id], 1, timeout=5)
            await announcer.dispatcher.idle.wait()
    finally:
        database.fetchall = fetchall
    for name, member in members.items():
        [dm] = world.fake.messages_in(channels[member.id])
        assert dm["content"] == language(locales[name]).gettext(PERSONAL_OUT_NOW), name
    assert len(reads) == 1, reads
