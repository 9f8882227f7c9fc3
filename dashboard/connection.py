"""The dashboard's reads of the store: opened read-only, one connection a script run, results cached."""
from __future__ import annotations

import threading
import time
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard.store_setup import db_path
from etl import store


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


# Opening the store is not free (DuckDB reads its catalogue every time), and a page
# sends ten or more reads: one read-only connection serves the cache misses of a script run, in the run's
# thread. It is let go once held HOLD_S, as the loader lets go of its own, and when the run ends (app.py calls
# release()), so a load waits for it no longer than it waited between a page's reads before.
HOLD_S = 1.0
_held = threading.local()


@st.cache_data(show_spinner=False, max_entries=1000)
def _read(db: str, version: tuple, sql: str, params: tuple) -> pd.DataFrame:
    if get_script_run_ctx(suppress_warning=True) is None:  # a test or a tool calling in: nothing to end it
        con = _open_read_only(db)
        try:
            return con.execute(sql, list(params)).df()
        finally:
            con.close()
    return _run_connection(db).execute(sql, list(params)).df()


def _run_connection(db: str) -> duckdb.DuckDBPyConnection:
    held = getattr(_held, "con", None)
    if held is not None and (held[0] != db or time.monotonic() - held[1] >= HOLD_S):
        release()
        held = None
    if held is None:
        held = _held.con = (db, time.monotonic(), _open_read_only(db))
    return held[2]


def release() -> None:
    """Close the connection this thread's script run holds, if any: at the end of every run, and before
    this run writes to the store (an upload on Datos)."""
    held = getattr(_held, "con", None)
    _held.con = None
    if held is not None:
        held[2].close()


# A read waits its turn behind a load (etl/store/turns.py) at most this long; a load holds the store HOLD_S at a time
# (etl/load/hold.py).
WAIT_S = 15.0


def _open_read_only(db: str) -> store.Connection:
    """A load in progress (CLI or upload) holds the file for a moment: the read takes its turn right after.

    Past WAIT_S, store.StoreBusy: app.py tells the user."""
    return store.connect(db, read_only=True, wait_s=WAIT_S)


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
