-- The web (issue 15). A server's private calendar feed (/s/<token>/calendar.ics) is found by its
-- token, stored only as its sha256: the token is a secret shown once, when made, so a copy of
-- the store does not hand out every server's feed. One token per server; rotating replaces it.
CREATE TABLE feed_tokens (
    guild_id      INTEGER PRIMARY KEY,
    token_sha256  TEXT NOT NULL UNIQUE,     -- hex sha256 of the token's UTF-8 text
    created_at    INTEGER NOT NULL          -- unix seconds UTC
) STRICT;

-- Feeds are validated by what they are made of: the newest release change (release_changes),
-- and the dramas, whose own changes (a new title) record no release change. Every new drama
-- and every write of a drama's facts (its fingerprint changes with them; a file digest alone
-- is no news) counts here, by trigger, so no writer can forget it; reading it is one row. The
-- index gives the newest drama update (Last-Modified) in one step.
CREATE TABLE drama_revision (
    only_row  INTEGER PRIMARY KEY CHECK (only_row = 1),
    revision  INTEGER NOT NULL
) STRICT;
INSERT INTO drama_revision (only_row, revision) VALUES (1, 0);

CREATE TRIGGER dramas_inserted AFTER INSERT ON dramas
BEGIN
    UPDATE drama_revision SET revision = revision + 1;
END;

CREATE TRIGGER dramas_updated AFTER UPDATE OF fingerprint ON dramas
BEGIN
    UPDATE drama_revision SET revision = revision + 1;
END;

CREATE INDEX dramas_by_update ON dramas (updated_at);
