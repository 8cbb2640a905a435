"""``Releases`` in SQL: listings, lookups, search and the change log, each one SQL round trip
per part; imports are written by :mod:`bot.store.sql.imports`."""

# S608: the only text spliced into SQL here is this package's own column lists and fixed
# WHERE fragments; every value travels as a named parameter.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from bot.domain import Drama, NotFound, Release, Schedule
from bot.store.sql.engine import Database
from bot.store.sql.listings import NOTHING, Listing, followed_by, upcoming_filters, visible
from bot.store.sql.rows import (
    DRAMA_COLUMNS,
    RELEASE_COLUMNS,
    RELEASE_COLUMNS_R,
    change_from_row,
    decode_releases,
    drama_from_row,
    from_unix,
    to_unix,
)
from bot.store.types import (
    CatalogRow,
    ImportReport,
    ReleaseChange,
    ReleaseDetails,
    SearchResults,
    StoreVersion,
)

_CHANGE_COLUMNS = "seq, drama_id, release_id, kind, fields, before, after, recorded_at"
# Soonest first, TBA last. NULLS FIRST: SQLite's default order for a missing part, written out
# because PostgreSQL's default is the other way round.
BY_TIME = "r.at IS NULL, r.at, r.drama_id, r.part NULLS FIRST, r.id"


