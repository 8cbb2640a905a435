-- The first schema: dramas, their releases, an artist index and the change log. The same tables
-- and meaning as the SQLite engine's 0001_initial.sql, in PostgreSQL's types.
--
-- Conventions (as in SQLite, so one row mapping serves both engines and a store copies value for
-- value): instants are BIGINT unix seconds UTC (NULL while TBA); lists and maps from the domain
-- are JSON text in the domain's order. Text that is compared or ordered is COLLATE "C": byte
-- order, as SQLite's, whatever locale the database was created with.

CREATE TABLE dramas (
    id            TEXT COLLATE "C" PRIMARY KEY,
    title         TEXT COLLATE "C" NOT NULL,
    title_native  TEXT COLLATE "C",
    year          INTEGER,
    cast_members  TEXT NOT NULL,            -- JSON list of names
    synopsis      TEXT,
    timezone      TEXT NOT NULL,
    sources       TEXT NOT NULL,            -- JSON list of URLs
    fingerprint   TEXT NOT NULL,            -- sha256 of the canonical JSON of Drama.as_dict()
    search_text   TEXT NOT NULL,            -- casefolded id, titles: what search looks in
    updated_at    BIGINT NOT NULL,
    source_digest TEXT                      -- sha256 of the schedule file's bytes last imported
);

CREATE TABLE releases (
    drama_id        TEXT COLLATE "C" NOT NULL REFERENCES dramas (id),
    id              TEXT COLLATE "C" NOT NULL,
    part            INTEGER,
    title           TEXT COLLATE "C",
    at              BIGINT,                 -- unix seconds UTC; NULL while TBA
    time_confirmed  SMALLINT NOT NULL CHECK (time_confirmed IN (0, 1)),
    artists         TEXT NOT NULL,          -- JSON list of names, in credit order
    mv              TEXT,
    links           TEXT NOT NULL,          -- JSON list of [service, url]
    credits         TEXT NOT NULL,          -- JSON list of [role, [names]]
    notes           TEXT,
    status          TEXT NOT NULL CHECK (status IN ('scheduled', 'postponed', 'cancelled')),
    fingerprint     TEXT NOT NULL,          -- sha256 of the canonical JSON of Release.as_dict()
    search_text     TEXT NOT NULL,          -- casefolded id, title, artists: what search looks in
    updated_at      BIGINT NOT NULL,
    doc             TEXT NOT NULL,          -- the canonical JSON itself: listings print it as is
    PRIMARY KEY (drama_id, id),
    -- NULL parts are distinct in a UNIQUE constraint, which is exactly "unique when given".
    UNIQUE (drama_id, part)
);

-- Serves `upcoming`: a range scan on `at` in the listing's order (TBA rows too).
CREATE INDEX releases_by_time ON releases (at, drama_id, part, id);

-- One row per credited artist, so "releases by <artist>" is an index lookup, not a JSON scan.
CREATE TABLE release_artists (
    drama_id     TEXT COLLATE "C" NOT NULL,
    release_id   TEXT COLLATE "C" NOT NULL,
    position     INTEGER NOT NULL,
    name         TEXT COLLATE "C" NOT NULL,
    name_folded  TEXT COLLATE "C" NOT NULL, -- str.casefold() of name: case-insensitive matching
    PRIMARY KEY (drama_id, release_id, position),
    FOREIGN KEY (drama_id, release_id) REFERENCES releases (drama_id, id) ON DELETE CASCADE
);

CREATE INDEX release_artists_by_name ON release_artists (name_folded);

-- Append-only log of what imports did to releases; the announcer edits posted messages from it.
-- An identity never hands out a seq twice: consumers remember the last seq they handled.
CREATE TABLE release_changes (
    seq          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    drama_id     TEXT COLLATE "C" NOT NULL,
    release_id   TEXT COLLATE "C" NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('added', 'changed')),
    fields       TEXT NOT NULL,             -- JSON list of changed field names (as_dict keys)
    before       TEXT,                      -- JSON of Release.as_dict() before; NULL when added
    after        TEXT NOT NULL,             -- JSON of Release.as_dict() after
    recorded_at  BIGINT NOT NULL,           -- unix seconds UTC
    FOREIGN KEY (drama_id, release_id) REFERENCES releases (drama_id, id)
);

CREATE INDEX release_changes_by_release ON release_changes (drama_id, release_id, seq);
