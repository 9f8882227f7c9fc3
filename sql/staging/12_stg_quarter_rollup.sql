-- The rules that fill group_keys and quarter_rollup (sql/base/11_quarter_rollup.sql) for the activities with
-- ids lo..hi of file `fid` (every file when fid is NULL), applied by etl/store.py (_derive) in the load's
-- transaction, after reported_quarters. Written here, not in sql/base, because they name groups with the
-- label macros (00_group_labels.sql).
CREATE OR REPLACE MACRO group_keys_of(fid, lo, hi) AS TABLE
SELECT (SELECT coalesce(max(key_id), 0) FROM group_keys)
           + row_number() OVER (ORDER BY institution, year, axis, objective, unit) AS key_id,
       institution, year, axis, objective, unit
FROM (
    SELECT DISTINCT a.institution, a.year, axis_label(a.axis) AS axis, objective_label(a.objective) AS objective,
           unit_label(a.unit) AS unit
    FROM activities a
    WHERE a.activity_id BETWEEN lo AND hi AND (fid IS NULL OR a.file_id = fid)
) g
WHERE NOT EXISTS (SELECT 1 FROM group_keys k WHERE k.institution = g.institution AND k.year = g.year
                  AND k.axis = g.axis AND k.objective = g.objective AND k.unit = g.unit);
CREATE OR REPLACE MACRO quarter_rollup_of(fid, lo, hi) AS TABLE
WITH rows AS (
    SELECT a.file_id, a.unit, a.institution, a.year, k.key_id, q.quarter, a.measure_unit, q.target, q.actual,
           quarter_execution(q.target, q.actual, r.file_id IS NOT NULL) AS execution_pct,
           quarter_status(q.target, q.actual, r.file_id IS NOT NULL) AS status
    FROM activity_quarters q
    JOIN activities a USING (activity_id)
    JOIN group_keys k ON k.institution = a.institution AND k.year = a.year AND k.axis = axis_label(a.axis)
                     AND k.objective = objective_label(a.objective) AND k.unit = unit_label(a.unit)
    LEFT JOIN reported_quarters r ON r.file_id = a.file_id AND r.quarter = q.quarter
    WHERE q.activity_id BETWEEN lo AND hi AND a.activity_id BETWEEN lo AND hi AND (fid IS NULL OR a.file_id = fid)
)
SELECT file_id, unit, institution, year, key_id, quarter, measure_unit,
       CAST(count(*) AS INTEGER) AS activities,
       CAST(count(*) FILTER (WHERE status = 'met') AS INTEGER) AS met,
       CAST(count(*) FILTER (WHERE status = 'behind') AS INTEGER) AS behind,
       sum(target) AS target_sum, sum(actual) AS actual_sum,
       sum(execution_pct) AS pct_sum, CAST(count(execution_pct) AS INTEGER) AS pct_n,
       min(execution_pct) AS pct_min, max(execution_pct) AS pct_max,
       CAST(count(*) FILTER (WHERE status = 'pending') AS INTEGER) AS pending,
       sum(execution_pct) FILTER (WHERE status = 'met') AS pct_sum_met
FROM rows
GROUP BY file_id, unit, institution, year, key_id, quarter, measure_unit;
CREATE OR REPLACE MACRO quarter_bins_of(fid, lo, hi) AS TABLE
SELECT a.file_id, a.unit, a.institution, a.year, k.key_id, q.quarter,
       quarter_status(q.target, q.actual, true) AS status,
       execution_bin(quarter_execution(q.target, q.actual, true)) AS bin,
       CAST(count(*) AS INTEGER) AS activities
FROM activity_quarters q
JOIN activities a USING (activity_id)
JOIN group_keys k ON k.institution = a.institution AND k.year = a.year AND k.axis = axis_label(a.axis)
                 AND k.objective = objective_label(a.objective) AND k.unit = unit_label(a.unit)
-- Only a reported quarter with a target has an execution fraction (the status rules' own test).
JOIN reported_quarters r ON r.file_id = a.file_id AND r.quarter = q.quarter
WHERE q.activity_id BETWEEN lo AND hi AND a.activity_id BETWEEN lo AND hi AND (fid IS NULL OR a.file_id = fid)
  AND coalesce(q.target, 0) <> 0
GROUP BY ALL;
-- Stores written before these tables existed: derive every file once (an empty group_keys with activities
-- in the store is that case; the id range is the test, as in sql/base/10_activity_masks.sql).
INSERT INTO group_keys
SELECT * FROM group_keys_of(NULL, 0, (SELECT CASE WHEN EXISTS (SELECT 1 FROM group_keys) THEN -1
                                                 ELSE 9223372036854775807 END));
INSERT INTO quarter_rollup BY NAME
SELECT * FROM quarter_rollup_of(NULL, 0, (SELECT CASE WHEN EXISTS (SELECT 1 FROM quarter_rollup) THEN -1
                                                     ELSE 9223372036854775807 END));
SET VARIABLE quarter_bins_hi = (SELECT CASE WHEN EXISTS (SELECT 1 FROM quarter_bins) THEN -1
                                            ELSE 9223372036854775807 END);
INSERT INTO quarter_bins SELECT * FROM quarter_bins_of(NULL, 0, getvariable('quarter_bins_hi'));
RESET VARIABLE quarter_bins_hi;
-- The group keys, for the marts (which never read a table).
CREATE OR REPLACE VIEW stg_group_keys AS
SELECT key_id, institution, year, axis, objective, unit
FROM group_keys;
-- The rollup rows of the copies stg_activities keeps: loaded files, current copy of each unit (the same
-- rule as stg_activity_copies: a copy with no version row counts as current).
CREATE OR REPLACE VIEW stg_quarter_rollup AS
SELECT r.*
FROM quarter_rollup r
JOIN source_files f ON f.file_id = r.file_id AND f.status = 'loaded'
LEFT JOIN stg_plan_versions v ON v.file_id = r.file_id AND v.unit IS NOT DISTINCT FROM r.unit
WHERE coalesce(v.is_current, true);
-- The rollup rows of every copy of the loaded files, current or superseded (as stg_activity_copies keeps every
-- activity): v_execution_history adds them up per follow-up instead of every activity-quarter row.
CREATE OR REPLACE VIEW stg_rollup_copies AS
SELECT r.*
FROM quarter_rollup r
JOIN source_files f ON f.file_id = r.file_id AND f.status = 'loaded';
-- The histogram rows of the copies stg_activities keeps (the rule of stg_quarter_rollup).
CREATE OR REPLACE VIEW stg_quarter_bins AS
SELECT b.*
FROM quarter_bins b
JOIN source_files f ON f.file_id = b.file_id AND f.status = 'loaded'
LEFT JOIN stg_plan_versions v ON v.file_id = b.file_id AND v.unit IS NOT DISTINCT FROM b.unit
WHERE coalesce(v.is_current, true);
