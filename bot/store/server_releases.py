"""A server's own releases (``/ost-admin add``): written with the same change log as imports.

A row with ``guild_id`` set belongs to that server: only it sees, announces or edits it. A
curated row (``guild_id IS NULL``) comes from the schedule files and is never edited here, and
another server's row is treated as absent (saying "it exists" would already leak it).
"""

# S608: the only text spliced into SQL here is this package's own column lists; every value
# travels as a bound parameter.
# ruff: noqa: S608

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from bot.domain import Drama, NotFound, OstbotError, PermissionDenied, Release
from bot.store.database import Database
from bot.store.queries import visible
from bot.store.rows import (
    DRAMA_COLUMNS,
    RELEASE_COLUMNS,
    RELEASE_COLUMNS_R,
    artist_rows,
    canonical_json,
    decode_releases,
    drama_from_row,
    drama_row,
    fingerprint,
    release_row,
    to_json,
)
from bot.store.statements import CLEAR_PART, DELETE_ARTISTS, INSERT_ARTIST, INSERT_CHANGE

_INSERT_DRAMA = f"""
INSERT INTO dramas ({DRAMA_COLUMNS}, fingerprint, search_text, updated_at, source_digest,
                    guild_id)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""
_INSERT_RELEASE = f"""
INSERT INTO releases ({RELEASE_COLUMNS}, fingerprint, search_text, updated_at, doc, guild_id)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""
_UPDATE_RELEASE = """
UPDATE releases SET part = ?3, title = ?4, at = ?5, time_confirmed = ?6, artists = ?7, mv = ?8,
                    links = ?9, credits = ?10, notes = ?11, status = ?12, fingerprint = ?13,
                    search_text = ?14, updated_at = ?15, doc = ?16
WHERE drama_id = ?1 AND id = ?2 AND guild_id = ?17
"""

SaveKind = Literal["added", "changed", "unchanged"]


@dataclass(frozen=True)
class SavedRelease:
    """What ``save_release`` did: ``fields`` names the changed ``as_dict`` keys."""

    release: Release
    kind: SaveKind
    fields: list[str] = field(default_factory=list)
    drama_added: bool = False


async def save_release(
    db: Database,
    guild_id: int,
    release: Release,
    *,
    now: datetime,
    new_drama: Drama | None = None,
) -> SavedRelease:
    """Insert or update ``guild_id``'s own release, and ``new_drama`` first if given.

    One transaction: the drama, the release, its artists and the change row, or nothing.
    Unchanged → nothing written. Raises ``PermissionDenied`` for a curated release,
    ``NotFound`` for another server's release or a drama this server cannot see, and
    ``OstbotError`` for a part already taken in the drama or a new drama's id in use.
    """
    if now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    if new_drama is not None and new_drama.id != release.drama_id:
        raise ValueError("the release must belong to the new drama")
    stamp = int(now.timestamp())
    canonical = canonical_json(release)
    new_fingerprint = fingerprint(canonical)
    async with db.atomic():
        if new_drama is not None:
            await _insert_drama(db, guild_id, new_drama, stamp)
            curated = False
        else:
            _, owner = await _visible_drama(db, release.drama_id, guild_id)
            curated = owner is None
        before = await _owned(db, guild_id, release.drama_id, release.id, missing_ok=True)
        await _check_part(db, release, before, curated=curated)
        key = (release.drama_id, release.id)
        # A release_changes row: drama, release, kind, fields, before (None when added), after, at.
        change: tuple[str, str, str, str, str | None, str, int]
        if before is None:
            await db.execute(
                _INSERT_RELEASE,
                (*release_row(release, canonical, new_fingerprint, stamp), guild_id),
            )
            change = (*key, "added", "[]", None, canonical, stamp)
            fields: list[str] = []
            kind: SaveKind = "added"
        else:
            old, old_fingerprint = before
            if old_fingerprint == new_fingerprint:
                return SavedRelease(release, "unchanged")
            fields = old.changed_fields(release)
            if old.part != release.part:
                await db.execute(CLEAR_PART, key)
            row = (*release_row(release, canonical, new_fingerprint, stamp), guild_id)
            await db.execute(_UPDATE_RELEASE, row)
            await db.execute(DELETE_ARTISTS, key)
            change = (*key, "changed", to_json(fields), canonical_json(old), canonical, stamp)
            kind = "changed"
        await db.executemany(INSERT_ARTIST, artist_rows(release))
        await db.execute(INSERT_CHANGE, change)
    return SavedRelease(release, kind, fields, drama_added=new_drama is not None)


