-- A release's genre (schedule field `genre`), as its source names it; NULL when not given.

ALTER TABLE releases ADD COLUMN genre TEXT;
