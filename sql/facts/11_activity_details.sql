-- What a plan says of an activity that has no column of its own in `activities` (programme, project, baseline,
-- evidence), one row per activity and detail.
CREATE TABLE IF NOT EXISTS activity_details (
    activity_id BIGINT NOT NULL,
    detail      VARCHAR NOT NULL,
    value       VARCHAR NOT NULL
);
