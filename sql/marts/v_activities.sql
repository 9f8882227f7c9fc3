-- Every contract column of the loaded activities, plus the planned months as text, for the explorer.
-- The months are joined and grouped per activity with every activity column as a group key: a filter on
-- institution, year, unit (or any column) then reaches the activities scan before the months are
-- gathered, instead of after the months of every activity in the store were aggregated.
CREATE OR REPLACE VIEW v_activities AS
SELECT
    a.activity_id, a.file_id, a.institution, a.year, a.axis, a.objective, a.unit, a.lead_unit,
    a.product, a.code, a.activity, a.indicator, a.target_text, a.annual_target, a.measure_unit,
    a.responsible, a.budget_amount, a.currency, a.budget_note, a.risk, a.mitigation,
    a.observations, a.source_sheet, a.source_row, a.file_name,
    string_agg(CAST(m.month AS VARCHAR), ',' ORDER BY m.month) AS months,
    count(m.month) AS month_count
FROM stg_activities a
LEFT JOIN stg_activity_months m USING (activity_id)
GROUP BY ALL;
