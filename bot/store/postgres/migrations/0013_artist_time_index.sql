-- "Releases by <artist>" in time order without a sort (issue 13), as SQLite's 0013.

ALTER TABLE release_artists ADD COLUMN at BIGINT;  -- releases.at of the release; NULL while TBA
UPDATE release_artists AS a SET at = r.at
    FROM releases AS r WHERE r.drama_id = a.drama_id AND r.id = a.release_id;
CREATE INDEX release_artists_by_time ON release_artists (name_folded, at, drama_id, release_id);
DROP INDEX release_artists_by_name;
