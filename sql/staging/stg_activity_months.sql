-- A plain projection: marts join it to stg_activities, which already keeps loaded files only,
-- and a filter on the activities still reaches their scan.
CREATE OR REPLACE VIEW stg_activity_months AS
SELECT activity_id, month
FROM activity_months;
