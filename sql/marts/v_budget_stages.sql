-- The budget of activities by stage (planned, modified, certified, committed, accrued, paid, balance), per group
-- and currency, from the activities' own budget lines. Two currencies are never added.
CREATE OR REPLACE VIEW v_budget_stages AS
SELECT a.institution, a.year, a.axis, a.objective, a.unit, l.currency, l.stage,
       sum(l.amount) AS amount, count(*) AS lines, count(DISTINCT a.activity_id) AS activities
FROM stg_activity_budget_lines l
JOIN stg_activities a USING (activity_id)
GROUP BY ALL;
