-- Activities planned in each month, per institution, year, axis, objective and unit, with the month's
-- quarter so that a chosen quarter is a plain `quarter = ?`.
-- The month masks are grouped first (a few thousand kinds at national scale), then spread over the
-- twelve months: far less work than joining every activity-month row.
CREATE OR REPLACE VIEW v_month_grid AS
WITH kinds AS (
    SELECT institution, year, axis, objective, unit, month_mask, count(*) AS n
    FROM v_activity_calendar
    WHERE month_mask <> 0
    GROUP BY ALL
)
SELECT institution, year, axis, objective, unit, m AS month, CAST((m - 1) // 3 + 1 AS INTEGER) AS quarter,
       CAST(sum(n) AS BIGINT) AS activities
FROM kinds, range(1, 13) t(m)
WHERE month_mask & (1 << (m - 1))::INTEGER <> 0
GROUP BY ALL;
