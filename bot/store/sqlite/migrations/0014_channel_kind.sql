-- Whether a server's announcement channel is an announcement (news) channel, as the bot saw it
-- at /ost-admin setup channel and at each change the gateway reported since (1 or 0; NULL: set up
-- before this was kept). A process serving other shards has no gateway cache of the channel and
-- reads it here instead of asking Discord once per channel during a fan-out (issue 14).
ALTER TABLE guild_settings ADD COLUMN channel_news INTEGER CHECK (channel_news IN (0, 1));
