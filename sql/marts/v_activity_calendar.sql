-- When each loaded activity is planned, as bit masks (rules in stg_activity_calendar). Small integers
-- aggregate and compare far faster than lists, which is what the dashboard's national charts need:
-- "planned in Q2" is quarter_mask & 2 <> 0.
CREATE OR REPLACE VIEW v_activity_calendar AS
SELECT activity_id, institution, year, axis_label AS axis, objective_label AS objective,
       unit_label AS unit, code, activity, month_mask, quarter_mask, scheduled
FROM stg_activity_calendar;
