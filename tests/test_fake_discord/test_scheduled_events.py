"""Guild scheduled events through discord.py: create, list, get, edit, delete."""

import datetime as dt

import aiohttp
import discord
import pytest


async def test_scheduled_event_crud(discord_py_client, fake_discord, fake_guild):
    """An external event is created, listed, fetched, edited and deleted."""
    guild = discord_py_client.get_guild(fake_guild.id)
    start = dt.datetime(2030, 5, 1, 9, 0, tzinfo=dt.UTC)
    event = await guild.create_scheduled_event(
        name="Queen of Tears OST Part 9",
        start_time=start,
        end_time=start + dt.timedelta(hours=1),
        entity_type=discord.EntityType.external,
        location="Melon, Genie, Spotify",
        privacy_level=discord.PrivacyLevel.guild_only,
    )
    assert [e.id for e in await guild.fetch_scheduled_events()] == [event.id]
    fetched = await guild.fetch_scheduled_event(event.id)
    assert fetched.start_time == start
    edited = await fetched.edit(name="Queen of Tears OST Part 9 (postponed)")
    assert edited.name.endswith("(postponed)")
    assert fake_guild.scheduled_events[event.id]["name"].endswith("(postponed)")
    await edited.delete()
    assert await guild.fetch_scheduled_events() == []
    with pytest.raises(discord.NotFound):
        await guild.fetch_scheduled_event(event.id)


async def test_external_event_without_location_is_refused(fake_discord, fake_guild):
    """Discord requires a location and an end time for external events (50035)."""
    headers = {"Authorization": f"Bot {fake_discord.token}"}
    body = {
        "name": "x",
        "privacy_level": 2,
        "entity_type": 3,
        "scheduled_start_time": "2030-05-01T09:00:00+00:00",
    }
    async with aiohttp.ClientSession(headers=headers) as http:
        url = f"{fake_discord.api_base}/guilds/{fake_guild.id}/scheduled-events"
        async with http.post(url, json=body) as resp:
            assert resp.status == 400
            error = await resp.json()
    assert error["code"] == 50035
    assert set(error["errors"]) == {"entity_metadata", "scheduled_end_time"}
