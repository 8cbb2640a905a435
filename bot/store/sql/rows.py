"""Row <-> domain mapping, and the content fingerprints that make re-imports write nothing.

Column lists live here next to the code that packs and unpacks them, so the two cannot drift.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from bot.domain import Credit, Drama, Link, Release, Status

# Defined with the listings' statements (which need no more of this module); shared from here.
from bot.store.sql.listings import to_unix as to_unix

if TYPE_CHECKING:
    from bot.store.types import ReleaseChange

# One encoder, made once: json.dumps(..., separators=...) builds a new encoder on every call,
# which is most of its cost. ensure_ascii=False keeps Korean text readable in the database.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)
to_json = _ENCODER.encode
# One JSON string, as that encoder writes it (json's own C function behind it).
_quote = json.encoder.encode_basestring


def names_json(names: Sequence[str]) -> str:
    """``to_json(list(names))`` for strings only, without the encoder's set-up per call (three
    lists per release in an import of 10,000: measured ~3 times faster)."""
    return f"[{','.join(map(_quote, names))}]"


# The stored fields of each, in the order the decoders unpack them. Adding a schedule field
# means a column here, in its ``*_row`` packer and its decoder below, and a migration.
DRAMA_FIELDS = ("id", "title", "title_native", "year", "cast_members", "synopsis", "timezone",
                "sources")  # fmt: skip
RELEASE_FIELDS = ("drama_id", "id", "part", "title", "at", "time_confirmed", "artists", "mv",
                  "links", "credits", "notes", "status", "genre")  # fmt: skip
DRAMA_COLUMNS = ", ".join(DRAMA_FIELDS)
RELEASE_COLUMNS = ", ".join(RELEASE_FIELDS)
# The same columns qualified by the alias `r`, for queries that join.
RELEASE_COLUMNS_R = ", ".join(f"r.{name}" for name in RELEASE_FIELDS)
# Besides its fields, every drama and release row keeps these (see migrations/0001_initial.sql).
DERIVED = ("fingerprint", "search_text", "updated_at")

_STATUSES = {status.value: status for status in Status}


def canonical_json(value: Release | Drama) -> str:
    """The JSON of ``as_dict()``: the fingerprint's input and the change log's before/after.

    ``as_dict`` has a fixed key order and its maps keep the file's order, so equal values always
    give the same text.
    """
    if isinstance(value, Release):
        return release_json(value)
    return to_json(value.as_dict())


def release_json(release: Release) -> str:
    """``to_json(release.as_dict())``, character for character, written without building the
    dict: an import of 10,000 releases spent a fifth of its store time in ``as_dict`` and the
    encoder (profiled). Maps with a repeated name (``as_dict`` keeps one entry) go the long way."""
    links, credits = release.links, release.credits
    services = {link.service for link in links}
    roles = {credit.role for credit in credits}
    if len(services) != len(links) or len(roles) != len(credits):
        return to_json(release.as_dict())
    at = release.at
    confirmed = release.time_confirmed
    return "".join(
        (
            '{"drama":',
            _quote(release.drama_id),
            ',"id":',
            _quote(release.id),
            ',"part":',
            "null" if release.part is None else to_json(release.part),
            ',"title":',
            _text(release.title),
            ',"artists":',
            names_json(release.artists),
            ',"at":',
            "null" if at is None else _quote(at.astimezone(UTC).isoformat()),
            ',"time_confirmed":',
            "true" if confirmed is True else "false" if confirmed is False else to_json(confirmed),
            ',"mv":',
            _text(release.mv),
            ',"links":{',
            ",".join([f"{_quote(link.service)}:{_quote(link.url)}" for link in links]),
            '},"credits":{',
            ",".join([f"{_quote(c.role)}:{names_json(c.names)}" for c in credits]),
            '},"genre":',
            _text(release.genre),
            ',"notes":',
            _text(release.notes),
            ',"status":',
            _quote(str(release.status)),
            "}",
        )
    )


def _text(value: str | None) -> str:
    return "null" if value is None else _quote(value)


def fingerprint(canonical: str) -> str:
    return hashlib.sha256(canonical.encode()).hexdigest()


def from_unix(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def search_text(*parts: str | None) -> str:
    """What ``search`` looks in: the casefolded texts, one a line, so no match spans two."""
    return "\n".join(part.casefold() for part in parts if part)


def drama_row(
    drama: Drama, fingerprint: str, updated_at: int, digest: str | None, guild_id: int | None
) -> dict[str, Any]:
    """Parameters for ``DRAMA_FIELDS``, ``DERIVED``, ``source_digest`` and ``guild_id``."""
    return {
        "id": drama.id,
        "title": drama.title,
        "title_native": drama.title_native,
        "year": drama.year,
        "cast_members": to_json(drama.cast),
        "synopsis": drama.synopsis,
        "timezone": drama.timezone,
        "sources": to_json(drama.sources),
        "fingerprint": fingerprint,
        "search_text": search_text(drama.id, drama.title, drama.title_native),
        "updated_at": updated_at,
        "source_digest": digest,
        "guild_id": guild_id,
    }


def change_from_row(row: Sequence[Any]) -> ReleaseChange:
    """A ReleaseChange from a row of the change log (seq, ids, kind, fields, before, after, at)."""
    # Imported here: the listings' statements (bot.store.sql.listings) use this module without
    # the store's value types.
    from bot.store.types import ReleaseChange

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


def drama_from_row(row: Sequence[Any]) -> Drama:
    """A Drama from a row selected with ``DRAMA_COLUMNS``."""
    id_, title, title_native, year, cast, synopsis, timezone, sources = row
    return Drama(
        id=id_,
        title=title,
        title_native=title_native,
        year=year,
        cast=tuple(json.loads(cast)),
        synopsis=synopsis,
        timezone=timezone,
        sources=tuple(json.loads(sources)),
    )


# The columns each writer fills, in the order of the ``*_values`` tuples below.
RELEASE_ROW_COLUMNS = (*RELEASE_FIELDS, *DERIVED, "doc", "guild_id")
ARTIST_COLUMNS = ("drama_id", "release_id", "position", "name", "name_folded", "at")
CHANGE_COLUMNS = ("drama_id", "release_id", "kind", "fields", "before", "after", "recorded_at")


def release_values(
    release: Release, canonical: str, fingerprint: str, updated_at: int, guild_id: int | None
) -> tuple[Any, ...]:
    """A ``releases`` row in ``RELEASE_ROW_COLUMNS`` order: ``RELEASE_FIELDS``, ``DERIVED``,
    ``doc`` and ``guild_id``. Tuples, not dicts, for the batch import: binding 10,000 rows by
    position spares SQLite's driver a name lookup per value (measured ~20% of the insert)."""
    return (
        release.drama_id,
        release.id,
        release.part,
        release.title,
        to_unix(release.at),
        int(release.time_confirmed),
        names_json(release.artists),
        release.mv,
        f"[{','.join([names_json((link.service, link.url)) for link in release.links])}]",
        "[{}]".format(
            ",".join([f"[{_quote(c.role)},{names_json(c.names)}]" for c in release.credits])
        ),
        release.notes,
        release.status.value,
        release.genre,
        fingerprint,
        search_text(release.id, release.title, *release.artists),
        updated_at,
        canonical,
        guild_id,
    )


