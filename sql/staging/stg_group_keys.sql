-- The group keys (sql/derived/group_keys.sql), for the marts.
CREATE OR REPLACE VIEW stg_group_keys AS
SELECT key_id, institution, year, axis, objective, unit
FROM group_keys;
