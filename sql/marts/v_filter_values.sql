-- The institution, year, axis, objective and unit combinations that exist, with their activities:
-- what the filter bar offers (each list under the choices above it) and how widely a selection spreads.
-- Added up from the per-file rollup by integer group key, then named (as v_coverage).
CREATE OR REPLACE VIEW v_filter_values AS
WITH sums AS (
    SELECT institution, year, key_id, sum(activities) AS activities
    FROM stg_group_rollup
    GROUP BY institution, year, key_id
)
SELECT s.institution, s.year, k.axis, k.objective, k.unit, CAST(s.activities AS BIGINT) AS activities
FROM sums s
JOIN stg_group_keys k USING (key_id);
