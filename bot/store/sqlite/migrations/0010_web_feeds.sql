-- The web (issue 15). A server's private calendar feed (/s/<token>/calendar.ics) is found by its
-- token, stored only as its sha256: the token is a secret shown once, when made, so a copy of
-- the store does not hand out every server's feed. One token per server; rotating replaces it.
CREATE TABLE feed_tokens (
    guild_id      INTEGER PRIMARY KEY,
    token_sha256  TEXT NOT NULL UNIQUE,     -- hex sha256 of the token's UTF-8 text
    created_at    INTEGER NOT NULL          -- unix seconds UTC
) STRICT;

-- A drama's own changes (a new title) record no release change; the feeds' validators read
-- the newest drama update as well as the newest change, and this keeps that one index step.
CREATE INDEX dramas_by_update ON dramas (updated_at);
