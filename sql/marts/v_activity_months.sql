-- One row per activity and planned month, with every filter column (objective included,
-- which v_schedule_by_month does not carry), for the unit x month heatmap and the timeline.
CREATE OR REPLACE VIEW v_activity_months AS
SELECT a.activity_id, a.institution, a.year, a.axis_label AS axis, a.objective_label AS objective,
       a.unit_label AS unit, a.code, a.activity, m.month
FROM stg_activities a
JOIN stg_activity_months m USING (activity_id);
