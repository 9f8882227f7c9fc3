-- Actuals a later copy of a unit reports differently from the copy it superseded: Q1 corrected in the
-- 2nd follow-up. Activities are paired by code, or by their text when either copy has no code.
-- actual is NULL when the later copy dropped the figure.
CREATE OR REPLACE VIEW v_restated_actuals AS
WITH pairs AS (
    SELECT o.file_id AS old_file, o.unit AS old_unit, o.followup AS previous_followup,
           n.file_id AS new_file, n.unit AS new_unit, n.followup
    FROM stg_plan_versions o
    JOIN stg_plan_versions n ON n.file_id = o.superseded_by AND n.unit_key = o.unit_key
),
-- Only the activities and quarters of the files paired above: most plans have no superseded copy, and the joins
-- below otherwise paired every reported quarter of the store before finding no pair (docs/performance.md).
copies AS (
    SELECT * FROM stg_activity_copies
    WHERE file_id IN (SELECT old_file FROM pairs UNION ALL SELECT new_file FROM pairs)
),
quarters AS (
    SELECT * FROM stg_activity_quarters WHERE activity_id IN (SELECT activity_id FROM copies)
)
SELECT na.institution, na.year, na.unit_label AS unit, na.code, na.activity,
       pq.quarter, pq.actual AS previous_actual, q.actual,
       p.previous_followup, p.followup
FROM pairs p
JOIN copies oa ON oa.file_id = p.old_file AND oa.unit IS NOT DISTINCT FROM p.old_unit
JOIN copies na ON na.file_id = p.new_file AND na.unit IS NOT DISTINCT FROM p.new_unit
     AND CASE WHEN oa.code IS NOT NULL AND na.code IS NOT NULL THEN oa.code = na.code
              ELSE lower(strip_accents(trim(oa.activity))) = lower(strip_accents(trim(na.activity))) END
JOIN quarters pq ON pq.activity_id = oa.activity_id
LEFT JOIN quarters q ON q.activity_id = na.activity_id AND q.quarter = pq.quarter
WHERE pq.actual IS NOT NULL AND q.actual IS DISTINCT FROM pq.actual;
