-- How much of the plan has a schedule: per institution, year, axis and unit ("scheduled" as in
-- stg_activity_calendar). months_with_activity counts the distinct months with at least one planned
-- activity: the bits set in the group's months mask.
-- coverage_pct is a fraction (0.75 = 75 %), like every *_pct in the store.
CREATE OR REPLACE VIEW v_schedule_coverage AS
SELECT institution, year, axis_label AS axis, unit_label AS unit,
       count(*) AS activities,
       count(*) FILTER (WHERE scheduled) AS scheduled_activities,
       count(*) FILTER (WHERE scheduled) / count(*) AS coverage_pct,
       bit_count(bit_or(month_mask))::BIGINT AS months_with_activity
FROM stg_activity_calendar
GROUP BY institution, year, axis_label, unit_label;
