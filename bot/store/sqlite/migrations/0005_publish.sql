-- Announcement channels: posts there are published (crossposted) to the servers that follow the
-- channel inside Discord, unless the server turns it off. The ledger tracks each message's
-- publishing as its own step, so a crash between posting and publishing is resumed.

ALTER TABLE guild_settings ADD COLUMN publish INTEGER NOT NULL DEFAULT 1 CHECK (publish IN (0, 1));

-- NULL: nothing to publish (not an announcement channel, or publishing off); 'pending', 'done',
-- 'failed' (with last_error).
ALTER TABLE deliveries ADD COLUMN publish TEXT CHECK (publish IN ('pending', 'done', 'failed'));

CREATE INDEX deliveries_to_publish ON deliveries (message_key) WHERE publish = 'pending';
