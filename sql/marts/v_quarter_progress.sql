-- Target against actual for each activity and quarter.
-- execution_pct = actual / target as a fraction; NULL where the target is missing or zero,
-- or where the file has not reported that quarter yet (status 'pending').
-- status: 'met', 'behind', 'pending' (quarter not reported yet), 'no_target'.
-- measure_unit is the activity's (NULL: a plain count or number); targets in different units are never added.
-- search_text: what the search on this page looks through (activity, code, unit, objective, folded), on the row
-- so that a search is tested in the activities' scan.
-- The status rules are the macros quarter_execution and quarter_status (sql/macros/status.sql),
-- shared with the rollup v_target_vs_real adds up; every other view reads status from this one.
-- The staging views it reads are plain projections, so the activities are still joined once and a
-- filter on institution, year or unit reaches their scan. Whether the file reported the quarter is on the row
-- (activity_quarters.reported): with no other join, a search's ids reach the activity-quarter scan. (It replaced the staging view stg_quarters,
-- dropped from older stores.)
CREATE OR REPLACE VIEW v_quarter_progress AS
SELECT a.activity_id, a.institution, a.year, a.axis_label AS axis, a.objective_label AS objective,
       a.unit_label AS unit, a.code, a.activity,
       q.quarter, q.target, q.actual,
       quarter_execution(q.target, q.actual, q.reported) AS execution_pct,
       quarter_status(q.target, q.actual, q.reported) AS status,
       a.measure_unit,
       a.progress_search_text AS search_text
FROM stg_activity_quarters q
JOIN stg_activities a USING (activity_id);
