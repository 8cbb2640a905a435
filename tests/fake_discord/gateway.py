"""The gateway WebSocket: HELLO, IDENTIFY/READY, heartbeats, RESUME with replay, dispatch
(each session's numbered, replayable stream of dispatches is ``gateway_outbox.py``).

Discord's rules it enforces (data in ``gateway_rules.py``): intents (only the events a session
asked for; message content blanked without MESSAGE_CONTENT), heartbeats (a connection silent
for 1.5 heartbeat intervals is closed with 4009 and its session ends), server heartbeat
requests (op 1), the close codes 4001-4014 for what triggers them, identify concurrency
(``max_concurrency`` 1: a second IDENTIFY within 5 s gets INVALID_SESSION), and 120 frames per
connection per 60 s (one more: 4008). Tests drive the rest: :meth:`Gateway.reconnect` (op 7),
:meth:`Gateway.invalidate` (op 9), :meth:`Gateway.close` (any code), ``refuse_identify``.

Frames are plain JSON text: discord.py asks for ``compress=zlib-stream`` but only inflates binary
frames, so uncompressed text frames are valid for it (and easier to debug).
"""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

from . import gateway_rules as rules
from .gateway_outbox import Session, send
from .gateway_rules import (
    HEARTBEAT,
    HEARTBEAT_ACK,
    HELLO,
    IDENTIFY,
    INVALID_SESSION,
    RECONNECT,
    REQUEST_MEMBERS,
    RESUME,
)
from .gateway_session import Connection, identify_problem, ready_payload
from .latency import Latency

if TYPE_CHECKING:
    from .clock import FakeClock
    from .world import World


@dataclass
class GatewayFrame:
    """A frame the fake received from a client (``op``, ``d``), for assertions."""

    op: int
    d: Any
    session_id: str | None


@dataclass
class GatewayClose:
    """A connection that ended: ``code``, who closed it (``"server"``/``"client"``)."""

    code: int | None
    by: str
    session_id: str | None


