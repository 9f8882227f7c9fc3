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
    # One test per column, not one over all columns joined: strip_accents on short strings, stopping at
    # the first column that matches, is four times faster at a million rows. A word has no space, so it
    # cannot span two columns and the answer is the same.
    one = "(" + " OR ".join(f"contains(strip_accents(lower(CAST({c} AS VARCHAR))), strip_accents(lower(?)))"
                            for c in columns) + ")"
    # contains(), not LIKE: a '%' or '_' the user types is looked for, not a wildcard.
    return " AND ".join(one for _ in words), [w for w in words for _ in columns]


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


def read_uncached(sql: str, params: list | tuple = ()) -> pd.DataFrame:
    """For exports: a million rows must not sit in the cache, and this may run outside a script run
    (a download button's callable), where st.* calls are ignored."""
    con = store.connect(db_path(), read_only=True, wait_s=10)
    try:
        return con.execute(sql, list(params)).df()
    finally:
        con.close()


def write_connection() -> duckdb.DuckDBPyConnection:
    return store.connect(db_path())


# ---- what the pages ask --------------------------------------------------------------------------------
# Every chart and card reads a GROUP BY over a view; detail tables read the first SHOWN rows and a count.

SHOWN = 1000  # rows a detail table shows; its download holds them all
ORDER = "institution, year, source_sheet, source_row, activity_id"  # how activities are listed


def options(field: str, f: Filters) -> list:
    """The values the filter bar offers for `field`, under the choices made above it."""
    order = list(ACTIVITY_COLUMNS)
    above = Filters(**{k: getattr(f, k) for k in order[:order.index(field)]})
    sql_where, params = where(above, ACTIVITY_COLUMNS)
    df = read(f"SELECT DISTINCT {ACTIVITY_COLUMNS[field]} AS v FROM v_activity_index{sql_where} ORDER BY 1", params)
    return [] if df.empty else df["v"].tolist()


def filter_options() -> list:
    return options("institution", Filters())


def activity_count() -> int:
    df = read("SELECT count(*) AS n FROM v_activity_index")
    return int(df["n"].iloc[0]) if not df.empty else 0


def _in(expr: str, values: list) -> str:
    return f"{expr} IN ({', '.join('?' * len(values))})"


def _quarter_bit(f: Filters) -> int:
    return 1 << (f.quarter - 1)


def _status_clause(f: Filters) -> tuple[str, list]:
    """Activities with the chosen status in the chosen quarter (in any quarter when none is chosen)."""
    if not f.status:
        return "", []
    sql = f"activity_id IN (SELECT activity_id FROM v_quarter_progress WHERE {_in('status', f.status)}"
    params = list(f.status)
    if f.quarter:
        sql += " AND quarter = ?"
        params.append(f.quarter)
    return sql + ")", params


def _quarter_clause(f: Filters) -> tuple[str, list]:
    if not f.quarter:
        return "", []
    return ("activity_id IN (SELECT activity_id FROM v_activity_calendar WHERE quarter_mask & ? <> 0)",
            [_quarter_bit(f)])


def _activity_where(f: Filters) -> tuple[str, list]:
    sql_where, params = where(f, ACTIVITY_COLUMNS)
    for clause, p in (text_clause(f.text), _status_clause(f), _quarter_clause(f)):
        sql_where = and_(sql_where, clause)
        params += p
    return sql_where, params


def count_activities(f: Filters) -> int:
    sql_where, params = _activity_where(f)
    return int(read(f"SELECT count(*) AS n FROM v_activity_index{sql_where}", params)["n"].iloc[0])


def activities(f: Filters, limit: int | None = None) -> pd.DataFrame:
    """The first `limit` (SHOWN) activities the filters keep, every contract column (months included)."""
    limit = limit or SHOWN
    sql_where, params = _activity_where(f)
    ids = read(f"SELECT activity_id FROM v_activity_index{sql_where} ORDER BY {ORDER} LIMIT {int(limit)}", params)
    # A constant list reaches the activities scan through v_activities' GROUP BY; a subquery would not.
    return read(f"SELECT * FROM v_activities WHERE list_contains(?, activity_id) ORDER BY {ORDER}",
                [ids["activity_id"].tolist() if not ids.empty else []])


