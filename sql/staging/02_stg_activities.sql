-- Activities of the files currently loaded, with empty groupings named so charts never show a blank label.
-- Only the current copy of each unit of a plan: a unit's rows superseded by a later follow-up are history
-- (plan_versions), so every view counts each action once.
CREATE OR REPLACE VIEW stg_activities AS
SELECT
    a.*,
    axis_label(a.axis)           AS axis_label,
    objective_label(a.objective) AS objective_label,
    unit_label(a.unit)           AS unit_label,
    f.file_name
FROM activities a
JOIN source_files f USING (file_id)
LEFT JOIN plan_versions v ON v.file_id = a.file_id AND v.unit IS NOT DISTINCT FROM a.unit
WHERE f.status = 'loaded' AND v.superseded_by IS NULL;
