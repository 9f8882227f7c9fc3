-- Every activity of the files currently loaded, current copy or history, with its copy's follow-up and
-- whether the copy is current (stg_plan_versions), and its empty groupings named. An activity whose unit has
-- no version row counts as current, as loads written before plan_versions existed do.
-- A left join on a small table, so stg_activities (this view's current rows) stays one cheap scan.
CREATE OR REPLACE VIEW stg_activity_copies AS
SELECT
    a.*,
    axis_label(a.axis)           AS axis_label,
    objective_label(a.objective) AS objective_label,
    unit_label(a.unit)           AS unit_label,
    f.file_name,
    v.followup,
    v.superseded_by,
    coalesce(v.is_current, true) AS is_current
FROM activities a
JOIN source_files f ON f.file_id = a.file_id AND f.status = 'loaded'
LEFT JOIN stg_plan_versions v ON v.file_id = a.file_id AND v.unit IS NOT DISTINCT FROM a.unit;
