-- How much of the plan has a schedule: per institution, year, axis and unit.
-- An activity is scheduled when it has planned months or a quarter with a target
-- (quarterly plans say when, by quarter, without naming months).
-- coverage_pct is a fraction (0.75 = 75 %), like every *_pct in the store.
CREATE OR REPLACE VIEW v_schedule_coverage AS
WITH per_activity AS (
    SELECT a.institution, a.year, a.axis_label AS axis, a.unit_label AS unit, a.activity_id,
           (SELECT count(*) FROM activity_months m WHERE m.activity_id = a.activity_id) AS months,
           (SELECT count(*) FROM activity_quarters q
             WHERE q.activity_id = a.activity_id AND coalesce(q.target, 0) <> 0) AS quarters
    FROM stg_activities a
),
months AS (
    SELECT a.institution, a.year, a.axis_label AS axis, a.unit_label AS unit,
           count(DISTINCT m.month) AS months_with_activity
    FROM stg_activities a
    JOIN activity_months m USING (activity_id)
    GROUP BY ALL
)
SELECT p.institution, p.year, p.axis, p.unit,
       count(*) AS activities,
       count(*) FILTER (WHERE p.months > 0 OR p.quarters > 0) AS scheduled_activities,
       count(*) FILTER (WHERE p.months > 0 OR p.quarters > 0) / count(*) AS coverage_pct,
       coalesce(any_value(m.months_with_activity), 0) AS months_with_activity
FROM per_activity p
LEFT JOIN months m USING (institution, year, axis, unit)
GROUP BY p.institution, p.year, p.axis, p.unit;
