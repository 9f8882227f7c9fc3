-- When each activity is planned, one row per activity, with the dashboard's filter columns, as lists:
-- the masks of stg_activity_calendar spelled out, so quarterly plans (no months) and monthly plans
-- answer "planned in Q2?" the same way.
CREATE OR REPLACE VIEW v_activity_schedule AS
SELECT activity_id, institution, year, axis_label AS axis, objective_label AS objective,
       unit_label AS unit, code, activity,
       list_filter(range(1, 13), lambda m: (month_mask >> (m - 1)) & 1 = 1)::TINYINT[] AS months,
       bit_count(month_mask)::BIGINT AS month_count,
       list_filter(range(1, 5), lambda q: (quarter_mask >> (q - 1)) & 1 = 1)::INTEGER[] AS quarters,
       scheduled
FROM stg_activity_calendar;
