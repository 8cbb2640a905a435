"""The fake refuses every payload Discord documents as too long or too many, at its JSON path,
and accepts the same payload at exactly the limit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aiohttp
import pytest

from tests.fake_discord.responses import ApiError
from tests.fake_discord.validation import validate_choices, validate_event, validate_message


def embed(**extra: Any) -> dict[str, Any]:
    return {"embeds": [{"title": "t", **extra}]}


def button(**extra: Any) -> dict[str, Any]:
    link = {"type": 2, "style": 5, "label": "x", "url": "https://e.com", **extra}
    return {"components": [{"type": 1, "components": [link]}]}


def select(**extra: Any) -> dict[str, Any]:
    option = {"label": "a", "value": "a", **extra.pop("option", {})}
    menu = {"type": 3, "custom_id": "s", "options": [option], **extra}
    return {"components": [{"type": 1, "components": [menu]}]}


def fields(count: int, name: str = "n", value: str = "v") -> dict[str, Any]:
    return embed(fields=[{"name": name, "value": value} for _ in range(count)])


def rows(count: int, per_row: int = 1) -> dict[str, Any]:
    row = {"type": 1, "components": [button()["components"][0]["components"][0]] * per_row}
    return {"components": [row] * count}


def two_embeds(total: int) -> dict[str, Any]:
    return {"embeds": [{"description": "d" * 4000}, {"description": "d" * (total - 4000)}]}


def event(**extra: Any) -> dict[str, Any]:
    body = {
        "name": "n",
        "privacy_level": 2,
        "entity_type": 3,
        "entity_metadata": {"location": "l"},
        "scheduled_start_time": "2030-01-01T00:00:00+00:00",
        "scheduled_end_time": "2030-01-01T01:00:00+00:00",
    }
    body.update(extra)
    return body


Build = Callable[[int], dict[str, Any]]
# (what, build(n), Discord's limit, the error's path): n = limit passes, n = limit + 1 fails.
MESSAGE_LIMITS: list[tuple[str, Build, int, str]] = [
    ("content", lambda n: {"content": "c" * n}, 2000, "content"),
    ("title", lambda n: embed(title="t" * n), 256, "embeds.0.title"),
    ("description", lambda n: embed(description="d" * n), 4096, "embeds.0.description"),
    ("field count", fields, 25, "embeds.0.fields"),
    ("field name", lambda n: fields(1, name="n" * n), 256, "embeds.0.fields.0.name"),
    ("field value", lambda n: fields(1, value="v" * n), 1024, "embeds.0.fields.0.value"),
    ("footer", lambda n: embed(footer={"text": "f" * n}), 2048, "embeds.0.footer.text"),
    ("author", lambda n: embed(author={"name": "a" * n}), 256, "embeds.0.author.name"),
    ("embeds", lambda n: {"embeds": [{"title": "t"}] * n}, 10, "embeds"),
    ("total", two_embeds, 6000, "embeds"),
    ("rows", rows, 5, "components"),
    ("buttons per row", lambda n: rows(1, n), 5, "components.0.components"),
    ("label", lambda n: button(label="l" * n), 80, "components.0.components.0.label"),
    ("url", lambda n: button(url="https://e.com/" + "u" * (n - 14)), 512,
     "components.0.components.0.url"),
    ("custom_id", lambda n: button(style=2, url=None, custom_id="c" * n), 100,
     "components.0.components.0.custom_id"),
    ("options", lambda n: select(options=[{"label": str(i), "value": str(i)} for i in range(n)]),
     25, "components.0.components.0.options"),
    ("option label", lambda n: select(option={"label": "l" * n}), 100,
     "components.0.components.0.options.0.label"),
    ("option value", lambda n: select(option={"value": "v" * n}), 100,
     "components.0.components.0.options.0.value"),
    ("option description", lambda n: select(option={"description": "d" * n}), 100,
     "components.0.components.0.options.0.description"),
    ("placeholder", lambda n: select(placeholder="p" * n), 150,
     "components.0.components.0.placeholder"),
]  # fmt: skip


def error_paths(tree: dict[str, Any], prefix: str = "") -> set[str]:
    found = set()
    for key, value in tree.items():
        if key == "_errors":
            found.add(prefix)
        else:
            found |= error_paths(value, f"{prefix}.{key}" if prefix else key)
    return found


@pytest.mark.parametrize(("what", "build", "limit", "path"), MESSAGE_LIMITS)
def test_message_limits(what, build, limit, path):
    """At the limit a message is accepted; one past it is refused (50035) at the field's path."""
    validate_message(build(limit))
    with pytest.raises(ApiError) as refused:
        validate_message(build(limit + 1))
    assert refused.value.code == 50035
    assert path in error_paths(refused.value.errors or {})
    with pytest.raises(ApiError):
        validate_message(build(limit + 1), edit=True)  # an edit is held to the same limits


@pytest.mark.parametrize("blank", ["name", "value"])
def test_an_empty_field_name_or_value_is_refused(blank):
    """Discord requires a field's name and value."""
    with pytest.raises(ApiError):
        validate_message(fields(1, **{blank: ""}))


EVENT_LIMITS: list[tuple[str, Build, int, str]] = [
    ("name", lambda n: event(name="n" * n), 100, "name"),
    ("description", lambda n: event(description="d" * n), 1000, "description"),
    ("location", lambda n: event(entity_metadata={"location": "l" * n}), 100,
     "entity_metadata.location"),
]  # fmt: skip


@pytest.mark.parametrize(("what", "build", "limit", "path"), EVENT_LIMITS)
def test_scheduled_event_limits(what, build, limit, path):
    """An event's name, description and location are held to Discord's lengths."""
    validate_event(build(limit))
    with pytest.raises(ApiError) as refused:
        validate_event(build(limit + 1))
    assert path in error_paths(refused.value.errors or {})


@pytest.mark.parametrize("empty", ["name", "description"])
def test_scheduled_event_texts_cannot_be_empty(empty):
    """A name or description, when given, has at least one character."""
    with pytest.raises(ApiError):
        validate_event(event(**{empty: ""}))


@pytest.mark.parametrize(
    "choices",
    [
        [{"name": str(i), "value": str(i)} for i in range(26)],
        [{"name": "n" * 101, "value": "v"}],
        [{"name": "", "value": "v"}],
        [{"name": "n", "value": "v" * 101}],
    ],
)
def test_autocomplete_choice_limits(choices):
    """At most 25 choices; a choice's name is 1-100 characters, its value at most 100."""
    with pytest.raises(ApiError):
        validate_choices(choices)


async def test_an_over_long_event_location_is_refused_over_http(fake_discord, fake_guild):
    """The events route applies the limits: a 101-character location gets 400 50035."""
    headers = {"Authorization": f"Bot {fake_discord.token}"}
    url = f"{fake_discord.api_base}/guilds/{fake_guild.id}/scheduled-events"
    async with aiohttp.ClientSession(headers=headers) as http:
        async with http.post(url, json=event(entity_metadata={"location": "l" * 101})) as resp:
            assert resp.status == 400
            assert (await resp.json())["code"] == 50035
        async with http.post(url, json=event(entity_metadata={"location": "l" * 100})) as resp:
            assert resp.status == 200
