"""/ost remind, /ost unremind, /ost myreminders and the Cancel reminder button."""

from __future__ import annotations

import pytest

from tests.bot.exts.browse.conftest import NOW


@pytest.mark.latency
async def test_remind_confirms_privately_with_a_cancel_button(fake_discord, browse_bot, alice):
    """remind stores the reminder and answers ephemerally with the instant and a button."""
    result = await fake_discord.invoke("ost remind", {"release": "goblin/part-1"}, user=alice)
    assert result.ephemeral
    unix = int(NOW.timestamp()) + 24 * 3600
    assert f"<t:{unix}:F>" in result.content
    button = result.components[0]["components"][0]
    assert button["custom_id"] == "ostbot:unremind:goblin/part-1"
    assert await browse_bot.store.reminders.members("goblin", "part-1") == [alice.user.id]


async def test_remind_twice_is_already_set(fake_discord, browse_bot, alice):
    """A second remind for the same release says it is already set."""
    await fake_discord.invoke("ost remind", {"release": "goblin/part-1"}, user=alice)
    again = await fake_discord.invoke("ost remind", {"release": "goblin/part-1"}, user=alice)
    assert again.ephemeral
    assert "already set" in again.content


async def test_remind_tba_is_allowed(fake_discord, browse_bot, alice):
    """A TBA release can be reminded; the reply says the DM comes when it is out."""
    result = await fake_discord.invoke("ost remind", {"release": "goblin/part-3"}, user=alice)
    assert "not announced yet" in result.content


async def test_remind_past_or_cancelled_is_refused(fake_discord, browse_bot, alice):
    """A past or cancelled release is refused and nothing is stored."""
    past = await fake_discord.invoke("ost remind", {"release": "goblin/old"}, user=alice)
    assert "already came out" in past.content
    gone = await fake_discord.invoke("ost remind", {"release": "goblin/gone"}, user=alice)
    assert "was cancelled" in gone.content
    assert await browse_bot.store.reminders.of_member(alice.user.id) == []


async def test_cancel_button_works_after_restart(fake_discord, start_ostbot, browse_bot, alice):
    """The Cancel reminder button removes the reminder, even from a new bot process."""
    result = await fake_discord.invoke("ost remind", {"release": "goblin/part-2"}, user=alice)
    await browse_bot.close()
    async with start_ostbot(extensions=["bot.exts.browse"], clock=lambda: NOW) as bot:
        pressed = await fake_discord.press_button(
            result.message, "ostbot:unremind:goblin/part-2", user=alice
        )
        assert pressed.content == "Reminder for goblin/part-2 cancelled."
        assert await bot.store.reminders.of_member(alice.user.id) == []


async def test_myreminders_and_unremind(fake_discord, browse_bot, alice):
    """myreminders lists them; unremind (autocompleted from them) cancels one."""
    empty = await fake_discord.invoke("ost myreminders", user=alice)
    assert "no reminders" in empty.content
    await fake_discord.invoke("ost remind", {"release": "goblin/part-1"}, user=alice)
    await fake_discord.invoke("ost remind", {"release": "goblin/part-3"}, user=alice)
    listed = await fake_discord.invoke("ost myreminders", user=alice)
    assert listed.content.index("`goblin/part-1`") < listed.content.index("`goblin/part-3`")
    choices = await fake_discord.autocomplete("ost unremind", "release", user=alice)
    assert [c["value"] for c in choices.choices] == ["goblin/part-1", "goblin/part-3"]
    done = await fake_discord.invoke("ost unremind", {"release": "goblin/part-1"}, user=alice)
    assert done.content == "Reminder for goblin/part-1 cancelled."
    missing = await fake_discord.invoke("ost unremind", {"release": "goblin/part-1"}, user=alice)
    assert "no reminder for goblin/part-1" in missing.content


async def test_remind_in_dms(fake_discord, browse_bot, alice):
    """remind works in a DM (curated releases)."""
    result = await fake_discord.invoke("ost remind", {"release": "goblin/part-2"}, user=alice.user)
    assert result.ephemeral
    assert "goblin/part-2" in result.content


async def test_remind_keeps_the_members_language_for_the_dm(fake_discord, browse_bot, alice):
    """The locale the member's Discord sent with /ost remind is stored for their DM."""
    alice.user.locale = "ko"
    result = await fake_discord.invoke("ost remind", {"release": "goblin/part-1"}, user=alice)
    assert result.ephemeral
    keys = [(alice.user.id, "goblin", "part-1"), (alice.user.id, "goblin", "part-2")]
    assert await browse_bot.store.reminders.locales(keys) == {keys[0]: "ko"}
