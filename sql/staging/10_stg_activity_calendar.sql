-- When each loaded activity is planned, written once for every schedule view: bit m-1 of month_mask for
-- month m, bit q-1 of quarter_mask for quarter q, from its months or from a quarter with a target
-- (quarterly plans say when by quarter, not by month). An activity is scheduled when it is planned in
-- at least one quarter. Small integers aggregate and compare far faster than lists at a million activities.
-- Numbered after the views it reads: files apply in name order within a layer.
CREATE OR REPLACE VIEW stg_activity_calendar AS
WITH planned AS (
    SELECT activity_id, bit_or(month_mask) AS month_mask, bit_or(quarter_mask) AS quarter_mask
    FROM (
        SELECT activity_id, bit_or(1::INTEGER << (month - 1)) AS month_mask,
               bit_or(1::INTEGER << ((month - 1) // 3)) AS quarter_mask
        FROM stg_activity_months GROUP BY activity_id
        UNION ALL
        SELECT activity_id, 0 AS month_mask, bit_or(1::INTEGER << (quarter - 1)) AS quarter_mask
        FROM stg_activity_quarters WHERE coalesce(target, 0) <> 0 GROUP BY activity_id
    ) GROUP BY activity_id
)
SELECT a.activity_id, a.file_id, a.institution, a.year, a.axis_label, a.objective_label, a.unit_label,
       a.code, a.activity,
       coalesce(p.month_mask, 0) AS month_mask,
       coalesce(p.quarter_mask, 0) AS quarter_mask,
       coalesce(p.quarter_mask, 0) <> 0 AS scheduled
FROM stg_activities a
LEFT JOIN planned p USING (activity_id);
