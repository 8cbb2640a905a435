"""The access log hides servers' feed tokens and keeps the rest of the line."""

from __future__ import annotations

import logging

from aiohttp.test_utils import TestClient, TestServer

from bot.store import open_store
from bot.web.app import build_app
from bot.web.context import WebContext
from bot.web.feed_access_log import TokenSafeAccessLogger, redacted
from tests.web.served_store import Clock


def test_a_feed_token_is_hidden_and_other_paths_are_kept():
    """/s/<token>/… loses its token; other paths and queries stay as they are."""
    token = "A" * 43
    assert redacted(f"/s/{token}/calendar.ics") == "/s/…/calendar.ics"
    assert redacted(f"/s/{token}") == "/s/…"
    assert redacted("/calendar.ics?drama=goblin") == "/calendar.ics?drama=goblin"
    assert redacted("/api/v1/s/x") == "/api/v1/s/x"


async def test_the_served_requests_are_logged_without_the_token(caplog, store_target):
    """A request to a server's feed is logged with its status, never its token."""
    token = "B" * 43
    async with await open_store(store_target) as store:
        context = WebContext(store=store, clock=Clock(), public_url=None)
        server = TestServer(build_app(context))
        # As ostbot web would run it (the client then uses this started server).
        await server.start_server(access_log_class=TokenSafeAccessLogger)
        with caplog.at_level(logging.INFO, logger="aiohttp.access"):
            async with TestClient(server) as client:
                response = await client.get(f"/s/{token}/calendar.ics")
                assert response.status == 404
    lines = [r.getMessage() for r in caplog.records if r.name == "aiohttp.access"]
    assert any("GET /s/…/calendar.ics 404" in line for line in lines), lines
    assert not any(token in r.getMessage() for r in caplog.records)


async def test_the_web_server_logs_through_the_token_safe_logger(caplog, store_target):
    """WebServer (ostbot web and ostbot run's web) logs a feed request without its token."""
    from aiohttp import ClientSession

    from bot.web.listen import Listen
    from bot.web.server import WebServer

    token = "C" * 43
    async with await open_store(store_target) as store:
        context = WebContext(store=store, clock=Clock(), public_url=None)
        server = WebServer(context, Listen("127.0.0.1", 0))
        await server.start()
        try:
            with caplog.at_level(logging.INFO, logger="aiohttp.access"):
                async with (
                    ClientSession() as session,
                    session.get(f"{server.url}/s/{token}/calendar.ics") as response,
                ):
                    assert response.status == 404
        finally:
            await server.stop()
    lines = [r.getMessage() for r in caplog.records if r.name == "aiohttp.access"]
    assert any("GET /s/…/calendar.ics 404" in line for line in lines), lines
    assert not any(token in r.getMessage() for r in caplog.records)
