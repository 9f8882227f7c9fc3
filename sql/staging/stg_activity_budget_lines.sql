-- A plain projection: marts join it to stg_activities, which keeps the current copies of loaded files only.
CREATE OR REPLACE VIEW stg_activity_budget_lines AS
SELECT activity_id, line, item, stage, amount, currency, quantity, unit_cost, source_sheet, source_row
FROM activity_budget_lines;