class Gateway:
    """All gateway sessions of one fake; survives server restarts so clients can RESUME."""

    def __init__(
        self,
        world: World,
        token: Callable[[], str],
        resume_url: Callable[[], str],
        on_change: Callable[[], None],
        clock: FakeClock,
        latency: Callable[[], Latency] = Latency.off,
    ) -> None:
        self._world = world
        self._latency = latency
        self._token = token
        self._resume_url = resume_url
        self._on_change = on_change
        self._clock = clock
        self.sessions: dict[str, Session] = {}
        self.connections: set[Connection] = set()
        self.received: list[GatewayFrame] = []
        self.sent: list[GatewayFrame] = []  # control frames sent (ops 1, 7, 9), not dispatches
        self.closes: list[GatewayClose] = []
        # Settings tests may change (before connecting, for the interval).
        self.heartbeat_interval_ms = 41_250
        self.max_concurrency = 1  # as GET /gateway/bot's session_start_limit says
        self.privileged_intents = rules.PRIVILEGED  # enabled in the "developer portal"
        self.max_guilds_per_shard = rules.MAX_GUILDS_PER_SHARD
        self.refuse_identify: int | None = None  # close every IDENTIFY with this code
        self.lose_heartbeats = False  # the client's heartbeats never arrive (no ACK either)
        self._identified_at: dict[int, float] = {}  # concurrency bucket -> fake monotonic
        self._writers: set[asyncio.Task[None]] = set()
        self._acks: set[asyncio.Task[None]] = set()

    # --- public -------------------------------------------------------------------------------

    def dispatch(
        self,
        event: str,
        data: dict[str, Any],
        guild_id: int | None = None,
        *,
        intent: int | None = None,
    ) -> None:
        """Send a DISPATCH to every session that owns ``guild_id`` and asked for the event's
        intent in IDENTIFY (Discord's table; ``intent`` overrides it); buffered for RESUME."""
        needed = intent if intent is not None else rules.intent_for(event, guild_id)
        bot_id = self._world.bot_user.id
        for session in self.sessions.values():
            if session.owns(guild_id) and (needed is None or session.intents & needed):
                seen = rules.as_seen_by(event, data, session.intents, bot_id, guild_id)
                session.enqueue(event, seen, self._due)

    @property
    def connected(self) -> list[Session]:
        return [s for s in self.sessions.values() if s.ws is not None and not s.ws.closed]

    def frames(self, op: int) -> list[GatewayFrame]:
        return [f for f in self.received if f.op == op]

    def identify_wait(self, shard_id: int = 0) -> float:
        """Seconds (fake clock) before this shard's bucket may IDENTIFY again."""
        last = self._identified_at.get(shard_id % self.max_concurrency)
        if last is None:
            return 0.0
        return max(0.0, last + rules.IDENTIFY_WINDOW - self._clock.monotonic())

    def sent_frames(self, op: int) -> list[GatewayFrame]:
        """Control frames the fake sent with opcode ``op`` (1, 7 or 9)."""
        return [f for f in self.sent if f.op == op]

    def closed_with(self, code: int) -> list[GatewayClose]:
        return [c for c in self.closes if c.code == code]

    async def reconnect(self) -> int:
        """Send op 7 RECONNECT on every open connection (the client should resume)."""
        return await self._to_all(RECONNECT, None)

    async def invalidate(self, *, resumable: bool) -> int:
        """Send op 9 INVALID_SESSION on every identified connection; unless ``resumable``,
        their sessions end (a RESUME then fails; the client must IDENTIFY anew)."""
        count = 0
        for conn in list(self.connections):
            if conn.session is None:
                continue
            if not resumable:
                self.sessions.pop(conn.session.id, None)
            await self._control(conn, INVALID_SESSION, resumable)
            count += 1
        return count

    async def request_heartbeat(self) -> int:
        """Send op 1 on every open connection: the client must heartbeat back at once."""
        return await self._to_all(HEARTBEAT, None)

    async def close(self, code: int = rules.UNKNOWN_ERROR) -> int:
        """Close every open connection with ``code`` (Discord's reason text); codes that end a
        session (4004, 4007, 4009-4014, 1000) end it. Returns how many were closed."""
        conns = list(self.connections)
        for conn in conns:
            await self._close(conn, code)
        return len(conns)

    async def drop(self, code: int = rules.UNKNOWN_ERROR) -> int:
        """Close every client socket with ``code`` (4000 is resumable); returns how many."""
        return await self.close(code)

    async def shutdown(self) -> None:
        for conn in list(self.connections):
            await conn.ws.close(code=1001, message=b"dropped by fake")
        for task in [*self._writers, *self._acks]:
            task.cancel()
        await asyncio.gather(*self._writers, *self._acks, return_exceptions=True)

    # --- connection ---------------------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        conn = Connection(ws, self._clock)
        self.connections.add(conn)
        interval = self.heartbeat_interval_ms / 1000
        await send(ws, {"op": HELLO, "d": {"heartbeat_interval": self.heartbeat_interval_ms}})
        conn.watch_heartbeats(interval * rules.HEARTBEAT_TOLERANCE, self._timed_out)
        if request.query.get("v", "10") not in rules.API_VERSIONS:
            await self._close(conn, rules.INVALID_API_VERSION)
        try:
            async for msg in ws:
                await self._receive(conn, msg)
                self._on_change()
        finally:
            conn.stop_watching()
            self.connections.discard(conn)
            session = conn.session
            if conn.closed_by_server is None:
                self.closes.append(GatewayClose(ws.close_code, "client", _sid(session)))
            if session is not None and session.ws is ws:
                session.detach()
            self._on_change()
        return ws

    async def _receive(self, conn: Connection, msg: Any) -> None:
        if msg.type not in (WSMsgType.TEXT, WSMsgType.BINARY):
            return
        try:
            frame = json.loads(msg.data)
            op, d = frame["op"], frame.get("d")
        except (ValueError, TypeError, KeyError):
            await self._close(conn, rules.DECODE_ERROR)
            return
        self.received.append(GatewayFrame(op, d, _sid(conn.session)))
        if not conn.count_frame(rules.SEND_LIMIT, rules.SEND_WINDOW):
            await self._close(conn, rules.RATE_LIMITED)
        elif op not in rules.CLIENT_OPS:
            await self._close(conn, rules.UNKNOWN_OPCODE)
        elif conn.session is None and op not in rules.BEFORE_AUTH_OPS:
            await self._close(conn, rules.NOT_AUTHENTICATED)
        elif op == HEARTBEAT:
            if not self.lose_heartbeats:
                conn.heartbeat()
                await self._ack(conn)
        elif op == IDENTIFY:
            await self._identify(conn, d if isinstance(d, dict) else {})
        elif op == RESUME:
            await self._resume(conn, d if isinstance(d, dict) else {})
        elif op == REQUEST_MEMBERS and conn.session is not None:
            self._members_chunk(conn.session, d if isinstance(d, dict) else {})

    async def _timed_out(self, conn: Connection) -> None:
        await self._close(conn, rules.SESSION_TIMED_OUT)

    async def _identify(self, conn: Connection, d: dict[str, Any]) -> None:
        if conn.session is not None:
            await self._close(conn, rules.ALREADY_AUTHENTICATED)
            return
        problem = self.refuse_identify or identify_problem(
            d,
            token=self._token(),
            privileged=self.privileged_intents,
            guild_ids=list(self._world.guilds),
            max_guilds=self.max_guilds_per_shard,
        )
        if problem is not None:
            await self._close(conn, problem)
            return
        shard_id, shard_count = d.get("shard") or [0, 1]
        bucket = shard_id % self.max_concurrency
        now = self._clock.monotonic()
        last = self._identified_at.get(bucket)
        if last is not None and now - last < rules.IDENTIFY_WINDOW:
            # Discord: "If your app exceeds this limit, Discord will respond with an
            # Invalid Session (opcode 9) event."
            await self._control(conn, INVALID_SESSION, False)
            return
        self._identified_at[bucket] = now
        session = Session(secrets.token_hex(16), shard_id, shard_count, int(d["intents"]))
        self.sessions[session.id] = session
        conn.session = session
        self._attach(session, conn.ws)
        guilds = [g for g in self._world.guilds.values() if session.owns(g.id)]
        session.enqueue(
            "READY", ready_payload(self._world, session, guilds, self._resume_url()), self._due
        )
        for guild in guilds:
            if guild.unavailable:
                # Discord: guilds unavailable due to an outage send a Guild Delete event.
                session.enqueue(
                    "GUILD_DELETE", {"id": str(guild.id), "unavailable": True}, self._due
                )
            elif session.intents & rules.GUILDS:
                session.enqueue("GUILD_CREATE", guild.to_payload(), self._due)

    async def _resume(self, conn: Connection, d: dict[str, Any]) -> None:
        session = self.sessions.get(str(d.get("session_id", "")))
        if session is None or d.get("token") != self._token():
            await self._control(conn, INVALID_SESSION, False)
            return
        last = d.get("seq") or 0
        if last > session.seq:
            await self._close(conn, rules.INVALID_SEQ)
            return
        if session.ws is not None and session.ws is not conn.ws:
            old = session.ws
            session.detach()
            await old.close(code=rules.UNKNOWN_ERROR)
        conn.session = session
        self._attach(session, conn.ws)
        session.replay(last, self._due)
        session.enqueue("RESUMED", {}, self._due)

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
            session.enqueue("GUILD_MEMBERS_CHUNK", chunk, self._due)

    # --- closing ------------------------------------------------------------------------------

    async def _close(self, conn: Connection, code: int) -> None:
        if conn.closed_by_server is not None or conn.ws.closed:
            return
        conn.closed_by_server = code
        session = conn.session
        self.closes.append(GatewayClose(code, "server", _sid(session)))
        if session is not None and rules.ends_session(code):
            self.sessions.pop(session.id, None)
        self._on_change()
        await conn.ws.close(code=code, message=rules.close_reason(code))

    async def _to_all(self, op: int, d: Any) -> int:
        conns = [c for c in self.connections if not c.ws.closed]
        for conn in conns:
            await self._control(conn, op, d)
        return len(conns)

    async def _control(self, conn: Connection, op: int, d: Any) -> None:
        self.sent.append(GatewayFrame(op, d, _sid(conn.session)))
        await send(conn.ws, {"op": op, "d": d})
        self._on_change()

    # --- sending ------------------------------------------------------------------------------

    def _attach(self, session: Session, ws: web.WebSocketResponse) -> None:
        task = session.attach(ws)
        self._writers.add(task)
        task.add_done_callback(self._writers.discard)

    def _due(self) -> float:
        """When a frame queued now may leave: now plus the gateway's jitter (0 when off)."""
        return asyncio.get_running_loop().time() + self._latency().gateway_delay()

    async def _ack(self, conn: Connection) -> None:
        """HEARTBEAT_ACK, after the gateway's jitter (without blocking this socket's reader)."""
        delay = self._latency().gateway_delay()
        if not delay:
            await send(conn.ws, {"op": HEARTBEAT_ACK})
            return

        async def later() -> None:
            await asyncio.sleep(delay)
            await send(conn.ws, {"op": HEARTBEAT_ACK})

        task = asyncio.get_running_loop().create_task(later())
        self._acks.add(task)
        task.add_done_callback(self._acks.discard)


def _sid(session: Session | None) -> str | None:
    return session.id if session is not None else None
