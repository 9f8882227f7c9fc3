-- Budget per institution, year, axis, objective, unit and currency: activity budgets plus
-- budget_lines (cost centres, rubros; these carry no axis or objective).
-- Each currency stays on its own row: amounts in two currencies are never added.
-- activities counts every activity of the group, budgeted or not; source says where the amount comes from.
CREATE OR REPLACE VIEW v_budget_totals AS
WITH groups AS (
    SELECT institution, year, axis_label AS axis, objective_label AS objective, unit_label AS unit,
           count(*) AS activities
    FROM stg_activities GROUP BY ALL
),
budgeted AS (
    SELECT institution, year, axis_label AS axis, objective_label AS objective, unit_label AS unit,
           currency, sum(budget_amount) AS amount, count(*) AS budgeted_activities
    FROM stg_activities
    WHERE budget_amount IS NOT NULL
    GROUP BY ALL
)
SELECT b.institution, b.year, b.axis, b.objective, b.unit, b.currency, b.amount,
       b.budgeted_activities, g.activities, 'activities' AS source
FROM budgeted b JOIN groups g USING (institution, year, axis, objective, unit)
UNION ALL
SELECT institution, year, axis_label AS axis, objective_label AS objective, unit_label AS unit, currency,
       sum(amount) AS amount, 0 AS budgeted_activities, 0 AS activities, 'budget_lines' AS source
FROM stg_budget_lines
GROUP BY ALL;