def all_activities(f: Filters) -> pd.DataFrame:
    """Every filtered activity, for the downloads only (not cached)."""
    sql_where, params = _activity_where(f)
    plain, plain_params = where(f, ACTIVITY_COLUMNS)  # repeated outside the IN so it reaches the scan
    plain = and_(plain, f"activity_id IN (SELECT activity_id FROM v_activity_index{sql_where})")
    return read_uncached(f"SELECT * FROM v_activities{plain} ORDER BY {ORDER}", plain_params + params)


def _calendar_where(f: Filters) -> tuple[str, list]:
    return where(f, LABELLED)


def _scheduled(f: Filters) -> str:
    """With a quarter chosen, "scheduled" means planned in that quarter."""
    return f"quarter_mask & {_quarter_bit(f)} <> 0" if f.quarter else "scheduled"


def plans(f: Filters) -> pd.DataFrame:
    """One row per institution and plan year: activities and how many are scheduled."""
    sql_where, params = _calendar_where(f)
    return read("SELECT institution, year, count(*) AS activities, count(*) FILTER (WHERE scheduled) AS scheduled "
                f"FROM v_activity_calendar{sql_where} GROUP BY ALL ORDER BY institution, year", params)


def progress_by_plan(f: Filters) -> pd.DataFrame:
    """Per plan, quarter and status: activities and the sum and count of their execution fractions."""
    sql_where, params = where(f, LABELLED)
    return read("SELECT institution, year, quarter, status, count(*) AS activities, "
                "sum(execution_pct) AS pct_sum, count(execution_pct) AS pct_n "
                f"FROM v_quarter_progress{sql_where} GROUP BY ALL ORDER BY ALL", params)


def budget_by_plan(f: Filters) -> pd.DataFrame:
    sql_where, params = where(f, LABELLED)
    return read("SELECT institution, year, currency, sum(amount) AS amount "
                f"FROM v_budget_totals{sql_where} GROUP BY ALL ORDER BY ALL", params)


def spread(f: Filters) -> dict:
    """How many institutions, axes and units the filters keep: it decides what a chart groups by."""
    sql_where, params = where(f, ACTIVITY_COLUMNS)
    df = read("SELECT count(DISTINCT institution) AS institution, count(DISTINCT axis_label) AS axis, "
              f"count(DISTINCT unit_label) AS unit FROM v_activity_index{sql_where}", params)
    return {k: int(df[k].iloc[0]) for k in ("institution", "axis", "unit")}


def coverage_by(f: Filters, level: str) -> pd.DataFrame:
    """Activities and scheduled activities per institution and `level` (unit or axis)."""
    sql_where, params = _calendar_where(f)
    column = {"unit": "unit", "axis": "axis"}[level]
    # with_months also counts the timeline's activities, so that list needs no count of its own.
    return read(f"SELECT institution, {column}, count(*) AS activities, "
                f"count(*) FILTER (WHERE {_scheduled(f)}) AS scheduled_activities, "
                f"count(*) FILTER (WHERE month_mask & {_month_bits(f)} <> 0) AS with_months "
                f"FROM v_activity_calendar{sql_where} GROUP BY ALL ORDER BY ALL", params)


def coverage(f: Filters, limit: int = SHOWN) -> pd.DataFrame:
    """Coverage per institution, year, axis and unit: the first `limit` rows, `total` the row count."""
    sql_where, params = _calendar_where(f)
    return read("SELECT *, count(*) OVER () AS total FROM ("
                "SELECT institution, year, axis, unit, count(*) AS activities, "
                f"count(*) FILTER (WHERE {_scheduled(f)}) AS scheduled_activities "
                f"FROM v_activity_calendar{sql_where} GROUP BY ALL) ORDER BY institution, year, axis, unit "
                f"LIMIT {int(limit)}", params)


