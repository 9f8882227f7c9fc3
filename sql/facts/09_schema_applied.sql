-- Which version of sql/ the store was last brought up to: etl/store/schema.py writes a fingerprint of every file
-- (and of DuckDB's version) here after applying them and rebuilding every derived model, and skips all of it while
-- the fingerprint still matches. Made anew each time sql/ is applied.
CREATE OR REPLACE TABLE schema_applied (
    fingerprint VARCHAR NOT NULL,
    applied_at  TIMESTAMP NOT NULL
);
