-- Budget per institution, year, axis, objective, unit and currency: activity budgets plus
-- budget_lines (cost centres, rubros; these carry no axis or objective).
-- Each currency stays on its own row: amounts in two currencies are never added.
-- activities counts every activity of the group, budgeted or not; source says where the amount comes from.
-- The activity budgets are written per plan (sql/derived/budget_totals_rows.sql), a stale plan's worked out as
-- they are now: a national total adds up one row per group and currency. The budget lines are a few rows per file.
CREATE OR REPLACE VIEW v_budget_totals AS
SELECT institution, year, axis, objective, unit, currency, amount, budgeted_activities, activities,
       'activities' AS source
FROM (SELECT * FROM budget_totals_rows r WHERE NOT is_stale(r.institution, r.year)
      UNION ALL BY NAME
      SELECT * FROM budget_totals_rows_of(true))
UNION ALL
SELECT institution, year, axis_label AS axis, objective_label AS objective, unit_label AS unit, currency,
       sum(amount) AS amount, 0 AS budgeted_activities, 0 AS activities, 'budget_lines' AS source
FROM stg_budget_lines
GROUP BY ALL;
