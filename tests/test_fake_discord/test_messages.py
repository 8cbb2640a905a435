"""Messages through discord.py against the fake: limits, nonces, permissions, files, DMs."""

import asyncio
import io

import discord
import pytest
from discord.ext import commands

from tests.fake_discord import FakeDiscord, Guild, permissions


def text_channel(bot: commands.Bot, guild: Guild, name: str = "general") -> discord.TextChannel:
    channel = discord.utils.get(bot.get_guild(guild.id).text_channels, name=name)
    assert channel is not None
    return channel


async def test_send_is_stored_and_echoed_over_the_gateway(
    discord_py_client, fake_discord, fake_guild
):
    """A sent message is stored, returned to the client, and comes back as MESSAGE_CREATE."""
    channel = text_channel(discord_py_client, fake_guild)
    echoed = asyncio.ensure_future(discord_py_client.wait_for("message", timeout=5))
    sent = await channel.send("hello", allowed_mentions=discord.AllowedMentions.none())
    assert (await echoed).id == sent.id
    [stored] = await fake_discord.wait_for_messages(channel.id, 1)
    assert stored["content"] == "hello"
    assert fake_discord.body_of(stored)["allowed_mentions"] == {"parse": []}


async def test_embed_over_limit_is_refused_with_invalid_form_body(discord_py_client, fake_guild):
    """A 257-character embed title gets Discord's 400 with code 50035."""
    channel = text_channel(discord_py_client, fake_guild)
    with pytest.raises(discord.HTTPException) as err:
        await channel.send(embed=discord.Embed(title="x" * 257))
    assert err.value.status == 400
    assert err.value.code == 50035
    assert "embeds.0.title" in err.value.text


async def test_total_embed_size_and_link_buttons_are_validated(discord_py_client, fake_guild):
    """Six embeds of 1,001 characters exceed 6,000 in all; a link button needs an http(s) url."""
    channel = text_channel(discord_py_client, fake_guild)
    with pytest.raises(discord.HTTPException) as err:
        await channel.send(embeds=[discord.Embed(description="d" * 1001) for _ in range(6)])
    assert err.value.code == 50035
    view = discord.ui.View()
    view.add_item(discord.ui.Button(label="MV", url="ftp://example.com/mv"))
    with pytest.raises(discord.HTTPException) as err:
        await channel.send("x", view=view)
    assert "components.0.components.0.url" in err.value.text


async def test_enforced_nonce_returns_the_first_message(
    discord_py_client, fake_discord, fake_guild
):
    """Sending twice with one nonce (enforce_nonce) yields the same message, stored once."""
    channel = text_channel(discord_py_client, fake_guild)
    first = await channel.send("drop!", nonce="release-1:ch")
    second = await channel.send("drop!", nonce="release-1:ch")
    assert first.id == second.id
    assert len(fake_discord.messages_in(channel.id)) == 1


async def test_missing_permissions_give_discords_403_codes(discord_py_client, fake_guild):
    """No SEND_MESSAGES -> 50013, no VIEW_CHANNEL -> 50001, no EMBED_LINKS -> 50013 for embeds."""
    general = fake_guild.channels[text_channel(discord_py_client, fake_guild).id]
    channel = text_channel(discord_py_client, fake_guild)
    general.deny_bot(permissions.SEND_MESSAGES)
    with pytest.raises(discord.Forbidden) as err:
        await channel.send("x")
    assert err.value.code == 50013
    general.deny_bot(permissions.VIEW_CHANNEL)
    with pytest.raises(discord.Forbidden) as err:
        await channel.send("x")
    assert err.value.code == 50001
    general.deny_bot(permissions.EMBED_LINKS)
    await channel.send("plain text still works")
    with pytest.raises(discord.Forbidden):
        await channel.send(embed=discord.Embed(title="t"))


async def test_multipart_upload_records_the_bytes(discord_py_client, fake_discord, fake_guild):
    """A file upload is parsed: payload_json becomes the body, the bytes are kept."""
    channel = text_channel(discord_py_client, fake_guild)
    ics = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    msg = await channel.send("calendar", file=discord.File(io.BytesIO(ics), "drop.ics"))
    assert msg.attachments[0].filename == "drop.ics"
    [record] = fake_discord.requests_to("POST /channels/{channel_id}/messages")
    assert record.json["content"] == "calendar"
    assert record.files[0].data == ics


async def test_edit_get_and_delete(discord_py_client, fake_discord, fake_guild):
    """Edits change the stored message; fetch returns it; delete removes it."""
    channel = text_channel(discord_py_client, fake_guild)
    msg = await channel.send("v1")
    await msg.edit(content="v2")
    assert (await channel.fetch_message(msg.id)).content == "v2"
    await msg.delete()
    assert fake_discord.messages_in(channel.id) == []
    with pytest.raises(discord.NotFound):
        await channel.fetch_message(msg.id)


async def test_dm_create_and_send(discord_py_client, fake_discord, fake_guild):
    """The bot opens a DM with a user and posts in it."""
    alice = next(m.user for m in fake_guild.members.values() if m.user.username == "alice")
    user = await discord_py_client.fetch_user(alice.id)
    msg = await user.send("your OST drops soon")
    dm = fake_discord.open_dm(alice)
    assert msg.channel.id == dm.id
    [stored] = fake_discord.messages_in(dm.id)
    assert stored["content"] == "your OST drops soon"


async def test_crosspost_in_announcement_channel(discord_py_client, fake_discord, fake_guild):
    """Publishing sets the CROSSPOSTED flag; publishing twice is refused (40033)."""
    news = text_channel(discord_py_client, fake_guild, "ost-news")
    msg = await news.send("OST part 3 is out")
    await msg.publish()
    [stored] = fake_discord.messages_in(news.id)
    assert stored["flags"] & 1
    with pytest.raises(discord.HTTPException) as err:
        await msg.publish()
    assert err.value.code == 40033


async def test_user_message_reaches_the_bot(
    discord_py_client, fake_discord: FakeDiscord, fake_guild
):
    """fake.user_says delivers a MESSAGE_CREATE authored by that user."""
    alice = next(m.user for m in fake_guild.members.values() if m.user.username == "alice")
    channel = text_channel(discord_py_client, fake_guild)
    got = asyncio.ensure_future(discord_py_client.wait_for("message", timeout=5))
    fake_discord.user_says(fake_guild.channels[channel.id], alice, "when is the drop?")
    message = await got
    assert message.author.id == alice.id
    assert message.content == "when is the drop?"
