"""Loading workbooks into the store, with a report per file: what the CLI and the Datos page upload share.

Each workbook is read first (in other processes when there are many) and written in its own
transaction; a rejected one is recorded in source_files and leaves the store as it was.
"""
from __future__ import annotations

import functools
import getpass
import os
import time
from collections import deque
from concurrent.futures import wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import duckdb

from etl import sandbox, store
from etl.store import turns
from etl.followup import label as followup_label
from etl.model import LoadWarning, RejectedFile, WorkbookData
from etl.pipeline import read_workbook
from etl.readers import layout_label as _layout_label
from etl.safety import count
from etl.workbook import sha256_of

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls"}
# A reader this slow to hand over its workbook makes the writer let go of the store meanwhile.
WAIT_S = 0.05


# The readers are looked up on disk for each label: once per layout and run is enough.
layout_label = functools.lru_cache(maxsize=None)(_layout_label)


# '1 hoja', '1,043 hojas': Spanish counts agree with their noun (the same rule as the safety messages).
plural = count


@dataclass
class FileReport:
    path: Path
    status: str  # 'loaded' | 'rejected'
    message: str = ""
    data: WorkbookData | None = None
    warnings: list[LoadWarning] = field(default_factory=list)
    name: str = ""  # what the user called the file; an upload is read from a generated path

    details: list[str] = field(default_factory=list)
    heading: str = ""

    def __post_init__(self):
        self.name = self.name or self.path.name
        if self.status == "rejected":
            self.heading = f"✗ {self.name}: RECHAZADO — {self.message}"
        if self.data is not None:
            # Keep the report, not the workbook: a load of thousands of files must not hold them all.
            d, self.data = self.data, None
            months = sum(len(a.months) for a in d.activities)
            quarters = sum(1 for a in d.activities for t, r in a.quarters.values()
                           if t is not None or r is not None)
            self.heading = f"✓ {self.name}: cargado — {d.institution} {d.year}"
            self.details = [
                f"formato: {', '.join(layout_label(code) for code in d.layouts)}",
                f"hojas leídas: {', '.join(d.sheets_read)}",
                f"actividades: {len(d.activities)} · meses programados: {months} · "
                f"metas trimestrales: {quarters} · líneas de presupuesto: {len(d.budget_lines)}",
                *([f"es el {followup_label(d.followup)} del plan" + (f" (al {d.cutoff:%d/%m/%Y})" if d.cutoff else "")]
                  if d.followup else []),
                *(f"plan: {change}" for change in d.plan_changes),
            ]

    def lines(self) -> list[str]:
        """The report as the CLI prints it: heading, details, then one line per warning."""
        if self.status == "rejected":
            return [self.heading]
        return [self.heading] + [f"    {d}" for d in self.details] + [f"    aviso: {w}" for w in self.warnings]


def expand(paths: list[str]) -> tuple[list[Path], list[str]]:
    """Files named, and the workbooks inside folders named; plus what does not exist."""
    files, missing = [], []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*")
                                if f.is_file() and f.suffix.lower() in WORKBOOK_SUFFIXES
                                and not f.name.startswith(("~$", "."))))
        elif p.is_file():
            files.append(p)
        else:
            missing.append(str(p))
    return files, missing


def load_file(con, path: Path, institution: str | None = None, year: int | None = None,
              name: str | None = None, loaded_by: str | None = None) -> FileReport:
    """Read and write one workbook; a rejected one is recorded and leaves the store as it was.

    `name` is the file name to report and record when `path` is a temporary copy (an upload);
    `loaded_by` who asked for it (default: this process's OS user, as `cli:<user>`)."""
    data, message = read_alone(path, institution, year, name)
    return write_one(con, path, data, message, name, loaded_by)


def load_file_at(db: Path | None, path: Path, institution: str | None = None,
                 year: int | None = None, name: str | None = None, schema: bool = True,
                 loaded_by: str | None = None) -> FileReport:
    """Like load_file, holding the store only while writing: the dashboard may be reading it.

    `schema=False` when the caller has already created or upgraded the store in this run.
    Raises store.StoreBusy when another process holds the store for too long."""
    data, message = read_alone(path, institution, year, name)
    con = store.connect(db, schema=schema)
    try:
        report = write_one(con, path, data, message, name, loaded_by)
        store.refresh_stale_plans(con)
        return report
    finally:
        con.close()


