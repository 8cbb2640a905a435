"""SQL statements shared by the two writers of releases: schedule imports and a server's own.

One change log and one artist index, written the same way by both, so the announcer and the
queries read them alike.
"""

# Parts are UNIQUE and checked row by row, so two releases swapping parts would collide half-way;
# clearing the changed rows' parts first makes any permutation safe.
CLEAR_PART = "UPDATE releases SET part = NULL WHERE drama_id = ? AND id = ?"
DELETE_ARTISTS = "DELETE FROM release_artists WHERE drama_id = ? AND release_id = ?"
INSERT_ARTIST = """
INSERT INTO release_artists (drama_id, release_id, position, name, name_folded)
VALUES (?, ?, ?, ?, ?)
"""
INSERT_CHANGE = """
INSERT INTO release_changes (drama_id, release_id, kind, fields, before, after, recorded_at)
VALUES (?, ?, ?, ?, ?, ?, ?)
"""
