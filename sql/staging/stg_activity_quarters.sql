-- A plain projection: marts join it to stg_activities, which already keeps loaded files only.
CREATE OR REPLACE VIEW stg_activity_quarters AS
SELECT activity_id, quarter, target, actual, reported
FROM activity_quarters;
