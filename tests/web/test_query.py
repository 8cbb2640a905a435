"""The query checks the pages, the feed and the API share (``bot.web.query``), without a server:
the pages' filters parsed and refused, and their query string."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from multidict import MultiDict

from bot.web.query import BadQuery, Filters, parse_filters

AT = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def as_query(params: dict[str, list[str]]) -> MultiDict[str]:
    """``params`` as aiohttp's ``request.query`` holds them: each value of a name, in order."""
    return MultiDict([(name, value) for name, values in params.items() for value in values])


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, Filters()),
        ({"drama": [" sea "], "artist": ["IU"]}, Filters(drama="sea", artist="IU")),
        ({"from": ["1772355600"], "skip": ["3"]}, Filters(start=AT, skip=3)),
        ({"from": ["1772355600"]}, Filters(start=AT)),
        ({"drama": [""], "other": ["1", "2"]}, Filters()),
    ],
)
def test_good_queries(params, expected):
    """Known parameters parsed, empty ones unset, unknown ones ignored."""
    assert parse_filters(as_query(params)) == expected


@pytest.mark.parametrize(
    "params",
    [
        {"skip": ["1"]},
        {"from": ["１"]},  # noqa: RUF001 - a fullwidth digit, which isdigit() accepts
        {"from": ["99999999999999"]},
        {"skip": ["10001"], "from": ["1"]},
        {"artist": ["a", "b"]},
        {"drama": ["\ud800"]},
    ],
)
def test_bad_queries(params):
    """Each is refused with BadQuery (a 400 page), never passed on."""
    with pytest.raises(BadQuery):
        parse_filters(as_query(params))


def test_the_query_string_round_trips():
    """Filters → query string → the same filters, the calendar's without the page position."""
    filters = Filters(drama="a&b", artist="x y")
    assert filters.query() == "?drama=a%26b&artist=x+y"
    assert filters.query(start=AT, skip=2) == "?drama=a%26b&artist=x+y&from=1772355600&skip=2"
    assert Filters().query() == ""
