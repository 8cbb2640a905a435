"""Importing schedules: one transaction per call, and nothing written when nothing changed.

The plan is worked out in Python from one read of the stored fingerprints, then written with a
handful of ``executemany`` calls: a round trip per row would cost more than the SQL itself at
10,000 releases.
"""

# S608: the only text spliced into SQL here is this package's own column lists and fixed
# WHERE fragments; every value travels as a bound parameter.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.domain import Drama, Problem, Release, Schedule, ScheduleError
from bot.store.sql.engine import Database
from bot.store.sql.rows import (
    ARTIST_COLUMNS,
    CHANGE_COLUMNS,
    DRAMA_COLUMNS,
    RELEASE_COLUMNS,
    RELEASE_ROW_COLUMNS,
    artist_values,
    canonical_json,
    change_values,
    decode_releases,
    drama_from_row,
    drama_row,
    fingerprint,
    release_row,
    release_values,
    to_json,
)
from bot.store.sql.statements import (
    CLEAR_PART,
    DELETE_ARTISTS,
    INSERT_DRAMA,
    UPDATE_DRAMA,
    update_release,
)
from bot.store.types import DramaImport, ImportReport

# Problems found here have no line to point at (the parser checks these first; this is the
# store's own guard), so they point at the file as a whole.
_NO_LINE = 0

# Same content from a file whose bytes changed (comments, layout): only the digest moves.
_SET_DIGEST = "UPDATE dramas SET source_digest = :digest WHERE id = :id"

Row = dict[str, Any]
# The inserts' rows: the values of their columns (rows.RELEASE_ROW_COLUMNS...) in order.
Values = tuple[Any, ...]


@dataclass
class _Plan:
    """Everything one import will write, gathered before the first write."""

    report: ImportReport = field(default_factory=ImportReport)
    new_dramas: list[Row] = field(default_factory=list)
    changed_dramas: list[Row] = field(default_factory=list)
    digests: list[Row] = field(default_factory=list)
    new_releases: list[Values] = field(default_factory=list)
    changed_releases: list[Row] = field(default_factory=list)
    moved_parts: list[Row] = field(default_factory=list)
    artists_removed: list[Row] = field(default_factory=list)
    artists: list[Values] = field(default_factory=list)
    changes: list[Values] = field(default_factory=list)


@dataclass(frozen=True)
class _Stored:
    part: int | None
    fingerprint: str


async def import_schedules(
    db: Database, schedules: Sequence[Schedule], *, now: datetime
) -> ImportReport:
    """Store the schedules, all or nothing; see ``Releases.import_schedules``."""
    if now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    _check_batch(schedules)
    stamp = int(now.timestamp())
    # Fingerprinting is the costliest Python step, and needs no database: do it before taking
    # the write lock.
    canonical_prints = [[_canonical(release) for release in s.releases] for s in schedules]
    ids = db.dialect.list_value([s.drama.id for s in schedules])
    async with db.atomic():
        stored_dramas = await _stored_dramas(db, ids)
        stored_releases = await _stored_releases(db, ids)
        await _check_server_ids(db, schedules, ids)
        plan = _Plan()
        changed: list[tuple[Release, str, str]] = []
        for schedule, canonicals in zip(schedules, canonical_prints, strict=True):
            entry = DramaImport(drama_id=schedule.drama.id, source=schedule.source)
            plan.report.dramas.append(entry)
            _plan_drama(plan, entry, schedule, stored_dramas.get(schedule.drama.id), stamp)
            stored = stored_releases.get(schedule.drama.id, {})
            for release, (canonical, facts_print) in zip(
                schedule.releases, canonicals, strict=True
            ):
                before = stored.pop(release.id, None)
                if before is None:
                    entry.added.append(release.id)
                    plan.new_releases.append(
                        release_values(release, canonical, facts_print, stamp, None)
                    )
                    plan.artists.extend(artist_values(release))
                    plan.changes.append(change_values(release, [], None, canonical, stamp))
                elif before.fingerprint == facts_print:
                    entry.unchanged.append(release.id)
                else:
                    changed.append((release, canonical, facts_print))
            # What is left was stored before and is not in the file any more: kept, reported.
            entry.disappeared = sorted(stored)
            _check_parts(schedule, stored)
        if changed:
            await _plan_changes(db, plan, changed, stamp)
            _in_file_order(plan.report, schedules)
        if plan.report.wrote_anything or plan.digests or plan.changed_releases:
            await _write(db, plan)
    return plan.report


