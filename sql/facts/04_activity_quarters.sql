CREATE TABLE IF NOT EXISTS activity_quarters (
    activity_id BIGINT NOT NULL,
    quarter     TINYINT NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    target      DOUBLE,
    actual      DOUBLE,
    -- Whether the activity's file reports this quarter: filled by the store (the derived model quarter_reported),
    -- so that a status is worked out from the row alone.
    reported    BOOLEAN,
    PRIMARY KEY (activity_id, quarter)
);