async def own_release(db: Database, guild_id: int, drama_id: str, release_id: str) -> Release:
    """The server's own release, for editing: ``PermissionDenied`` if curated, else ``NotFound``."""
    found = await _owned(db, guild_id, drama_id, release_id)
    assert found is not None  # noqa: S101  (missing_ok is False: _owned raised instead)
    return found[0]


async def own_releases(db: Database, guild_id: int) -> list[Release]:
    """Every release of this server's own, soonest first, TBA last."""
    rows = await db.fetchall(
        f"SELECT {RELEASE_COLUMNS_R} FROM releases AS r WHERE r.guild_id = ?"
        " ORDER BY r.at IS NULL, r.at, r.drama_id, r.part, r.id",
        (guild_id,),
    )
    return decode_releases(rows)


async def visible_drama(db: Database, drama_id: str, guild_id: int) -> Drama:
    """A curated drama or this server's own; ``NotFound`` otherwise (another server's too)."""
    drama, _ = await _visible_drama(db, drama_id, guild_id)
    return drama


async def _visible_drama(db: Database, drama_id: str, guild_id: int) -> tuple[Drama, int | None]:
    scope, params = visible(guild_id, alias="dramas")
    rows = await db.fetchall(
        f"SELECT guild_id, {DRAMA_COLUMNS} FROM dramas WHERE id = ? AND {scope}",
        (drama_id, *params),
    )
    if not rows:
        raise NotFound(f'There is no drama "{drama_id}".')
    return drama_from_row(rows[0][1:]), rows[0][0]


async def visible_dramas(db: Database, text: str, guild_id: int, limit: int) -> list[Drama]:
    """Dramas this server can see whose id or titles contain ``text`` (any case): its own
    first, then the curated ones, each by title."""
    scope, params = visible(guild_id, alias="dramas")
    rows = await db.fetchall(
        f"SELECT {DRAMA_COLUMNS} FROM dramas WHERE instr(search_text, ?) AND {scope}"
        " ORDER BY guild_id IS NULL, title COLLATE NOCASE, id LIMIT ?",
        (text.strip().casefold(), *params, limit),
    )
    return [drama_from_row(row) for row in rows]


async def taken_drama_ids(db: Database, ids: list[str]) -> set[str]:
    """Which of ``ids`` name a drama already, curated or any server's (ids are global)."""
    rows = await db.fetchall(
        "SELECT id FROM dramas WHERE id IN (SELECT value FROM json_each(?))", (to_json(ids),)
    )
    return {drama_id for (drama_id,) in rows}


async def taken_release_ids(db: Database, drama_id: str, ids: list[str]) -> set[str]:
    """Which of ``ids`` name a release of ``drama_id`` already, whoever it belongs to."""
    rows = await db.fetchall(
        "SELECT id FROM releases WHERE drama_id = ? AND id IN (SELECT value FROM json_each(?))",
        (drama_id, to_json(ids)),
    )
    return {release_id for (release_id,) in rows}


async def _insert_drama(db: Database, guild_id: int, drama: Drama, stamp: int) -> None:
    if await taken_drama_ids(db, [drama.id]):
        raise OstbotError(f'drama: "{drama.id}" is already a drama id; choose another')
    new_fingerprint = fingerprint(canonical_json(drama))
    await db.execute(_INSERT_DRAMA, (*drama_row(drama, new_fingerprint, stamp, None), guild_id))


async def _owned(
    db: Database, guild_id: int, drama_id: str, release_id: str, *, missing_ok: bool = False
) -> tuple[Release, str] | None:
    """The stored release and fingerprint if this server owns it; None if there is none."""
    rows = await db.fetchall(
        f"SELECT guild_id, fingerprint, {RELEASE_COLUMNS} FROM releases"
        " WHERE drama_id = ? AND id = ?",
        (drama_id, release_id),
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
        "SELECT 1 FROM releases WHERE drama_id = ? AND part = ? AND id != ?",
        (release.drama_id, release.part, release.id),
    )
    if rows:
        raise OstbotError(
            f"part: part {release.part} of this drama is already taken; choose another part"
        )
