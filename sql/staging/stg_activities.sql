-- Activities of the files currently loaded, with empty groupings named so charts never show a blank label.
-- Only the current copy of each unit of a plan: a unit's rows superseded by a later follow-up are history
-- (plan_versions), so every view counts each action once.
CREATE OR REPLACE VIEW stg_activities AS
SELECT
    a.*,
    coalesce(a.axis, '(sin eje)')         AS axis_label,
    coalesce(a.objective, '(sin objetivo)') AS objective_label,
    coalesce(a.unit, '(sin unidad)')      AS unit_label,
    f.file_name
FROM activities a
JOIN source_files f USING (file_id)
LEFT JOIN plan_versions v ON v.file_id = a.file_id AND v.unit IS NOT DISTINCT FROM a.unit
WHERE f.status = 'loaded' AND v.superseded_by IS NULL;
