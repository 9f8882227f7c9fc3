-- v_budget_totals's rows, written per plan (grain per_plan in sql/contract.toml): a load marks the plans it touches
-- stale and etl/store/derived.py writes their rows again after a batch of files; until then v_budget_totals works a
-- stale plan's rows out with the rule below. A plan's rows depend only on its own files.
CREATE TABLE IF NOT EXISTS budget_totals_rows (
    institution         VARCHAR NOT NULL,
    year                INTEGER NOT NULL,
    axis                VARCHAR NOT NULL,
    objective           VARCHAR NOT NULL,
    unit                VARCHAR NOT NULL,
    currency            VARCHAR,
    amount              DOUBLE,
    budgeted_activities BIGINT NOT NULL,
    activities          BIGINT NOT NULL
);
-- v_budget_totals' activity budgets: the per-file rollup (stg_group_rollup: amounts summed per group and currency
-- when each file was written) added up per group and currency. A group's activities are a window over its
-- currencies, so each currency's row counts every activity of the group, budgeted or not. Only the groups with a
-- budgeted activity in that currency have a row; amounts in two currencies are never added.
CREATE OR REPLACE MACRO budget_totals_rows_of(only_stale) AS TABLE
WITH sums AS (
    SELECT r.institution, r.year, r.key_id, r.currency,
           sum(r.budgeted) AS budgeted, sum(r.amount) AS amount,
           sum(sum(r.activities)) OVER (PARTITION BY r.institution, r.year, r.key_id) AS activities
    FROM stg_group_rollup r
    JOIN plans_of(only_stale) p ON p.institution = r.institution AND p.year = r.year
    GROUP BY r.institution, r.year, r.key_id, r.currency
)
SELECT s.institution, s.year, k.axis, k.objective, k.unit, s.currency, s.amount,
       CAST(s.budgeted AS BIGINT) AS budgeted_activities, CAST(s.activities AS BIGINT) AS activities
FROM sums s
JOIN stg_group_keys k USING (key_id)
WHERE s.budgeted > 0;
