"""A store of N activities built directly with SQL, shaped like a country's year of plans.

A few hundred institutions (N / 3,300), 500 activities per file, dozens of units per institution,
the four layouts in turn: monthly schedules and period matrices plan all 12 months, quarterly plans
have 4 quarter targets (follow-ups with actuals for the first two). Deterministic: values come from
hash() of the activity id, never from a random generator.
"""
from __future__ import annotations

import time
from pathlib import Path

from etl import store
from etl.store import derived

PER_FILE = 500
WORDS = ["auditoría", "capacitación", "manual de procedimientos", "encuesta de satisfacción",
         "recaudación", "gestión documental", "inspección", "presupuesto", "riesgos", "afiliados"]


def build(path: Path, activities: int) -> Path:
    for p in (path, Path(str(path) + ".wal")):
        p.unlink(missing_ok=True)
    files = max(4, -(-activities // PER_FILE))
    institutions = max(4, activities // 3300)
    con = store.connect(path)  # tables and views as the ETL makes them
    con.execute("SET enable_progress_bar = false")
    try:
        words = "[" + ", ".join(f"'{w}'" for w in WORDS) + "]"
        con.execute(f"""
            INSERT INTO source_files (file_id, file_name, sha256, layout, institution, year, activities, status, message)
            SELECT f, printf('poa_%05d.xlsx', f), md5(f::VARCHAR),
                   ['monthly_schedule', 'period_matrix', 'quarterly_followup', 'quarterly_targets'][f % 4 + 1],
                   printf('Instituto Nacional %03d', f % {institutions}), 2023 + (f // {institutions}) % 3,
                   {PER_FILE}, 'loaded', NULL
            FROM range(1, {files} + 1) t(f)
        """).fetchall()
        # Rejected loads, as a real history has them.
        con.execute(f"""
            INSERT INTO source_files (file_id, file_name, sha256, layout, institution, year, activities, status, message)
            SELECT {files} + f, printf('roto_%03d.xlsx', f), md5(('r' || f)::VARCHAR), NULL, NULL, NULL, 0,
                   'rejected', 'no se encontró ninguna tabla POA reconocible'
            FROM range(1, 21) t(f)
        """).fetchall()
        con.execute(f"""
            INSERT INTO activities BY NAME
            SELECT a AS activity_id, f.file_id, f.institution, f.year,
                   -- A unit works under one axis and a few objectives, as in the plans.
                   CASE WHEN f.file_id % 4 IN (2, 3) THEN NULL ELSE 'Eje ' || (u % 5 + 1) END AS axis,
                   'Objetivo estratégico ' || ((u * 3 + h % 3) % 12 + 1) AS objective,
                   'Unidad ' || lpad(u::VARCHAR, 2, '0') AS unit,
                   'Dirección ' || (h // 13 % 8 + 1) AS lead_unit,
                   'Producto ' || (a // 4) AS product,
                   'AO.' || (h % 9 + 1) || '.' || (a % 500) || '.' AS code,
                   'Realizar ' || {words}[h // 3 % 10 + 1] || ' de la actividad ' || a AS activity,
                   '% de avance' AS indicator,
                   CASE WHEN h % 3 = 0 THEN '90%' ELSE (h % 50 + 1)::VARCHAR END AS target_text,
                   CASE WHEN h % 3 = 0 THEN 90 ELSE h % 50 + 1 END AS annual_target,
                   CASE WHEN h % 3 = 0 THEN '%' END AS measure_unit,
                   'Encargado ' || (h // 17 % 30) AS responsible,
                   CASE WHEN h % 5 < 2 THEN (h % 400 + 1) * 2500.0 END AS budget_amount,
                   CASE WHEN h % 5 < 2 THEN (CASE WHEN f.file_id % 4 IN (0, 1) THEN 'DOP' ELSE 'USD' END) END AS currency,
                   CASE WHEN h % 5 = 2 THEN 'Contemplado Gestión Operativa' END AS budget_note,
                   NULL AS risk, NULL AS mitigation,
                   CASE WHEN h % 4 = 0 THEN 'Seguimiento mensual' END AS observations,
                   'Hoja ' || (a % 7 + 1) AS source_sheet, 8 + a % {PER_FILE} AS source_row
            FROM (SELECT a, h, file_id, h // 101 % 40 + 1 AS u FROM (
                  SELECT a, (hash(a) % 1000003)::BIGINT AS h, (a - 1) // {PER_FILE} + 1 AS file_id
                  FROM range(1, {activities} + 1) t(a))) x
            JOIN source_files f USING (file_id)
        """).fetchall()
        con.execute("""
            INSERT INTO activity_months
            SELECT a.activity_id, m FROM activities a, range(1, 13) t(m)
            WHERE a.file_id % 4 IN (0, 1)
        """).fetchall()
        con.execute("""
            INSERT INTO activity_quarters (activity_id, quarter, target, actual)
            SELECT a.activity_id, q, (hash(a.activity_id + q) % 4 + 1)::DOUBLE,
                   CASE WHEN a.file_id % 4 = 2 AND q <= 2 THEN (hash(a.activity_id * q) % 5)::DOUBLE END
            FROM activities a, range(1, 5) t(q)
            WHERE a.file_id % 4 IN (2, 3)
        """).fetchall()
        con.execute("""
            INSERT INTO budget_lines
            SELECT f.file_id, f.institution, f.year, 'Unidad ' || lpad((i * 7 % 40 + 1)::VARCHAR, 2, '0'),
                   'Rubro ' || (50 + i), (i + 1) * 125000.0, 'USD', 'Presupuesto', 4 + i
            FROM source_files f, range(0, 5) t(i)
            WHERE f.status = 'loaded' AND f.layout = 'quarterly_followup'
        """).fetchall()
        # One version row per unit copy, every copy current, as the loader writes them (etl/store/plans.py).
        con.execute("""
            INSERT INTO plan_versions (file_id, unit, unit_key)
            SELECT DISTINCT file_id, unit, lower(unit) FROM activities
        """).fetchall()
        # What the loader derives per file (search texts, masks, rollups, per-plan rows), set-wise over the whole
        # store: the same rebuild a change of sql/ makes.
        con.execute("BEGIN TRANSACTION")
        derived.rebuild(con)
        con.execute("COMMIT")
        con.execute("CHECKPOINT").fetchall()
    finally:
        con.close()
    return path


def rebuild_s(path: Path) -> float:
    """How long opening the store takes right after sql/ changed: every derived model dropped and rebuilt from the
    facts (etl/store/schema.py), what the first page of a dashboard pays after an upgrade."""
    import duckdb

    con = duckdb.connect(str(path))
    con.execute("DELETE FROM schema_applied")
    con.close()
    start = time.perf_counter()
    store.connect(path).close()
    return round(time.perf_counter() - start, 2)


def counts(path: Path) -> dict:
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("activities", "activity_months", "activity_quarters", "budget_lines", "source_files")}
    finally:
        con.close()