def _canonical(release: Release) -> tuple[str, str]:
    canonical = canonical_json(release)
    return canonical, fingerprint(canonical)


def _plan_drama(
    plan: _Plan, entry: DramaImport, schedule: Schedule, stored: _StoredDrama | None, stamp: int
) -> None:
    drama, digest = schedule.drama, schedule.digest
    facts_print = fingerprint(canonical_json(drama))
    if stored is None:
        entry.drama_added = True
        entry.drama_fields = list(drama.as_dict())
        plan.new_dramas.append(drama_row(drama, facts_print, stamp, digest, None))
    elif stored.fingerprint != facts_print:
        mine, theirs = drama.as_dict(), stored.drama.as_dict()
        entry.drama_fields = [name for name in mine if mine[name] != theirs[name]]
        plan.changed_dramas.append(drama_row(drama, facts_print, stamp, digest, None))
    elif digest is not None and digest != stored.digest:
        plan.digests.append({"digest": digest, "id": drama.id})


async def _plan_changes(
    db: Database, plan: _Plan, changed: list[tuple[Release, str, str]], stamp: int
) -> None:
    """Plan the updates of changed releases; only these need their full stored rows."""
    keys = [(release.drama_id, release.id) for release, _, _ in changed]
    rows = await db.fetchall(
        f"SELECT {RELEASE_COLUMNS} FROM releases"
        f" WHERE {db.dialect.pair_in('drama_id', 'id', 'keys')}",
        {"keys": to_json(keys)},
    )
    old = {(r.drama_id, r.id): r for r in decode_releases(rows)}
    entries = {entry.drama_id: entry for entry in plan.report.dramas}
    for (release, canonical, facts_print), key in zip(changed, keys, strict=True):
        before = old[key]
        fields = before.changed_fields(release)
        plan.changed_releases.append(release_row(release, canonical, facts_print, stamp, None))
        if not fields:
            # Equal in every field, different in form: a row stored before a field was added
            # to the contract, or a map whose order moved. It is brought to the current form,
            # but that is no news: no change is recorded and the release counts as unchanged.
            entries[release.drama_id].unchanged.append(release.id)
            continue
        entries[release.drama_id].changed[release.id] = fields
        if before.part != release.part:
            plan.moved_parts.append({"drama_id": release.drama_id, "id": release.id})
        plan.artists_removed.append({"drama_id": release.drama_id, "release_id": release.id})
        plan.artists.extend(artist_values(release))
        plan.changes.append(
            change_values(release, fields, canonical_json(before), canonical, stamp)
        )


def _in_file_order(report: ImportReport, schedules: Sequence[Schedule]) -> None:
    """Puts each drama's unchanged ids back in file order (some were found only by
    ``_plan_changes``)."""
    for entry, schedule in zip(report.dramas, schedules, strict=True):
        order = {release.id: index for index, release in enumerate(schedule.releases)}
        entry.unchanged.sort(key=order.__getitem__)


async def _write(db: Database, plan: _Plan) -> None:
    # Order matters for the foreign keys: dramas, then releases, then what refers to releases.
    # Parts are cleared before the updates that may take them (see CLEAR_PART).
    steps = (
        (INSERT_DRAMA, plan.new_dramas),
        (UPDATE_DRAMA, plan.changed_dramas),
        (_SET_DIGEST, plan.digests),
        (CLEAR_PART, plan.moved_parts),
        (update_release(db.dialect), plan.changed_releases),
        (DELETE_ARTISTS, plan.artists_removed),
    )
    for statement, rows in steps:
        if rows:
            await db.executemany(statement, rows)
    inserts = (
        ("releases", RELEASE_ROW_COLUMNS, plan.new_releases),
        ("release_artists", ARTIST_COLUMNS, plan.artists),
        ("release_changes", CHANGE_COLUMNS, plan.changes),
    )
    for table, columns, values in inserts:
        if values:
            await db.insert_many(table, columns, values)


@dataclass(frozen=True)
class _StoredDrama:
    fingerprint: str
    digest: str | None
    drama: Drama


async def _stored_dramas(db: Database, ids: object) -> dict[str, _StoredDrama]:
    rows = await db.fetchall(
        f"SELECT fingerprint, source_digest, {DRAMA_COLUMNS} FROM dramas"
        f" WHERE {db.dialect.any_of('id', 'ids')}",
        {"ids": ids},
    )
    return {row[2]: _StoredDrama(row[0], row[1], drama_from_row(row[2:])) for row in rows}


