"""The fake's answers follow Discord's OpenAPI description, and the check that says so works."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.fake_discord import FakeDiscord, Guild, shapes

REPO = Path(__file__).resolve().parents[2]


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


USER = {
    "id": "1",
    "username": "alice",
    "global_name": None,
    "discriminator": "0",
    "avatar": None,
    "public_flags": 0,
    "flags": 0,
    "primary_guild": None,
}
MESSAGE = {
    "id": "5",
    "channel_id": "2",
    "author": USER,
    "content": "hi",
    "timestamp": "2026-01-01T00:00:00+00:00",
    "edited_timestamp": None,
    "tts": False,
    "mention_everyone": False,
    "mentions": [],
    "mention_roles": [],
    "attachments": [],
    "embeds": [],
    "components": [],
    "pinned": False,
    "type": 0,
    "flags": 0,
}
BUTTON_ROW = {"type": 1, "components": [{"type": 2, "style": 1, "custom_id": "go"}]}
COMMAND = {
    "id": "9",
    "application_id": "1",
    "version": "1",
    "default_member_permissions": None,
    "type": 1,
    "name": "ost",
    "description": "x",
}
EVENT = {
    "id": "7",
    "guild_id": "3",
    "name": "Part 1",
    "description": None,
    "channel_id": None,
    "creator_id": "1",
    "image": None,
    "scheduled_start_time": "2030-01-01T00:00:00+00:00",
    "scheduled_end_time": "2030-01-01T01:00:00+00:00",
    "status": 1,
    "entity_type": 3,
    "entity_id": None,
    "recurrence_rule": None,
    "privacy_level": 2,
    "guild_scheduled_event_exceptions": [],
    "entity_metadata": {"location": "Melon"},
}


def _drop(payload: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in payload.items() if k != key}


# (method, path, status, body or None, expected "ROUTE -> STATUS: PATH: MESSAGE" prefix)
DEVIATIONS = [
    (
        "GET", "/users/1", 200, _drop(USER, "flags"),
        "GET /users/{user_id} -> 200: $: 'flags' is a required property",
    ),
    (
        "POST", "/channels/2/messages", 200, {**MESSAGE, "guild_id": "3"},
        "POST /channels/{channel_id}/messages -> 200: $.guild_id: not in the spec",
    ),
    (
        "GET", "/channels/2/messages/5", 200, {**MESSAGE, "components": [BUTTON_ROW]},
        "GET /channels/{channel_id}/messages/{message_id} -> 200: $.components[0]: "
        "'id' is a required property",
    ),
    (
        "PUT", "/applications/1/commands", 200, [{**COMMAND, "default_member_permissions": 32}],
        "PUT /applications/{application_id}/commands -> 200: $[0].default_member_permissions: "
        "32 is not of type 'string', 'null'",
    ),
    (
        "PUT", "/applications/1/guilds/3/commands", 200, [{**COMMAND, "integration_types": None}],
        "PUT /applications/{application_id}/guilds/{guild_id}/commands -> 200: "
        "$[0].integration_types: None is not of type 'array'",
    ),
    (
        "POST", "/guilds/3/scheduled-events", 200, {**EVENT, "entity_metadata": {"location": 5}},
        "POST /guilds/{guild_id}/scheduled-events -> 200: $.entity_metadata.location: "
        "5 is not of type 'string'",
    ),
    (
        "GET", "/users/@me", 201, {**USER, "locale": "en-US", "mfa_enabled": False},
        "GET /users/@me -> 201: $: status not in the spec",
    ),
    (
        "POST", "/channels/2/typing", 204, {"message": "hi"},
        "POST /channels/{channel_id}/typing -> 204: $: the spec says no body",
    ),
    (
        "GET", "/users/@me", 200, None,
        "GET /users/@me -> 200: $: the spec wants a JSON body, got none",
    ),
    (
        "GET", "/channels/2/messages/5", 404, {"message": "Unknown Message"},
        "GET /channels/{channel_id}/messages/{message_id} -> 404: $: 'code' is a required property",
    ),
    (
        "POST", "/webhooks/1/tok/messages/@original", 200, MESSAGE,
        "POST /webhooks/{webhook_id}/{webhook_token}/messages/@original -> 200: $: method not in",
    ),
]  # fmt: skip


def test_a_body_that_is_not_json_is_a_deviation_not_a_crash():
    """Text where the spec wants JSON is reported; Cloudflare's HTML 429 is not Discord's API."""
    try:
        found = shapes.check("GET", "/users/1", 200, b"<html>", "text/html")
        cloudflare = shapes.check("GET", "/users/1", 429, b"<html>banned</html>", "text/html")
    finally:
        shapes.RECORDED.clear()
    assert [str(d) for d in found] == [
        "GET /users/{user_id} -> 200: $: not a JSON body (text/html)"
    ]
    assert cloudflare == []


@pytest.mark.parametrize(("method", "path", "status", "body", "expected"), DEVIATIONS)
def test_the_check_names_route_status_and_json_path(method, path, status, body, expected):
    """Each class of deviation is reported with the spec's route, the status and where."""
    raw = None if body is None else json.dumps(body).encode()
    try:
        found = shapes.check(method, path, status, raw)
    finally:
        shapes.RECORDED.clear()  # deliberate deviations: not this test's failure
    assert any(str(d).startswith(expected) for d in found), [str(d) for d in found]


