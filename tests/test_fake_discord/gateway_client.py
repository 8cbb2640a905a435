"""A bare gateway client for protocol tests: frames in, frames out, nothing hidden."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import aiohttp

from tests.fake_discord import FakeDiscord
from tests.fake_discord.gateway_outbox import Session

GUILDS_ONLY = 1


class RawGateway:
    def __init__(self, fake: FakeDiscord, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.fake = fake
        self.ws = ws
        self.hello: dict[str, Any] = {}

    async def send(self, op: int, d: Any = None) -> None:
        await self.ws.send_json({"op": op, "d": d})

    async def identify(self, intents: int | None = GUILDS_ONLY, **extra: Any) -> None:
        d: dict[str, Any] = {"token": self.fake.token, "properties": {}, **extra}
        if intents is not None:
            d["intents"] = intents
        await self.send(2, d)

    async def receive(self) -> dict[str, Any] | None:
        """The next frame the fake sent, or None once the socket is closed."""
        msg = await self.ws.receive(timeout=5)
        if msg.type is not aiohttp.WSMsgType.TEXT:
            return None
        frame: dict[str, Any] = msg.json()
        return frame

    async def until(self, op: int, event: str | None = None) -> dict[str, Any]:
        """Frames up to the first with ``op`` (and dispatch ``event``); that frame."""
        while True:
            frame = await self.receive()
            assert frame is not None, f"closed ({self.ws.close_code}) before op {op} {event}"
            if frame["op"] == op and (event is None or frame.get("t") == event):
                return frame

    async def ready(self, intents: int | None = GUILDS_ONLY, **extra: Any) -> Session:
        """IDENTIFY and wait for READY; the fake's session for this connection."""
        await self.identify(intents, **extra)
        ready = await self.until(0, "READY")
        return self.fake.gateway.sessions[ready["d"]["session_id"]]

    async def closed(self) -> int | None:
        """Read until the fake closes the socket; its close code."""
        while await self.receive() is not None:
            pass
        return self.ws.close_code


@contextlib.asynccontextmanager
async def raw_gateway(
    fake: FakeDiscord, query: str = "?v=10&encoding=json"
) -> AsyncIterator[RawGateway]:
    async with aiohttp.ClientSession() as http, http.ws_connect(fake.gateway_url + query) as ws:
        client = RawGateway(fake, ws)
        hello = await client.receive()
        assert hello is not None
        client.hello = hello
        yield client


def events_of(session: Session) -> list[str]:
    """The dispatches the fake queued for a session, by name, in order."""
    return [payload["t"] for payload in session.buffer]
