"""`python -m etl names [--db PATH]`: the names catalog applied again over a loaded store, without reading the
workbooks again, so a correction planning staff make in data/catalog/ reaches plans loaded long ago."""
from __future__ import annotations

import sys
from pathlib import Path

from etl import catalog, institutions, paths
from etl.store import connection, derived, plans
from etl.store.errors import StoreError

ACTIVITIES = ("actividad", "actividades")
BUDGET_LINES = ("línea de presupuesto", "líneas de presupuesto")
# (table, column, catalog kind, label in the report, what its rows are called: one, many)
COLUMNS = (
    ("activities", "axis", "axis", "Eje", ACTIVITIES),
    ("activities", "unit", "unit", "Unidad", ACTIVITIES),
    ("activities", "lead_unit", "unit", "Unidad líder", ACTIVITIES),
    ("budget_lines", "unit", "unit", "Unidad", BUDGET_LINES),
)
INSTITUTION_TABLES = (("source_files", ("carga", "cargas")), ("activities", ACTIVITIES),
                      ("budget_lines", BUDGET_LINES))


def apply_catalog(con) -> list[str]:
    """Rewrite institution, axis and unit names in the store as the catalog says, in one transaction.

    Returns one Spanish line per change; running it twice changes nothing the second time."""
    changes: list[str] = []
    con.execute("BEGIN TRANSACTION")
    try:
        changes += _institutions(con)
        for table, column, kind, label, noun in COLUMNS:
            changes += _column(con, table, column, kind, label, noun)
        if changes:
            # Search texts, group keys, rollups and per-plan rows carry the names as written: derive them again.
            # A rare command can afford the whole store.
            derived.rebuild(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return changes


def _institutions(con) -> list[str]:
    changes = []
    for table, noun in INSTITUTION_TABLES:
        for (old,) in con.execute(
                f"SELECT DISTINCT institution FROM {table} WHERE institution IS NOT NULL ORDER BY 1").fetchall():
            new = institutions.canonical_name(old)
            if new != old:
                n = _update(con, f"UPDATE {table} SET institution = ? WHERE institution = ?", [new, old])
                changes.append(f"Institución «{old}» → «{new}»: {_count(n, noun)}")
    return changes


def _column(con, table: str, column: str, kind: str, label: str, noun: tuple[str, str]) -> list[str]:
    changes = []
    pairs = con.execute(
        f"SELECT DISTINCT institution, {column} FROM {table} WHERE {column} IS NOT NULL ORDER BY 1, 2").fetchall()
    for inst, old in pairs:
        new = catalog.canonical(kind, old, inst)
        if new != old:
            n = _update(con, f"UPDATE {table} SET {column} = ? WHERE institution = ? AND {column} = ?",
                        [new, inst, old])
            if (table, column) == ("activities", "unit"):
                plans.rename_unit(con, inst, old, new)  # history copies keep their version row
            changes.append(f"{catalog.short_name(inst)}: {label} «{old}» → «{new}»: {_count(n, noun)}")
    return changes


def _count(n: int, noun: tuple[str, str]) -> str:
    return f"{n:,} {noun[0] if n == 1 else noun[1]}"


def _update(con, sql: str, params: list) -> int:
    return con.execute(sql, params).fetchall()[0][0]


def main(db: Path | None) -> int:
    try:
        con = connection.connect(db)
    except StoreError as exc:
        print(f"No se pudo abrir el almacén: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        print(f"No se pudo abrir el almacén {db or paths.default_db()}: {exc}", file=sys.stderr)
        return 2
    try:
        changes = apply_catalog(con)
    except Exception as exc:
        print(f"No se aplicó el catálogo de nombres ({type(exc).__name__}: {exc}); "
              "el almacén quedó como estaba.", file=sys.stderr)
        return 1
    finally:
        con.close()
    print("\n".join(changes) if changes else "El almacén ya usa los nombres del catálogo; nada que cambiar.")
    for problem in catalog.spelling_problems():
        print(f"aviso: {problem}", file=sys.stderr)
    print(f"Catálogo: {catalog.catalog_dir()}")
    return 0
