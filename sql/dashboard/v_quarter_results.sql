-- v_quarter_progress (one row per activity and quarter) with its measures as columns that add up:
-- a page's table or chart is the sum of these over the rows its filters keep, searches included.
-- pct_sum / pct_n is the mean execution; bin is the 10 % step of execution (capped at 200 %).
CREATE OR REPLACE VIEW v_quarter_results AS
SELECT *,
       1 AS activities,
       CAST(status = 'met' AS INTEGER) AS met,
       CAST(status = 'behind' AS INTEGER) AS behind,
       execution_pct AS pct_sum,
       CAST(execution_pct IS NOT NULL AS INTEGER) AS pct_n,
       execution_bin(execution_pct) AS bin
FROM v_quarter_progress;
