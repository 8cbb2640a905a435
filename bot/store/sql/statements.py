"""SQL statements shared by the two writers of releases: schedule imports and a server's own.

One change log and one artist index, written the same way by both, so the announcer and the
queries read them alike. The column lists come from ``rows``, so a new field needs no edit here.
"""

# S608: the only text spliced into SQL here is this package's own column names; every value
# travels as a named parameter.
# ruff: noqa: S608

from bot.store.sql.engine import Dialect
from bot.store.sql.rows import (
    ARTIST_COLUMNS,
    CHANGE_COLUMNS,
    DERIVED,
    DRAMA_FIELDS,
    RELEASE_FIELDS,
    RELEASE_ROW_COLUMNS,
)


def _insert(table: str, names: tuple[str, ...]) -> str:
    return (
        f"INSERT INTO {table} ({', '.join(names)})"
        f" VALUES ({', '.join(f':{name}' for name in names)})"
    )


def _set(names: tuple[str, ...]) -> str:
    return ", ".join(f"{name} = :{name}" for name in names)


# guild_id: NULL for a curated drama or release (a schedule file's), else the server that owns it.
INSERT_DRAMA = _insert("dramas", (*DRAMA_FIELDS, *DERIVED, "source_digest", "guild_id"))
UPDATE_DRAMA = (
    f"UPDATE dramas SET {_set((*DRAMA_FIELDS[1:], *DERIVED, 'source_digest'))} WHERE id = :id"
)
INSERT_RELEASE = _insert("releases", RELEASE_ROW_COLUMNS)


def update_release(dialect: Dialect) -> str:
    # NULL matches NULL: a curated release is updated only as curated, a server's as its own.
    return (
        f"UPDATE releases SET {_set((*RELEASE_FIELDS[2:], *DERIVED, 'doc'))}"
        f" WHERE drama_id = :drama_id AND id = :id AND {dialect.same('guild_id', 'guild_id')}"
    )


# Parts are UNIQUE and checked row by row, so two releases swapping parts would collide half-way;
# clearing the changed rows' parts first makes any permutation safe.
CLEAR_PART = "UPDATE releases SET part = NULL WHERE drama_id = :drama_id AND id = :id"
DELETE_ARTISTS = (
    "DELETE FROM release_artists WHERE drama_id = :drama_id AND release_id = :release_id"
)
INSERT_ARTIST = _insert("release_artists", ARTIST_COLUMNS)
INSERT_CHANGE = _insert("release_changes", CHANGE_COLUMNS)
