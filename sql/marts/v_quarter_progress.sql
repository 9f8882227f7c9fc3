-- Target against actual for each activity and quarter.
-- execution_pct = actual / target as a fraction; NULL where the target is missing or zero,
-- or where the file has not reported that quarter yet (status 'pending').
-- status: 'met', 'behind', 'pending' (quarter not reported yet), 'no_target'.
CREATE OR REPLACE VIEW v_quarter_progress AS
SELECT a.activity_id, a.institution, a.year, a.axis_label AS axis, a.objective_label AS objective,
       a.unit_label AS unit, a.code, a.activity,
       q.quarter, q.target, q.actual, q.execution_pct, q.status
FROM stg_quarters q
JOIN stg_activities a USING (activity_id);
