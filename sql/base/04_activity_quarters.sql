CREATE TABLE IF NOT EXISTS activity_quarters (
    activity_id BIGINT NOT NULL,
    quarter     TINYINT NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    target      DOUBLE,
    actual      DOUBLE,
    PRIMARY KEY (activity_id, quarter)
);
-- Whether the activity's file reports this quarter (gives an actual for any of its activities in it): the rule is
-- reported_quarters', written onto each row when the file is written (quarters_reported_of, sql/base/10_*), so that
-- v_quarter_progress works out a status from the row alone. Joined in at each query, the reported quarters kept a
-- Metas search from reaching the activity-quarter scan (about 300 ms at 1M whatever it matched).
ALTER TABLE activity_quarters ADD COLUMN IF NOT EXISTS reported BOOLEAN;
