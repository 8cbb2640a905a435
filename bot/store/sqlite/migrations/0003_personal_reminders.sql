-- /ost remind: a member asks for a DM when a release comes out. At the release instant the
-- announcer turns each row into a ledger row (kind 'dm', channel_id = the user's id), so the
-- exactly-once rule covers DMs too.

CREATE TABLE personal_reminders (
    user_id     INTEGER NOT NULL,
    drama_id    TEXT NOT NULL,
    release_id  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (drama_id, release_id, user_id),
    FOREIGN KEY (drama_id, release_id) REFERENCES releases (drama_id, id)
) STRICT, WITHOUT ROWID;

CREATE INDEX personal_reminders_by_user ON personal_reminders (user_id);
