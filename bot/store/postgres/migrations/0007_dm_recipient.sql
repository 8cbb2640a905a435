-- A member's DM (kind 'dm') names its recipient in user_id instead of channel_id; exactly one
-- of the two is set. The exactly-once guard becomes two unique keys: (release, channel, kind)
-- for servers' posts and (release, member) for DMs (as SQLite's 0007, which had to rebuild the
-- table; PostgreSQL changes it in place).

ALTER TABLE deliveries ADD COLUMN user_id BIGINT;
ALTER TABLE deliveries ALTER COLUMN channel_id DROP NOT NULL;
UPDATE deliveries SET user_id = channel_id, channel_id = NULL WHERE kind = 'dm';
ALTER TABLE deliveries DROP CONSTRAINT deliveries_drama_id_release_id_channel_id_kind_key;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_one_recipient
    CHECK ((kind = 'dm') = (user_id IS NOT NULL) AND (channel_id IS NULL) = (user_id IS NOT NULL));

CREATE UNIQUE INDEX deliveries_once_per_channel ON deliveries (drama_id, release_id, channel_id, kind)
    WHERE channel_id IS NOT NULL;
CREATE UNIQUE INDEX deliveries_once_per_member ON deliveries (drama_id, release_id, user_id)
    WHERE user_id IS NOT NULL;
