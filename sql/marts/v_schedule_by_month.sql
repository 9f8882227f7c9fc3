-- How many activities are planned in each month, per institution, year, axis and unit: each month whose
-- bit is set in the activity's months mask (stg_activity_calendar).
CREATE OR REPLACE VIEW v_schedule_by_month AS
SELECT c.institution, c.year, c.axis_label AS axis, c.unit_label AS unit, m.month::TINYINT AS month,
       count(*) AS activities
FROM stg_activity_calendar c
JOIN range(1, 13) m(month) ON (c.month_mask >> (m.month - 1)) & 1 = 1
GROUP BY ALL;
