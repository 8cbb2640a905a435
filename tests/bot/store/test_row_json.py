"""The JSON columns of a release row: written by hand for speed, equal to the encoder's text."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta, timezone

from hypothesis import given

from bot.domain import Credit, Link, Release
from bot.store.sql.rows import names_json, release_json, release_row, to_json
from tests.bot.release_strategies import AWKWARD, RELEASES


def test_names_json_is_the_encoders_text():
    """Every pair of awkward strings (quotes, controls, Korean, emoji, a lone surrogate) and the
    empty list come out exactly as the JSON encoder writes them."""
    for count in range(3):
        for names in itertools.product(AWKWARD, repeat=count):
            assert names_json(names) == to_json(list(names)), names


def test_release_row_lists_are_the_encoders_text():
    """artists, links and credits columns hold what to_json gave for the same values."""
    release = Release(
        "d",
        "r",
        ("IU", 'say "hi"'),
        links=(Link("melon", 'https://x.com/"y'), Link("spotify", "https://z.com")),
        credits=(Credit("producer", ("P", "Q\\R")), Credit("lyrics", ("드라마",))),
    )
    row = release_row(release, "{}", "print", 0, None)
    assert row["artists"] == to_json(list(release.artists))
    assert row["links"] == to_json([(link.service, link.url) for link in release.links])
    assert row["credits"] == to_json([(c.role, c.names) for c in release.credits])
    bare = release_row(Release("d", "r", ()), "{}", "print", 0, None)
    assert (bare["artists"], bare["links"], bare["credits"]) == ("[]", "[]", "[]")


@given(RELEASES)
def test_release_json_is_the_encoders_text(release: Release) -> None:
    """The hand-written canonical JSON equals to_json(as_dict()) for any release: awkward
    strings, huge parts, TBA, repeated link services and credit roles."""
    assert release_json(release) == to_json(release.as_dict())


def test_release_json_writes_instants_in_utc() -> None:
    """An instant with another offset is written as as_dict writes it: in UTC."""
    seoul = timezone(timedelta(hours=9))
    release = Release("d", "r", ("IU",), at=datetime(2030, 1, 1, 18, tzinfo=seoul))
    assert release_json(release) == to_json(release.as_dict())
    assert '"at":"2030-01-01T09:00:00+00:00"' in release_json(release)
