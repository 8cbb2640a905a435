-- Discord scheduled events mirroring a server's followed releases, opt-in (as SQLite's 0006).

ALTER TABLE guild_settings ADD COLUMN mirror_events SMALLINT NOT NULL DEFAULT 0
    CHECK (mirror_events IN (0, 1));
ALTER TABLE guild_settings ADD COLUMN events_broken TEXT;

CREATE TABLE event_mirrors (
    guild_id BIGINT NOT NULL,
    drama_id TEXT COLLATE "C" NOT NULL,
    release_id TEXT COLLATE "C" NOT NULL,
    event_id BIGINT NOT NULL,
    fingerprint TEXT NOT NULL,
    start_at BIGINT NOT NULL,
    PRIMARY KEY (guild_id, drama_id, release_id)
);
