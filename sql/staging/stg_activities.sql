-- Activities of the files currently loaded, with empty groupings named so charts never show a blank label.
CREATE OR REPLACE VIEW stg_activities AS
SELECT
    a.*,
    coalesce(a.axis, '(sin eje)')         AS axis_label,
    coalesce(a.objective, '(sin objetivo)') AS objective_label,
    coalesce(a.unit, '(sin unidad)')      AS unit_label,
    f.file_name
FROM activities a
JOIN source_files f USING (file_id)
WHERE f.status = 'loaded';
