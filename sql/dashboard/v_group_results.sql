-- Metas vs real's per-unit figures when no search or status narrows them: the activity-quarter counts of
-- v_quarter_results already summed per file, copy, group, quarter and unit of measure (stg_quarter_rollup), with
-- the group's labels. Rows add up to the same sums as v_quarter_results' rows over the same filters on
-- institution, year, axis, objective, unit and quarter, from ~1/4 as many rows. Superseded copies and files no
-- longer loaded drop out in stg_quarter_rollup, as they do from stg_activities.
CREATE OR REPLACE VIEW v_group_results AS
SELECT r.institution, r.year, k.axis, k.objective, k.unit, r.quarter,
       r.activities, r.met, r.behind, r.pending, r.pct_sum, r.pct_n, r.pct_sum_met
FROM stg_quarter_rollup r
JOIN stg_group_keys k USING (key_id);
