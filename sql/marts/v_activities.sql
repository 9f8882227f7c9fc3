-- Every contract column of the loaded activities, plus the planned months as text, for the explorer.
CREATE OR REPLACE VIEW v_activities AS
SELECT
    a.activity_id, a.file_id, a.institution, a.year, a.axis, a.objective, a.unit, a.lead_unit,
    a.product, a.code, a.activity, a.indicator, a.target_text, a.annual_target, a.measure_unit,
    a.responsible, a.budget_amount, a.currency, a.budget_note, a.risk, a.mitigation,
    a.observations, a.source_sheet, a.source_row, a.file_name,
    m.months,
    coalesce(m.month_count, 0) AS month_count
FROM stg_activities a
LEFT JOIN (
    SELECT activity_id,
           string_agg(CAST(month AS VARCHAR), ',' ORDER BY month) AS months,
           count(*) AS month_count
    FROM activity_months GROUP BY activity_id
) m USING (activity_id);
