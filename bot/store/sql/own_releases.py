"""``OwnReleases`` in SQL: a server's own releases, written with the same change log as imports.

A row with ``guild_id`` set belongs to that server: only it sees, announces or edits it. A
curated row (``guild_id IS NULL``) comes from the schedule files and is never edited here, and
another server's row is treated as absent (saying "it exists" would already leak it).
"""

# S608: the only text spliced into SQL here is this package's own column lists; every value
# travels as a named parameter.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.domain import Drama, NotFound, OstbotError, PermissionDenied, Release
from bot.store.sql.engine import Database
from bot.store.sql.releases import BY_TIME, visible_drama
from bot.store.sql.rows import (
    RELEASE_COLUMNS,
    RELEASE_COLUMNS_R,
    artist_rows,
    canonical_json,
    change_row,
    decode_releases,
    drama_row,
    fingerprint,
    release_row,
)
from bot.store.sql.statements import (
    CLEAR_PART,
    DELETE_ARTISTS,
    INSERT_ARTIST,
    INSERT_CHANGE,
    INSERT_DRAMA,
    INSERT_RELEASE,
    update_release,
)
from bot.store.types import SavedRelease, SaveKind


class SqlOwnReleases:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def save(
        self, guild_id: int, release: Release, *, now: datetime, new_drama: Drama | None = None
    ) -> SavedRelease:
        """One transaction: the drama, the release, its artists and the change row, or nothing.
        ``NotFound`` also for a drama this server cannot see."""
        if now.utcoffset() is None:
            raise ValueError("now must be timezone-aware")
        if new_drama is not None and new_drama.id != release.drama_id:
            raise ValueError("the release must belong to the new drama")
        db = self._db
        stamp = int(now.timestamp())
        canonical = canonical_json(release)
        new_fingerprint = fingerprint(canonical)
        async with db.atomic():
            if new_drama is not None:
                await self._insert_drama(guild_id, new_drama, stamp)
                curated = False
            else:
                _, owner = await visible_drama(db, release.drama_id, guild_id)
                curated = owner is None
            before = await _owned(db, guild_id, release.drama_id, release.id, missing_ok=True)
            await _check_part(db, release, before, curated=curated)
            row = release_row(release, canonical, new_fingerprint, stamp, guild_id)
            fields: list[str] = []
            kind: SaveKind = "added"
            update = update_release(db.dialect)
            if before is None:
                await db.execute(INSERT_RELEASE, row)
                change = change_row(release, fields, None, canonical, stamp)
            else:
                old, old_fingerprint = before
                if old_fingerprint == new_fingerprint:
                    return SavedRelease(release, "unchanged")
                fields = old.changed_fields(release)
                if not fields:  # only its stored form differs: see imports._plan_changes
                    await db.execute(update, row)
                    return SavedRelease(release, "unchanged")
                if old.part != release.part:
                    await db.execute(CLEAR_PART, {"drama_id": release.drama_id, "id": release.id})
                await db.execute(update, row)
                await db.execute(
                    DELETE_ARTISTS, {"drama_id": release.drama_id, "release_id": release.id}
                )
                change = change_row(release, fields, canonical_json(old), canonical, stamp)
                kind = "changed"
            await db.executemany(INSERT_ARTIST, artist_rows(release))
            await db.execute(INSERT_CHANGE, change)
        return SavedRelease(release, kind, fields, drama_added=new_drama is not None)

    async def get(self, guild_id: int, drama_id: str, release_id: str) -> Release:
        """``PermissionDenied`` if curated, else ``NotFound`` unless this server owns it."""
        found = await _owned(self._db, guild_id, drama_id, release_id)
        assert found is not None  # noqa: S101  (missing_ok is False: _owned raised instead)
        return found[0]

    async def all(self, guild_id: int) -> list[Release]:
        rows = await self._db.fetchall(
            f"SELECT {RELEASE_COLUMNS_R} FROM releases AS r WHERE r.guild_id = :guild"
            f" ORDER BY {BY_TIME}",
            {"guild": guild_id},
        )
        return decode_releases(rows)

    async def taken_drama_ids(self, ids: Sequence[str]) -> set[str]:
        rows = await self._db.fetchall(
            f"SELECT id FROM dramas WHERE {self._db.dialect.any_of('id', 'ids')}",
            {"ids": self._db.dialect.list_value(ids)},
        )
        return {drama_id for (drama_id,) in rows}

    async def taken_release_ids(self, drama_id: str, ids: Sequence[str]) -> set[str]:
        rows = await self._db.fetchall(
            "SELECT id FROM releases WHERE drama_id = :drama"
            f" AND {self._db.dialect.any_of('id', 'ids')}",
            {"drama": drama_id, "ids": self._db.dialect.list_value(ids)},
        )
        return {release_id for (release_id,) in rows}

    async def _insert_drama(self, guild_id: int, drama: Drama, stamp: int) -> None:
        if await self.taken_drama_ids([drama.id]):
            raise OstbotError(f'drama: "{drama.id}" is already a drama id; choose another')
        new_fingerprint = fingerprint(canonical_json(drama))
        await self._db.execute(
            INSERT_DRAMA, drama_row(drama, new_fingerprint, stamp, None, guild_id)
        )


async def _owned(
    db: Database, guild_id: int, drama_id: str, release_id: str, *, missing_ok: bool = False
) -> tuple[Release, str] | None:
    """The stored release and fingerprint if this server owns it; None if there is none."""
    rows = await db.fetchall(
        f"SELECT guild_id, fingerprint, {RELEASE_COLUMNS} FROM releases"
        " WHERE drama_id = :drama AND id = :release",
        {"drama": drama_id, "release": release_id},
    )
    owner: Any = rows[0][0] if rows else None
    if rows and owner == guild_id:
        return decode_releases([rows[0][2:]])[0], rows[0][1]
    if rows and owner is None:
        raise PermissionDenied(
            f'"{drama_id}/{release_id}" comes from the curated schedule; only its curators can '
            "change it. Use /ost-admin add to track a release of your own."
        )
    if rows or not missing_ok:
        raise NotFound(f'Your server has no release "{drama_id}/{release_id}".')
    return None


async def _check_part(
    db: Database, release: Release, before: tuple[Release, str] | None, *, curated: bool
) -> None:
    """Parts are unique per drama across everyone's releases (the table's key).

    A curated drama's parts belong to its curators: a server's part N would block (or break)
    the import that later brings the real part N, and "taken" would reveal other servers' parts.
    """
    if release.part is None or (before is not None and before[0].part == release.part):
        return
    if curated:
        raise OstbotError(
            "part: the curated schedule numbers this drama's parts; leave part out (the title "
            "can say it) or add the release to a drama of your own"
        )
    rows = await db.fetchall(
        "SELECT 1 FROM releases WHERE drama_id = :drama AND part = :part AND id != :release",
        {"drama": release.drama_id, "part": release.part, "release": release.id},
    )
    if rows:
        raise OstbotError(
            f"part: part {release.part} of this drama is already taken; choose another part"
        )
