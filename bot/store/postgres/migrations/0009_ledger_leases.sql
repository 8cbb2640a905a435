-- Several ostbot processes share the ledger: a row is claimed before it is sent, claimed_by
-- naming the process (host:pid:random) and lease_until (unix seconds) how long the claim holds
-- unless renewed. A process that dies leaves its claims to expire; any process then takes
-- them over (FOR UPDATE SKIP LOCKED, so claimers never wait on each other).

ALTER TABLE deliveries ADD COLUMN claimed_by TEXT COLLATE "C";
ALTER TABLE deliveries ADD COLUMN lease_until BIGINT;

CREATE INDEX deliveries_claims ON deliveries (claimed_by) WHERE claimed_by IS NOT NULL;

-- Work one process at a time does for everyone, by name (e.g. 'events:<guild id>': a server's
-- scheduled events, which two processes syncing at once would each create): the holder and
-- until when, renewed with the ledger's claims. An ended lease is anyone's to take.
CREATE TABLE work_leases (
    name         TEXT COLLATE "C" PRIMARY KEY,
    owner        TEXT COLLATE "C" NOT NULL,
    lease_until  BIGINT NOT NULL
);
