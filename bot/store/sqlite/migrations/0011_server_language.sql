-- The language of a server's posts (issue 16). ``language``: the one an admin chose with
-- /ost-admin setup language (a Discord locale code; NULL: the server's default). ``discord_locale``:
-- the server's preferred locale as Discord last told the bot, which is that default.

ALTER TABLE guild_settings ADD COLUMN language TEXT;
ALTER TABLE guild_settings ADD COLUMN discord_locale TEXT;
