-- A release's genre (schedule field `genre`), as its source names it; NULL when not given.
-- Rows stored before keep their old fingerprint and document until their next import, which
-- rewrites them in the new form without recording a change (nothing a reader sees changed).

ALTER TABLE releases ADD COLUMN genre TEXT;
