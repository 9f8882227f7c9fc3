"""Cached, parameterised reads of the store's views. Pages never see SQL strings built from user input."""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from etl import store

SAMPLES = store.ROOT / "data" / "samples"

# Filter field -> column expression, per view. Only these names reach SQL; the values go as parameters.
LABELLED = {"institution": "institution", "year": "year", "axis": "axis", "objective": "objective",
            "unit": "unit"}
# v_activities keeps the raw (possibly empty) groupings; filters compare the same labels the other views show.
ACTIVITY_COLUMNS = {"institution": "institution", "year": "year",
                    "axis": "coalesce(axis, '(sin eje)')",
                    "objective": "coalesce(objective, '(sin objetivo)')",
                    "unit": "coalesce(unit, '(sin unidad)')"}
SEARCHED = ("activity", "code", "indicator", "product", "responsible", "target_text", "observations",
            "budget_note", "unit", "objective", "axis")


@dataclass
class Filters:
    institution: list[str] = field(default_factory=list)
    year: list[int] = field(default_factory=list)
    axis: list[str] = field(default_factory=list)
    objective: list[str] = field(default_factory=list)
    unit: list[str] = field(default_factory=list)
    quarter: int | None = None
    status: list[str] = field(default_factory=list)
    text: str = ""


def where(f: Filters, columns: dict[str, str], skip: tuple[str, ...] = ()) -> tuple[str, list]:
    """'WHERE a IN (?, ?) AND ...' and its parameters, for the filter fields `columns` knows."""
    parts, params = [], []
    for name, expr in columns.items():
        values = getattr(f, name)
        if values and name not in skip:
            parts.append(f"{expr} IN ({', '.join('?' * len(values))})")
            params.extend(values)
    return (" WHERE " + " AND ".join(parts) if parts else ""), params


def text_clause(text: str, columns: tuple[str, ...] = SEARCHED) -> tuple[str, list]:
    """Accent- and case-blind search over the named columns; every word must appear somewhere."""
    words = text.split()
    if not words:
        return "", []
    joined = ", ".join(f"CAST({c} AS VARCHAR)" for c in columns)
    haystack = f"strip_accents(lower(concat_ws(' ', {joined})))"
    # contains(), not LIKE: a '%' or '_' the user types is looked for, not a wildcard.
    return " AND ".join(f"contains({haystack}, strip_accents(lower(?)))" for _ in words), words


def and_(sql_where: str, clause: str) -> str:
    if not clause:
        return sql_where
    return f"{sql_where} AND {clause}" if sql_where else f" WHERE {clause}"


# ---- the store ---------------------------------------------------------------------------------------

def db_path() -> Path:
    return store.default_db()


@st.cache_resource(show_spinner="Preparando el almacén…")
def prepare_store(path: str) -> str | None:
    """Create or upgrade the store once per process; build it from data/samples when it does not exist.

    Returns a message for the user when something was done or went wrong."""
    db = Path(path)
    if not db.exists():
        return _build_from_samples(db)
    try:
        store.connect(db).close()
    except duckdb.Error as exc:
        return f"No se pudo actualizar el almacén {db}: {exc}"
    return None


def _build_from_samples(db: Path) -> str:
    from etl.cli import expand, load_file

    con = store.connect(db)
    try:
        files, _ = expand([str(SAMPLES)])
        reports = [load_file(con, f) for f in files]
    finally:
        con.close()
    if not files:
        return (f"No existía el almacén {db}; se creó vacío porque data/samples no tiene libros. "
                "Cargue libros en la página Datos.")
    loaded = sum(r.status == "loaded" for r in reports)
    return (f"No existía el almacén {db}; se creó a partir de data/samples: "
            f"{loaded} de {len(files)} libros cargados.")


def store_version(db: Path) -> tuple:
    """Changes whenever the file or its write-ahead log does, which is what invalidates cached reads."""
    out = []
    for p in (db, Path(str(db) + ".wal")):
        try:
            s = p.stat()
            out.append((s.st_mtime_ns, s.st_size))
        except FileNotFoundError:
            out.append(None)
    return tuple(out)


@st.cache_data(show_spinner=False, max_entries=1000)
def _read(db: str, version: tuple, sql: str, params: tuple) -> pd.DataFrame:
    con = _open_read_only(db)
    try:
        return con.execute(sql, list(params)).df()
    finally:
        con.close()


def _open_read_only(db: str, tries: int = 20) -> duckdb.DuckDBPyConnection:
    """A load in progress (CLI or upload) holds the file for a moment: wait for it rather than fail."""
    for n in range(tries):
        try:
            return duckdb.connect(db, read_only=True)
        except (duckdb.IOException, duckdb.ConnectionException):
            if n == tries - 1:
                st.error("El almacén está ocupado por una carga de datos. Espere unos segundos y recargue la página.")
                st.stop()
            time.sleep(0.25)


