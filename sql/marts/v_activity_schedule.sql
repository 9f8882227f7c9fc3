-- When each activity is planned, one row per activity, with the dashboard's filter columns.
-- quarters lists the quarters it is planned in, from its months or from a quarter target,
-- so quarterly plans (no months) and monthly plans answer "planned in Q2?" the same way.
CREATE OR REPLACE VIEW v_activity_schedule AS
WITH m AS (
    SELECT activity_id, list(month ORDER BY month) AS months
    FROM activity_months GROUP BY activity_id
),
q AS (
    SELECT activity_id, list(quarter ORDER BY quarter) AS target_quarters
    FROM activity_quarters WHERE coalesce(target, 0) <> 0 GROUP BY activity_id
)
SELECT a.activity_id, a.institution, a.year, a.axis_label AS axis, a.objective_label AS objective,
       a.unit_label AS unit, a.code, a.activity,
       coalesce(m.months, []) AS months,
       len(coalesce(m.months, [])) AS month_count,
       list_sort(list_distinct(list_concat(
           list_transform(coalesce(m.months, []), lambda x: CAST((x - 1) // 3 + 1 AS INTEGER)),
           coalesce(q.target_quarters, [])::INTEGER[]))) AS quarters,
       (m.months IS NOT NULL OR q.target_quarters IS NOT NULL) AS scheduled
FROM stg_activities a
LEFT JOIN m USING (activity_id)
LEFT JOIN q USING (activity_id);
