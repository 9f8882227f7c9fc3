-- How much of the plan has a schedule, per institution, year, axis, objective and unit: activities,
-- those scheduled (in the year, and in each quarter), and those with planned months (likewise).
-- Every measure is a count, so a page's level (per plan, per unit...) is their sum over these rows,
-- and a filter on any of the five groupings reaches the activities scan.
CREATE OR REPLACE VIEW v_coverage AS
SELECT institution, year, axis, objective, unit,
       count(*) AS activities,
       count(*) FILTER (WHERE scheduled) AS scheduled,
       count(*) FILTER (WHERE planned_q1) AS scheduled_q1,
       count(*) FILTER (WHERE planned_q2) AS scheduled_q2,
       count(*) FILTER (WHERE planned_q3) AS scheduled_q3,
       count(*) FILTER (WHERE planned_q4) AS scheduled_q4,
       count(*) FILTER (WHERE with_months) AS with_months,
       count(*) FILTER (WHERE with_months_q1) AS with_months_q1,
       count(*) FILTER (WHERE with_months_q2) AS with_months_q2,
       count(*) FILTER (WHERE with_months_q3) AS with_months_q3,
       count(*) FILTER (WHERE with_months_q4) AS with_months_q4
FROM v_activity_plan
GROUP BY ALL;
