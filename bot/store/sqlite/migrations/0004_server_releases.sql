-- A server's own releases (/ost add): visible and announced in that server only. NULL means
-- curated (from schedule files), for everyone.

ALTER TABLE dramas ADD COLUMN guild_id INTEGER;
ALTER TABLE releases ADD COLUMN guild_id INTEGER;

-- The listing index carries guild_id too, so filtering by who may see a release stays an
-- index-only scan.
DROP INDEX releases_by_time;
CREATE INDEX releases_by_time ON releases (at, drama_id, part, id, guild_id, doc);
CREATE INDEX releases_by_guild ON releases (guild_id) WHERE guild_id IS NOT NULL;
