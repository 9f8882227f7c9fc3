-- Which version of sql/ the store was last brought up to: etl/store.py (apply_schema) writes a fingerprint of every
-- file here (and of DuckDB's version) after applying them all, and skips them while it still matches. Applying them
-- re-creates every view and macro and checks every back-fill: 0.4 s at a million activities, paid by the first
-- page of each dashboard process and by every load. A store written by another version of the code has another
-- fingerprint (or none) and is brought up to date as before. Made anew each time sql/ is applied: only
-- apply_schema writes it, right after.
CREATE OR REPLACE TABLE schema_applied (
    fingerprint VARCHAR NOT NULL,
    applied_at  TIMESTAMP NOT NULL
);
