-- The web (issue 15), as SQLite's 0010: servers' private feed tokens (stored as their sha256),
-- and what the feeds' validators read: a revision that every new drama and every write of a
-- drama's facts (its fingerprint) counts, by a statement trigger so no writer can forget it,
-- and the newest drama update by index.
CREATE TABLE feed_tokens (
    guild_id      BIGINT PRIMARY KEY,
    token_sha256  TEXT COLLATE "C" NOT NULL UNIQUE,
    created_at    BIGINT NOT NULL
);

CREATE TABLE drama_revision (
    only_row  SMALLINT PRIMARY KEY CHECK (only_row = 1),
    revision  BIGINT NOT NULL
);
INSERT INTO drama_revision (only_row, revision) VALUES (1, 0);

CREATE FUNCTION count_drama_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE drama_revision SET revision = revision + 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER dramas_changed AFTER INSERT OR UPDATE OF fingerprint ON dramas
    FOR EACH STATEMENT EXECUTE FUNCTION count_drama_revision();

CREATE INDEX dramas_by_update ON dramas (updated_at);
