-- When each loaded activity is planned, one row per activity, with every filter label and one column per
-- quarter, so that choosing a quarter picks a column (planned_q2) instead of building a mask in a query.
-- planned_qN: planned in quarter N by a month or a quarter target (as v_activity_calendar's quarter_mask);
-- with_months_qN: has a planned month in quarter N; months: the planned months, in order.
CREATE OR REPLACE VIEW v_activity_plan AS
SELECT activity_id, institution, year, axis, objective, unit, code, activity, scheduled,
       quarter_mask & 1 <> 0 AS planned_q1,
       quarter_mask & 2 <> 0 AS planned_q2,
       quarter_mask & 4 <> 0 AS planned_q3,
       quarter_mask & 8 <> 0 AS planned_q4,
       month_mask <> 0 AS with_months,
       month_mask & 7 <> 0 AS with_months_q1,
       month_mask & 56 <> 0 AS with_months_q2,
       month_mask & 448 <> 0 AS with_months_q3,
       month_mask & 3584 <> 0 AS with_months_q4,
       month_list(month_mask) AS months
FROM v_activity_calendar;
