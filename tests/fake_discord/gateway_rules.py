"""Discord's gateway rules as data: opcodes, close codes, intents and which events they gate.

Sources: Discord's developer docs, ``events/gateway.mdx`` (list of intents, message content,
rate limiting, identify concurrency) and ``topics/opcodes-and-status-codes.mdx`` (close codes).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# --- opcodes ---------------------------------------------------------------------------------
DISPATCH, HEARTBEAT, IDENTIFY, PRESENCE_UPDATE, VOICE_STATE_UPDATE = 0, 1, 2, 3, 4
RESUME, RECONNECT, REQUEST_MEMBERS, INVALID_SESSION, HELLO, HEARTBEAT_ACK = 6, 7, 8, 9, 10, 11
REQUEST_SOUNDBOARD_SOUNDS, REQUEST_CHANNEL_INFO = 31, 43
# What a client may send; anything else closes the connection with 4001.
CLIENT_OPS = frozenset(
    {
        HEARTBEAT,
        IDENTIFY,
        PRESENCE_UPDATE,
        VOICE_STATE_UPDATE,
        RESUME,
        REQUEST_MEMBERS,
        REQUEST_SOUNDBOARD_SOUNDS,
        REQUEST_CHANNEL_INFO,
    }
)
# What a client may send before IDENTIFY/RESUME; anything else closes with 4003.
BEFORE_AUTH_OPS = frozenset({HEARTBEAT, IDENTIFY, RESUME})
API_VERSIONS = frozenset({"9", "10"})  # the gateway versions Discord still serves


# --- close codes -----------------------------------------------------------------------------
@dataclass(frozen=True)
class CloseCode:
    code: int
    description: str
    reconnect: bool  # Discord's "Reconnect" column: may the client connect again?
    ends_session: bool  # after it, RESUME fails: the client must IDENTIFY anew


UNKNOWN_ERROR, UNKNOWN_OPCODE, DECODE_ERROR, NOT_AUTHENTICATED = 4000, 4001, 4002, 4003
AUTHENTICATION_FAILED, ALREADY_AUTHENTICATED, INVALID_SEQ, RATE_LIMITED = 4004, 4005, 4007, 4008
SESSION_TIMED_OUT, INVALID_SHARD, SHARDING_REQUIRED, INVALID_API_VERSION = 4009, 4010, 4011, 4012
INVALID_INTENTS, DISALLOWED_INTENTS = 4013, 4014

CLOSE_CODES: dict[int, CloseCode] = {
    c.code: c
    for c in (
        CloseCode(4000, "Unknown error", True, False),
        CloseCode(4001, "Unknown opcode", True, False),
        CloseCode(4002, "Decode error", True, False),
        CloseCode(4003, "Not authenticated", True, False),
        CloseCode(4004, "Authentication failed", False, True),
        CloseCode(4005, "Already authenticated", True, False),
        CloseCode(4007, "Invalid seq", True, True),  # "Reconnect and start a new session"
        CloseCode(4008, "Rate limited", True, False),
        CloseCode(4009, "Session timed out", True, True),  # "Reconnect and start a new one"
        CloseCode(4010, "Invalid shard", False, True),
        CloseCode(4011, "Sharding required", False, True),
        CloseCode(4012, "Invalid API version", False, True),
        CloseCode(4013, "Invalid intent(s)", False, True),
        CloseCode(4014, "Disallowed intent(s)", False, True),
    )
}


def close_reason(code: int) -> bytes:
    known = CLOSE_CODES.get(code)
    return (known.description if known else "closed by the fake").encode()


def ends_session(code: int) -> bool:
    known = CLOSE_CODES.get(code)
    # 1000/1001 from the server also end the session (as a client's own 1000/1001 does).
    return known.ends_session if known else code in (1000, 1001)


# --- limits ----------------------------------------------------------------------------------
SEND_LIMIT = 120  # frames a client may send per connection...
SEND_WINDOW = 60.0  # ...in any window of this many seconds; one more closes with 4008
IDENTIFY_WINDOW = 5.0  # max_concurrency IDENTIFYs per bucket per window, else op 9
HEARTBEAT_TOLERANCE = 1.5  # a connection silent for interval x this is closed with 4009
MAX_GUILDS_PER_SHARD = 2500  # more than this on one session: close 4011


# --- intents ---------------------------------------------------------------------------------
GUILDS = 1 << 0
GUILD_MEMBERS = 1 << 1
GUILD_PRESENCES = 1 << 8
GUILD_MESSAGES = 1 << 9
DIRECT_MESSAGES = 1 << 12
MESSAGE_CONTENT = 1 << 15
GUILD_SCHEDULED_EVENTS = 1 << 16
PRIVILEGED = GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT
# Every intent Discord defines (bits 0-16, 20, 21, 24, 25); another bit closes with 4013.
VALID_INTENTS = (1 << 17) - 1 | 1 << 20 | 1 << 21 | 1 << 24 | 1 << 25

# Events gated by an intent in guilds (Discord's "List of Intents"); the ones that exist in
# DMs too are gated by another intent there. Events not listed are always sent.
_GUILD_EVENTS: dict[str, int] = {
    **dict.fromkeys(
        (
            "GUILD_CREATE",
            "GUILD_UPDATE",
            "GUILD_DELETE",
            "GUILD_ROLE_CREATE",
            "GUILD_ROLE_UPDATE",
            "GUILD_ROLE_DELETE",
            "CHANNEL_CREATE",
            "CHANNEL_UPDATE",
            "CHANNEL_DELETE",
            "CHANNEL_PINS_UPDATE",
            "THREAD_CREATE",
            "THREAD_UPDATE",
            "THREAD_DELETE",
            "STAGE_INSTANCE_CREATE",
            "STAGE_INSTANCE_UPDATE",
            "STAGE_INSTANCE_DELETE",
        ),
        GUILDS,
    ),
    **dict.fromkeys(
        ("GUILD_MEMBER_ADD", "GUILD_MEMBER_UPDATE", "GUILD_MEMBER_REMOVE"), GUILD_MEMBERS
    ),
    "PRESENCE_UPDATE": GUILD_PRESENCES,
    **dict.fromkeys(
        ("MESSAGE_CREATE", "MESSAGE_UPDATE", "MESSAGE_DELETE", "MESSAGE_DELETE_BULK"),
        GUILD_MESSAGES,
    ),
    **dict.fromkeys(
        (
            "GUILD_SCHEDULED_EVENT_CREATE",
            "GUILD_SCHEDULED_EVENT_UPDATE",
            "GUILD_SCHEDULED_EVENT_DELETE",
            "GUILD_SCHEDULED_EVENT_USER_ADD",
            "GUILD_SCHEDULED_EVENT_USER_REMOVE",
        ),
        GUILD_SCHEDULED_EVENTS,
    ),
}
_DM_EVENTS: dict[str, int] = dict.fromkeys(
    ("MESSAGE_CREATE", "MESSAGE_UPDATE", "MESSAGE_DELETE", "CHANNEL_PINS_UPDATE"),
    DIRECT_MESSAGES,
)
# Fields that carry message content: empty without MESSAGE_CONTENT (with exceptions below).
_CONTENT_FIELDS = {"content": "", "embeds": [], "attachments": [], "components": []}


def intent_for(event: str, guild_id: int | None) -> int | None:
    """The intent a session needs to receive ``event`` (None: sent whatever it asked for)."""
    if guild_id is None and event in _DM_EVENTS:
        return _DM_EVENTS[event]
    return _GUILD_EVENTS.get(event)


def as_seen_by(
    event: str, data: dict[str, Any], intents: int, bot_id: int, guild_id: int | None
) -> dict[str, Any]:
    """``data`` as a session with ``intents`` receives it: without MESSAGE_CONTENT, a message's
    content fields are empty unless the bot wrote it, it is a DM, or it mentions the bot."""
    if event not in ("MESSAGE_CREATE", "MESSAGE_UPDATE") or intents & MESSAGE_CONTENT:
        return data
    if guild_id is None or str((data.get("author") or {}).get("id")) == str(bot_id):
        return data
    mentioned = any(str(u.get("id")) == str(bot_id) for u in data.get("mentions") or [])
    if mentioned or f"<@{bot_id}>" in (data.get("content") or ""):
        return data
    blanked = dict(data)
    for key, empty in _CONTENT_FIELDS.items():
        if key in blanked:
            blanked[key] = type(empty)()
    blanked.pop("poll", None)
    return blanked
