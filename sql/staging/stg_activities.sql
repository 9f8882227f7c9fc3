-- Activities of the files currently loaded, with empty groupings named so charts never show a blank label.
-- Only the current copy of each unit of a plan (stg_copies): a unit's rows superseded by a later follow-up are
-- history, so every view counts each action once.
CREATE OR REPLACE VIEW stg_activities AS
SELECT * EXCLUDE (followup, superseded_by, is_current)
FROM stg_activity_copies
WHERE is_current;