def release_row(
    release: Release, canonical: str, fingerprint: str, updated_at: int, guild_id: int | None
) -> dict[str, Any]:
    """``release_values`` by column name, for the statements that name their parameters."""
    values = release_values(release, canonical, fingerprint, updated_at, guild_id)
    return dict(zip(RELEASE_ROW_COLUMNS, values, strict=True))


def artist_values(release: Release) -> list[tuple[Any, ...]]:
    """``release_artists`` rows in ``ARTIST_COLUMNS`` order, one per credited artist in credit
    order, each with the release's instant (migration 0013: the artist's listing walks them in
    time order)."""
    at = to_unix(release.at)
    drama_id, release_id = release.drama_id, release.id
    return [
        (drama_id, release_id, position, name, name.casefold(), at)
        for position, name in enumerate(release.artists)
    ]


def artist_rows(release: Release) -> list[dict[str, Any]]:
    """``artist_values`` by column name."""
    return [dict(zip(ARTIST_COLUMNS, row, strict=True)) for row in artist_values(release)]


def change_values(
    release: Release, fields: list[str], before: str | None, after: str, recorded_at: int
) -> tuple[Any, ...]:
    """A ``release_changes`` row in ``CHANGE_COLUMNS`` order: ``before`` is None when the
    release is new ("added")."""
    return (
        release.drama_id,
        release.id,
        "added" if before is None else "changed",
        to_json(fields) if fields else "[]",  # every added release: no encoder call
        before,
        after,
        recorded_at,
    )


def change_row(
    release: Release, fields: list[str], before: str | None, after: str, recorded_at: int
) -> dict[str, Any]:
    """``change_values`` by column name."""
    values = change_values(release, fields, before, after, recorded_at)
    return dict(zip(CHANGE_COLUMNS, values, strict=True))


class ReleaseDecoder:
    """Builds Releases from rows selected with ``RELEASE_COLUMNS``, fast enough for 100k rows.

    Listings repeat a lot (the same artists, "[]" for no links, many drops at the same 18:00), so
    each decoder remembers the JSON texts and instants it has already turned into values. That is
    safe because everything it shares is immutable. Use one decoder per query, not forever: the
    memo would otherwise grow with the database.
    """

    def __init__(self) -> None:
        self._artists: dict[str, tuple[str, ...]] = {}
        self._links: dict[str, tuple[Link, ...]] = {}
        self._credits: dict[str, tuple[Credit, ...]] = {}
        self._instants: dict[int, datetime] = {}

    def release(self, row: Sequence[Any]) -> Release:
        (drama_id, id_, part, title, at, confirmed, artists, mv, links, credits, notes, status) = (
            row[:12]
        )
        instant = None
        if at is not None:
            instant = self._instants.get(at)
            if instant is None:
                instant = self._instants[at] = from_unix(at)
        names = self._artists.get(artists)
        if names is None:
            names = self._artists[artists] = tuple(json.loads(artists))
        link_values = self._links.get(links)
        if link_values is None:
            link_values = self._links[links] = tuple(Link(s, u) for s, u in json.loads(links))
        credit_values = self._credits.get(credits)
        if credit_values is None:
            credit_values = self._credits[credits] = tuple(
                Credit(role, tuple(people)) for role, people in json.loads(credits)
            )
        return Release(
            drama_id,
            id_,
            names,
            part,
            title,
            instant,
            bool(confirmed),
            mv,
            link_values,
            credit_values,
            notes,
            _STATUSES[status],
            row[12],  # genre
        )

    def releases(self, rows: Sequence[Sequence[Any]]) -> list[Release]:
        release = self.release
        return [release(row) for row in rows]


def decode_releases(rows: Sequence[Sequence[Any]]) -> list[Release]:
    return ReleaseDecoder().releases(rows)
