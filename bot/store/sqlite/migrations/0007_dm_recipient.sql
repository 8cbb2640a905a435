-- A member's DM (kind 'dm') names its recipient in a column of its own, user_id, instead of
-- holding the user's id in channel_id. Exactly one of the two is set. The exactly-once guard
-- becomes two unique keys: (release, channel, kind) for servers' posts, as before, and
-- (release, member) for DMs (a member gets one DM per release). SQLite cannot drop a NOT NULL
-- or a table constraint in place, so the table is rebuilt; the existing DM rows move their
-- user id across. Nothing refers to deliveries, so dropping the old table breaks no key.

CREATE TABLE deliveries_new (
    id               INTEGER PRIMARY KEY,
    drama_id         TEXT NOT NULL,
    release_id       TEXT NOT NULL,
    guild_id         INTEGER NOT NULL,          -- 0 for a DM
    channel_id       INTEGER,                   -- a server's post: where it goes
    user_id          INTEGER,                   -- a DM: the member it goes to
    kind             TEXT NOT NULL,             -- 'announce', 'remind:<seconds before>' or 'dm'
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
    publish          TEXT CHECK (publish IN ('pending', 'done', 'failed')),
    CHECK ((kind = 'dm') = (user_id IS NOT NULL) AND (channel_id IS NULL) = (user_id IS NOT NULL)),
    FOREIGN KEY (drama_id, release_id) REFERENCES releases (drama_id, id)
) STRICT;

INSERT INTO deliveries_new (id, drama_id, release_id, guild_id, channel_id, user_id, kind, due_at,
                            message_key, position, state, message_id, attempts, next_attempt_at,
                            last_error, created_at, sent_at, publish)
SELECT id, drama_id, release_id, guild_id,
       CASE WHEN kind = 'dm' THEN NULL ELSE channel_id END,
       CASE WHEN kind = 'dm' THEN channel_id END,
       kind, due_at, message_key, position, state, message_id, attempts, next_attempt_at,
       last_error, created_at, sent_at, publish
FROM deliveries;

DROP TABLE deliveries;
ALTER TABLE deliveries_new RENAME TO deliveries;

CREATE UNIQUE INDEX deliveries_once_per_channel ON deliveries (drama_id, release_id, channel_id, kind)
    WHERE channel_id IS NOT NULL;
CREATE UNIQUE INDEX deliveries_once_per_member ON deliveries (drama_id, release_id, user_id)
    WHERE user_id IS NOT NULL;
CREATE INDEX deliveries_pending ON deliveries (next_attempt_at, due_at) WHERE state = 'pending';
CREATE INDEX deliveries_by_message ON deliveries (message_key);
CREATE INDEX deliveries_by_guild ON deliveries (guild_id, state);
CREATE INDEX deliveries_to_publish ON deliveries (message_key) WHERE publish = 'pending';
