-- The execution histogram of the copies that count (stg_copies).
CREATE OR REPLACE VIEW stg_quarter_bins AS
SELECT b.*
FROM quarter_bins b
JOIN stg_copies c ON c.file_id = b.file_id AND c.unit IS NOT DISTINCT FROM b.unit
WHERE c.is_current;
