-- Whether a server's announcement channel is an announcement (news) channel, as the bot saw it
-- at /ost-admin setup channel and at each change the gateway reported since (1 or 0; NULL: set up
-- before this was kept), as SQLite's 0014_channel_kind.sql.
ALTER TABLE guild_settings ADD COLUMN channel_news SMALLINT CHECK (channel_news IN (0, 1));
