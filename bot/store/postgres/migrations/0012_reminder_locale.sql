-- The language of a member's personal reminder DM (issue 16), as SQLite's 0012.

ALTER TABLE personal_reminders ADD COLUMN locale TEXT;
