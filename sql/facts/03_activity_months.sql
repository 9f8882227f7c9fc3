CREATE TABLE IF NOT EXISTS activity_months (
    activity_id BIGINT NOT NULL,
    month       TINYINT NOT NULL CHECK (month BETWEEN 1 AND 12),
    PRIMARY KEY (activity_id, month)
);
