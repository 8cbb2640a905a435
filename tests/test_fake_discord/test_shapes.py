"""The fake's answers follow Discord's OpenAPI description, and the check that says so works."""

from __future__ import annotations

import json
from typing import Any

import aiohttp

from tests.fake_discord import FakeDiscord, Guild


async def _call(
    session: aiohttp.ClientSession, fake: FakeDiscord, method: str, path: str, body: Any = None
) -> tuple[int, Any]:
    headers = {"Authorization": f"Bot {fake.token}"}
    async with session.request(method, fake.api_base + path, json=body, headers=headers) as resp:
        text = await resp.text()
        return resp.status, json.loads(text) if text else None


async def test_every_route_of_the_fake_answers_per_spec(
    fake_discord: FakeDiscord, fake_guild: Guild
):
    """Each REST route the fake implements, successes and errors, answers as the spec says."""
    fake = fake_discord
    app = fake.application_id
    news = next(c for c in fake_guild.channels.values() if c.name == "ost-news")
    alice = next(m for m in fake_guild.members.values() if m.user.username == "alice")
    voice = fake_guild.add_voice_channel("stage")
    button_row = {
        "type": 1,
        "components": [{"type": 2, "style": 1, "label": "Go", "custom_id": "go"}],
    }
    command = {"name": "ost", "description": "OST releases", "options": []}
    async with aiohttp.ClientSession() as s:
        for method, path, body in [
            ("GET", "/gateway", None),
            ("GET", "/gateway/bot", None),
            ("GET", "/users/@me", None),
            ("GET", f"/users/{alice.user.id}", None),
            ("GET", "/users/1", None),
            ("GET", "/oauth2/applications/@me", None),
            ("GET", "/applications/@me", None),
            ("GET", f"/guilds/{fake_guild.id}", None),
            ("GET", "/guilds/1", None),
            ("GET", f"/guilds/{fake_guild.id}/channels", None),
            ("GET", f"/guilds/{fake_guild.id}/roles", None),
            ("GET", f"/guilds/{fake_guild.id}/members/{alice.user.id}", None),
            ("GET", f"/channels/{news.id}", None),
            ("GET", f"/channels/{voice.id}", None),
            ("PUT", f"/applications/{app}/commands", [command]),
            ("PUT", f"/applications/{app}/guilds/{fake_guild.id}/commands", [command]),
            ("POST", f"/applications/{app}/commands", {**command, "name": "two"}),
            ("GET", f"/applications/{app}/commands", None),
            ("PUT", f"/applications/{app}/commands", [{"name": "Bad Name", "description": ""}]),
            (
                "POST",
                f"/channels/{news.id}/messages",
                {"content": "hi", "components": [button_row]},
            ),
            ("POST", f"/channels/{news.id}/messages", {"embeds": [{"title": "x" * 300}]}),
            ("POST", f"/channels/{news.id}/messages", {}),
            ("GET", f"/channels/{news.id}/messages", None),
            ("POST", f"/channels/{news.id}/typing", None),
            ("POST", "/users/@me/channels", {"recipient_id": str(alice.user.id)}),
            ("GET", f"/guilds/{fake_guild.id}/scheduled-events", None),
        ]:
            await _call(s, fake, method, path, body)
        status, msg = await _call(
            s, fake, "POST", f"/channels/{news.id}/messages", {"content": "x"}
        )
        assert status == 200
        mid = msg["id"]
        cmd_status, cmds = await _call(s, fake, "GET", f"/applications/{app}/commands", None)
        assert cmd_status == 200
        for method, path, body in [
            ("GET", f"/channels/{news.id}/messages/{mid}", None),
            ("PATCH", f"/channels/{news.id}/messages/{mid}", {"content": "edited"}),
            ("POST", f"/channels/{news.id}/messages/{mid}/crosspost", None),
            ("POST", f"/channels/{news.id}/messages/{mid}/crosspost", None),
            ("DELETE", f"/channels/{news.id}/messages/{mid}", None),
            ("GET", f"/channels/{news.id}/messages/{mid}", None),
            ("GET", f"/applications/{app}/commands/{cmds[0]['id']}", None),
            ("PATCH", f"/applications/{app}/commands/{cmds[0]['id']}", {"description": "new"}),
            ("DELETE", f"/applications/{app}/commands/{cmds[0]['id']}", None),
        ]:
            await _call(s, fake, method, path, body)
    assert fake.shape_deviations == []
    assert len(fake.requests) > 30
