-- Who loaded each file: the signed-in e-mail, 'cli:<os user>' for the command line,
-- 'app:<os user>' for the dashboard without sign-in. NULL for loads made before the audit existed.
-- ADD COLUMN IF NOT EXISTS upgrades an older store in place, keeping its rows.
ALTER TABLE source_files ADD COLUMN IF NOT EXISTS loaded_by VARCHAR;