def read(sql: str, params: list | tuple = ()) -> pd.DataFrame:
    db = db_path()
    if not db.exists():
        return pd.DataFrame()
    return _read(str(db), store_version(db), sql, tuple(params))


def write_connection() -> duckdb.DuckDBPyConnection:
    return store.connect(db_path())


# ---- what the pages ask --------------------------------------------------------------------------------

def filter_options() -> pd.DataFrame:
    return read("SELECT DISTINCT institution, year, coalesce(axis, '(sin eje)') AS axis, "
                "coalesce(objective, '(sin objetivo)') AS objective, coalesce(unit, '(sin unidad)') AS unit "
                "FROM v_activities ORDER BY ALL")


def activity_count() -> int:
    df = read("SELECT count(*) AS n FROM v_activities")
    return int(df["n"].iloc[0]) if not df.empty else 0


def _status_clause(f: Filters) -> tuple[str, list]:
    """Activities with the chosen status in the chosen quarter (in any quarter when none is chosen)."""
    if not f.status:
        return "", []
    sql = f"activity_id IN (SELECT activity_id FROM v_quarter_progress WHERE status IN ({', '.join('?' * len(f.status))})"
    params = list(f.status)
    if f.quarter:
        sql += " AND quarter = ?"
        params.append(f.quarter)
    return sql + ")", params


def _quarter_clause(f: Filters) -> tuple[str, list]:
    if not f.quarter:
        return "", []
    return "activity_id IN (SELECT activity_id FROM v_activity_schedule WHERE list_contains(quarters, ?))", [f.quarter]


def activities(f: Filters) -> pd.DataFrame:
    """Every contract column of the activities the filters keep, for the explorer and its export."""
    sql_where, params = where(f, ACTIVITY_COLUMNS)
    for clause, p in (text_clause(f.text), _status_clause(f), _quarter_clause(f)):
        sql_where = and_(sql_where, clause)
        params += p
    return read(f"SELECT * FROM v_activities{sql_where} ORDER BY institution, year, source_sheet, source_row", params)


def schedule(f: Filters) -> pd.DataFrame:
    sql_where, params = where(f, LABELLED)
    return read(f"SELECT * FROM v_activity_schedule{sql_where} ORDER BY institution, year, unit, code", params)


def schedule_months(f: Filters) -> pd.DataFrame:
    sql_where, params = where(f, LABELLED)
    if f.quarter:
        sql_where = and_(sql_where, "(month - 1) // 3 + 1 = ?")
        params.append(f.quarter)
    return read(f"SELECT * FROM v_activity_months{sql_where} ORDER BY institution, year, unit, month", params)


def quarter_progress(f: Filters, with_status: bool = True) -> pd.DataFrame:
    sql_where, params = where(f, LABELLED)
    if f.quarter:
        sql_where = and_(sql_where, "quarter = ?")
        params.append(f.quarter)
    if with_status and f.status:
        sql_where = and_(sql_where, f"status IN ({', '.join('?' * len(f.status))})")
        params += f.status
    clause, p = text_clause(f.text, ("activity", "code", "unit", "objective"))
    sql_where = and_(sql_where, clause)
    return read(f"SELECT * FROM v_quarter_progress{sql_where} ORDER BY institution, year, unit, code, quarter",
                params + p)


def target_vs_real(f: Filters) -> pd.DataFrame:
    sql_where, params = where(f, LABELLED)
    if f.quarter:
        sql_where = and_(sql_where, "quarter = ?")
        params.append(f.quarter)
    return read(f"SELECT * FROM v_target_vs_real{sql_where} ORDER BY institution, year, unit, objective, quarter",
                params)


def budget_totals(f: Filters) -> pd.DataFrame:
    sql_where, params = where(f, LABELLED)
    return read(f"SELECT * FROM v_budget_totals{sql_where} ORDER BY institution, year, currency, amount DESC",
                params)


def budget_lines(f: Filters) -> pd.DataFrame:
    # Budget lines belong to no axis or objective: a filter on either leaves none.
    if f.axis or f.objective:
        return read("SELECT * FROM v_budget_lines WHERE false")
    sql_where, params = where(f, {"institution": "institution", "year": "year", "unit": "unit"})
    return read(f"SELECT * FROM v_budget_lines{sql_where} ORDER BY institution, year, unit, item", params)


def budget_notes(f: Filters) -> pd.DataFrame:
    """Activities whose budget is only words, such as 'Contemplado Gestión Operativa'."""
    sql_where, params = where(f, ACTIVITY_COLUMNS)
    sql_where = and_(sql_where, "budget_note IS NOT NULL AND budget_amount IS NULL")
    return read("SELECT institution, year, coalesce(unit, '(sin unidad)') AS unit, code, activity, budget_note, "
                f"source_sheet, source_row FROM v_activities{sql_where} ORDER BY institution, year, unit, code",
                params)


def load_history() -> pd.DataFrame:
    return read("SELECT * FROM v_load_history")


def env_db_overridden() -> bool:
    return bool(os.environ.get("POA_DB"))
