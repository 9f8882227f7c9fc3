-- The status and execution rules of an activity-quarter, written once: v_quarter_progress, the derived masks and
-- rollups all call these. reported: the activity's file reports that quarter (activity_quarters.reported).
CREATE OR REPLACE MACRO quarter_execution(target, actual, reported) AS
    CASE WHEN coalesce(target, 0) = 0 THEN NULL
         WHEN NOT reported THEN NULL
         ELSE coalesce(actual, 0) / target END;
CREATE OR REPLACE MACRO quarter_status(target, actual, reported) AS
    CASE WHEN coalesce(target, 0) = 0 THEN 'no_target'
         WHEN NOT reported THEN 'pending'
         WHEN coalesce(actual, 0) >= target THEN 'met'
         ELSE 'behind' END;
-- The bit of each status within a quarter's four in activities.status_mask: quarter q's statuses are bits 4(q-1)
-- to 4(q-1)+3. status_mask_of turns a page's choice of statuses and quarters into the mask it tests.
CREATE OR REPLACE MACRO status_bit(status) AS
    CASE status WHEN 'met' THEN 0 WHEN 'behind' THEN 1 WHEN 'pending' THEN 2 ELSE 3 END;
CREATE OR REPLACE MACRO status_mask_of(statuses, quarters) AS
    list_reduce(list_transform(quarters, lambda q: list_reduce(list_transform(statuses,
        lambda s: (1::BIGINT << ((q - 1) * 4 + status_bit(s)))), lambda x, y: x | y, 0::BIGINT)),
        lambda x, y: x | y, 0::BIGINT);
-- The 10 % step of an execution fraction for the histogram, capped at 200 % (least() skips a NULL: without the
-- CASE an activity with no execution would land in the top bin).
CREATE OR REPLACE MACRO execution_bin(pct) AS
    CASE WHEN pct IS NOT NULL THEN least(floor(pct * 10), 19) / 10 END;
-- The part of the chosen statuses in a rollup row's counts (v_group_results: activities, met, behind, pending;
-- no_target is what is neither met, behind nor pending), and in its execution fractions (only met and behind
-- activity-quarters have one: pct_n of them, summing pct_sum, pct_sum_met the met ones' part). m, b, p, n: whether
-- met, behind, pending and no_target are chosen. The dashboard asks for a choice of statuses through these, so the
-- split is written here once.
CREATE OR REPLACE MACRO chosen_activities(m, b, p, n, activities, met, behind, pending) AS
    CASE WHEN m THEN met ELSE 0 END + CASE WHEN b THEN behind ELSE 0 END + CASE WHEN p THEN pending ELSE 0 END
    + CASE WHEN n THEN activities - met - behind - pending ELSE 0 END;
CREATE OR REPLACE MACRO chosen_pct_n(m, b, pct_n, met) AS
    CASE WHEN m THEN met ELSE 0 END + CASE WHEN b THEN pct_n - met ELSE 0 END;
CREATE OR REPLACE MACRO chosen_pct_sum(m, b, pct_sum, pct_sum_met) AS
    CASE WHEN m AND b THEN pct_sum
         WHEN m THEN pct_sum_met
         WHEN b THEN pct_sum - coalesce(pct_sum_met, 0) END;
-- The mean execution of activities whose fractions add up to pct_sum over pct_n of them (each activity counts once).
CREATE OR REPLACE MACRO mean_execution(pct_sum, pct_n) AS pct_sum / nullif(pct_n, 0);
