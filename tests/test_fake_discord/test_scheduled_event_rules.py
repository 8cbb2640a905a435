"""Scheduled events follow Discord's rules: 100 open per server, no start in the past, only the
documented status changes, and external events starting and ending by themselves."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

import aiohttp
import discord
import pytest

from tests.fake_discord import FakeDiscord, Guild
from tests.fake_discord.clients import connected, make_bot

SCHEDULED, ACTIVE, COMPLETED, CANCELED = 1, 2, 3, 4


class Api:
    """Raw REST against the fake, as the bot's HTTP layer would send it."""

    def __init__(self, fake: FakeDiscord, guild: Guild, http: aiohttp.ClientSession) -> None:
        self.fake, self.guild, self.http = fake, guild, http
        self.base = f"{fake.api_base}/guilds/{guild.id}/scheduled-events"

    async def call(self, method: str, url: str, body: Any = None) -> tuple[int, Any]:
        async with self.http.request(method, url, json=body) as resp:
            text = await resp.text()
            return resp.status, (await resp.json()) if text else None

    async def create(self, start_in: timedelta = timedelta(hours=1), **kw: Any) -> tuple[int, Any]:
        start = self.fake.clock.now() + start_in
        body = {
            "name": "OST Part 1",
            "privacy_level": 2,
            "entity_type": 3,
            "entity_metadata": {"location": "Melon"},
            "scheduled_start_time": start.isoformat(),
            "scheduled_end_time": (start + timedelta(hours=1)).isoformat(),
            **kw,
        }
        return await self.call("POST", self.base, body)

    async def edit(self, event_id: str, **body: Any) -> tuple[int, Any]:
        return await self.call("PATCH", f"{self.base}/{event_id}", body)

    async def get(self, event_id: str) -> dict[str, Any]:
        status, event = await self.call("GET", f"{self.base}/{event_id}")
        assert status == 200
        return event


@pytest.fixture
async def api(fake_discord: FakeDiscord, fake_guild: Guild):
    fake_discord.rate_limits.enabled = False  # 100 creations in a row; limits are not the point
    headers = {"Authorization": f"Bot {fake_discord.token}"}
    async with aiohttp.ClientSession(headers=headers) as http:
        yield Api(fake_discord, fake_guild, http)


async def _fill(api: Api, count: int) -> list[str]:
    ids = []
    for _ in range(count):
        status, event = await api.create()
        assert status == 200
        ids.append(event["id"])
    return ids


async def test_the_101st_open_event_is_refused_with_30038(api: Api):
    """100 scheduled events fit; the next gets 400 30038 and is not created."""
    await _fill(api, 100)
    status, error = await api.create()
    assert (status, error["code"]) == (400, 30038)
    assert "Maximum number of uncompleted guild scheduled events reached" in error["message"]
    assert len(api.guild.scheduled_events) == 100


@pytest.mark.parametrize("free_by", ["cancel", "delete", "complete", "end by itself"])
async def test_a_slot_frees_when_an_event_is_no_longer_open(api: Api, free_by: str):
    """Cancelled, deleted and completed events do not count against the 100."""
    ids = await _fill(api, 100)
    if free_by == "cancel":
        assert (await api.edit(ids[0], status=CANCELED))[0] == 200
    elif free_by == "delete":
        assert (await api.call("DELETE", f"{api.base}/{ids[0]}"))[0] == 204
    elif free_by == "complete":
        assert (await api.edit(ids[0], status=ACTIVE))[0] == 200
        assert (await api.edit(ids[0], status=COMPLETED))[0] == 200
    else:
        api.fake.clock.advance(3 * 3600)  # every event started and ended: all 100 free
    assert (await api.create(start_in=timedelta(hours=5)))[0] == 200


async def test_active_events_count_against_the_cap(api: Api):
    """An event that started is still open: 100 active ones fill the server too."""
    await _fill(api, 100)
    api.fake.clock.advance(3600 + 1)  # all started, none ended
    assert {e["status"] for e in api.guild.scheduled_events.values()} == {ACTIVE}
    status, error = await api.create()
    assert (status, error["code"]) == (400, 30038)


@pytest.mark.parametrize(
    "start_in",
    [timedelta(days=-400), timedelta(hours=-1), timedelta(minutes=-1), timedelta(seconds=-5)],
)
async def test_a_start_in_the_past_is_refused(api: Api, start_in: timedelta):
    """Creating, or moving a scheduled event's start, into the past: 400 50035 SCHEDULE_PAST."""
    status, error = await api.create(start_in=start_in)
    assert (status, error["code"]) == (400, 50035)
    codes = [e["code"] for e in error["errors"]["scheduled_start_time"]["_errors"]]
    assert codes == ["GUILD_SCHEDULED_EVENT_SCHEDULE_PAST"]
    status, event = await api.create()
    past = api.fake.clock.now() + start_in
    status, error = await api.edit(event["id"], scheduled_start_time=past.isoformat())
    assert (status, error["code"]) == (400, 50035)
    assert (await api.get(event["id"]))["scheduled_start_time"] == event["scheduled_start_time"]


async def test_past_is_judged_on_the_fakes_clock(api: Api):
    """A start that was future becomes past once the fake's clock passes it."""
    start = api.fake.clock.now() + timedelta(hours=2)
    api.fake.clock.advance(3 * 3600)
    status, _ = await api.create(
        start_in=start - api.fake.clock.now(), name="Too late", scheduled_end_time=None
    )
    assert status == 400


