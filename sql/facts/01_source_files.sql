-- One row per load attempt, loaded, rejected or replaced.
CREATE SEQUENCE IF NOT EXISTS seq_file_id START 1;
CREATE TABLE IF NOT EXISTS source_files (
    file_id     INTEGER PRIMARY KEY DEFAULT nextval('seq_file_id'),
    file_name   VARCHAR NOT NULL,
    sha256      VARCHAR NOT NULL,
    layout      VARCHAR,
    institution VARCHAR,
    year        INTEGER,
    loaded_at   TIMESTAMP NOT NULL DEFAULT current_timestamp,
    activities  INTEGER NOT NULL DEFAULT 0,
    status      VARCHAR NOT NULL CHECK (status IN ('loaded', 'rejected', 'replaced')),
    message     VARCHAR,
    -- Who asked for the load: the signed-in e-mail, 'cli:<os user>' for the command line, 'app:<os user>' for the
    -- dashboard without sign-in.
    loaded_by   VARCHAR
);
