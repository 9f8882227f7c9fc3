-- Activities of the files currently loaded, with empty groupings named so charts never show a blank label.
CREATE OR REPLACE VIEW stg_activities AS
SELECT
    a.*,
    axis_label(a.axis)           AS axis_label,
    objective_label(a.objective) AS objective_label,
    unit_label(a.unit)           AS unit_label,
    f.file_name
FROM activities a
JOIN source_files f USING (file_id)
WHERE f.status = 'loaded';