class SqlReleases:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def import_schedules(
        self, schedules: Sequence[Schedule], *, now: datetime
    ) -> ImportReport:
        # Imported here: a listing (``ostbot upcoming``) need not load the import's planning.
        from bot.store.sql import imports

        return await imports.import_schedules(self._db, schedules, now=now)

    async def imported_digests(self) -> dict[str, str]:
        rows = await self._db.fetchall(
            "SELECT source_digest, id FROM dramas WHERE source_digest IS NOT NULL"
        )
        return dict(rows)

    async def upcoming(self, **window: Any) -> list[Release]:
        """See ``Releases.upcoming``; ``window`` is its keyword arguments."""
        return decode_releases(await self._upcoming_rows(RELEASE_COLUMNS_R, **window))

    async def upcoming_documents(self, **window: Any) -> list[str]:
        """See ``Releases.upcoming_documents``; ``window`` is its keyword arguments."""
        return [doc for (doc,) in await self._upcoming_rows("r.doc", **window)]

    async def upcoming_json(self, **window: Any) -> bytes:
        """See ``Releases.upcoming_json``; ``window`` is its keyword arguments."""
        listing = upcoming_filters(**window)
        timed_json = await self._joined(listing, listing.timed, listing.timed_order)
        tba_json = await self._joined(listing, listing.tba, listing.tba_order)
        comma = b"," if timed_json and tba_json else b""
        return b"".join((b"[", timed_json, comma, tba_json, b"]"))  # one copy of 30 MB, not two

    async def _joined(self, listing: Listing, where: list[str], order: str) -> bytes:
        """The ``doc`` of each row ``where`` holds, in ``order``, joined by the database: the
        whole listing crosses into Python as one bytes value, never as 100,000 strings."""
        rows = await self._db.fetchall(
            self._db.dialect.joined_utf8(
                "r.doc", f"FROM {listing.source} WHERE {' AND '.join(where)}", order
            ),
            listing.params,
        )
        joined = rows[0][0]
        return b"" if joined is None else bytes(joined)

    async def _upcoming_rows(
        self, columns: str, *, limit: int | None = None, **window: Any
    ) -> list[Any]:
        listing = upcoming_filters(**window)
        timed, tba, params = listing.timed, listing.tba, listing.params
        no_limit = self._db.dialect.no_limit
        params["limit"] = no_limit if limit is None else limit
        rows: list[Any] = []
        # Two queries rather than one "ORDER BY at IS NULL, ...": each is then a plain walk of
        # a time index in the wanted order, with no sort step over 100k rows.
        if timed != list(NOTHING):
            rows = await self._db.fetchall(
                f"SELECT {columns} FROM {listing.source} WHERE {' AND '.join(timed)}"
                f" ORDER BY {listing.timed_order} LIMIT :limit",
                params,
            )
        # Without a window end, the TBA releases come last.
        if tba != list(NOTHING) and (limit is None or len(rows) < limit):
            params["limit"] = no_limit if limit is None else limit - len(rows)
            rows += await self._db.fetchall(
                f"SELECT {columns} FROM {listing.source} WHERE {' AND '.join(tba)}"
                f" ORDER BY {listing.tba_order} LIMIT :limit",
                params,
            )
        return rows

    async def followed_upcoming(
        self, guild_id: int, *, now: datetime, limit: int = 5
    ) -> list[Release]:
        rows = await self._db.fetchall(
            f"SELECT {RELEASE_COLUMNS_R} FROM releases AS r"
            " WHERE r.at >= :now AND r.status != 'cancelled'"
            f" AND (r.guild_id IS NULL OR r.guild_id = :guild) AND {followed_by('guild')}"
            " ORDER BY r.at, r.drama_id, r.part NULLS FIRST, r.id LIMIT :limit",
            {"now": to_unix(now), "guild": guild_id, "limit": limit},
        )
        return decode_releases(rows)

    async def details(
        self,
        drama_id: str,
        release_id: str,
        *,
        guild_id: int | None = None,
        every_server: bool = False,
    ) -> ReleaseDetails:
        scope, params = visible(guild_id, every_server, alias="releases")
        rows = await self._db.fetchall(
            f"SELECT {RELEASE_COLUMNS} FROM releases"
            f" WHERE drama_id = :drama AND id = :release AND {scope}",
            {"drama": drama_id, "release": release_id, **params},
        )
        if not rows:
            raise NotFound(f'There is no release "{drama_id}/{release_id}".')
        history = await self._db.fetchall(
            f"SELECT {_CHANGE_COLUMNS} FROM release_changes"
            " WHERE drama_id = :drama AND release_id = :release ORDER BY seq",
            {"drama": drama_id, "release": release_id},
        )
        return ReleaseDetails(
            drama=await self.drama(drama_id),
            release=decode_releases(rows)[0],
            history=[change_from_row(row) for row in history],
        )

    async def drama(self, drama_id: str) -> Drama:
        rows = await self._db.fetchall(
            f"SELECT {DRAMA_COLUMNS} FROM dramas WHERE id = :id", {"id": drama_id}
        )
        if not rows:
            raise NotFound(f'There is no drama "{drama_id}".')
        return drama_from_row(rows[0])

    async def visible_drama(self, drama_id: str, *, guild_id: int | None) -> Drama:
        drama, _ = await visible_drama(self._db, drama_id, guild_id)
        return drama

    async def visible_dramas(self, text: str, *, guild_id: int, limit: int = 25) -> list[Drama]:
        scope, params = visible(guild_id, alias="dramas")
        rows = await self._db.fetchall(
            f"SELECT {DRAMA_COLUMNS} FROM dramas"
            f" WHERE {self._db.dialect.contains('search_text', 'needle')} AND {scope}"
            # lower(): ASCII case folding in both engines, as SQLite's NOCASE.
            " ORDER BY guild_id IS NULL, lower(title), id LIMIT :limit",
            {"needle": text.strip().casefold(), "limit": limit, **params},
        )
        return [drama_from_row(row) for row in rows]

    async def search(
        self, text: str, *, limit: int = 25, guild_id: int | None = None
    ) -> SearchResults:
        """A scan of the precomputed, casefolded ``search_text`` columns."""
        needle = text.strip().casefold()
        if not needle:
            return SearchResults(dramas=[], releases=[], artists=[])
        contains = self._db.dialect.contains
        drama_scope, params = visible(guild_id, alias="dramas")
        params |= {"needle": needle, "limit": limit}
        dramas = await self._db.fetchall(
            f"SELECT {DRAMA_COLUMNS} FROM dramas WHERE {contains('search_text', 'needle')}"
            f" AND {drama_scope} ORDER BY id LIMIT :limit",
            params,
        )
        scope, _ = visible(guild_id, alias="releases")
        releases = await self._db.fetchall(
            f"SELECT {RELEASE_COLUMNS} FROM releases WHERE {contains('search_text', 'needle')}"
            f" AND {scope} ORDER BY at IS NULL, at, drama_id, part NULLS FIRST, id LIMIT :limit",
            params,
        )
        # One spelling per artist (names equal but for case are one artist); min() keeps it
        # stable. Only artists of releases this server sees: others' own releases stay unknown.
        artist_scope, _ = visible(guild_id, alias="r")
        artists = await self._db.fetchall(
            "SELECT min(a.name) FROM release_artists AS a JOIN releases AS r"
            " ON r.drama_id = a.drama_id AND r.id = a.release_id"
            f" WHERE {contains('a.name_folded', 'needle')} AND {artist_scope}"
            " GROUP BY a.name_folded ORDER BY a.name_folded LIMIT :limit",
            params,
        )
        return SearchResults(
            dramas=[drama_from_row(row) for row in dramas],
            releases=decode_releases(releases),
            artists=[name for (name,) in artists],
        )

    async def curated_dramas(self, ids: Sequence[str]) -> dict[str, Drama]:
        rows = await self._db.fetchall(
            f"SELECT {DRAMA_COLUMNS} FROM dramas"
            f" WHERE {self._db.dialect.any_of('id', 'ids')} AND guild_id IS NULL",
            {"ids": self._db.dialect.list_value(list(dict.fromkeys(ids)))},
        )
        dramas = (drama_from_row(row) for row in rows)
        return {drama.id: drama for drama in dramas}

    async def catalog_rows(
        self, *, guild_id: int | None = None, own_only: bool = False
    ) -> list[CatalogRow]:
        # own_only: a small per-server overlay on the curated catalog, without re-reading the
        # curated 100,000.
        if own_only:
            scope, params = "r.guild_id = :viewer", {"viewer": guild_id}
        else:
            scope, params = visible(guild_id)
        rows = await self._db.fetchall(
            "SELECT r.drama_id, r.id, r.part, r.title, r.artists, d.title, d.title_native, r.at"
            f" FROM releases AS r JOIN dramas AS d ON d.id = r.drama_id WHERE {scope}"
            f" ORDER BY {BY_TIME}",
            params,
        )
        return cast("list[CatalogRow]", rows)  # the SELECT's columns are CatalogRow's

    async def changes_since(
        self, seq: int = 0, *, limit: int | None = None, kind: str | None = None
    ) -> list[ReleaseChange]:
        rows = await self._db.fetchall(
            f"SELECT {_CHANGE_COLUMNS} FROM release_changes WHERE seq > :seq"
            " AND kind = coalesce(:kind, kind) ORDER BY seq LIMIT :limit",
            {
                "seq": seq,
                "kind": kind,
                "limit": self._db.dialect.no_limit if limit is None else limit,
            },
        )
        return [change_from_row(row) for row in rows]

    async def scheduled_counts(self, *, now: datetime) -> tuple[int, int]:
        rows = await self._db.fetchall(
            "SELECT count(*),"
            " coalesce(sum(CASE WHEN at IS NULL OR at >= :now THEN 1 ELSE 0 END), 0)"
            " FROM releases WHERE status != 'cancelled'",
            {"now": to_unix(now)},
        )
        return int(rows[0][0]), int(rows[0][1])

    async def latest_change(self) -> int:
        rows = await self._db.fetchall("SELECT coalesce(max(seq), 0) FROM release_changes")
        return int(rows[0][0])

    async def version(self) -> StoreVersion:
        # The newest change by its key (not max(recorded_at), a scan of the whole log), and the
        # newest drama update by the dramas_by_update index (migration 0010).
        rows = await self._db.fetchall(
            "SELECT (SELECT coalesce(max(seq), 0) FROM release_changes),"
            " (SELECT recorded_at FROM release_changes ORDER BY seq DESC LIMIT 1),"
            " (SELECT revision FROM drama_revision),"
            " (SELECT max(updated_at) FROM dramas)"
        )
        change, change_at, dramas, dramas_at = rows[0]
        return StoreVersion(
            change=int(change),
            change_at=None if change_at is None else from_unix(change_at),
            dramas=int(dramas),
            dramas_at=None if dramas_at is None else from_unix(dramas_at),
        )


async def visible_drama(
    db: Database, drama_id: str, guild_id: int | None
) -> tuple[Drama, int | None]:
    """The drama and its owner (None: curated) if this server can see it; else ``NotFound``."""
    scope, params = visible(guild_id, alias="dramas")
    rows = await db.fetchall(
        f"SELECT guild_id, {DRAMA_COLUMNS} FROM dramas WHERE id = :id AND {scope}",
        {"id": drama_id, **params},
    )
    if not rows:
        raise NotFound(f'There is no drama "{drama_id}".')
    return drama_from_row(rows[0][1:]), rows[0][0]
