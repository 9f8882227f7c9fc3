"""Opening the store: a turn at the file (turns.py), DuckDB's own lock waited for, the schema brought up to date."""
from __future__ import annotations

import time
from pathlib import Path

import duckdb

from etl import paths
from etl.store import derived, turns
from etl.store import schema as sql_schema
from etl.store.errors import StoreBusy, StoreUnreadable, describe, is_busy


def connect(
    db: Path | str | None = None, read_only: bool = False, wait_s: float = 30.0, schema: bool = True
) -> duckdb.DuckDBPyConnection:
    """Open the store, creating tables and views when they are missing (`schema=False` skips that,
    for a caller that has just done it in this run).

    DuckDB lets one process write, or several read, at a time. The dashboard and the loader
    both keep connections short and wait here for the other's to close (see docs/reliability.md).
    """
    path = Path(db) if db else paths.default_db()
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_s
    try:
        turn = turns.take(path, exclusive=not read_only, wait_s=wait_s)
    except turns.TurnTimeout:
        raise StoreBusy(path) from None
    try:
        con = _open(path, read_only, deadline)
    except BaseException:
        if turn is not None:
            turn.release()
        raise
    con = Connection(con, turn)
    if not read_only and schema:
        try:
            sql_schema.apply(con)
            derived.refresh_plans(con)  # left stale by a load that stopped before its last batch
        except duckdb.Error as exc:  # a damaged store, a full or read-only disk: said in Spanish
            con.close()
            raise StoreUnreadable(describe(path, exc)) from exc
        except BaseException:
            con.close()
            raise
    return con


class Connection:
    """A DuckDB connection that holds its turn at the store (etl/store/turns.py) until it is closed."""

    __slots__ = ("_con", "_turn")

    def __init__(self, con: duckdb.DuckDBPyConnection, turn: turns.Turn | None):
        self._con, self._turn = con, turn

    def __getattr__(self, name):
        return getattr(self._con, name)

    def close(self) -> None:
        try:
            self._con.close()
        finally:
            if self._turn is not None:
                self._turn.release()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _open(path: Path, read_only: bool, deadline: float) -> duckdb.DuckDBPyConnection:
    """duckdb.connect, waiting for a process that does not take turns (an older loader, another tool)."""
    delay = 0.02
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            break
        except (duckdb.IOException, duckdb.ConnectionException) as exc:
            if not is_busy(exc):
                raise StoreUnreadable(describe(path, exc)) from exc
            if time.monotonic() >= deadline:
                raise StoreBusy(path) from exc
            time.sleep(delay)
            delay = min(delay * 2, 0.25)
        except duckdb.Error as exc:  # a damaged file can fail as it is opened, with any kind of error
            raise StoreUnreadable(describe(path, exc)) from exc
    return con
