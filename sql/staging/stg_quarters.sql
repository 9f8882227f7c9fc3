-- A quarter counts as reported for a file when the file gives an actual for any activity in it:
-- then a missing actual means nothing was done (0), not "not yet known".
CREATE OR REPLACE VIEW stg_quarters AS
WITH q AS (
    SELECT a.activity_id, a.file_id, q.quarter, q.target, q.actual
    FROM activity_quarters q
    JOIN stg_activities a USING (activity_id)
),
reported AS (
    SELECT DISTINCT file_id, quarter FROM q WHERE actual IS NOT NULL
)
SELECT
    q.activity_id,
    q.quarter,
    q.target,
    q.actual,
    r.file_id IS NOT NULL AS reported,
    CASE
        WHEN coalesce(q.target, 0) = 0 THEN NULL
        WHEN r.file_id IS NULL THEN NULL
        ELSE coalesce(q.actual, 0) / q.target
    END AS execution_pct,
    CASE
        WHEN coalesce(q.target, 0) = 0 THEN 'no_target'
        WHEN r.file_id IS NULL THEN 'pending'
        WHEN coalesce(q.actual, 0) >= q.target THEN 'met'
        ELSE 'behind'
    END AS status
FROM q
LEFT JOIN reported r ON r.file_id = q.file_id AND r.quarter = q.quarter;
