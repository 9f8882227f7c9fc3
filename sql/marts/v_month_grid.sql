-- Activities planned in each month, per institution, year, axis, objective and unit, with the month's
-- quarter so that a chosen quarter is a plain `quarter = ?`. Sum `activities` over the rows you keep:
-- a grouping and month can have several rows, one per kind of schedule (set of months).
-- The month masks are grouped first (a few thousand kinds at national scale), then spread over the
-- twelve months: far less work than joining every activity-month row. Not grouping again here halves
-- the national heatmap's time; the reader's own sum does that work on far fewer keys.
CREATE OR REPLACE VIEW v_month_grid AS
WITH kinds AS (
    SELECT institution, year, axis, objective, unit, month_mask, count(*) AS n
    FROM v_activity_calendar
    WHERE month_mask <> 0
    GROUP BY ALL
)
SELECT institution, year, axis, objective, unit, m AS month, CAST((m - 1) // 3 + 1 AS INTEGER) AS quarter,
       n AS activities
FROM kinds, range(1, 13) t(m)
WHERE month_mask & (1 << (m - 1))::INTEGER <> 0;
