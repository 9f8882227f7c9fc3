-- Every unit copy of the files currently loaded (unit_copies), with its version and whether it is current: the one
-- view that says which rows count. stg_activities and every rollup's staging view join it. A copy with no version
-- row of its own (a second spelling of a unit in one workbook: the version row has the first) is current.
CREATE OR REPLACE VIEW stg_copies AS
SELECT c.file_id, c.unit, f.file_name, f.institution, f.year,
       v.unit_key, v.followup, v.cutoff, v.superseded_by,
       coalesce(v.is_current, true) AS is_current
FROM unit_copies c
JOIN source_files f ON f.file_id = c.file_id AND f.status = 'loaded'
LEFT JOIN stg_plan_versions v ON v.file_id = c.file_id AND v.unit IS NOT DISTINCT FROM c.unit;