async def _in_status(api: Api, status: int) -> str:
    _, event = await api.create()
    path = {SCHEDULED: [], ACTIVE: [ACTIVE], COMPLETED: [ACTIVE, COMPLETED], CANCELED: [CANCELED]}
    for step in path[status]:
        assert (await api.edit(event["id"], status=step))[0] == 200
    return event["id"]


ALLOWED = {(SCHEDULED, ACTIVE), (SCHEDULED, CANCELED), (ACTIVE, COMPLETED)}
PAIRS = [(a, b) for a in (1, 2, 3, 4) for b in (1, 2, 3, 4) if a != b]


@pytest.mark.parametrize(("before", "after"), PAIRS)
async def test_only_the_documented_status_changes_are_allowed(api: Api, before: int, after: int):
    """SCHEDULED->ACTIVE|CANCELED and ACTIVE->COMPLETED pass; others get 400, nothing changes."""
    event_id = await _in_status(api, before)
    status, answer = await api.edit(event_id, status=after)
    if (before, after) in ALLOWED:
        assert (status, answer["status"]) == (200, after)
    else:
        assert status == 400
        # Finished events cannot be edited at all (180000); the rest is a form error.
        assert answer["code"] == (180000 if before in (COMPLETED, CANCELED) else 50035)
        assert (await api.get(event_id))["status"] == before


@pytest.mark.parametrize("change", [{"name": "Renamed"}, {"description": "New"}])
async def test_a_finished_event_cannot_be_edited(api: Api, change: dict[str, str]):
    """Any edit of a completed or cancelled event: 400 180000 Cannot update a finished event."""
    for before in (COMPLETED, CANCELED):
        event_id = await _in_status(api, before)
        status, error = await api.edit(event_id, **change)
        assert (status, error["code"]) == (400, 180000)


def _at(value: str) -> datetime:
    return datetime.fromisoformat(value)


async def test_an_external_event_starts_and_ends_by_itself(api: Api):
    """On the fake's clock: SCHEDULED until its start, ACTIVE until its end, then COMPLETED."""
    _, event = await api.create(start_in=timedelta(minutes=30))
    clock = api.fake.clock
    start, end = _at(event["scheduled_start_time"]), _at(event["scheduled_end_time"])
    clock.advance((start - clock.now()).total_seconds() - 60)
    assert (await api.get(event["id"]))["status"] == SCHEDULED
    clock.advance(61)
    assert (
        api.guild.scheduled_events[int(event["id"])]["status"] == ACTIVE
    )  # on advance, no request
    clock.advance((end - clock.now()).total_seconds() - 60)
    assert (await api.get(event["id"]))["status"] == ACTIVE
    clock.advance(61)
    assert (await api.get(event["id"]))["status"] == COMPLETED


async def test_voice_events_do_not_start_by_themselves(api: Api):
    """Only EXTERNAL events are started by Discord; a voice event waits for someone to start it."""
    voice = api.guild.add_voice_channel("Listening party")
    _, event = await api.create(
        entity_type=2, channel_id=str(voice.id), entity_metadata=None, scheduled_end_time=None
    )
    api.fake.clock.advance(2 * 3600)
    assert (await api.get(event["id"]))["status"] == SCHEDULED


@pytest.mark.parametrize(
    ("intents", "pushed"),
    [
        (discord.Intents(guilds=True), False),  # ostbot's intents
        (discord.Intents(guilds=True, guild_scheduled_events=True), True),
        (discord.Intents.default(), True),
    ],
)
async def test_automatic_changes_are_pushed_only_with_the_intent(
    fake_discord: FakeDiscord, fake_guild: Guild, api: Api, intents: discord.Intents, pushed: bool
):
    """GUILD_SCHEDULED_EVENT_* reach only a bot that asked for GUILD_SCHEDULED_EVENTS."""
    updates: asyncio.Queue[discord.ScheduledEvent] = asyncio.Queue()
    bot = make_bot(intents=intents)

    async def on_scheduled_event_update(before, after) -> None:
        updates.put_nowait(after)

    bot.add_listener(on_scheduled_event_update)
    async with connected(fake_discord, bot):
        _, event = await api.create(start_in=timedelta(minutes=5))
        fake_discord.clock.advance(6 * 60)
        [session] = fake_discord.gateway.sessions.values()
        sent = [f["t"] for f in session.buffer if f.get("t", "").startswith("GUILD_SCHEDULED")]
        assert sent == (
            ["GUILD_SCHEDULED_EVENT_CREATE", "GUILD_SCHEDULED_EVENT_UPDATE"] if pushed else []
        )
        if pushed:
            after = await asyncio.wait_for(updates.get(), 5)
            assert (after.id, after.status) == (int(event["id"]), discord.EventStatus.active)


@pytest.mark.parametrize("field", ["scheduled_start_time", "scheduled_end_time"])
@pytest.mark.parametrize("value", ["soon", "2030-13-45T99:00:00", "", 12])
async def test_unreadable_times_are_refused_and_change_nothing(api: Api, field: str, value: Any):
    """A time Discord cannot parse is a 400 on create and edit; the stored event is untouched
    and the clock's automation keeps working."""
    status, _ = await api.create(**{field: value})
    assert status == 400
    _, event = await api.create()
    status, _ = await api.edit(event["id"], **{field: value})
    assert status == 400
    assert await api.get(event["id"]) == event
    api.fake.clock.advance(3 * 3600)
    assert (await api.get(event["id"]))["status"] == COMPLETED
