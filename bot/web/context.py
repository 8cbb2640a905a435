"""What every part of the web server is handed: the store, the clock and the public address."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.store.interface import Store


@dataclass(frozen=True, slots=True)
class WebContext:
    store: Store
    # The clock decides what is "coming"; tests hand in a fake one.
    clock: Callable[[], datetime]
    # OSTBOT_PUBLIC_URL without a trailing slash, for links the server prints (webcal://, feeds);
    # None when unset, and links are then relative to the request's own host.
    public_url: str | None
