"""The JSON API against its own OpenAPI document, on the running server: schemathesis sends
requests the document allows (and ones it does not) to ``ostbot``'s web app listening on a
loopback port over a real store, and checks every answer conforms to the document and none is
a 5xx."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import schemathesis
from aiohttp import web

from bot.store import Store
from bot.web.api import openapi_document
from bot.web.app import build_app
from bot.web.context import WebContext
from tests.web.served_store import Clock, stocked_store

# Start-up of the server thread: bounded so that a broken start fails instead of hanging.
START_TIMEOUT = 60


class RunningServer:
    """The web app on its own event loop in a thread, as ``ostbot web`` would run it, so the
    synchronous schemathesis client can talk to it over real HTTP."""

    def __init__(self, db_path: Path) -> None:
        self._db_path = db_path
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner: web.AppRunner | None = None
        self._store: Store | None = None
        self.base_url = ""

    def __enter__(self) -> RunningServer:
        self._thread.start()
        port = asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(START_TIMEOUT)
        self.base_url = f"http://127.0.0.1:{port}"
        return self

    def __exit__(self, *exc_info: object) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(START_TIMEOUT)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()

    async def _start(self) -> int:
        self._store = await stocked_store(self._db_path)
        context = WebContext(store=self._store, clock=Clock(), public_url=None)
        self._runner = web.AppRunner(build_app(context))
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        return int(self._runner.addresses[0][1])

    async def _stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        if self._store is not None:
            await self._store.close()


@pytest.fixture(scope="module")
def running_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    with RunningServer(tmp_path_factory.mktemp("web") / "ostbot.sqlite3") as server:
        yield server


@pytest.fixture(scope="module")
def real_cursor(running_server: RunningServer) -> str:
    """A cursor the API gave: what a valid ``cursor`` is (random text never is one)."""
    page = requests.get(f"{running_server.base_url}/api/v1/releases?limit=1", timeout=30)
    cursor: str = page.json()["next_cursor"]
    return cursor


# The document as shipped (the server serves these very bytes: test_api checks it). Loaded
# here rather than from the server: schemathesis's lazy fixture loader does not work with this
# pytest; every request still goes to the running server.
schema = schemathesis.openapi.from_dict(json.loads(openapi_document()))


@schema.parametrize()
def test_every_operation_conforms_to_the_document(case, running_server, real_cursor):
    """Status, content type and body match the document; no 5xx; invalid input is refused."""
    query = case.query or {}
    if "cursor" in query and case.meta is not None and case.meta.generation.mode.is_positive:
        # The document can say a cursor is a string, not which strings the API gave.
        query["cursor"] = real_cursor
    case.call_and_validate(base_url=running_server.base_url)
