-- One row per planned activity (or annual product, or project).
CREATE TABLE IF NOT EXISTS activities (
    activity_id   BIGINT PRIMARY KEY,
    file_id       INTEGER NOT NULL,
    institution   VARCHAR NOT NULL,
    year          INTEGER NOT NULL,
    axis          VARCHAR,
    objective     VARCHAR,
    unit          VARCHAR,
    lead_unit     VARCHAR,
    product       VARCHAR,
    code          VARCHAR,
    activity      VARCHAR NOT NULL,
    indicator     VARCHAR,
    target_text   VARCHAR,
    annual_target DOUBLE,
    measure_unit  VARCHAR,
    responsible   VARCHAR,
    budget_amount DOUBLE,
    currency      VARCHAR,
    budget_note   VARCHAR,
    risk          VARCHAR,
    mitigation    VARCHAR,
    observations  VARCHAR,
    source_sheet  VARCHAR NOT NULL,
    source_row    INTEGER NOT NULL
);
-- The activity's activity_masks row (sql/base/10_activity_masks.sql), copied onto it when the file is written
-- (etl/store.py _derive) and filled on stores written before: the quarter and status filters and the schedule
-- views then test the activity's own row. Read through a join, the masks of a million activities cost a hash
-- join of a million rows at every filtered query (Explorador with a quarter chosen: 105 against 29 ms).
ALTER TABLE activities ADD COLUMN IF NOT EXISTS month_mask INTEGER;
ALTER TABLE activities ADD COLUMN IF NOT EXISTS quarter_mask INTEGER;
ALTER TABLE activities ADD COLUMN IF NOT EXISTS status_mask INTEGER;
