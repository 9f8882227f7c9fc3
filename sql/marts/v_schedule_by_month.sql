-- How many activities are planned in each month, per institution, year, axis and unit.
CREATE OR REPLACE VIEW v_schedule_by_month AS
SELECT a.institution, a.year, a.axis_label AS axis, a.unit_label AS unit, m.month,
       count(*) AS activities
FROM stg_activities a
JOIN activity_months m USING (activity_id)
GROUP BY ALL;
