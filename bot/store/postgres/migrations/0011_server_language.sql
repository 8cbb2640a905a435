-- The language of a server's posts (issue 16), as SQLite's 0011.

ALTER TABLE guild_settings ADD COLUMN language TEXT;
ALTER TABLE guild_settings ADD COLUMN discord_locale TEXT;
