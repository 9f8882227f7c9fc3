-- Every contract column of the loaded activities, plus the planned months as text, for the explorer.
-- The months are read from the month mask derived when the file was written (activities.month_mask: bit m-1
-- for month m, the same months as stg_activity_months), one row per activity: a filter on institution, year,
-- unit (or any column) reaches the activities scan, and neither the first page of the explorer nor a national
-- export gathers six million activity-month rows (measured in docs/performance.md).
CREATE OR REPLACE VIEW v_activities AS
SELECT
    a.activity_id, a.file_id, a.institution, a.year, a.axis, a.objective, a.unit, a.lead_unit,
    a.product, a.code, a.activity, a.indicator, a.target_text, a.annual_target, a.measure_unit,
    a.responsible, a.budget_amount, a.currency, a.budget_note, a.risk, a.mitigation,
    a.observations, a.source_sheet, a.source_row, a.file_name,
    month_list_text(a.month_mask) AS months,
    CAST(bit_count(a.month_mask) AS BIGINT) AS month_count
FROM stg_activities a;
