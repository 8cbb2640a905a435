"""The autocomplete index: tiers, order, Korean, limits (pure, no store)."""

from __future__ import annotations

import json

import pytest

from bot.services.catalog_index import CatalogIndex, catalog_order, choice_name


def row(release_id, title, artists, at, drama=("goblin", "Goblin", "도깨비"), part=None):
    drama_id, drama_title, native = drama
    return (drama_id, release_id, part, title, json.dumps(artists), drama_title, native, at)


ROWS = [
    row("p1", "Stay With Me", ["Chanyeol", "Punch"], 100, part=1),
    row("p2", "Beautiful", ["Crush"], 200, part=2),
    row("x1", "Stay Forever", ["Someone"], 300, drama=("other", "Other Drama", None)),
    row("p3", "사랑인 것 같아", ["Ailee"], None, part=3),  # the store lists TBA last
]


@pytest.fixture
def index():
    return CatalogIndex(catalog_order(ROWS, now_unix=150))


def values(entries):
    return [e.value for e in entries]


def test_order_is_upcoming_then_tba_then_recent_past():
    """Upcoming soonest first, TBA after, the past last (most recent first)."""
    ordered = catalog_order(ROWS, now_unix=150)
    assert [r[1] for r in ordered] == ["p2", "x1", "p3", "p1"]


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("stay with", "goblin/p1"),  # phrase prefix beats a word match elsewhere
        ("stay wth", "goblin/p1"),  # a typo
        ("punch", "goblin/p1"),  # an artist
        ("도깨비 beau", "goblin/p2"),  # Korean drama title + English title
        ("사라", "goblin/p3"),  # a half-typed Hangul syllable
        ("other", "other/x1"),  # a drama's title
    ],
)
def test_search_finds(index, typed, first):
    """The best match for typical input comes first."""
    assert values(index.search(typed))[0] == first


def test_empty_query_is_catalog_order(index):
    """Nothing typed: the catalog's own order (next drops first)."""
    assert values(index.search("")) == ["goblin/p2", "other/x1", "goblin/p3", "goblin/p1"]


def test_nothing_matches(index):
    """Unrelated text finds nothing."""
    assert index.search("qqqqqq") == []


def test_choice_names_fit_discord():
    """Names read "Drama (native) · Part N "Title" — Artists" and stop at 100 characters."""
    assert choice_name(ROWS[0]) == 'Goblin (도깨비) · Part 1 "Stay With Me" — Chanyeol, Punch'
    long = row("p9", "x" * 200, ["A"], 1)
    assert len(choice_name(long)) == 100


def test_dramas_and_artists(index):
    """Drama and artist options match their names, Korean included."""
    assert values(index.search_dramas("도깨")) == ["goblin"]
    assert values(index.search_artists("crus")) == ["Crush"]
