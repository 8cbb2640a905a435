"""/ost upcoming: time order, TBA last, Discord timestamps, pages that survive a restart."""

from __future__ import annotations

import pytest

from tests.bot.exts.browse.conftest import NOW, add_member


@pytest.mark.latency
async def test_lists_soonest_first_with_timestamps(fake_discord, browse_bot, alice):
    """The first page lists the next drops in time order with <t:…:F> and <t:…:R>."""
    result = await fake_discord.invoke("ost upcoming", user=alice)
    text = result.embeds[0]["description"]
    unix = int(NOW.timestamp()) + 24 * 3600
    assert f"<t:{unix}:F> (<t:{unix}:R>)" in text
    assert text.index("Stay With Me") < text.index("Beautiful") < text.index("Maybe Song")
    assert "Old Song" not in text  # already out
    assert "time unconfirmed" in text.split("Maybe Song")[1].split("\n\n")[0]


@pytest.mark.latency
async def test_next_page_then_tba_last(fake_discord, browse_bot, alice):
    """Next shows page 2, which ends with the TBA release; Previous comes back."""
    first = await fake_discord.invoke("ost upcoming", user=alice)
    next_id = first.components[0]["components"][1]["custom_id"]
    second = await fake_discord.press_button(first.message, next_id, user=alice)
    text = second.embeds[0]["description"]
    assert text.rstrip().splitlines()[-2].startswith("**Goblin (도깨비)** Part 3")
    assert "TBA" in text.rstrip().splitlines()[-1]
    assert second.embeds[0]["footer"]["text"].startswith("Page 2")
    previous = second.message["components"][0]["components"][0]["custom_id"]
    back = await fake_discord.press_button(second.message, previous, user=alice)
    assert back.embeds[0]["footer"]["text"].startswith("Page 1")


async def test_only_the_invoker_may_page(fake_discord, fake_guild, browse_bot, alice):
    """Someone else pressing Next is told, privately, to run the command themselves."""
    bob = add_member(fake_discord, fake_guild, "bob")
    first = await fake_discord.invoke("ost upcoming", user=alice)
    next_id = first.components[0]["components"][1]["custom_id"]
    pressed = await fake_discord.press_button(first.message, next_id, user=bob)
    assert pressed.ephemeral
    assert "run /ost upcoming yourself" in pressed.content


async def test_paging_works_after_a_restart(fake_discord, start_ostbot, browse_bot, alice):
    """The page and filters live in the custom_id: a new bot process still pages."""
    first = await fake_discord.invoke("ost upcoming", {"artist": "crush"}, user=alice)
    assert "Beautiful" in first.embeds[0]["description"]
    # One page only: no page buttons, only the "Remind me about…" select.
    assert [c["type"] for row in first.components for c in row["components"]] == [3]
    full = await fake_discord.invoke("ost upcoming", user=alice)
    next_id = full.components[0]["components"][1]["custom_id"]
    await browse_bot.close()
    async with start_ostbot(extensions=["bot.exts.browse"], clock=lambda: NOW):
        pressed = await fake_discord.press_button(full.message, next_id, user=alice)
    assert pressed.embeds[0]["footer"]["text"].startswith("Page 2")


async def test_unknown_drama_filter_says_nothing_matches(fake_discord, browse_bot, alice):
    """A filter that matches nothing says so instead of an empty list."""
    result = await fake_discord.invoke("ost upcoming", {"drama": "nope"}, user=alice)
    assert result.embeds[0]["description"] == "Nothing upcoming matches."


async def test_filters_autocomplete(fake_discord, browse_bot, alice):
    """drama autocompletes over dramas (Korean too), artist over artists."""
    dramas = await fake_discord.autocomplete("ost upcoming", "drama", {"drama": "도깨"}, user=alice)
    assert dramas.choices[0]["value"] == "goblin"
    artists = await fake_discord.autocomplete(
        "ost upcoming", "artist", {"artist": "chan"}, user=alice
    )
    assert artists.choices[0] == {"name": "Chanyeol", "value": "Chanyeol"}