# How long a load run may hold the store before letting the dashboard's reads in (docs/reliability.md).
HOLD_S = 1.0
# Held at least this long, the store is also let go while the writer waits for a reader. Not sooner: each
# release checkpoints and the next write opens the store again (30-40 ms of CPU at 100,000 activities), and
# at the bench set the writer waited for a reader after nearly every workbook.
WAIT_HOLD_S = 0.25
LOAD_MEMORY = "64MB"


# The per-plan rows of the plans a load has touched are written again at most this often (and at its end):
# until then the dashboard works those plans' rows out at each read (etl/store.py, refresh_stale_plans).
REFRESH_S = 2.0


# Writing the per-plan rows of a few hundred plans at once took more than LOAD_MEMORY (200 plans of the bench set:
# about 70 MB); it holds no workbook's rows, so it gets more.
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
            # DuckDB keeps a transaction's rows in memory up to its limit (80 % of RAM by default): a
            # 60,000-activity workbook took 135 MB more to write. Past this it writes them to disk early.
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


def load_files(files: list[Path], db: Path | None = None, institution: str | None = None,
               year: int | None = None, on_file: Callable[[FileReport], None] | None = None,
               workers: int | None = None, open_store: bool = False) -> list[FileReport]:
    """Load many workbooks, read in parallel and written one at a time, each all or nothing.

    The store must exist at its current schema before the first write: either the caller has opened it once
    (store.connect(db)), or `open_store` does that here once the readers have started, as the schema takes
    a new store a fifth of a second (StoreUnavailable if it cannot be opened). One connection
    serves many workbooks, released at least every HOLD_S, and when the writer waits for a reader once held
    WAIT_HOLD_S; the workbooks written in between are committed together when it is released (StoreHold).
    A store held by someone else for too long rejects that file only. `on_file` is told of each report
    once its workbook is committed."""
    reports = []
    hold = StoreHold(db)

    def hand_out():
        for report in hold.take():
            reports.append(report)
            if on_file:
                on_file(report)

    try:
        reading = read_all(files, institution, year, workers, on_wait=hold.release_while_waiting,
                           on_start=(lambda: _open(db)) if open_store else None)
        for path, (data, message) in reading:
            try:
                hold.write(path, data, message)
            except store.StoreBusy as exc:
                hold.done.append(FileReport(path, "rejected", message=str(exc)))
            hold.release_if_held_long()
            hand_out()
        hold.finish()
        hand_out()
    except BaseException:
        hold.abandon()
        raise
    finally:
        hold.release()
    return reports


class StoreUnavailable(Exception):
    """load_files(open_store=True) could not create or open the store: nothing was written."""


def _open(db: Path | None) -> None:
    try:
        store.connect(db).close()
    except Exception as exc:
        raise StoreUnavailable(str(exc)) from exc


def read_one(path: Path, institution: str | None, year: int | None,
             name: str | None = None) -> tuple[WorkbookData | None, str]:
    """(data, '') or (None, the reason in Spanish): never raises, so one file cannot stop the others."""
    try:
        return read_workbook(path, institution=institution, year=year, name=name), ""
    except RejectedFile as exc:
        return None, str(exc)
    except MemoryError:
        return None, sandbox.STOPPED
    except Exception as exc:  # a reader bug must not take the other files down with it
        return None, (f"error inesperado al leer el libro ({type(exc).__name__}: {exc}); "
                      "avise al equipo del tablero")


def read_alone(path: Path, institution: str | None, year: int | None,
               name: str | None = None) -> tuple[WorkbookData | None, str]:
    """read_one in a reader process of its own (etl/sandbox.py): a file that kills its reader is rejected."""
    result = sandbox.run_alone(read_one, path, institution, year, name, fork=forkable())
    return result if result is not None else (None, sandbox.STOPPED)


def forkable() -> bool:
    """Whether readers may be forked from this process: a single thread (DuckDB runs its own while a connection
    is open), and no turn held at the store (a forked reader would keep it: etl/store/turns.py)."""
    return _threads() == 1 and turns.held() == 0


