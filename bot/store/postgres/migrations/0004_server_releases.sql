-- A server's own releases (/ost add): visible and announced in that server only. NULL means
-- curated (from schedule files), for everyone (as SQLite's 0004).

ALTER TABLE dramas ADD COLUMN guild_id BIGINT;
ALTER TABLE releases ADD COLUMN guild_id BIGINT;

CREATE INDEX releases_by_guild ON releases (guild_id) WHERE guild_id IS NOT NULL;
