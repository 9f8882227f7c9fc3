-- When each activity is planned and how its quarters stand: one row of integers per activity, no join.
--   activity_id IN (SELECT activity_id FROM v_activity_masks WHERE quarter_mask & ? <> 0)   (planned in a quarter)
--   activity_id IN (SELECT activity_id FROM v_activity_masks WHERE status_mask & ? <> 0)    (a status in a quarter)
-- The dashboard's filters test the same masks on v_activity_index's rows (dashboard/filters.py), with no join.
CREATE OR REPLACE VIEW v_activity_masks AS
SELECT activity_id, month_mask, quarter_mask, status_mask
FROM stg_activity_masks;