async def _stored_releases(db: Database, ids: object) -> dict[str, dict[str, _Stored]]:
    rows = await db.fetchall(
        "SELECT drama_id, id, part, fingerprint FROM releases"
        # A server's own releases are not the file's: never reported as disappeared from it.
        f" WHERE {db.dialect.any_of('drama_id', 'ids')} AND guild_id IS NULL",
        {"ids": ids},
    )
    stored: dict[str, dict[str, _Stored]] = {}
    for drama_id, release_id, part, facts_print in rows:
        stored.setdefault(drama_id, {})[release_id] = _Stored(part, facts_print)
    return stored


async def _check_server_ids(db: Database, schedules: Sequence[Schedule], ids: object) -> None:
    """A curated file may not take an id a server already gave its own drama or release.

    Server-made ids carry a random suffix, so this is rare; when it happens the curator gets
    a problem to act on instead of a server's data being overwritten or a constraint error.
    """
    dramas = await db.fetchall(
        f"SELECT id FROM dramas WHERE guild_id IS NOT NULL AND {db.dialect.any_of('id', 'ids')}",
        {"ids": ids},
    )
    releases = await db.fetchall(
        "SELECT drama_id, id FROM releases WHERE guild_id IS NOT NULL"
        f" AND {db.dialect.any_of('drama_id', 'ids')}",
        {"ids": ids},
    )
    taken_dramas = {drama_id for (drama_id,) in dramas}
    taken_releases = set(releases)
    problems = []
    for schedule in schedules:
        if schedule.drama.id in taken_dramas:
            message = f'"{schedule.drama.id}" is the id of a server\'s own drama; choose another'
            problems.append(Problem(schedule.source, _NO_LINE, "drama.id", message))
        for index, release in enumerate(schedule.releases):
            if (release.drama_id, release.id) in taken_releases:
                message = f'"{release.id}" is the id of a server\'s own release; choose another'
                problems.append(Problem(schedule.source, _NO_LINE, f"release[{index}].id", message))
    if problems:
        raise ScheduleError(problems)


def _check_batch(schedules: Sequence[Schedule]) -> None:
    """Refuse input that would break the store's keys, with problems a curator can act on.

    The parser already rejects all of this; the store checks again because it is the last line
    before the database, and /ost-admin add and tests feed it directly.
    """
    problems: list[Problem] = []
    sources: dict[str, str] = {}
    for schedule in schedules:
        file, drama_id = schedule.source, schedule.drama.id
        if drama_id in sources:
            problems.append(
                Problem(file, _NO_LINE, "drama.id", f'"{drama_id}" is also {sources[drama_id]}')
            )
        sources.setdefault(drama_id, f"the drama of {file}")
        ids: set[str] = set()
        parts: set[int] = set()
        for index, release in enumerate(schedule.releases):
            where = f"release[{index}]"
            if release.drama_id != drama_id:
                message = f'belongs to drama "{release.drama_id}", not "{drama_id}"'
                problems.append(Problem(file, _NO_LINE, f"{where}.drama", message))
            if release.id in ids:
                message = f'"{release.id}" is used by an earlier release'
                problems.append(Problem(file, _NO_LINE, f"{where}.id", message))
            if release.part is not None and release.part in parts:
                message = f"part {release.part} is used by an earlier release"
                problems.append(Problem(file, _NO_LINE, f"{where}.part", message))
            if release.at is not None and release.at.microsecond:
                message = "times are stored to the second; fractions of a second are not allowed"
                problems.append(Problem(file, _NO_LINE, f"{where}.at", message))
            ids.add(release.id)
            if release.part is not None:
                parts.add(release.part)
    if problems:
        raise ScheduleError(problems)


def _check_parts(schedule: Schedule, disappeared: dict[str, _Stored]) -> None:
    """A release missing from the file keeps its part, so no release in the file may take it."""
    held = {s.part: release_id for release_id, s in disappeared.items() if s.part is not None}
    problems = [
        Problem(
            schedule.source,
            _NO_LINE,
            f"release[{index}].part",
            f'part {release.part} is still held by release "{held[release.part]}", which is '
            "not in this file any more; give it back to the file or use another part",
        )
        for index, release in enumerate(schedule.releases)
        if release.part is not None and release.part in held
    ]
    if problems:
        raise ScheduleError(problems)
