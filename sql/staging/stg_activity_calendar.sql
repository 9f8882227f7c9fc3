-- When each loaded activity is planned, written once for every schedule view: bit m-1 of month_mask for month m,
-- bit q-1 of quarter_mask for quarter q, from its months or from a quarter with a target (quarterly plans say when
-- by quarter, not by month). An activity is scheduled when it is planned in at least one quarter. The masks are
-- on the activity's row (sql/derived/activity_masks.sql).
CREATE OR REPLACE VIEW stg_activity_calendar AS
SELECT a.activity_id, a.file_id, a.institution, a.year, a.axis_label, a.objective_label, a.unit_label,
       a.code, a.activity,
       a.month_mask, a.quarter_mask, a.quarter_mask <> 0 AS scheduled
FROM stg_activities a;
