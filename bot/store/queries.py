"""Reads: listings, lookups, search and the change log. Each is one SQL round trip per part."""

# S608: the only text spliced into SQL here is this package's own column lists and fixed
# WHERE fragments; every value travels as a bound parameter.
# ruff: noqa: S608

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.domain import Drama, NotFound, Release
from bot.store.database import Database
from bot.store.rows import (
    DRAMA_COLUMNS,
    RELEASE_COLUMNS,
    RELEASE_COLUMNS_R,
    decode_releases,
    drama_from_row,
    from_unix,
    to_unix,
)
from bot.store.types import ReleaseChange, ReleaseDetails, SearchResults

# SQLite reads LIMIT -1 as "no limit".
_NO_LIMIT = -1

_CHANGE_COLUMNS = "seq, drama_id, release_id, kind, fields, before, after, recorded_at"


async def upcoming(db: Database, **window: Any) -> list[Release]:
    """See ``Store.upcoming``."""
    return decode_releases(await _upcoming_rows(db, RELEASE_COLUMNS_R, **window))


async def upcoming_documents(db: Database, **window: Any) -> list[str]:
    """The same listing as ``upcoming``, as each release's stored canonical JSON."""
    return [doc for (doc,) in await _upcoming_rows(db, "r.doc", **window)]


async def imported_digests(db: Database) -> dict[str, str]:
    rows = await db.fetchall("SELECT source_digest, id FROM dramas WHERE source_digest IS NOT NULL")
    return dict(rows)


def visible(
    guild_id: int | None, every_server: bool = False, alias: str = "r"
) -> tuple[str, list[Any]]:
    """Who sees what: curated releases everyone; a server's own releases that server only.

    ``guild_id=None`` is the curators' view (the CLI): curated only. ``every_server`` is the
    announcer's view: everything.
    """
    if every_server:
        return "1", []
    if guild_id is None:
        return f"{alias}.guild_id IS NULL", []
    return f"({alias}.guild_id IS NULL OR {alias}.guild_id = ?)", [guild_id]


async def _upcoming_rows(
    db: Database,
    columns: str,
    *,
    now: datetime,
    drama: str | None = None,
    artist: str | None = None,
    until: datetime | None = None,
    include_past: bool = False,
    limit: int | None = None,
    guild_id: int | None = None,
    every_server: bool = False,
) -> list[Any]:
    scope, params = visible(guild_id, every_server)
    filters: list[str] = [scope]
    if drama is not None:
        filters.append("r.drama_id = ?")
        params.append(drama)
    if artist is not None:
        filters.append(
            "(r.drama_id, r.id) IN"
            " (SELECT drama_id, release_id FROM release_artists WHERE name_folded = ?)"
        )
        params.append(artist.casefold())
    timed = ["r.at IS NOT NULL", *filters]
    timed_params = list(params)
    if not include_past:
        timed.append("r.at >= ?")
        timed_params.append(to_unix(now))
    if until is not None:
        timed.append("r.at < ?")
        timed_params.append(to_unix(until))
    wanted = _NO_LIMIT if limit is None else limit
    # Two queries rather than one "ORDER BY at IS NULL, ...": each is then a plain walk of the
    # releases_by_time index in the wanted order, with no sort step over 100k rows.
    rows = await db.fetchall(
        f"SELECT {columns} FROM releases AS r WHERE {' AND '.join(timed)}"
        " ORDER BY r.at, r.drama_id, r.part, r.id LIMIT ?",
        (*timed_params, wanted),
    )
    # TBA releases have no instant, so they belong to no window; without one they come last.
    if until is None and (limit is None or len(rows) < limit):
        remaining = _NO_LIMIT if limit is None else limit - len(rows)
        tba = ["r.at IS NULL", *filters]
        rows += await db.fetchall(
            f"SELECT {columns} FROM releases AS r WHERE {' AND '.join(tba)}"
            " ORDER BY r.drama_id, r.part, r.id LIMIT ?",
            (*params, remaining),
        )
    return rows


