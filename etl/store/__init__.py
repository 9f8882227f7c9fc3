"""The store: one DuckDB file that only this package writes.

paths (etl/paths.py) say where it is; connection opens it, taking a turn (turns); schema brings it up to sql/;
derived keeps every derived model; writer writes workbooks; plans decides which copy of a unit is current;
rename applies the names catalog over a loaded store. Callers use the names below.
"""
from etl.paths import DEFAULT_DB, ROOT, SQL_DIR, default_db
from etl.store.connection import Connection, connect
from etl.store.derived import refresh_plans as refresh_stale_plans
from etl.store.errors import StoreBusy, StoreError, StoreUnreadable, describe, is_busy, problem
from etl.store.schema import apply as apply_schema
from etl.store.schema import sql_files
from etl.store.writer import Batch, record_rejection, write_workbook

__all__ = ["DEFAULT_DB", "ROOT", "SQL_DIR", "Batch", "Connection", "StoreBusy", "StoreError", "StoreUnreadable",
           "apply_schema", "connect", "default_db", "describe", "is_busy", "problem", "record_rejection",
           "refresh_stale_plans", "sql_files", "write_workbook"]