@pytest.mark.parametrize(
    ("method", "path", "status", "body"),
    [
        ("GET", "/users/1", 200, USER),
        ("POST", "/channels/2/messages", 200, MESSAGE),
        ("PUT", "/applications/1/commands", 200, [COMMAND]),
        ("GET", "/guilds/3/scheduled-events/7", 200, EVENT),
        ("POST", "/channels/2/typing", 204, None),
        ("GET", "/users/1", 404, {"code": 10013, "message": "Unknown User"}),
        (
            "POST",
            "/channels/2/messages",
            429,
            {"code": 0, "message": "x", "retry_after": 1.5, "global": False},
        ),
        ("GET", "/channels/2/messages/5", 502, {"anything": "goes"}),  # no spec for 5xx
        ("GET", "/not/a/discord/route", 404, {"message": "404: Not Found", "code": 0}),
    ],
)
def test_answers_as_the_spec_says_pass(method, path, status, body):
    """Spec-conforming answers, and answers the spec does not describe, give no deviation."""
    raw = None if body is None else json.dumps(body).encode()
    assert shapes.check(method, path, status, raw) == []


@pytest.mark.parametrize(
    ("path", "template"),
    [
        ("/users/@me", "/users/@me"),
        ("/users/42", "/users/{user_id}"),
        (
            "/webhooks/1/tok/messages/@original",
            "/webhooks/{webhook_id}/{webhook_token}/messages/@original",
        ),
        (
            "/webhooks/1/tok/messages/9",
            "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}",
        ),
        (
            "/guilds/3/scheduled-events/7",
            "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}",
        ),
        (
            "/interactions/1/tok/callback",
            "/interactions/{interaction_id}/{interaction_token}/callback",
        ),
        ("/applications/@me", "/applications/@me"),
        ("/nowhere", None),
    ],
)
def test_request_paths_map_to_the_specs_templates(path, template):
    """Literal segments (@me, @original) win over parameters; unknown paths map to nothing."""
    assert shapes.spec_template(path) == template


def test_validators_are_compiled_once_per_route_and_status():
    """A second answer on the same route and status reuses the compiled validator."""
    body = json.dumps(USER).encode()
    shapes.check("GET", "/users/1", 200, body)
    before = shapes._validator.cache_info()
    shapes.check("GET", "/users/2", 200, body)
    after = shapes._validator.cache_info()
    assert (after.hits, after.misses) == (before.hits + 1, before.misses)


async def test_the_fake_records_what_it_sent_outside_the_spec(fake_discord: FakeDiscord):
    """A wrong answer from the fake lands in fake.shape_deviations, naming route and path."""
    good = fake_discord.world.application_payload
    fake_discord.world.application_payload = lambda: {**good(), "summary": ""}  # type: ignore[method-assign]
    async with aiohttp.ClientSession() as s:
        await _call(s, fake_discord, "GET", "/applications/@me")
    try:
        assert [str(d) for d in fake_discord.shape_deviations] == [
            "GET /applications/@me -> 200: $.summary: not in the spec"
        ]
    finally:
        shapes.RECORDED.clear()


