"""Pointing discord.py at a REST proxy or a local Discord instead of discord.com.

discord.py has no base-URL option. It builds every REST URL (webhooks, interaction callbacks
and follow-ups included) from the class attribute ``discord.http.Route.BASE``, and a plain
``Client`` dials ``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY`` (after READY it resumes
at READY's ``resume_gateway_url``, which the server chooses). Setting those two attributes is
the whole seam: it lets ``ostbot run`` talk to a REST proxy such as nirn-proxy
(``DISCORD_API_BASE`` only) or to ``tests/fake_discord`` (both) with nothing patched from
outside the process.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from urllib.parse import urlsplit

from bot.domain.errors import OstbotError

# A DNS name (RFC 1123 labels; Unicode letters allowed, as IDNA encodes them): what aiohttp can
# resolve. Anything else (spaces, empty labels, a leading hyphen) fails deep inside aiohttp.
_HOST = re.compile(r"(?!-)[\w-]{1,63}(?<!-)(\.(?!-)[\w-]{1,63}(?<!-))*\.?", re.UNICODE)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def use_endpoints(api_base: str | None, gateway_url: str | None) -> None:
    """Send discord.py's REST calls to ``api_base`` and its gateway to ``gateway_url``.

    ``api_base`` is an http(s) URL up to and including the API version, e.g.
    ``http://127.0.0.1:8080/api/v10``; ``gateway_url`` a ws(s) URL. ``None`` leaves that one
    as it is. Process-wide (class attributes): call it once, before the bot logs in. Raises
    ``OstbotError`` for a URL of the wrong scheme; nothing is changed then.
    """
    # discord.py is imported here, not at the top: bot.settings uses this module's URL checks,
    # and the CLI reads settings without needing discord.py's ~0.5 s import.
    import discord.http
    import yarl
    from discord.gateway import DiscordWebSocket

    base = _checked(api_base, check_api_base)
    gateway = _checked(gateway_url, check_gateway_url)
    if base is not None:
        discord.http.Route.BASE = base
    if gateway is not None:
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway)


def _checked(url: str | None, check: Callable[[str], str]) -> str | None:
    if url is None:
        return None
    try:
        return check(url)
    except ValueError as error:
        raise OstbotError(f"{url!r}: {error}") from None


def check_api_base(url: str) -> str:
    """``url`` without a trailing slash if it is an http(s) URL with a host; else ValueError."""
    return _check(url, ("http", "https"), "an http(s) URL such as http://host:port/api/v10")


def check_gateway_url(url: str) -> str:
    """``url`` if it is a ws(s) URL with a host; else ValueError."""
    return _check(url, ("ws", "wss"), "a ws(s) URL such as ws://host:port/gateway")


def _check(url: str, schemes: tuple[str, ...], wanted: str) -> str:
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise ValueError(f"expected {wanted}") from None
    if parts.scheme not in schemes or not parts.hostname:
        raise ValueError(f"expected {wanted}")
    if parts.query or parts.fragment:
        raise ValueError(f"expected {wanted}, without ?query or #fragment")
    host = parts.hostname
    # Digits and dots only must be an IPv4 address (256.1.1.1 is neither that nor a name).
    numeric = re.fullmatch(r"[\d.]+", host) is not None
    if not _is_ip(host) and (numeric or not _HOST.fullmatch(host)):
        raise ValueError(f"{host!r} is not a host name; expected {wanted}")
    # Route paths start with "/", so a trailing slash here would double it.
    return url.strip().rstrip("/")
