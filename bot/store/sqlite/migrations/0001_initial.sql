-- The first schema: dramas, their releases, an artist index and the change log.
--
-- Conventions: instants are INTEGER unix seconds UTC (NULL while TBA); lists and maps from the
-- domain are JSON text, in the domain's order, so a row gives back an equal Release; every table
-- is STRICT so a wrong type is an error, not a silent conversion.

CREATE TABLE dramas (
    id            TEXT PRIMARY KEY,
    title         TEXT NOT NULL,
    title_native  TEXT,
    year          INTEGER,
    cast_members  TEXT NOT NULL,            -- JSON list of names
    synopsis      TEXT,
    timezone      TEXT NOT NULL,
    sources       TEXT NOT NULL,            -- JSON list of URLs
    fingerprint   TEXT NOT NULL,            -- sha256 of the canonical JSON of Drama.as_dict()
    search_text   TEXT NOT NULL,            -- casefolded id, titles: what search looks in
    updated_at    INTEGER NOT NULL,
    source_digest TEXT                      -- sha256 of the schedule file's bytes last imported
) STRICT;

CREATE TABLE releases (
    drama_id        TEXT NOT NULL REFERENCES dramas (id),
    id              TEXT NOT NULL,
    part            INTEGER,
    title           TEXT,
    at              INTEGER,                -- unix seconds UTC; NULL while TBA
    time_confirmed  INTEGER NOT NULL CHECK (time_confirmed IN (0, 1)),
    artists         TEXT NOT NULL,          -- JSON list of names, in credit order
    mv              TEXT,
    links           TEXT NOT NULL,          -- JSON list of [service, url]
    credits         TEXT NOT NULL,          -- JSON list of [role, [names]]
    notes           TEXT,
    status          TEXT NOT NULL CHECK (status IN ('scheduled', 'postponed', 'cancelled')),
    fingerprint     TEXT NOT NULL,          -- sha256 of the canonical JSON of Release.as_dict()
    search_text     TEXT NOT NULL,          -- casefolded id, title, artists: what search looks in
    updated_at      INTEGER NOT NULL,
    doc             TEXT NOT NULL,          -- the canonical JSON itself: listings print it as is
    PRIMARY KEY (drama_id, id),
    -- NULL parts are distinct in a UNIQUE constraint, which is exactly "unique when given".
    UNIQUE (drama_id, part)
) STRICT;

-- Serves `upcoming`: a range scan on `at` already in the listing's order, and the TBA rows
-- (at IS NULL) in drama, part, id order from the same index. It carries `doc` so the JSON
-- listing reads the index alone, in order, instead of jumping to each row (half the time at
-- 50,000 rows, for the price of a second copy of the documents).
CREATE INDEX releases_by_time ON releases (at, drama_id, part, id, doc);

-- One row per credited artist, so "releases by <artist>" is an index lookup, not a JSON scan.
CREATE TABLE release_artists (
    drama_id     TEXT NOT NULL,
    release_id   TEXT NOT NULL,
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    name_folded  TEXT NOT NULL,             -- str.casefold() of name: case-insensitive matching
    PRIMARY KEY (drama_id, release_id, position),
    FOREIGN KEY (drama_id, release_id) REFERENCES releases (drama_id, id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE INDEX release_artists_by_name ON release_artists (name_folded);

-- Append-only log of what imports did to releases; the announcer edits posted messages from it.
-- AUTOINCREMENT so a seq is never reused, even after rows at the end are deleted: consumers
-- remember the last seq they handled.
CREATE TABLE release_changes (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    drama_id     TEXT NOT NULL,
    release_id   TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('added', 'changed')),
    fields       TEXT NOT NULL,             -- JSON list of changed field names (as_dict keys)
    before       TEXT,                      -- JSON of Release.as_dict() before; NULL when added
    after        TEXT NOT NULL,             -- JSON of Release.as_dict() after
    recorded_at  INTEGER NOT NULL,          -- unix seconds UTC
    FOREIGN KEY (drama_id, release_id) REFERENCES releases (drama_id, id)
) STRICT;

CREATE INDEX release_changes_by_release ON release_changes (drama_id, release_id, seq);
