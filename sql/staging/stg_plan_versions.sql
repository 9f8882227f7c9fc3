-- The version rows of the files currently loaded (plan_versions is small: one row per load and unit). A copy is
-- current until a later follow-up of the unit supersedes it; the older copy stays as history. The rule is written
-- here once: stg_copies extends it to every copy, and the history marts read it.
CREATE OR REPLACE VIEW stg_plan_versions AS
SELECT v.file_id, v.unit, v.unit_key, v.followup, v.cutoff, v.superseded_by,
       v.superseded_by IS NULL AS is_current,
       f.file_name, f.institution, f.year
FROM plan_versions v
JOIN source_files f ON f.file_id = v.file_id AND f.status = 'loaded';
