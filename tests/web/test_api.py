"""/api/v1: releases with filters and paging in the shape of ``ostbot upcoming --json``, a
drama with its releases, JSON errors, and only curated releases."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from yarl import URL

from bot.web.api import openapi_document
from tests.web.served_store import GOBLIN, GOBLIN_RELEASES, NOW

RELEASES = "/api/v1/releases"


async def get_json(served, path, params=None, status=200):
    response = await served.client.get(path, params=params)
    assert response.status == status, await response.text()
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    return await response.json()


def keys(document) -> list[str]:
    return [f"{r['drama']}/{r['id']}" for r in document["releases"]]


async def test_releases_are_upcoming_json_documents(served):
    """The coming curated releases, each exactly as ostbot upcoming --json prints it."""
    document = await get_json(served, RELEASES)
    expected = [json.loads(d) for d in await served.store.releases.upcoming_documents(now=NOW)]
    assert document == {"releases": expected, "next_cursor": None}
    assert keys(document)[-1] == "goblin/part-3"  # TBA last
    assert "our-show/first-light" not in keys(document)  # a server's own is never public


async def test_paging_walks_every_release_once_in_order(served):
    """limit=1..3 pages, joined, are the whole listing, ties at one instant and TBA included."""
    whole = keys(await get_json(served, RELEASES))
    for limit in (1, 2, 3):
        seen, cursor = [], None
        while True:
            params = {"limit": str(limit), **({"cursor": cursor} if cursor else {})}
            page = await get_json(served, RELEASES, params)
            assert len(page["releases"]) <= limit
            seen += keys(page)
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert seen == whole, limit


async def test_a_cursor_keeps_the_filters_it_is_given_with(served):
    """The next page of a filtered listing is filtered too."""
    first = await get_json(served, RELEASES, {"drama": "goblin", "limit": "1"})
    rest = await get_json(
        served, RELEASES, {"drama": "goblin", "limit": "10", "cursor": first["next_cursor"]}
    )
    assert keys(first) + keys(rest) == [
        "goblin/part-1",
        "goblin/part-2",
        "goblin/gone",
        "goblin/part-3",
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"drama": "signal"}, ["signal/part-1", "signal/part-2"]),
        ({"artist": "chanyeol"}, ["goblin/part-1"]),
        ({"status": "cancelled"}, ["goblin/gone"]),
        ({"drama": "our-show"}, []),
        (
            {"from": (NOW - timedelta(days=3)).isoformat(), "to": "2030-01-02T12:30:00Z"},
            ["goblin/old"],
        ),
        (
            {"from": "2030-01-02T18:30:00+00:00"},
            ["signal/part-1", "signal/part-2", "goblin/part-2", "goblin/gone", "goblin/part-3"],
        ),
        ({"to": "2030-01-01T00:00:00Z"}, []),
    ],
)
async def test_filters(served, params, expected):
    """drama, artist (any case), status and the from/to window (TBA belongs to no window)."""
    assert keys(await get_json(served, RELEASES, params)) == expected


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"limit": "0"}, "limit: '0' is not a whole number from 1 to 200"),
        ({"limit": "201"}, "limit:"),
        ({"limit": "+5"}, "limit:"),
        ({"status": "gone"}, "status: 'gone' is not one of scheduled, postponed, cancelled"),
        ({"from": "2030-01-01"}, "from: '2030-01-01' is not a date-time with an offset"),
        ({"to": "2030-01-01T00:00:00"}, "to:"),
        ({"to": "2030-13-01T00:00:00Z"}, "to:"),
        ({"cursor": "bm9wZQ"}, "cursor: not a cursor this API gave"),
        ({"cursor": "!!"}, "cursor:"),
        ({"drama": "UPPER"}, "drama: 'UPPER' is not a drama id"),
        ({"artist": ""}, "artist:"),
        ([("status", "cancelled"), ("status", "scheduled")], "status: given 2 times"),
    ],
)
async def test_bad_parameters_are_a_json_400(served, params, says):
    """Each parameter the document names is checked; the error says which and why."""
    document = await get_json(served, RELEASES, params, status=400)
    assert list(document) == ["error"]
    assert document["error"].startswith(says)


async def test_a_leap_second_is_the_next_second(served):
    """RFC 3339 allows :60; it reads as the next whole second."""
    document = await get_json(served, RELEASES, {"from": "2030-01-02T12:29:60Z"})
    assert keys(document)[0] == "goblin/part-1"  # at 2030-01-02T12:30:00Z


async def test_a_drama_with_all_its_releases(served):
    """The drama as stored and every release, past and coming, TBA last."""
    document = await get_json(served, "/api/v1/dramas/goblin")
    assert document["drama"]["title_native"] == "도깨비"
    assert [r["id"] for r in document["releases"]] == ["old", "part-1", "part-2", "gone", "part-3"]


@pytest.mark.parametrize("drama", ["our-show", "nope", "Goblin", "%E2%80%AE"])
async def test_an_unknown_or_private_drama_is_a_json_404(served, drama):
    """A server's own drama is as absent as one that never was."""
    document = await get_json(served, f"/api/v1/dramas/{drama}", status=404)
    assert document["error"].startswith("There is no drama")


async def test_the_openapi_document_is_served_as_shipped(served):
    """/api/v1/openapi.json is the package's document, as JSON."""
    response = await served.client.get("/api/v1/openapi.json")
    assert response.status == 200
    assert await response.read() == openapi_document()
    assert (await response.json())["openapi"] == "3.1.0"


DOCUMENT = json.loads(openapi_document())
SCHEMAS = DOCUMENT["components"]["schemas"]
# A value each documented query parameter refuses.
REFUSED = {
    "drama": "Not An Id",
    "artist": "",
    "status": "soon",
    "from": "tomorrow",
    "to": "1 Jan",
    "limit": "many",
    "cursor": "?",
}


def test_the_documented_shapes_are_the_domains_own():
    """Release and Drama in the document have exactly the keys as_dict() gives, in order."""
    for name, value in (("Release", GOBLIN_RELEASES[0]), ("Drama", GOBLIN)):
        assert SCHEMAS[name]["required"] == list(value.as_dict()), name
        assert list(SCHEMAS[name]["properties"]) == list(value.as_dict()), name


@pytest.mark.parametrize(
    "parameter", DOCUMENT["paths"]["/api/v1/releases"]["get"]["parameters"], ids=lambda p: p["name"]
)
async def test_every_documented_parameter_is_read(served, parameter):
    """Each query parameter the document names is one the API checks (a bad value is a 400
    naming it), so the document cannot list one the server ignores."""
    name = parameter["name"]
    document = await get_json(served, RELEASES, {name: REFUSED[name]}, status=400)
    assert document["error"].startswith(f"{name}:")


async def test_a_raw_plus_in_an_offset_gets_a_hint(served):
    """'+09:00' unencoded arrives as ' 09:00': the error says to write %2B."""
    response = await served.client.get(
        URL(f"{RELEASES}?from=2030-01-01T00:00:00+09:00", encoded=True)
    )
    assert response.status == 400
    assert "write the offset's + as %2B" in (await response.json())["error"]
