-- A plan is an institution and a year; a workbook covers some of its units. One row per unit a load covers:
-- which follow-up it is, and whether its copy of that unit is still the current one. A later follow-up of
-- the same unit supersedes the earlier copy, which stays in the store as history (etl/store/plans.py).
CREATE TABLE IF NOT EXISTS plan_versions (
    file_id       INTEGER NOT NULL,
    unit          VARCHAR,            -- as in activities.unit of that load (NULL: the plan names no unit)
    unit_key      VARCHAR NOT NULL,   -- the unit's name folded (case, accents, punctuation): one unit across files
    followup      TINYINT CHECK (followup BETWEEN 1 AND 4),  -- NULL: formulated plan, or not stated
    cutoff        DATE,               -- 'al 30 de junio de 2023', when stated
    superseded_by INTEGER             -- the load whose copy of this unit is current; NULL: this copy is current
);
