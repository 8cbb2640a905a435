"""A gateway session and its outbox: the dispatches it was sent, numbered (``s``) and kept for
RESUME, and the one writer per socket that sends them in order after the gateway's jitter.

A session outlives its sockets: while it has none, dispatches are only numbered and kept, and a
RESUME on a new socket replays those the client missed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from .gateway_rules import DISPATCH

REPLAY_BUFFER = 2000  # events kept per session for RESUME
# When a frame queued now may leave (the event loop's time): now plus the gateway's jitter.
Due = Callable[[], float]


@dataclass
class Session:
    id: str
    shard_id: int
    shard_count: int
    intents: int = 0  # as sent in IDENTIFY
    seq: int = 0
    buffer: deque[dict[str, Any]] = field(default_factory=lambda: deque(maxlen=REPLAY_BUFFER))
    # (when the frame may leave, frame): latency.py's jitter delays frames, never reorders them.
    queue: asyncio.Queue[tuple[float, dict[str, Any]]] | None = None
    ws: web.WebSocketResponse | None = None
    writer: asyncio.Task[None] | None = None

    def owns(self, guild_id: int | None) -> bool:
        # Discord sends guild-less events (DMs) to shard 0 only.
        if guild_id is None:
            return self.shard_id == 0
        return (guild_id >> 22) % self.shard_count == self.shard_id

    def attach(self, ws: web.WebSocketResponse) -> asyncio.Task[None]:
        """Bind a socket with a fresh queue and one writer task (keeps order); returns it."""
        self.detach()
        self.ws = ws
        queue: asyncio.Queue[tuple[float, dict[str, Any]]] = asyncio.Queue()
        self.queue = queue
        self.writer = asyncio.get_running_loop().create_task(_write(ws, queue))
        return self.writer

    def detach(self) -> None:
        if self.writer is not None:
            self.writer.cancel()
        self.ws = self.queue = self.writer = None

    def enqueue(self, event: str, data: dict[str, Any], due: Due) -> None:
        """Number the dispatch, keep it for RESUME and, with a socket, queue it to leave at
        ``due()``."""
        self.seq += 1
        payload = {"op": DISPATCH, "t": event, "s": self.seq, "d": data}
        self.buffer.append(payload)
        if self.queue is not None:
            self.queue.put_nowait((due(), payload))

    def replay(self, after: int, due: Due) -> None:
        """Queue again the kept dispatches numbered after ``after`` (a RESUME's ``seq``)."""
        assert self.queue is not None
        for payload in self.buffer:
            if payload["s"] > after:
                self.queue.put_nowait((due(), payload))


async def send(ws: web.WebSocketResponse, payload: dict[str, Any]) -> None:
    """One JSON text frame, unless the socket is closed (or closes meanwhile)."""
    if not ws.closed:
        with contextlib.suppress(ConnectionError, RuntimeError):
            await ws.send_str(json.dumps(payload))


async def _write(
    ws: web.WebSocketResponse, queue: asyncio.Queue[tuple[float, dict[str, Any]]]
) -> None:
    loop = asyncio.get_running_loop()
    with contextlib.suppress(ConnectionError, RuntimeError):
        while not ws.closed:
            due, payload = await queue.get()
            # Frames leave in order: one drawn a shorter delay waits for the one before.
            if due > loop.time():
                await asyncio.sleep(due - loop.time())
            await send(ws, payload)
