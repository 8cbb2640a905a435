"""The fake's record of traffic, and the waiters tests use instead of sleeping."""

# A `timeout=` argument on waiters is this API's contract (tests read better with it).

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .errors import FakeTimeout

T = TypeVar("T")


@dataclass
class Attachment:
    """A file uploaded in a multipart body."""

    field: str
    filename: str
    content_type: str
    data: bytes


@dataclass
class RequestRecord:
    """One REST request as the fake saw and answered it.

    ``time`` is ``loop.time()`` at arrival; ``route`` is the route key
    (``"POST /channels/{channel_id}/messages"``); ``json`` is the JSON body (for multipart, the
    parsed ``payload_json``); ``response`` is the JSON answer (None for 204).
    """

    time: float
    method: str
    path: str
    route: str
    params: dict[str, str]
    query: dict[str, str]
    json: Any
    files: list[Attachment] = field(default_factory=list)
    status: int = 0
    response: Any = None
    headers: dict[str, str] = field(default_factory=dict)  # response headers (rate limits)
    scope: str | None = None  # 429s: "global", "user", "shared", or "cloudflare" (the ban)


class Notifier:
    """Wakes every waiter whenever the fake's state changes; waiters re-check their condition.

    This is how tests wait without sleeping: ``await notifier.wait_until(lambda: ..., 5)``.
    """

    def __init__(self) -> None:
        self._waiters: set[asyncio.Future[None]] = set()

    def notify(self) -> None:
        for fut in self._waiters:
            if not fut.done():
                fut.set_result(None)
        self._waiters.clear()

    async def wait_until(
        self, condition: Callable[[], T], timeout: float, what: str = "condition"
    ) -> T:
        """``condition()``'s first truthy value; :class:`FakeTimeout` after ``timeout`` s."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            value = condition()
            if value:
                return value
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise FakeTimeout(f"timed out after {timeout}s waiting for {what}")
            fut: asyncio.Future[None] = loop.create_future()
            self._waiters.add(fut)
            try:
                await asyncio.wait_for(fut, remaining)
            except TimeoutError:
                pass
            finally:
                self._waiters.discard(fut)
