-- "Releases by <artist>" in time order without a sort (issue 13): each artist row carries its
-- release's instant, written with it (a release's artist rows are rewritten whenever any of its
-- fields changes, its instant included), so the listing walks this index from the artist's next
-- release onwards and stops at the page's end instead of reading and sorting all of them.
-- It also serves every lookup by name alone, so the old index goes.

ALTER TABLE release_artists ADD COLUMN at INTEGER;  -- releases.at of the release; NULL while TBA
UPDATE release_artists SET at = (
    SELECT r.at FROM releases AS r
    WHERE r.drama_id = release_artists.drama_id AND r.id = release_artists.release_id
);
CREATE INDEX release_artists_by_time ON release_artists (name_folded, at, drama_id, release_id);
DROP INDEX release_artists_by_name;
