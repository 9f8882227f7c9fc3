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
       -- least() skips a NULL: without the CASE an activity with no execution would land in the top bin.
       CASE WHEN execution_pct IS NOT NULL THEN least(floor(execution_pct * 10), 19) / 10 END AS bin
FROM v_quarter_progress;
