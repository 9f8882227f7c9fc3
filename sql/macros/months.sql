-- A month mask's months, in order ([1, 2, 7]); v_activity_plan and Cronograma's timeline.
CREATE OR REPLACE MACRO month_list(mask) AS
    list_filter(range(1, 13), lambda m: mask & (1 << (m - 1))::INTEGER <> 0);
-- The same as the explorer writes them ('1,2,7'); NULL, not '', when none is planned.
CREATE OR REPLACE MACRO month_list_text(mask) AS nullif(array_to_string(month_list(mask), ','), '');
