-- Discord scheduled events mirroring a server's followed releases (opt-in). ``events_broken``
-- says why mirroring stopped (e.g. the bot lost Manage Events): set on a 403, cleared when the
-- admin turns mirroring on again, so a missing permission is not retried forever.

ALTER TABLE guild_settings ADD COLUMN mirror_events INTEGER NOT NULL DEFAULT 0
    CHECK (mirror_events IN (0, 1));
ALTER TABLE guild_settings ADD COLUMN events_broken TEXT;

-- What the bot created in Discord: one event per server and release. ``fingerprint`` is a
-- digest of the fields sent, so a sync edits only events whose release changed; ``start_at``
-- (unix) lets a sync forget events whose release has passed without asking Discord.
CREATE TABLE event_mirrors (
    guild_id INTEGER NOT NULL,
    drama_id TEXT NOT NULL,
    release_id TEXT NOT NULL,
    event_id INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    start_at INTEGER NOT NULL,
    PRIMARY KEY (guild_id, drama_id, release_id)
) WITHOUT ROWID;