def _month_bits(f: Filters) -> int:
    return (0b111 << 3 * (f.quarter - 1)) if f.quarter else 0xFFF


def month_grid(f: Filters, level: str) -> pd.DataFrame:
    """Activities per institution, `level` and planned month (the chosen quarter's months only)."""
    sql_where, params = _calendar_where(f)
    sql_where = and_(sql_where, "month_mask & ? <> 0")
    column = {"unit": "unit", "axis": "axis"}[level]
    # Group the masks first (a few thousand kinds), then spread them over the twelve months.
    return read(f"WITH c AS (SELECT institution, {column} AS row, month_mask, count(*) AS n "
                f"FROM v_activity_calendar{sql_where} GROUP BY ALL) "
                "SELECT institution, row, m AS month, sum(n)::BIGINT AS activities "
                "FROM c, range(1, 13) t(m) WHERE month_mask & (1 << (m - 1))::INTEGER & ? <> 0 "
                "GROUP BY ALL ORDER BY ALL", params + [_month_bits(f), _month_bits(f)])


def timeline(f: Filters, limit: int = 60) -> pd.DataFrame:
    """The first `limit` activities with planned months (in the chosen quarter)."""
    sql_where, params = _calendar_where(f)
    sql_where = and_(sql_where, "month_mask & ? <> 0")
    return read("SELECT activity_id, institution, year, unit, code, activity, month_mask & ? AS month_mask "
                f"FROM v_activity_calendar{sql_where} ORDER BY institution, year, unit, code, activity_id "
                f"LIMIT {int(limit)}", [_month_bits(f)] + params + [_month_bits(f)])


def unscheduled(f: Filters, limit: int = SHOWN) -> pd.DataFrame:
    """The first `limit` activities with no schedule (in the chosen quarter); coverage_by counts them."""
    sql_where, params = _calendar_where(f)
    sql_where = and_(sql_where, f"NOT ({_scheduled(f)})")
    return read(f"SELECT institution, year, axis, unit, code, activity FROM v_activity_calendar{sql_where} "
                f"ORDER BY institution, year, axis, unit, code, activity_id LIMIT {int(limit)}", params)


def _progress_where(f: Filters, with_status: bool = True) -> tuple[str, list]:
    sql_where, params = where(f, LABELLED)
    if f.quarter:
        sql_where = and_(sql_where, "quarter = ?")
        params.append(f.quarter)
    if with_status and f.status:
        sql_where = and_(sql_where, _in("status", f.status))
        params += f.status
    clause, p = text_clause(f.text, ("activity", "code", "unit", "objective"))
    return and_(sql_where, clause), params + p


def progress_summary(f: Filters) -> pd.DataFrame:
    """Per unit and quarter: mean execution of the activities, how many, behind and on track."""
    sql_where, params = _progress_where(f)
    return read("SELECT unit, quarter, avg(execution_pct) AS execution_pct, count(*) AS activities, "
                "count(*) FILTER (WHERE status = 'behind') AS behind, "
                "count(*) FILTER (WHERE status = 'met') AS on_track "
                f"FROM v_quarter_progress{sql_where} GROUP BY ALL ORDER BY unit, quarter", params)


def progress_bins(f: Filters) -> pd.DataFrame:
    """Activities per status and 10 % bin of execution (capped at 200 %), for the histogram."""
    sql_where, params = _progress_where(f)
    sql_where = and_(sql_where, "execution_pct IS NOT NULL")
    return read("SELECT status, least(floor(execution_pct * 10), 19) / 10 AS bin, count(*) AS activities "
                f"FROM v_quarter_progress{sql_where} GROUP BY ALL ORDER BY ALL", params)


def progress_status(f: Filters) -> pd.DataFrame:
    sql_where, params = _progress_where(f)
    return read(f"SELECT status, count(*) AS activities FROM v_quarter_progress{sql_where} GROUP BY ALL", params)


