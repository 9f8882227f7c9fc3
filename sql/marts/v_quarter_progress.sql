-- Target against actual for each activity and quarter.
-- execution_pct = actual / target as a fraction; NULL where the target is missing or zero,
-- or where the file has not reported that quarter yet (status 'pending').
-- status: 'met', 'behind', 'pending' (quarter not reported yet), 'no_target'.
-- measure_unit is the activity's (NULL: a plain count or number); targets in different units are never added.
-- Written against the tables so that the activities are joined once and a filter on institution,
-- year or unit reaches their scan. (It replaced the staging view stg_quarters, dropped from older stores.)
DROP VIEW IF EXISTS stg_quarters;
CREATE OR REPLACE VIEW v_quarter_progress AS
WITH reported AS (
    -- A quarter counts as reported for a file when the file gives an actual for any activity in it.
    SELECT DISTINCT a.file_id, q.quarter
    FROM activity_quarters q JOIN activities a USING (activity_id)
    WHERE q.actual IS NOT NULL
)
SELECT a.activity_id, a.institution, a.year, a.axis_label AS axis, a.objective_label AS objective,
       a.unit_label AS unit, a.code, a.activity,
       q.quarter, q.target, q.actual,
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
       END AS status,
       a.measure_unit
FROM activity_quarters q
JOIN stg_activities a USING (activity_id)
LEFT JOIN reported r ON r.file_id = a.file_id AND r.quarter = q.quarter;
