-- Budget of each plan, one row per currency: amounts in two currencies are never added.
-- The same total the dashboard shows for a plan (v_budget_totals: activity budgets and budget lines);
-- currency NULL is money whose currency the workbook does not say, kept apart too.
CREATE OR REPLACE VIEW v_plan_budget AS
SELECT institution, year, currency, sum(amount) AS amount,
       sum(budgeted_activities)::BIGINT AS budgeted_activities
FROM v_budget_totals
GROUP BY institution, year, currency;