def test_every_allowed_deviation_says_why():
    """The allow-list parses, and each entry names a route, a path and a real reason."""
    entries = shapes.allowed()
    assert entries
    for entry in entries:
        assert entry.route
        assert entry.path.startswith("$")
        assert len(entry.reason.split()) >= 8


def test_a_deviation_fails_the_test_that_caused_it(tmp_path):
    """The suite-wide fixture turns a deviation into a failure naming route, status and path."""
    test = tmp_path / "test_deviates.py"
    test.write_text(
        "from tests.fake_discord import shapes\n"
        "def test_deviates():\n"
        "    shapes.check('GET', '/users/1', 200, b'{\"id\": \"1\"}')\n"
        "def test_conforms():\n"
        "    pass\n"
    )
    result = subprocess.run(  # noqa: S603 - our interpreter, our file
        [sys.executable, "-m", "pytest", "-p", "tests.conftest", "-q", "-p", "no:cacheprovider",
         "--rootdir", str(tmp_path), str(test)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert result.returncode == 1, result.stdout
    assert "2 passed, 1 error" in result.stdout  # the call passed; its teardown fails
    assert "ERROR at teardown of test_deviates" in result.stdout
    assert "GET /users/{user_id} -> 200: $: 'username' is a required property" in result.stdout


@pytest.mark.parametrize(
    ("event", "data", "expected"),
    [
        ("MESSAGE_CREATE", {**MESSAGE, "guild_id": "3", "member": {}}, None),
        ("MESSAGE_UPDATE", _drop(MESSAGE, "author"), "GATEWAY MESSAGE_UPDATE: $: 'author' is"),
        (
            "MESSAGE_CREATE",
            {**MESSAGE, "author": _drop(USER, "flags")},
            "GATEWAY MESSAGE_CREATE: $.author",
        ),
        ("GUILD_SCHEDULED_EVENT_UPDATE", EVENT, None),
        (
            "GUILD_SCHEDULED_EVENT_CREATE",
            {**EVENT, "status": 9},
            "GATEWAY GUILD_SCHEDULED_EVENT_CREATE: $.status",
        ),
        ("INTERACTION_CREATE", {"anything": 1}, None),  # no schema in the spec
    ],
)
def test_gateway_dispatches_of_rest_objects_are_checked_too(event, data, expected):
    """Message and scheduled-event dispatches are checked as their REST objects (gateway-only
    fields such as guild_id set aside); events the spec has no schema for are not."""
    try:
        found = [str(d) for d in shapes.check_dispatch(event, data)]
    finally:
        shapes.RECORDED.clear()
    if expected is None:
        assert found == []
    else:
        assert any(f.startswith(expected) for f in found), found


@pytest.mark.parametrize(
    ("sent", "ids"),
    [
        ([BUTTON_ROW], [1, 2]),
        ([BUTTON_ROW, BUTTON_ROW], [1, 2, 3, 4]),
        ([{**BUTTON_ROW, "id": 2}], [2, 1]),  # a chosen id is kept; the others skip it
        (
            [{"type": 1, "components": [{"type": 2, "style": 1, "custom_id": "a"}] * 3}],
            [1, 2, 3, 4],
        ),
    ],
)
async def test_components_get_ids_as_discord_numbers_them(
    fake_discord: FakeDiscord, fake_guild: Guild, sent, ids
):
    """Components sent without an id come back numbered 1, 2, 3... depth-first."""
    news = next(c for c in fake_guild.channels.values() if c.name == "ost-news")
    unique = iter(range(100))  # custom_ids must be unique in a message
    sent = [
        {**row, "components": [{**c, "custom_id": f"c{next(unique)}"} for c in row["components"]]}
        for row in sent
    ]
    async with aiohttp.ClientSession() as s:
        status, msg = await _call(
            s, fake_discord, "POST", f"/channels/{news.id}/messages", {"components": sent}
        )
    assert status == 200
    numbered = []
    for row in msg["components"]:
        numbered.append(row["id"])
        numbered.extend(c["id"] for c in row["components"])
    assert numbered == ids
