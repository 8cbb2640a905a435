"""The whole bot: a 🔔 Remind me press turns into one DM at the release's instant, through the
announcer's ledger, also when the bot restarts in between."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from bot.app import OstBot
from bot.domain import DM
from tests.bot.announcer.conftest import (
    EVERYTHING,
    created_at,
    release,
    schedule,
    whole_seconds_from_now,
)
from tests.fake_discord import FakeDiscord

REMIND = "ostbot:remind:d/part-1"
OPEN_DM = "POST /users/@me/channels"


async def publish(bot: OstBot, at: datetime) -> None:
    """Release d/part-1 at ``at``, and tell the announcer at once."""
    await bot.store.releases.import_schedules(
        [schedule(release("part-1", at))], now=datetime.now(UTC)
    )
    await bot.services.announcer.releases_changed()


async def one_dm(fake: FakeDiscord, bot: OstBot) -> dict[str, Any]:
    """The DM that arrives; once the announcer is idle, it is still the only one."""
    [opened] = await fake.wait_for_request(OPEN_DM, 1, timeout=10)
    dm_channel = int(opened.response["id"])
    [dm] = await fake.wait_for_messages(dm_channel, 1, timeout=10)
    announcer = bot.services.announcer
    await announcer.dispatcher.idle.wait()
    await announcer.releases_changed()  # a later sweep owes nothing more
    await announcer.dispatcher.idle.wait()
    assert len(fake.messages_in(dm_channel)) == 1
    return dm


async def test_press_on_a_server_reminder_post_dms_once_at_the_instant(
    fake_discord, fake_guild, start_ostbot, alice
):
    """The server's countdown post has Remind me; a press → one DM when it comes out. The
    "out now" announcement has no such button."""
    channel = fake_guild.add_text_channel("ost")
    async with start_ostbot() as bot:
        now = datetime.now(UTC)
        await bot.store.servers.follow(fake_guild.id, EVERYTHING, now=now)
        await bot.store.servers.set_channel(fake_guild.id, channel.id, ping_role_id=None, now=now)
        await bot.store.servers.set_reminders(fake_guild.id, [timedelta(seconds=2)], now=now)
        await bot.services.announcer.settings_changed()
        at = whole_seconds_from_now(3)
        await publish(bot, at)
        [countdown] = await fake_discord.wait_for_messages(channel.id, 1, timeout=10)
        assert countdown["content"].startswith("⏰ Out")
        pressed = await fake_discord.press_button(countdown, REMIND, user=alice)
        assert pressed.ephemeral
        assert pressed.components[0]["components"][0]["custom_id"] == "ostbot:unremind:d/part-1"
        dm = await one_dm(fake_discord, bot)
        _, announcement = await fake_discord.wait_for_messages(channel.id, 2, timeout=10)
    assert dm["content"] == "🔔 Your reminder: out now"
    assert created_at(dm) >= at
    assert not announcement.get("components")  # "out now": nothing left to be reminded of


async def test_a_press_before_a_restart_is_one_dm_after_it(
    fake_discord, fake_guild, start_ostbot, alice
):
    """Press, stop the bot, start it again on the same database: exactly one DM, on time."""
    async with start_ostbot() as bot:
        at = whole_seconds_from_now(4)
        await publish(bot, at)
        info = await fake_discord.invoke("ost info", {"release": "d/part-1"}, user=alice)
        pressed = await fake_discord.press_button(info.message, REMIND, user=alice)
        assert pressed.content.startswith("🔔 I will DM you")
    assert not fake_discord.requests_to(OPEN_DM)  # nothing was due before the stop
    async with start_ostbot() as bot:
        dm = await one_dm(fake_discord, bot)
        rows = await bot.store.ledger.for_release("d", "part-1")
    assert created_at(dm) >= at
    assert [(r.user_id, r.channel_id, r.state) for r in rows if r.kind == DM] == [
        (alice.user.id, None, "sent")
    ]