def progress_units(f: Filters) -> list:
    sql_where, params = _progress_where(f)
    df = read(f"SELECT DISTINCT unit FROM v_quarter_progress{sql_where} ORDER BY 1", params)
    return [] if df.empty else df["unit"].tolist()


def progress_rows(f: Filters, extra: str = "", extra_params: tuple = (), limit: int = SHOWN) -> pd.DataFrame:
    """The first `limit` activity-quarters the filters keep (and `extra`); progress_summary counts them."""
    sql_where, params = _progress_where(f)
    sql_where = and_(sql_where, extra)
    return read(f"SELECT * FROM v_quarter_progress{sql_where} "
                f"ORDER BY institution, year, unit, code, quarter, activity_id LIMIT {int(limit)}",
                params + list(extra_params))


def target_vs_real(f: Filters, limit: int = SHOWN) -> pd.DataFrame:
    """The first `limit` rows of v_target_vs_real; `total` holds the row count."""
    sql_where, params = where(f, LABELLED)
    if f.quarter:
        sql_where = and_(sql_where, "quarter = ?")
        params.append(f.quarter)
    return read(f"SELECT *, count(*) OVER () AS total FROM v_target_vs_real{sql_where} "
                f"ORDER BY institution, year, unit, objective, quarter, axis LIMIT {int(limit)}", params)


def budget_currencies(f: Filters) -> pd.DataFrame:
    sql_where, params = where(f, LABELLED)
    return read(f"SELECT currency, sum(amount) AS amount FROM v_budget_totals{sql_where} "
                "GROUP BY ALL ORDER BY currency", params)


def budget_by(f: Filters, group: str, limit: int = 40) -> pd.DataFrame:
    """Per currency, the `limit` largest amounts by institution and `group`; `total` counts them all."""
    sql_where, params = where(f, LABELLED)
    column = {"axis": "axis", "objective": "objective", "unit": "unit"}[group]
    return read("SELECT * FROM (SELECT *, count(*) OVER (PARTITION BY currency) AS total, "
                "row_number() OVER (PARTITION BY currency ORDER BY amount DESC, institution, grp) AS n FROM ("
                f"SELECT currency, institution, {column} AS grp, sum(amount) AS amount "
                f"FROM v_budget_totals{sql_where} GROUP BY ALL)) WHERE n <= {int(limit)} "
                "ORDER BY currency, amount", params)


def budget_lines(f: Filters, limit: int = SHOWN) -> pd.DataFrame:
    # Budget lines belong to no axis or objective: a filter on either leaves none.
    if f.axis or f.objective:
        return read("SELECT *, 0 AS total FROM v_budget_lines WHERE false")
    sql_where, params = where(f, {"institution": "institution", "year": "year", "unit": "unit"})
    return read(f"SELECT *, count(*) OVER () AS total FROM v_budget_lines{sql_where} "
                f"ORDER BY institution, year, unit, item LIMIT {int(limit)}", params)


def budget_notes(f: Filters, limit: int = SHOWN) -> tuple[pd.DataFrame, int]:
    """Activities whose budget is only words, such as 'Contemplado Gestión Operativa'."""
    sql_where, params = where(f, ACTIVITY_COLUMNS)
    sql_where = and_(sql_where, "budget_note IS NOT NULL AND budget_amount IS NULL")
    total = read(f"SELECT count(*) AS n FROM v_activity_index{sql_where}", params)["n"].iloc[0]
    rows = read("SELECT institution, year, unit_label AS unit, code, activity, budget_note, source_sheet, source_row "
                f"FROM v_activity_index{sql_where} ORDER BY institution, year, unit_label, code, activity_id "
                f"LIMIT {int(limit)}", params)
    return rows, int(total)


def load_history() -> pd.DataFrame:
    return read("SELECT * FROM v_load_history")


def env_db_overridden() -> bool:
    return bool(os.environ.get("POA_DB"))
