-- Announcement channels: posts there are published (crossposted) unless the server turns it
-- off; the ledger tracks each message's publishing as its own step (as SQLite's 0005).

ALTER TABLE guild_settings ADD COLUMN publish SMALLINT NOT NULL DEFAULT 1 CHECK (publish IN (0, 1));

-- NULL: nothing to publish; 'pending', 'done', 'failed' (with last_error).
ALTER TABLE deliveries ADD COLUMN publish TEXT CHECK (publish IN ('pending', 'done', 'failed'));

CREATE INDEX deliveries_to_publish ON deliveries (message_key) WHERE publish = 'pending';
