-- The Metas vs real sums of every copy of the loaded files, current or superseded (as stg_activity_copies keeps
-- every activity): v_execution_history adds them up per follow-up.
CREATE OR REPLACE VIEW stg_rollup_copies AS
SELECT r.*
FROM quarter_rollup r
JOIN stg_copies c ON c.file_id = r.file_id AND c.unit IS NOT DISTINCT FROM r.unit;
