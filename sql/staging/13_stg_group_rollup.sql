-- The rule that fills group_rollup (sql/base/12_group_rollup.sql) for the activities with ids lo..hi of file
-- `fid` (every file when fid is NULL), applied by etl/store.py (_derive) in the load's transaction after the
-- file's masks and group keys, which it reads.
CREATE OR REPLACE MACRO group_rollup_of(fid, lo, hi) AS TABLE
SELECT a.file_id, a.unit, a.institution, a.year, k.key_id,
       coalesce(m.month_mask, 0) AS month_mask, coalesce(m.quarter_mask, 0) AS quarter_mask, a.currency,
       CAST(count(*) AS INTEGER) AS activities, CAST(count(a.budget_amount) AS INTEGER) AS budgeted,
       sum(a.budget_amount) AS amount
FROM activities a
JOIN group_keys k ON k.institution = a.institution AND k.year = a.year AND k.axis = axis_label(a.axis)
                 AND k.objective = objective_label(a.objective) AND k.unit = unit_label(a.unit)
LEFT JOIN activity_masks m ON m.activity_id = a.activity_id AND m.activity_id BETWEEN lo AND hi
WHERE a.activity_id BETWEEN lo AND hi AND (fid IS NULL OR a.file_id = fid)
GROUP BY a.file_id, a.unit, a.institution, a.year, k.key_id, coalesce(m.month_mask, 0),
         coalesce(m.quarter_mask, 0), a.currency;
-- Stores written before this table existed: derive every file once. The id range is the test, as in
-- sql/base/10_activity_masks.sql, but set as a variable first: a constant range lets a filled store skip the
-- work (a scalar subquery in its place still scanned and hashed every activity mask, 0.3 s at 1M on each open).
SET VARIABLE group_rollup_hi = (SELECT CASE WHEN EXISTS (SELECT 1 FROM group_rollup) THEN -1
                                            ELSE 9223372036854775807 END);
INSERT INTO group_rollup SELECT * FROM group_rollup_of(NULL, 0, getvariable('group_rollup_hi'));
RESET VARIABLE group_rollup_hi;
-- The rollup rows of the copies stg_activities keeps: loaded files, current copy of each unit (the rule of
-- stg_activity_copies and stg_quarter_rollup: a copy with no version row counts as current).
CREATE OR REPLACE VIEW stg_group_rollup AS
SELECT r.*
FROM group_rollup r
JOIN source_files f ON f.file_id = r.file_id AND f.status = 'loaded'
LEFT JOIN stg_plan_versions v ON v.file_id = r.file_id AND v.unit IS NOT DISTINCT FROM r.unit
WHERE coalesce(v.is_current, true);
