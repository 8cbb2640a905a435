-- Ledger rows are claimed before they are sent: claimed_by names the process (host:pid:random)
-- and lease_until (unix seconds) says until when the claim holds unless renewed. A row whose
-- lease ended is anyone's again. One process uses a SQLite store (its file lock), so here the
-- columns only keep the rules the same as PostgreSQL's (see 0009 there).

ALTER TABLE deliveries ADD COLUMN claimed_by TEXT;
ALTER TABLE deliveries ADD COLUMN lease_until INTEGER;

CREATE INDEX deliveries_claims ON deliveries (claimed_by) WHERE claimed_by IS NOT NULL;

-- Work one process at a time does for everyone, by name (e.g. 'events:<guild id>': a server's
-- scheduled events, which two processes syncing at once would each create): the holder and
-- until when, renewed with the ledger's claims. An ended lease is anyone's to take.
CREATE TABLE work_leases (
    name         TEXT PRIMARY KEY,
    owner        TEXT NOT NULL,
    lease_until  INTEGER NOT NULL
) STRICT;
