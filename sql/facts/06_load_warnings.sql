-- What a load noticed in a workbook without rejecting it, one row per warning, written in the same
-- transaction as the workbook and deleted with its rows when a new load replaces it.
-- sheet and row are empty when a warning concerns the whole workbook (or the whole sheet).
CREATE TABLE IF NOT EXISTS load_warnings (
    file_id  INTEGER NOT NULL,
    position INTEGER NOT NULL,  -- the order the load found them in, which follows the workbook
    sheet    VARCHAR,
    row      INTEGER,
    message  VARCHAR NOT NULL
);
