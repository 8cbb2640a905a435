-- The web (issue 15): servers' private feed tokens, stored as their sha256, and the index the
-- feeds' validators read the newest drama update from (as SQLite's 0010).
CREATE TABLE feed_tokens (
    guild_id      BIGINT PRIMARY KEY,
    token_sha256  TEXT COLLATE "C" NOT NULL UNIQUE,
    created_at    BIGINT NOT NULL
);

CREATE INDEX dramas_by_update ON dramas (updated_at);