def _threads() -> int:
    """Threads of this process, DuckDB's native ones included (Linux); 0 when it cannot tell."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return 0


def read_all(files: list[Path], institution: str | None, year: int | None, workers: int | None = None,
             on_wait: Callable[[], None] | None = None, on_start: Callable[[], None] | None = None):
    """(path, (data, message)) for each file, in order, read in reader processes while the caller writes.

    Reading is the slow part and needs no store; writing stays in this process, one workbook at a time.
    At most two files per worker are read ahead, so memory stays flat however many files there are.
    A reader that dies (a hostile file, etl/sandbox.py) takes the files it had in hand with it: each of them
    is read again alone, so that only the one that killed it is rejected, and the rest go to a new pool.
    `on_wait` is called before waiting more than a moment for a reader (the writer lets go of the store);
    `on_start` once the readers are at work, before the first result is handed out.
    """
    workers = max(1, min(workers or min(os.cpu_count() or 1, 4), len(files)))
    todo = deque(files)
    started = False
    while todo:
        if not forkable():
            # Not the CLI before its first write (the dashboard, a test run, a pool that broke while the store is
            # held): one reader interpreter, files in turn (etl/sandbox.py).
            with sandbox.Interpreter() as reader:
                if on_start and not started:
                    started = True
                    on_start()
                while todo:
                    path = todo.popleft()
                    result = reader.run(read_one, path, institution, year)
                    yield path, result if result is not None else (None, sandbox.STOPPED)
            return
        pending: deque = deque()
        try:
            with sandbox.pool(workers) as pool:
                while todo and len(pending) < 2 * workers:
                    pending.append((todo[0], None))
                    pending[-1] = (todo[0], pool.submit(read_one, todo.popleft(), institution, year))
                if on_start and not started:  # after the fork: readers are forked from one thread
                    started = True
                    on_start()
                while pending:
                    path, future = pending[0]
                    result = await_reader(future, on_wait)
                    pending.popleft()
                    yield path, result
                    if todo:
                        pending.append((todo[0], None))  # if the pool is broken, it is read again below
                        pending[-1] = (todo[0], pool.submit(read_one, todo.popleft(), institution, year))
        except BrokenProcessPool:
            for path, _ in pending:
                yield path, read_alone(path, institution, year)


def await_reader(future, on_wait: Callable[[], None] | None):
    """A reader's result, calling `on_wait` every WAIT_S while it is not there: the writer lets go of the
    store once it has held it WAIT_HOLD_S, however long the reader takes (a big workbook takes seconds)."""
    if future is None:
        raise BrokenProcessPool("the pool broke before the file was handed to it")
    if on_wait:
        while not wait([future], timeout=WAIT_S).done:
            on_wait()
    return future.result()


@functools.lru_cache(maxsize=1)
def cli_user() -> str:
    """Who runs this process, for source_files.loaded_by when no signed-in user asked for the load.

    Asked once per process: the password-database lookup took about a millisecond per workbook."""
    try:
        return f"cli:{getpass.getuser()}"
    except (OSError, KeyError):  # no login name and no passwd entry (some containers)
        return "cli:desconocido"


def write_one(target, path: Path, data: WorkbookData | None, message: str, name: str | None = None,
              loaded_by: str | None = None, check: bool = True) -> FileReport:
    """Write what read_one returned, or record why not, into a connection (a transaction of its own) or an
    open store.Batch. In a batch (`check=False`) a failure to write is raised: the caller starts over."""
    name = name or path.name
    loaded_by = loaded_by or cli_user()
    if data is not None:
        try:
            if isinstance(target, store.Batch):
                target.write(data, message=summary(data), loaded_by=loaded_by)
            else:
                store.write_workbook(target, data, message=summary(data), loaded_by=loaded_by)
            return FileReport(path, "loaded", data=data, warnings=data.warnings, name=name)
        except Exception as exc:
            if not check:
                raise
            message = ("no se pudo guardar: " + store.describe(_db_of(target), exc) if store.problem(exc)
                       else f"no se pudo guardar en el almacén ({type(exc).__name__}: {exc}); el almacén quedó "
                            "como estaba")
    try:
        digest = sha256_of(path)
    except OSError:
        digest = ""
    try:
        if isinstance(target, store.Batch):
            target.reject(name, digest, message, loaded_by=loaded_by)
        else:
            store.record_rejection(target, name, digest, message, loaded_by=loaded_by)
    except duckdb.Error:
        if check:  # the store cannot take even the rejection (disk full): the report still says why
            message += " (el rechazo no se pudo anotar en el almacén)"
        else:
            raise
    return FileReport(path, "rejected", message=message, name=name)


def _db_of(target) -> str:
    con = target.con if isinstance(target, store.Batch) else target
    try:
        return con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
                           ).fetchone()[0] or "en memoria"
    except duckdb.Error:
        return "(su archivo)"


def summary(data: WorkbookData) -> str:
    """source_files.message of a loaded workbook; its warnings themselves are rows of load_warnings."""
    text = (f"{plural(len(data.activities), 'actividad', 'actividades')} de "
            f"{plural(len(data.sheets_read), 'hoja', 'hojas')}")
    if data.warnings:
        text += f"; {plural(len(data.warnings), 'aviso', 'avisos')}"
    return text
