-- Budget per institution, year, axis, objective, unit and currency: activity budgets plus
-- budget_lines (cost centres, rubros; these carry no axis or objective).
-- Each currency stays on its own row: amounts in two currencies are never added.
-- activities counts every activity of the group, budgeted or not; source says where the amount comes from.
-- The activity budgets add up the per-file rollup (stg_group_rollup: amounts summed per group and currency when
-- each file was written) by integer group key, then name the groups, as v_coverage does. The group's activities
-- are a window over its currencies, not a second CTE joined back: DuckDB materialises a CTE read twice, and a
-- filter on institution would no longer reach the rollup scan.
CREATE OR REPLACE VIEW v_budget_totals AS
WITH sums AS (
    SELECT institution, year, key_id, currency,
           sum(budgeted) AS budgeted, sum(amount) AS amount,
           sum(sum(activities)) OVER (PARTITION BY institution, year, key_id) AS activities
    FROM stg_group_rollup
    GROUP BY institution, year, key_id, currency
)
SELECT s.institution, s.year, k.axis, k.objective, k.unit, s.currency, s.amount,
       CAST(s.budgeted AS BIGINT) AS budgeted_activities, CAST(s.activities AS BIGINT) AS activities,
       'activities' AS source
FROM sums s
JOIN stg_group_keys k USING (key_id)
WHERE s.budgeted > 0
UNION ALL
SELECT institution, year, axis_label AS axis, objective_label AS objective, unit_label AS unit, currency,
       sum(amount) AS amount, 0 AS budgeted_activities, 0 AS activities, 'budget_lines' AS source
FROM stg_budget_lines
GROUP BY ALL;
