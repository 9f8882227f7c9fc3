"""When a load run holds the store and when it lets go, so that the dashboard's reads get in between its writes."""
from __future__ import annotations

import time
from pathlib import Path

import duckdb

from etl import store
from etl.load.report import FileReport
from etl.load.writing import write_one
from etl.model import WorkbookData


# How long a load run may hold the store before letting the dashboard's reads in (docs/reliability.md).
HOLD_S = 1.0
# Held at least this long, the store is also let go while the writer waits for a reader. Not sooner: each
# release checkpoints and the next write opens the store again (DuckDB reads its catalogue each time), and
# at the bench set the writer waited for a reader after nearly every workbook.
WAIT_HOLD_S = 0.25
LOAD_MEMORY = "64MB"


# The per-plan rows of the plans a load has touched are written again at most this often (and at its end):
# until then the dashboard works those plans' rows out at each read (etl/store/derived.py, refresh_plans).
REFRESH_S = 2.0


# Writing the per-plan rows of a few hundred plans at once takes more than LOAD_MEMORY (the bench set's do); it
# holds no workbook's rows, so it gets more.
REFRESH_MEMORY = "256MB"


def refresh_plans(con) -> None:
    """store.refresh_stale_plans for a load run. If it fails (out of memory, say), the plans stay stale and the
    load goes on: the views work stale plans out themselves, and the next store.connect writes their rows."""
    con.execute(f"SET memory_limit = '{REFRESH_MEMORY}'")
    try:
        store.refresh_stale_plans(con)
    except duckdb.Error:
        pass
    finally:
        con.execute(f"SET memory_limit = '{LOAD_MEMORY}'")


class StoreHold:
    """One store connection kept across workbooks, closed once held HOLD_S or when the writer waits for a
    reader: DuckDB lets one process write at a time, and the dashboard must get its reads in.

    The workbooks written while it is held go in one transaction (store.Batch), committed when it is let go;
    their reports are handed out then (`done`), as only a commit makes them true."""

    def __init__(self, db: Path | None):
        self.db, self.con, self.since = db, None, 0.0
        self.refreshed = time.monotonic()
        self.batch: store.Batch | None = None
        self.written: list[tuple[Path, WorkbookData | None, str, FileReport]] = []  # in the open batch
        self.done: list[FileReport] = []  # committed, not yet handed out

    def get(self):
        if self.con is None:
            self.con = store.connect(self.db, schema=False)
            # DuckDB keeps a transaction's rows in memory up to its limit (80 % of RAM by default): all of a big
            # workbook's rows at once. Past this it writes them to disk early.
            self.con.execute(f"SET memory_limit = '{LOAD_MEMORY}'")
            self.since = time.monotonic()
        return self.con

    def write(self, path: Path, data: WorkbookData | None, message: str) -> None:
        """Write one workbook (or record why it was not read) in the open batch. If it fails there, the batch
        is rolled back and its workbooks written again one transaction each, so only the failing one is
        rejected; their reports are then done."""
        con = self.get()
        if self.batch is None:
            self.batch = store.Batch(con)
        try:
            report = write_one(self.batch, path, data, message, check=False)
        except Exception:
            self._write_apart([*self.written, (path, data, message, None)])
            return
        self.written.append((path, data, message, report))

    def commit(self) -> None:
        if self.batch is None:
            return
        try:
            self.batch.commit()
        except Exception:
            self._write_apart(self.written)
            return
        self.done += [report for *_, report in self.written]
        self.batch, self.written = None, []

    def _write_apart(self, items: list) -> None:
        """Roll the open batch back and write its workbooks again, a transaction each: one that fails is then
        rejected alone, the others loaded."""
        self.batch.rollback()
        self.batch, self.written = None, []
        self.done += [write_one(self.con, p, d, m) for p, d, m, _ in items]

    def take(self) -> list[FileReport]:
        done, self.done = self.done, []
        return done

    def release(self) -> None:
        if self.con is not None:
            try:
                self.commit()
            finally:
                con, self.con = self.con, None
                try:
                    # The per-plan rows of the plans written since, for many files at once rather than per file.
                    if time.monotonic() - self.refreshed >= REFRESH_S:
                        self.refreshed = time.monotonic()
                        refresh_plans(con)
                finally:
                    con.close()

    def abandon(self) -> None:
        """Let go without committing: a load stopped halfway through a workbook must not keep half of it."""
        if self.batch is not None:
            batch, self.batch, self.written = self.batch, None, []
            try:
                batch.rollback()
            except duckdb.Error:
                pass
        if self.con is not None:
            con, self.con = self.con, None
            con.close()

    def finish(self) -> None:
        """After the last file: the batch, then the per-plan rows of every plan the load touched. A store
        another process holds too long keeps them stale (the views stay right; the next open writes them)."""
        self.commit()
        try:
            refresh_plans(self.get())
        except store.StoreBusy:
            pass

    def release_if_held_long(self, seconds: float | None = None) -> None:
        if self.con is not None and time.monotonic() - self.since >= (HOLD_S if seconds is None else seconds):
            self.release()

    def release_while_waiting(self) -> None:
        """The writer is about to wait for a reader: the dashboard may read meanwhile."""
        self.release_if_held_long(WAIT_HOLD_S)
