-- The unit copies each file holds: one row per file and unit as written (NULL: the plan names no unit). Every
-- activity belongs to one, so stg_copies (the current-copy rule) can say of each whether it is current.
CREATE TABLE IF NOT EXISTS unit_copies (
    file_id INTEGER NOT NULL,
    unit    VARCHAR
);
CREATE OR REPLACE MACRO unit_copies_of(lo, hi) AS TABLE
SELECT DISTINCT file_id, unit
FROM activities
WHERE activity_id BETWEEN lo AND hi;
