"""A local Discord for tests: REST + gateway over real HTTP/WebSocket, state in memory.

See README.md next to this file. The public API::

    FakeDiscord            the server (start/stop/restart, world building, records, waiters,
                           invoke/autocomplete/press_button, faults, rate_limits, drop_gateway,
                           clock: advance it instead of sleeping for Discord's deadlines)
    shapes                 every answer checked against Discord's OpenAPI description
    pointed_at(fake)       context manager pointing discord.py at the fake
    fast_server_error_retries()   shrink discord.py's 5xx back-off in fault tests
    identify_waits_on_fake_clock(fake)   discord.py's 5 s re-identify wait on the fake's clock
    InteractionResult      what the bot answered to an interaction
    RateLimitConfig        what the fake enforces
    Latency, LogNormal     per-request network delay (``fake.latency``; off by default)
    permissions            permission bits (VIEW_CHANNEL, SEND_MESSAGES, ...)
"""

from . import permissions, shapes
from .errors import FakeDiscordError, FakeTimeout, InvalidInteraction, NotConnected, UnknownCommand
from .guilds import Guild
from .interactions import InteractionResult
from .latency import Latency, LogNormal
from .objects import Channel, Member, Role, User
from .pointing import fast_server_error_retries, identify_waits_on_fake_clock, pointed_at
from .ratelimit import RateLimitConfig
from .records import RequestRecord
from .server import FakeDiscord

__all__ = [
    "Channel",
    "FakeDiscord",
    "FakeDiscordError",
    "FakeTimeout",
    "Guild",
    "InteractionResult",
    "InvalidInteraction",
    "Latency",
    "LogNormal",
    "Member",
    "NotConnected",
    "RateLimitConfig",
    "RequestRecord",
    "Role",
    "UnknownCommand",
    "User",
    "fast_server_error_retries",
    "identify_waits_on_fake_clock",
    "permissions",
    "pointed_at",
    "shapes",
]
