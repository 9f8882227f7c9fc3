"""Loading workbooks into the store, with a report per file: what the CLI and the Datos page upload share.

Each workbook is read first (in other processes when there are many) and written in its own
transaction; a rejected one is recorded in source_files and leaves the store as it was.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from etl import store
from etl.load.hold import StoreHold
from etl.load.reading import read_all, read_alone
from etl.load.report import FileReport
from etl.load.writing import write_one


def load_file(con, path: Path, institution: str | None = None, year: int | None = None,
              name: str | None = None, loaded_by: str | None = None, profile: str | None = None) -> FileReport:
    """Read and write one workbook; a rejected one is recorded and leaves the store as it was.

    `name` is the file name to report and record when `path` is a temporary copy (an upload);
    `loaded_by` who asked for it (default: this process's OS user, as `cli:<user>`); `profile` the saved
    profile to read it by (data/profiles/), whatever its headers."""
    data, message = read_alone(path, institution, year, name, profile)
    return write_one(con, path, data, message, name, loaded_by)


def load_file_at(db: Path | None, path: Path, institution: str | None = None,
                 year: int | None = None, name: str | None = None, schema: bool = True,
                 loaded_by: str | None = None, profile: str | None = None) -> FileReport:
    """Like load_file, holding the store only while writing: the dashboard may be reading it.

    `schema=False` when the caller has already created or upgraded the store in this run.
    Raises store.StoreBusy when another process holds the store for too long."""
    data, message = read_alone(path, institution, year, name, profile)
    con = store.connect(db, schema=schema)
    try:
        report = write_one(con, path, data, message, name, loaded_by)
        store.refresh_stale_plans(con)
        return report
    finally:
        con.close()


def load_files(files: list[Path], db: Path | None = None, institution: str | None = None,
               year: int | None = None, on_file: Callable[[FileReport], None] | None = None,
               workers: int | None = None, open_store: bool = False,
               profile: str | None = None) -> list[FileReport]:
    """Load many workbooks, read in parallel and written one at a time, each all or nothing.

    The store must exist at its current schema before the first write: either the caller has opened it once
    (store.connect(db)), or `open_store` does that here once the readers have started, so that writing the
    schema of a new store overlaps their start (StoreUnavailable if it cannot be opened). One connection
    serves many workbooks, released at least every HOLD_S, and when the writer waits for a reader once held
    WAIT_HOLD_S; the workbooks written in between are committed together when it is released (hold.StoreHold).
    A store held by someone else for too long rejects that file only. `on_file` is told of each report
    once its workbook is committed. `profile` names the saved profile every file is read by (--perfil)."""
    reports = []
    hold = StoreHold(db)

    def hand_out():
        for report in hold.take():
            reports.append(report)
            if on_file:
                on_file(report)

    try:
        reading = read_all(files, institution, year, workers, on_wait=hold.release_while_waiting,
                           on_start=(lambda: _open(db)) if open_store else None, profile=profile)
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
