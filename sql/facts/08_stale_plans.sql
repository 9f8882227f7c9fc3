-- The plans whose per-plan derived rows (grain per_plan in sql/contract.toml) are not written yet: marked in each
-- load's transaction, cleared when etl/store/derived.py writes them again after a batch of files.
CREATE TABLE IF NOT EXISTS stale_plans (
    institution VARCHAR NOT NULL,
    year        INTEGER NOT NULL
);
