CREATE TABLE IF NOT EXISTS activity_quarters (
    activity_id BIGINT NOT NULL,
    quarter     TINYINT NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    target      DOUBLE,
    actual      DOUBLE,
    PRIMARY KEY (activity_id, quarter)
);