async def get_drama(db: Database, drama_id: str) -> Drama:
    rows = await db.fetchall(f"SELECT {DRAMA_COLUMNS} FROM dramas WHERE id = ?", (drama_id,))
    if not rows:
        raise NotFound(f'There is no drama "{drama_id}".')
    return drama_from_row(rows[0])


async def get_release(
    db: Database,
    drama_id: str,
    release_id: str,
    guild_id: int | None = None,
    every_server: bool = False,
) -> ReleaseDetails:
    scope, scope_params = visible(guild_id, every_server, alias="releases")
    rows = await db.fetchall(
        f"SELECT {RELEASE_COLUMNS} FROM releases WHERE drama_id = ? AND id = ? AND {scope}",
        (drama_id, release_id, *scope_params),
    )
    if not rows:
        raise NotFound(f'There is no release "{drama_id}/{release_id}".')
    history = await db.fetchall(
        f"SELECT {_CHANGE_COLUMNS} FROM release_changes"
        " WHERE drama_id = ? AND release_id = ? ORDER BY seq",
        (drama_id, release_id),
    )
    return ReleaseDetails(
        drama=await get_drama(db, drama_id),
        release=decode_releases(rows)[0],
        history=[_change(row) for row in history],
    )


async def search(
    db: Database, text: str, *, limit: int = 25, guild_id: int | None = None
) -> SearchResults:
    """See ``Store.search``: a scan of the precomputed, casefolded ``search_text`` columns."""
    needle = text.strip().casefold()
    if not needle:
        return SearchResults(dramas=[], releases=[], artists=[])
    drama_scope, drama_params = visible(guild_id, alias="dramas")
    dramas = await db.fetchall(
        f"SELECT {DRAMA_COLUMNS} FROM dramas WHERE instr(search_text, ?) AND {drama_scope}"
        " ORDER BY id LIMIT ?",
        (needle, *drama_params, limit),
    )
    scope, scope_params = visible(guild_id, alias="releases")
    releases = await db.fetchall(
        f"SELECT {RELEASE_COLUMNS} FROM releases WHERE instr(search_text, ?) AND {scope}"
        " ORDER BY at IS NULL, at, drama_id, part, id LIMIT ?",
        (needle, *scope_params, limit),
    )
    # One spelling per artist (names equal but for case are one artist); min() keeps it stable.
    # Only artists of releases this server sees: another server's own releases stay unknown.
    artist_scope, artist_params = visible(guild_id, alias="r")
    artists = await db.fetchall(
        "SELECT min(a.name) FROM release_artists AS a JOIN releases AS r"
        " ON r.drama_id = a.drama_id AND r.id = a.release_id"
        f" WHERE instr(a.name_folded, ?) AND {artist_scope}"
        " GROUP BY a.name_folded ORDER BY a.name_folded LIMIT ?",
        (needle, *artist_params, limit),
    )
    return SearchResults(
        dramas=[drama_from_row(row) for row in dramas],
        releases=decode_releases(releases),
        artists=[name for (name,) in artists],
    )


async def changes_since(
    db: Database, seq: int = 0, *, limit: int | None = None, kind: str | None = None
) -> list[ReleaseChange]:
    rows = await db.fetchall(
        f"SELECT {_CHANGE_COLUMNS} FROM release_changes WHERE seq > ?"
        " AND (? IS NULL OR kind = ?) ORDER BY seq LIMIT ?",
        (seq, kind, kind, _NO_LIMIT if limit is None else limit),
    )
    return [_change(row) for row in rows]


async def latest_change(db: Database) -> int:
    rows = await db.fetchall("SELECT coalesce(max(seq), 0) FROM release_changes")
    return int(rows[0][0])


def _change(row: Sequence[Any]) -> ReleaseChange:
    seq, drama_id, release_id, kind, fields, before, after, recorded_at = row
    return ReleaseChange(
        seq=seq,
        drama_id=drama_id,
        release_id=release_id,
        kind=kind,
        fields=tuple(json.loads(fields)),
        before=None if before is None else json.loads(before),
        after=json.loads(after),
        recorded_at=from_unix(recorded_at),
    )
