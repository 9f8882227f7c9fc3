-- When each loaded activity is planned, as bit masks: bit m-1 of month_mask for month m, bit q-1 of
-- quarter_mask for quarter q (from its months or from a quarter with a target, as v_activity_schedule).
-- Small integers aggregate and compare far faster than lists, which is what the dashboard's national
-- charts need: "planned in Q2" is quarter_mask & 2 <> 0.
CREATE OR REPLACE VIEW v_activity_calendar AS
WITH planned AS (
    SELECT activity_id, bit_or(month_mask) AS month_mask, bit_or(quarter_mask) AS quarter_mask
    FROM (
        SELECT activity_id, bit_or(1::INTEGER << (month - 1)) AS month_mask,
               bit_or(1::INTEGER << ((month - 1) // 3)) AS quarter_mask
        FROM activity_months GROUP BY activity_id
        UNION ALL
        SELECT activity_id, 0 AS month_mask, bit_or(1::INTEGER << (quarter - 1)) AS quarter_mask
        FROM activity_quarters WHERE coalesce(target, 0) <> 0 GROUP BY activity_id
    ) GROUP BY activity_id
)
SELECT a.activity_id, a.institution, a.year, a.axis_label AS axis, a.objective_label AS objective,
       a.unit_label AS unit, a.code, a.activity,
       coalesce(p.month_mask, 0) AS month_mask,
       coalesce(p.quarter_mask, 0) AS quarter_mask,
       p.activity_id IS NOT NULL AS scheduled
FROM stg_activities a
LEFT JOIN planned p USING (activity_id);
