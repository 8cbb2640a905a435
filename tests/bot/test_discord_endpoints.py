"""use_endpoints: discord.py's REST base and gateway, re-pointed only to valid URLs."""

from __future__ import annotations

from collections.abc import Iterator

import discord.http
import pytest
import yarl
from discord.gateway import DiscordWebSocket

from bot.discord_endpoints import use_endpoints
from bot.domain.errors import OstbotError


@pytest.fixture(autouse=True)
def restore_endpoints() -> Iterator[None]:
    old = discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    yield
    discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = old


def test_sets_both_patch_points():
    """The REST base (no trailing slash) and the gateway URL are what discord.py then uses."""
    use_endpoints("http://127.0.0.1:8080/api/v10/", "ws://127.0.0.1:8080/gateway")
    assert discord.http.Route.BASE == "http://127.0.0.1:8080/api/v10"
    assert discord.http.Route("GET", "/users/@me").url == "http://127.0.0.1:8080/api/v10/users/@me"
    assert yarl.URL("ws://127.0.0.1:8080/gateway") == DiscordWebSocket.DEFAULT_GATEWAY


def test_none_leaves_a_patch_point_alone():
    """A REST proxy alone (nirn-proxy) changes the base and keeps Discord's gateway."""
    gateway = DiscordWebSocket.DEFAULT_GATEWAY
    use_endpoints("https://proxy.internal/api/v10", None)
    assert discord.http.Route.BASE == "https://proxy.internal/api/v10"
    assert gateway == DiscordWebSocket.DEFAULT_GATEWAY


@pytest.mark.parametrize(
    ("api_base", "gateway_url"),
    [
        ("ws://127.0.0.1/api/v10", None),
        ("127.0.0.1:8080/api/v10", None),
        ("http:///api/v10", None),
        ("http://127.0.0.1:port/api/v10", None),
        (None, "http://127.0.0.1/gateway"),
        ("http://127.0.0.1/api/v10", "gateway.discord.gg"),
    ],
)
def test_rejects_urls_of_the_wrong_kind_and_changes_nothing(api_base, gateway_url):
    """REST needs http(s) and the gateway ws(s), with a host; else OstbotError, nothing set."""
    before = discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    with pytest.raises(OstbotError, match="expected a"):
        use_endpoints(api_base, gateway_url)
    assert before == (discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)
