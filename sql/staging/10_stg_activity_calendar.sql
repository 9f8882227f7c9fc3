-- When each loaded activity is planned, written once for every schedule view: bit m-1 of month_mask for
-- month m, bit q-1 of quarter_mask for quarter q, from its months or from a quarter with a target
-- (quarterly plans say when by quarter, not by month). An activity is scheduled when it is planned in
-- at least one quarter. Small integers aggregate and compare far faster than lists at a million activities.
-- The masks are derived when the file is written (activity_masks, the rule in sql/base/10_activity_masks.sql)
-- and copied onto the activity's row, so this is a projection, not an aggregate of every activity-month row
-- (nor a join of every activity's masks) at each query.
CREATE OR REPLACE VIEW stg_activity_calendar AS
SELECT a.activity_id, a.file_id, a.institution, a.year, a.axis_label, a.objective_label, a.unit_label,
       a.code, a.activity,
       a.month_mask, a.quarter_mask, a.quarter_mask <> 0 AS scheduled
FROM stg_activities a;
-- A month mask's months, in order ([1, 2, 7]); v_activity_plan and Cronograma's timeline (dashboard/queries.py).
CREATE OR REPLACE MACRO month_list(mask) AS
    list_filter(range(1, 13), lambda m: mask & (1 << (m - 1))::INTEGER <> 0);
-- The same as the explorer writes them ('1,2,7'); NULL, not '', when none is planned (as string_agg over no
-- month rows gave). v_activities and the explorer's page (dashboard/queries.py) both use it.
CREATE OR REPLACE MACRO month_list_text(mask) AS nullif(array_to_string(month_list(mask), ','), '');
