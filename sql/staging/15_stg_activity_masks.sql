-- When each activity is planned and how each of its quarters stands, as bit masks (sql/base/10_activity_masks.sql).
-- A plain projection, as stg_activity_search: a replaced file's rows are deleted with it, and the filters that
-- read it are joined to v_activity_index, which keeps the current activities only.
CREATE OR REPLACE VIEW stg_activity_masks AS
SELECT activity_id, month_mask, quarter_mask, status_mask
FROM activity_masks;
