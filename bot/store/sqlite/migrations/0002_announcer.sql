-- What the announcer needs: servers' settings and follows, the delivery ledger, and a little
-- process state (the last instant the bot was alive, the last change it handled).

CREATE TABLE bot_state (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) STRICT;

CREATE TABLE guild_settings (
    guild_id          INTEGER PRIMARY KEY,
    channel_id        INTEGER,                  -- where announcements go; NULL: none yet
    ping_role_id      INTEGER,                  -- the one role announcements may ping
    reminder_offsets  TEXT NOT NULL DEFAULT '[]',  -- JSON list of seconds before a release
    catchup_seconds   INTEGER NOT NULL DEFAULT 21600 CHECK (catchup_seconds >= 0),
    configured_at     INTEGER NOT NULL,         -- unix seconds: nothing due before is owed
    broken_reason     TEXT,                     -- why posting stopped (403/404); NULL: fine
    broken_at         INTEGER,
    updated_at        INTEGER NOT NULL
) STRICT;

CREATE TABLE follows (
    guild_id      INTEGER NOT NULL REFERENCES guild_settings (guild_id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('all', 'drama', 'artist')),
    value         TEXT NOT NULL,                -- '' for all; a drama id; an artist as typed
    value_folded  TEXT NOT NULL,                -- casefolded: artists match whatever the case
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (guild_id, kind, value_folded)
) STRICT, WITHOUT ROWID;

-- Fan-out asks "who follows this drama or these artists": an index lookup per target.
CREATE INDEX follows_by_target ON follows (kind, value_folded);

-- One row per (release, channel, kind), written before the message is sent: the UNIQUE key is
-- what makes a second announcement impossible, across crashes and restarts.
CREATE TABLE deliveries (
    id               INTEGER PRIMARY KEY,
    drama_id         TEXT NOT NULL,
    release_id       TEXT NOT NULL,
    guild_id         INTEGER NOT NULL,
    channel_id       INTEGER NOT NULL,
    kind             TEXT NOT NULL,             -- 'announce' or 'remind:<seconds before>'
    due_at           INTEGER NOT NULL,          -- unix seconds this delivery was planned for
    message_key      TEXT NOT NULL,             -- rows sharing one message share it; the nonce
    position         INTEGER NOT NULL,          -- the embed's place in that message
    state            TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed', 'missed')),
    message_id       INTEGER,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER,                   -- a pending row waits until then after an error
    last_error       TEXT,
    created_at       INTEGER NOT NULL,
    sent_at          INTEGER,
    UNIQUE (drama_id, release_id, channel_id, kind),
    FOREIGN KEY (drama_id, release_id) REFERENCES releases (drama_id, id)
) STRICT;

CREATE INDEX deliveries_pending ON deliveries (next_attempt_at, due_at) WHERE state = 'pending';
CREATE INDEX deliveries_by_message ON deliveries (message_key);
CREATE INDEX deliveries_by_guild ON deliveries (guild_id, state);
