"""Writing one workbook that was read, or the reason it was not, into the store."""
from __future__ import annotations

import functools
import getpass
from pathlib import Path

import duckdb

from etl import store
from etl.load.report import FileReport, summary
from etl.model import WorkbookData
from etl.workbook import sha256_of


@functools.lru_cache(maxsize=1)
def cli_user() -> str:
    """Who runs this process, for source_files.loaded_by when no signed-in user asked for the load.

    Asked once per process: the password-database lookup is not free, and a load has thousands of workbooks."""
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
