"""The gateway WebSocket: HELLO, IDENTIFY/READY, heartbeats, RESUME with replay, dispatch.

Frames are plain JSON text: discord.py asks for ``compress=zlib-stream`` but only inflates binary
frames, so uncompressed text frames are valid for it (and easier to debug).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

if TYPE_CHECKING:
    from .world import World

DISPATCH, HEARTBEAT, IDENTIFY, PRESENCE_UPDATE, RESUME = 0, 1, 2, 3, 6
RECONNECT, REQUEST_MEMBERS, INVALID_SESSION, HELLO, HEARTBEAT_ACK = 7, 8, 9, 10, 11
AUTHENTICATION_FAILED = 4004
GUILD_SCHEDULED_EVENTS = 1 << 16  # the intent for GUILD_SCHEDULED_EVENT_* dispatches
REPLAY_BUFFER = 2000  # events kept per session for RESUME


@dataclass
class GatewayFrame:
    """A frame the fake received from a client (``op``, ``d``), for assertions."""

    op: int
    d: Any
    session_id: str | None


@dataclass
class Session:
    id: str
    shard_id: int
    shard_count: int
    intents: int = 0  # as sent in IDENTIFY
    seq: int = 0
    buffer: deque[dict[str, Any]] = field(default_factory=lambda: deque(maxlen=REPLAY_BUFFER))
    queue: asyncio.Queue[dict[str, Any]] | None = None
    ws: web.WebSocketResponse | None = None
    writer: asyncio.Task[None] | None = None

    def detach(self) -> None:
        if self.writer is not None:
            self.writer.cancel()
        self.ws = self.queue = self.writer = None

    def owns(self, guild_id: int | None) -> bool:
        # Discord sends guild-less events (DMs) to shard 0 only.
        if guild_id is None:
            return self.shard_id == 0
        return (guild_id >> 22) % self.shard_count == self.shard_id


class Gateway:
    """All gateway sessions of one fake; survives server restarts so clients can RESUME."""

    def __init__(
        self,
        world: World,
        token: Callable[[], str],
        resume_url: Callable[[], str],
        on_change: Callable[[], None],
    ) -> None:
        self._world = world
        self._token = token
        self._resume_url = resume_url
        self._on_change = on_change
        self.sessions: dict[str, Session] = {}
        self.received: list[GatewayFrame] = []
        self.heartbeat_interval_ms = 41_250
        self._writers: set[asyncio.Task[None]] = set()

    # --- public -------------------------------------------------------------------------------

    def dispatch(
        self,
        event: str,
        data: dict[str, Any],
        guild_id: int | None = None,
        *,
        intent: int | None = None,
    ) -> None:
        """Send a DISPATCH to every session that owns ``guild_id`` (and, if ``intent`` is
        given, asked for it in IDENTIFY); buffered for RESUME."""
        for session in self.sessions.values():
            if session.owns(guild_id) and (intent is None or session.intents & intent):
                self._enqueue(session, event, data)

    @property
    def connected(self) -> list[Session]:
        return [s for s in self.sessions.values() if s.ws is not None and not s.ws.closed]

    def frames(self, op: int) -> list[GatewayFrame]:
        return [f for f in self.received if f.op == op]

    async def drop(self, code: int = 4000) -> int:
        """Close every client socket with ``code`` (4000 is resumable); returns how many."""
        sockets = [s.ws for s in self.sessions.values() if s.ws is not None]
        for ws in sockets:
            await ws.close(code=code, message=b"dropped by fake")
        return len(sockets)

    async def shutdown(self) -> None:
        await self.drop(code=1001)
        for task in list(self._writers):
            task.cancel()
        await asyncio.gather(*self._writers, return_exceptions=True)

    # --- connection ---------------------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        await self._send(ws, {"op": HELLO, "d": {"heartbeat_interval": self.heartbeat_interval_ms}})
        session: Session | None = None
        try:
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    continue
                frame = json.loads(msg.data)
                op, d = frame.get("op"), frame.get("d")
                self.received.append(GatewayFrame(op, d, session.id if session else None))
                if op == HEARTBEAT:
                    await self._send(ws, {"op": HEARTBEAT_ACK})
                elif op == IDENTIFY:
                    session = await self._identify(ws, d)
                elif op == RESUME:
                    session = await self._resume(ws, d)
                elif op == REQUEST_MEMBERS and session is not None:
                    self._members_chunk(session, d)
                self._on_change()
        finally:
            if session is not None and session.ws is ws:
                session.detach()
            self._on_change()
        return ws

    async def _identify(self, ws: web.WebSocketResponse, d: dict[str, Any]) -> Session | None:
        if d.get("token") != self._token():
            await ws.close(code=AUTHENTICATION_FAILED, message=b"Authentication failed.")
            return None
        shard_id, shard_count = d.get("shard") or [0, 1]
        session = Session(
            secrets.token_hex(16), shard_id, shard_count, intents=int(d.get("intents") or 0)
        )
        self.sessions[session.id] = session
        self._attach(session, ws)
        world = self._world
        guilds = [g for g in world.guilds.values() if session.owns(g.id)]
        user = world.bot_user.to_payload() | {"verified": True, "mfa_enabled": False, "flags": 0}
        ready = {
            "v": 10,
            "user": user,
            "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
            "session_id": session.id,
            "session_type": "normal",
            # discord.py resumes at this URL, so it must point back at the fake.
            "resume_gateway_url": self._resume_url(),
            "shard": [shard_id, shard_count],
            "application": {"id": str(world.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "geo_ordered_rtc_regions": [],
            "user_settings": {},
            "auth": {},
        }
        self._enqueue(session, "READY", ready)
        for guild in guilds:
            self._enqueue(session, "GUILD_CREATE", guild.to_payload())
        return session

    async def _resume(self, ws: web.WebSocketResponse, d: dict[str, Any]) -> Session | None:
        session = self.sessions.get(d.get("session_id", ""))
        if session is None or d.get("token") != self._token():
            await self._send(ws, {"op": INVALID_SESSION, "d": False})
            return None
        if session.ws is not None and session.ws is not ws:
            old = session.ws
            session.detach()
            await old.close(code=4000)
        self._attach(session, ws)
        assert session.queue is not None
        last = d.get("seq") or 0
        for payload in session.buffer:
            if payload["s"] > last:
                session.queue.put_nowait(payload)
        self._enqueue(session, "RESUMED", {})
        return session

    def _members_chunk(self, session: Session, d: dict[str, Any]) -> None:
        ids = d.get("guild_id")
        for gid in ids if isinstance(ids, list) else [ids]:
            guild = self._world.guilds.get(int(gid))
            if guild is None:
                continue
            chunk = {
                "guild_id": str(guild.id),
                "members": [m.to_payload() for m in guild.members.values()],
                "chunk_index": 0,
                "chunk_count": 1,
                "not_found": [],
            }
            if d.get("nonce") is not None:
                chunk["nonce"] = d["nonce"]
            self._enqueue(session, "GUILD_MEMBERS_CHUNK", chunk)

    # --- sending ------------------------------------------------------------------------------

    def _attach(self, session: Session, ws: web.WebSocketResponse) -> None:
        """Bind a socket to a session with a fresh queue and one writer task (keeps order)."""
        session.detach()
        session.ws = ws
        session.queue = asyncio.Queue()
        task = asyncio.get_running_loop().create_task(self._writer(ws, session.queue))
        session.writer = task
        self._writers.add(task)
        task.add_done_callback(self._writers.discard)

    def _enqueue(self, session: Session, event: str, data: dict[str, Any]) -> None:
        session.seq += 1
        payload = {"op": DISPATCH, "t": event, "s": session.seq, "d": data}
        session.buffer.append(payload)
        if session.queue is not None:
            session.queue.put_nowait(payload)

    async def _writer(
        self, ws: web.WebSocketResponse, queue: asyncio.Queue[dict[str, Any]]
    ) -> None:
        with contextlib.suppress(ConnectionError, RuntimeError):
            while not ws.closed:
                await self._send(ws, await queue.get())

    @staticmethod
    async def _send(ws: web.WebSocketResponse, payload: dict[str, Any]) -> None:
        if not ws.closed:
            await ws.send_str(json.dumps(payload))
