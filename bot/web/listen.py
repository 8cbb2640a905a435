"""Where the web server listens, ``HOST:PORT``, checked. Pure (no aiohttp): ``bot.settings``
checks ``OSTBOT_WEB_LISTEN`` with it without loading the web server."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

DEFAULT_LISTEN = "127.0.0.1:8080"


@dataclass(frozen=True, slots=True)
class Listen:
    host: str
    port: int

    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"


def parse_listen(text: str) -> Listen:
    """``HOST:PORT`` (``[::1]:8080`` for an IPv6 address); ``ValueError`` says what is wrong."""
    host, colon, port = text.strip().rpartition(":")
    if not colon or not host:
        raise ValueError("must be HOST:PORT, e.g. 127.0.0.1:8080")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            raise ValueError(f"{host!r} is not an IPv6 address") from None
    elif ":" in host:
        raise ValueError("write an IPv6 address in brackets, e.g. [::1]:8080")
    elif not all(c.isalnum() or c in ".-" for c in host):
        raise ValueError(f"{host!r} is not a host name or address")
    # Port 0: any free port (the server prints the one it got).
    if not (port.isascii() and port.isdigit()) or not 0 <= int(port) < 65536:
        raise ValueError(f"port {port!r} must be a number from 0 to 65535")
    return Listen(host, int(port))
