"""What an upcoming listing reads, in SQL both engines speak: the WHERE fragments of its timed
rows and of its TBA rows, their order and parameters, and who sees which rows.

Apart from ``bot.store.sql.releases`` so that ``bot.store.sqlite.quick_listing`` (a listing
read without asyncio) builds the very same statements.
"""

# S608: nothing here is run; the fragments hold this package's own column names only, and
# every value travels as a named parameter.
# ruff: noqa: S608

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.domain import Status

if TYPE_CHECKING:
    from bot.store.types import ListingPosition


def to_unix(instant: datetime | None) -> int | None:
    """An instant as the store keeps it: unix seconds (UTC), None for none."""
    return None if instant is None else int(instant.timestamp())


# The same order as a row value, for "after this position": parts are 1 or more, so -1 sorts a
# missing part first, as NULLS FIRST does.
_PLACE = "(r.drama_id, coalesce(r.part, -1), r.id)"
# A listing's part that holds no rows (a window end leaves out the TBA rows; a position among
# the TBA rows leaves out the timed ones): a WHERE that matches nothing, skipped when seen.
NOTHING = ("FALSE",)
# An artist's listing reads the artist's rows (release_artists_by_time, migration 0013: in time
# order, from the window's start) and joins each release; a release crediting the same name
# twice is listed once, by its first credit.
_BY_ARTIST = (
    "release_artists AS a JOIN releases AS r ON r.drama_id = a.drama_id AND r.id = a.release_id"
)
_FIRST_CREDIT = (
    "a.name_folded = :artist AND NOT EXISTS (SELECT 1 FROM release_artists AS e"
    " WHERE e.drama_id = a.drama_id AND e.release_id = a.release_id"
    " AND e.name_folded = a.name_folded AND e.position < a.position)"
)


@dataclass
class Listing:
    """Where a listing reads from, the columns of its order there, and its WHERE fragments."""

    source: str = "releases AS r"
    at: str = "r.at"
    key: str = "r.drama_id"
    timed: list[str] = field(default_factory=list)
    tba: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def by_artist(cls) -> Listing:
        # The order names the artist row's copies of at and drama_id: those are the index's.
        return cls(source=_BY_ARTIST, at="a.at", key="a.drama_id")

    @property
    def timed_order(self) -> str:
        return f"{self.at}, {self.tba_order}"

    @property
    def tba_order(self) -> str:
        return f"{self.key}, r.part NULLS FIRST, r.id"


def followed_by(parameter: str) -> str:
    """The WHERE fragment: release ``r`` matches a follow of the server in ``parameter`` (every
    release, its drama, or one of its artists)."""
    guild = f"guild_id = :{parameter}"
    return (
        f"(EXISTS (SELECT 1 FROM follows WHERE {guild} AND kind = 'all')"
        f" OR r.drama_id IN (SELECT value FROM follows WHERE {guild} AND kind = 'drama')"
        " OR EXISTS (SELECT 1 FROM release_artists AS a JOIN follows AS f"
        f"   ON f.kind = 'artist' AND f.value_folded = a.name_folded AND f.{guild}"
        "   WHERE a.drama_id = r.drama_id AND a.release_id = r.id))"
    )


def visible(
    guild_id: int | None, every_server: bool = False, alias: str = "r"
) -> tuple[str, dict[str, Any]]:
    """The WHERE fragment (and its parameter) for who sees what: curated rows everyone, a
    server's own rows that server only (see ``bot.store.interface``)."""
    if every_server:
        return "TRUE", {}
    if guild_id is None:
        return f"{alias}.guild_id IS NULL", {}
    return f"({alias}.guild_id IS NULL OR {alias}.guild_id = :viewer)", {"viewer": guild_id}


def upcoming_filters(
    *,
    now: datetime,
    drama: str | None = None,
    artist: str | None = None,
    until: datetime | None = None,
    include_past: bool = False,
    guild_id: int | None = None,
    every_server: bool = False,
    status: Status | None = None,
    followed: bool = False,
    after: ListingPosition | None = None,
) -> Listing:
    """What a listing reads (the WHERE fragments of its timed rows and of its TBA rows,
    ``NOTHING`` when the window or the position leaves them out), and its parameters."""
    scope, params = visible(guild_id, every_server)
    filters: list[str] = [scope]
    if drama is not None:
        filters.append("r.drama_id = :drama")
        params["drama"] = drama
    listing = Listing() if artist is None else Listing.by_artist()
    at = listing.at
    if artist is not None:
        filters.append(_FIRST_CREDIT)
        params["artist"] = artist.casefold()
    if status is not None:
        filters.append("r.status = :status")
        params["status"] = status.value
    if followed:
        if guild_id is None:
            raise ValueError("followed needs the server's guild_id")
        filters.append(f"(r.guild_id = :viewer OR {followed_by('viewer')})")
    timed = [f"{at} IS NOT NULL", *filters]
    if not include_past:
        timed.append(f"{at} >= :now")
        params["now"] = to_unix(now)
    # TBA releases have no instant, so they belong to no window.
    tba = [f"{at} IS NULL", *filters]
    if until is not None:
        timed.append(f"{at} < :until")
        params["until"] = to_unix(until)
        tba = list(NOTHING)
    if after is not None:
        params |= {"after_drama": after.drama_id, "after_part": after.part or -1}
        params |= {"after_id": after.release_id, "after_at": to_unix(after.at)}
        if after.at is not None:
            # The plain bound first: it is what lets the index walk start at the position.
            timed.append(
                f"{at} >= :after_at AND ({at} > :after_at OR {_PLACE}"
                " > (:after_drama, :after_part, :after_id))"
            )
        else:  # a position among the TBA rows: every timed row came before it
            timed = list(NOTHING)
            if tba != list(NOTHING):
                tba.append(f"{_PLACE} > (:after_drama, :after_part, :after_id)")
    listing.timed, listing.tba, listing.params = timed, tba, params
    return listing
