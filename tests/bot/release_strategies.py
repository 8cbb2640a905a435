"""Hypothesis strategies for domain values with awkward text, shared by the tests of the
hand-written encodings of releases (JSON columns, the plain values children hand back)."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import strategies as st

from bot.domain import Credit, Drama, Link, Release, Schedule, Status

AWKWARD = [
    "",
    "a",
    'q"uote',
    "back\\slash",
    "\x00\x1f\x7f",
    "드라마",
    "🎵",
    "\u2028\u2029",
    "\ud800",
]

TEXT = st.one_of(st.sampled_from(AWKWARD), st.text(max_size=8))
# Hypothesis takes naive bounds; timezones= makes every instant it draws aware (UTC).
INSTANTS = st.datetimes(
    min_value=datetime(1900, 1, 2),  # noqa: DTZ001
    max_value=datetime(2100, 1, 1),  # noqa: DTZ001
    timezones=st.just(UTC),
)
RELEASES = st.builds(
    Release,
    drama_id=TEXT,
    id=TEXT,
    artists=st.lists(TEXT, max_size=3).map(tuple),
    part=st.none() | st.integers(-(2**70), 2**70),
    title=st.none() | TEXT,
    at=st.none() | INSTANTS,
    time_confirmed=st.booleans(),
    mv=st.none() | TEXT,
    # Few names, so a map with a repeated name (as_dict keeps the last value) comes up often.
    links=st.lists(st.builds(Link, st.sampled_from(["a", "b", "멜론"]), TEXT), max_size=3).map(
        tuple
    ),
    credits=st.lists(
        st.builds(Credit, st.sampled_from(["p", "q"]), st.lists(TEXT, max_size=2).map(tuple)),
        max_size=3,
    ).map(tuple),
    notes=st.none() | TEXT,
    status=st.sampled_from(Status),
    genre=st.none() | TEXT,
)
DRAMAS = st.builds(
    Drama,
    id=TEXT,
    title=TEXT,
    title_native=st.none() | TEXT,
    year=st.none() | st.integers(1900, 2100),
    cast=st.lists(TEXT, max_size=3).map(tuple),
    synopsis=st.none() | TEXT,
    timezone=st.sampled_from(["Asia/Seoul", "UTC"]),
    sources=st.lists(TEXT, max_size=2).map(tuple),
)
SCHEDULES = st.builds(
    Schedule,
    source=TEXT,
    drama=DRAMAS,
    releases=st.lists(RELEASES, max_size=4).map(tuple),
    digest=st.none() | TEXT,
)
