-- Every activity of the files currently loaded, current copy or history (stg_copies), with its empty groupings
-- named; v_restated_actuals compares copies. stg_activities keeps the current ones.
CREATE OR REPLACE VIEW stg_activity_copies AS
SELECT
    a.*,
    axis_label(a.axis)           AS axis_label,
    objective_label(a.objective) AS objective_label,
    unit_label(a.unit)           AS unit_label,
    c.file_name,
    c.followup,
    c.superseded_by,
    c.is_current
FROM activities a
JOIN stg_copies c ON c.file_id = a.file_id AND c.unit IS NOT DISTINCT FROM a.unit;
