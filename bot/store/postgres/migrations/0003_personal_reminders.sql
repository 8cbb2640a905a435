-- /ost remind: a member asks for a DM when a release comes out (as SQLite's 0003).

CREATE TABLE personal_reminders (
    user_id     BIGINT NOT NULL,
    drama_id    TEXT COLLATE "C" NOT NULL,
    release_id  TEXT COLLATE "C" NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (drama_id, release_id, user_id),
    FOREIGN KEY (drama_id, release_id) REFERENCES releases (drama_id, id)
);

CREATE INDEX personal_reminders_by_user ON personal_reminders (user_id);
