"""The latency model: Discord-like delays, seeded, per request and concurrent, gateway in order."""

from __future__ import annotations

import asyncio
import random
import statistics

import aiohttp
import pytest

from tests.fake_discord import FakeDiscord, Latency, LogNormal
from tests.fake_discord.clients import connected, make_bot

MESSAGES = "POST /channels/{channel_id}/messages"


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[round(q * (len(ordered) - 1))]


@pytest.mark.parametrize(("median", "p99"), [(0.080, 0.500), (0.050, 0.300), (0.2, 0.2)])
def test_draws_have_the_asked_median_and_p99(median: float, p99: float) -> None:
    """20,000 draws land within 10% of the configured median and p99 (sigma 0: exactly)."""
    model = LogNormal(median, p99)
    rng = random.Random(7)
    draws = [model.draw(rng) for _ in range(20_000)]
    assert statistics.median(draws) == pytest.approx(median, rel=0.1)
    assert quantile(draws, 0.99) == pytest.approx(p99, rel=0.1)
    assert max(draws) <= model.ceiling


@pytest.mark.parametrize(
    ("median", "p99", "ceiling"), [(0, 0.5, 1.5), (0.1, 0.05, 1.5), (0.1, 0.5, 0.2), (-1, 1, 2)]
)
def test_impossible_models_are_refused(median: float, p99: float, ceiling: float) -> None:
    """A median not positive, a p99 below the median or above the ceiling is a ValueError."""
    with pytest.raises(ValueError, match="median"):
        LogNormal(median, p99, ceiling)


def test_same_seed_same_delays_other_seed_other_delays() -> None:
    """Two models with one seed draw the same sequence; another seed draws another."""

    def sequence(seed: int) -> list[tuple[float, float]]:
        model = Latency.discord_like(seed=seed)
        return [(*model.rest_delays(), model.gateway_delay()) for _ in range(50)]  # type: ignore[misc]

    assert sequence(3) == sequence(3)
    assert sequence(3) != sequence(4)


def test_off_means_no_delay_anywhere() -> None:
    """The default model delays nothing, REST or gateway."""
    model = Latency.off()
    assert not model.on
    assert model.rest_delays() == (0.0, 0.0)
    assert model.gateway_delay() == 0.0


@pytest.mark.parametrize("share", [0.0, 0.5, 1.0])
def test_rest_delay_is_split_before_and_after_handling(share: float) -> None:
    """The two parts of a REST delay add up to one draw, split by ``before_share``."""
    model = Latency(LogNormal(0.2, 0.2), before_share=share)
    before, after = model.rest_delays()
    assert before == pytest.approx(0.2 * share)
    assert before + after == pytest.approx(0.2)


async def test_concurrent_requests_wait_their_delays_side_by_side() -> None:
    """Ten requests at once are all handled by the fake while none has its answer yet: each
    waits its own delay, none waits for another's."""
    latency = Latency(LogNormal(1.0, 1.0))  # 0.5 s before handling, 0.5 s back
    async with FakeDiscord(latency=latency) as fake:
        fake.rate_limits.enabled = False  # ten posts to one channel: past its 5 per 5 s
        channel = fake.add_guild("Fans").add_text_channel("general")
        url = f"{fake.api_base}/channels/{channel.id}/messages"
        headers = {"Authorization": f"Bot {fake.token}"}
        async with aiohttp.ClientSession(headers=headers) as http:

            async def post(i: int) -> int:
                async with http.post(url, json={"content": f"#{i}"}) as resp:
                    return resp.status

            answers = [asyncio.create_task(post(i)) for i in range(10)]
            await fake.wait_until(lambda: len(fake.messages_in(channel.id)) == 10, timeout=5)
            assert not any(task.done() for task in answers)  # handled, answers on their way
            assert await asyncio.gather(*answers) == [200] * 10


async def test_answer_arrives_no_sooner_than_its_delay(fake_discord: FakeDiscord) -> None:
    """With a fixed 0.3 s delay a request's answer takes at least 0.3 s."""
    fake_discord.latency = Latency(LogNormal(0.3, 0.3))
    channel = fake_discord.add_guild("Fans").add_text_channel("general")
    async with aiohttp.ClientSession() as http:
        loop = asyncio.get_running_loop()
        start = loop.time()
        async with http.get(
            f"{fake_discord.api_base}/channels/{channel.id}",
            headers={"Authorization": f"Bot {fake_discord.token}"},
        ) as resp:
            assert resp.status == 200
        assert loop.time() - start >= 0.3


async def test_gateway_jitter_keeps_dispatch_order(fake_discord: FakeDiscord) -> None:
    """With jitter on the gateway, 30 messages still reach discord.py in the order sent."""
    fake_discord.latency = Latency(gateway=LogNormal(0.02, 0.15), seed=11)
    guild = fake_discord.add_guild("Fans")
    channel = guild.add_text_channel("general")
    alice = guild.add_member(fake_discord.add_user("alice")).user
    seen: list[str] = []
    done = asyncio.Event()
    async with connected(fake_discord, make_bot()) as bot:

        @bot.listen()
        async def on_message(message: object) -> None:
            seen.append(message.content)  # type: ignore[attr-defined]
            if len(seen) == 30:
                done.set()

        for i in range(30):
            fake_discord.user_says(channel, alice, f"m{i}")
        await asyncio.wait_for(done.wait(), 10)
    assert seen == [f"m{i}" for i in range(30)]


async def test_heartbeat_ack_comes_after_the_gateway_delay(fake_discord: FakeDiscord) -> None:
    """A heartbeat requested by the fake is ACKed after the gateway's fixed 0.2 s delay, so
    discord.py measures a latency of at least 0.2 s."""
    fake_discord.latency = Latency(gateway=LogNormal(0.2, 0.2))
    fake_discord.add_guild("Fans").add_text_channel("general")
    acked = asyncio.Event()
    async with connected(fake_discord, make_bot(enable_debug_events=True)) as bot:

        @bot.listen()
        async def on_socket_raw_receive(raw: str) -> None:
            if '"op": 11' in raw or '"op":11' in raw:
                acked.set()

        beats = len(fake_discord.gateway.frames(1))
        await fake_discord.gateway.request_heartbeat()
        await fake_discord.wait_until(lambda: len(fake_discord.gateway.frames(1)) > beats)
        await asyncio.wait_for(acked.wait(), 5)
        assert bot.latency >= 0.2


@pytest.mark.latency
async def test_latency_marker_turns_the_model_on(fake_discord: FakeDiscord) -> None:
    """A test marked ``latency`` gets a fake with Discord-like REST and gateway delays."""
    assert fake_discord.latency.rest == LogNormal(0.080, 0.500)
    assert fake_discord.latency.gateway is not None


async def test_unmarked_tests_have_no_latency(fake_discord: FakeDiscord) -> None:
    """Without the marker (and FAKE_DISCORD_LATENCY unset) the fake answers at once."""
    import os

    if os.environ.get("FAKE_DISCORD_LATENCY") == "1":
        pytest.skip("the whole suite runs with latency")
    assert not fake_discord.latency.on
