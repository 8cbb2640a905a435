"""Any query string on any page gets a page back, 200 or 400 (or 404), never a 500: hypothesis
writes the queries, the application answers on a real socket from a thread of its own."""

from __future__ import annotations

import asyncio
import http.client
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from aiohttp import web
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.store import open_store
from bot.web.app import build_app
from bot.web.context import WebContext
from bot.web.query import PAGE_PARAMETERS
from tests.web.pages import world
from tests.web.pages.conftest import NOW

PATHS = ("/", "/dramas/sea-of-stars", "/dramas/sea-of-stars/part-2", "/dramas/nope")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """The application over the world's store, listening on a free loopback port."""
    path: Path = tmp_path_factory.mktemp("fuzz") / "ostbot.sqlite3"
    asyncio.run(world.build(path, NOW))
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    stop = asyncio.Event()
    port: list[int] = []

    async def run() -> None:
        async with await open_store(path, readonly=True) as store:
            context = WebContext(store=store, clock=lambda: NOW, public_url=None)
            runner = web.AppRunner(build_app(context))
            await runner.setup()
            site = web.TCPSite(runner, "127.0.0.1", 0)
            await site.start()
            port.append(runner.addresses[0][1])
            ready.set()
            await stop.wait()
            await runner.cleanup()

    thread = threading.Thread(target=loop.run_until_complete, args=(run(),), daemon=True)
    thread.start()
    assert ready.wait(30), "the server did not start"
    yield port[0]
    loop.call_soon_threadsafe(stop.set)
    thread.join(30)
    loop.close()


def fetch(port: int, target: str) -> tuple[int, str, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", target)
        response = connection.getresponse()
        body = response.read().decode()
        return response.status, response.getheader("Content-Type", ""), body
    finally:
        connection.close()


values = st.one_of(
    st.text(max_size=60),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["", " ", "0", "1e9", "\uff19", "-0", "+1", "%", "\x00", "\u202e", "\ud800"]),
)
names = st.one_of(st.sampled_from(PAGE_PARAMETERS), st.text(max_size=10))
pairs = st.lists(st.tuples(names, values), max_size=6)


def encode(pairs: list[tuple[str, str]]) -> str:
    # surrogatepass: a lone surrogate goes out as the bytes a careless client would send.
    return urlencode(
        [(name.encode("utf-8", "surrogatepass"), value.encode("utf-8", "surrogatepass"))
         for name, value in pairs]
    )  # fmt: skip


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(path=st.sampled_from(PATHS), query=pairs)
def test_any_query_gets_a_page_never_a_500(server, path, query):
    """Structured queries (known names, odd values): 200, 400 or 404, always an HTML page."""
    status, content_type, body = fetch(server, f"{path}?{encode(query)}")
    assert status in (200, 400, 404), body
    assert content_type.startswith("text/html")
    assert "<script>document" not in body


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=st.binary(max_size=80), segment=st.binary(max_size=30))
def test_any_bytes_in_the_query_or_path_get_a_page_never_a_500(server, raw, segment):
    """Raw bytes, percent-encoded, in the query and as a drama id: never a 500."""
    target = f"/dramas/{quote(segment, safe='')}?{quote(raw, safe='=&')}"
    status, content_type, body = fetch(server, target)
    assert status in (200, 400, 404), body
    assert content_type.startswith("text/html")
