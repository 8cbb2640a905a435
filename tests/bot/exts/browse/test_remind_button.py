"""🔔 Remind me on /ost info and "Remind me about…" on /ost upcoming: a DM reminder for the
presser, answered privately with a Cancel button."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.domain import Schedule, Status
from tests.bot.exts.browse.conftest import GOBLIN, add_member, curated

REMIND_PART_1 = "ostbot:remind:goblin/part-1"
PICK = "ostbot:remind-pick"


@pytest.mark.latency
async def test_info_button_sets_a_reminder_privately(fake_discord, browse_bot, alice):
    """Pressing Remind me on /ost info stores the reminder; the answer is ephemeral with Cancel."""
    info = await fake_discord.invoke("ost info", {"release": "goblin/part-1"}, user=alice)
    pressed = await fake_discord.press_button(info.message, REMIND_PART_1, user=alice)
    assert pressed.ephemeral
    assert pressed.content.startswith("🔔 I will DM you about **Goblin** `goblin/part-1`")
    [cancel] = pressed.components[0]["components"]
    assert cancel["custom_id"] == "ostbot:unremind:goblin/part-1"
    assert await browse_bot.store.reminders.members("goblin", "part-1") == [alice.user.id]


async def test_each_presser_gets_their_own_reminder(fake_discord, fake_guild, browse_bot, alice):
    """Someone else pressing the same button sets a reminder of their own; twice → already set."""
    bob = add_member(fake_discord, fake_guild, "bob")
    info = await fake_discord.invoke("ost info", {"release": "goblin/part-1"}, user=alice)
    await fake_discord.press_button(info.message, REMIND_PART_1, user=alice)
    await fake_discord.press_button(info.message, REMIND_PART_1, user=bob)
    again = await fake_discord.press_button(info.message, REMIND_PART_1, user=alice)
    assert again.ephemeral
    assert "already set" in again.content
    users = await browse_bot.store.reminders.members("goblin", "part-1")
    assert sorted(users) == sorted([alice.user.id, bob.user.id])


async def test_info_of_a_past_or_cancelled_release_has_no_remind_button(
    fake_discord, browse_bot, alice
):
    """Only upcoming and TBA releases offer Remind me."""
    for key in ("goblin/old", "goblin/gone"):
        info = await fake_discord.invoke("ost info", {"release": key}, user=alice)
        ids = [b.get("custom_id") for row in info.components for b in row["components"]]
        assert not any(i and i.startswith("ostbot:remind:") for i in ids)
    tba = await fake_discord.invoke("ost info", {"release": "goblin/part-3"}, user=alice)
    pressed = await fake_discord.press_button(
        tba.message, "ostbot:remind:goblin/part-3", user=alice
    )
    assert "not announced yet" in pressed.content


async def test_a_button_for_a_release_cancelled_since_explains(fake_discord, browse_bot, alice):
    """A stale button (the release was cancelled after it was shown) answers a private error."""
    info = await fake_discord.invoke("ost info", {"release": "goblin/part-1"}, user=alice)
    releases = [replace(r, status=Status.CANCELLED) if r.id == "part-1" else r for r in curated()]
    now = browse_bot.clock()
    await browse_bot.store.releases.import_schedules(
        [Schedule("goblin.toml", GOBLIN, tuple(releases))], now=now
    )
    pressed = await fake_discord.press_button(info.message, REMIND_PART_1, user=alice)
    assert pressed.ephemeral
    assert "was cancelled" in pressed.content
    assert await browse_bot.store.reminders.of_member(alice.user.id) == []


@pytest.mark.latency
async def test_upcoming_select_offers_the_page_and_sets_one(fake_discord, browse_bot, alice):
    """The select lists the page's remindable releases; picking one sets that reminder."""
    page = await fake_discord.invoke("ost upcoming", user=alice)
    [select] = [c for row in page.components for c in row["components"] if c["type"] == 3]
    assert select["custom_id"] == PICK
    values = [o["value"] for o in select["options"]]
    assert values[:2] == ["goblin/part-1", "goblin/part-2"]
    assert "goblin/gone" not in values  # cancelled
    picked = await fake_discord.press_button(
        page.message, PICK, user=alice, values=["goblin/part-2"]
    )
    assert picked.ephemeral
    assert "`goblin/part-2`" in picked.content
    assert [r.key for r in await browse_bot.store.reminders.of_member(alice.user.id)] == [
        "goblin/part-2"
    ]


async def test_upcoming_select_refuses_a_past_release(fake_discord, browse_bot, alice):
    """A value for a release already out is refused privately, and nothing is stored."""
    page = await fake_discord.invoke("ost upcoming", user=alice)
    picked = await fake_discord.press_button(page.message, PICK, user=alice, values=["goblin/old"])
    assert picked.ephemeral
    assert "already came out" in picked.content
    assert await browse_bot.store.reminders.of_member(alice.user.id) == []


async def test_remind_button_works_after_a_restart(fake_discord, start_ostbot, browse_bot, alice):
    """The release travels in the custom_id: a new bot process answers the press."""
    info = await fake_discord.invoke("ost info", {"release": "goblin/part-2"}, user=alice)
    await browse_bot.close()
    async with start_ostbot(extensions=["bot.exts.browse"], clock=browse_bot.clock) as bot:
        pressed = await fake_discord.press_button(
            info.message, "ostbot:remind:goblin/part-2", user=alice
        )
        assert pressed.content.startswith("🔔 I will DM you")
        assert await bot.store.reminders.members("goblin", "part-2") == [alice.user.id]
