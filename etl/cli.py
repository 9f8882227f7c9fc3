"""python -m etl load [--db PATH] [--institution NAME] [--year N] PATH..."""
from __future__ import annotations

import argparse
import getpass
import itertools
import multiprocessing
import os
import sys
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from etl import store
from etl.model import RejectedFile, WorkbookData
from etl.pipeline import read_workbook
from etl.workbook import sha256_of

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls"}


@dataclass
class FileReport:
    path: Path
    status: str  # 'loaded' | 'rejected'
    message: str = ""
    data: WorkbookData | None = None
    warnings: list[str] = field(default_factory=list)
    name: str = ""  # what the user called the file; an upload is read from a generated path

    summary: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.name = self.name or self.path.name
        if self.data is not None:
            # Keep the report, not the workbook: a load of thousands of files must not hold them all.
            d, self.data = self.data, None
            months = sum(len(a.months) for a in d.activities)
            quarters = sum(1 for a in d.activities for t, r in a.quarters.values()
                           if t is not None or r is not None)
            self.summary = [
                f"✓ {self.name}: cargado — {d.institution} {d.year}",
                f"    formato: {d.layout}",
                f"    hojas leídas: {', '.join(d.sheets_read)}",
                f"    actividades: {len(d.activities)} · meses programados: {months} · "
                f"metas trimestrales: {quarters} · líneas de presupuesto: {len(d.budget_lines)}",
            ]

    def lines(self) -> list[str]:
        if self.status == "rejected":
            return [f"✗ {self.name}: RECHAZADO — {self.message}"]
        return self.summary + [f"    aviso: {w}" for w in self.warnings]


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
    data, message = _read(path, institution, year, name)
    return _write(con, path, data, message, name, loaded_by)


def load_file_at(db: Path | None, path: Path, institution: str | None = None,
                 year: int | None = None, name: str | None = None, schema: bool = True,
                 loaded_by: str | None = None) -> FileReport:
    """Like load_file, holding the store only while writing: the dashboard may be reading it.

    `schema=False` when the caller has already created or upgraded the store in this run."""
    data, message = _read(path, institution, year, name)
    con = store.connect(db, schema=schema)
    try:
        return _write(con, path, data, message, name, loaded_by)
    finally:
        con.close()


def _read(path: Path, institution: str | None, year: int | None,
          name: str | None = None) -> tuple[WorkbookData | None, str]:
    try:
        return read_workbook(path, institution=institution, year=year, name=name), ""
    except RejectedFile as exc:
        return None, str(exc)
    except Exception as exc:  # a reader bug must not take the other files down with it
        return None, (f"error inesperado al leer el libro ({type(exc).__name__}: {exc}); "
                      "avise al equipo del tablero")


def read_all(files: list[Path], institution: str | None, year: int | None, workers: int | None = None):
    """(path, (data, message)) for each file, in order, read on every core while the caller writes.

    Reading is the slow part and needs no store; writing stays in this process, one workbook at a time.
    At most two files per worker are read ahead, so memory stays flat however many files there are.
    """
    workers = workers or min(os.cpu_count() or 1, 4)
    if workers < 2 or len(files) < 3:
        for path in files:
            yield path, _read(path, institution, year)
        return
    pending: deque = deque()
    todo = iter(files)
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            for path in itertools.islice(todo, 2 * workers):
                pending.append((path, pool.submit(_read, path, institution, year)))
            while pending:
                path, future = pending[0]
                result = future.result()
                pending.popleft()
                yield path, result
                for nxt in itertools.islice(todo, 1):
                    pending.append((nxt, None))  # if the pool is broken, the fallback still reads it
                    pending[-1] = (nxt, pool.submit(_read, nxt, institution, year))
    except BrokenProcessPool:
        # A reader process died (killed, out of memory, could not start): finish here, one by one,
        # starting with the file whose result was lost.
        for path, _ in pending:
            yield path, _read(path, institution, year)
        for path in todo:
            yield path, _read(path, institution, year)


def cli_user() -> str:
    """Who runs this process, for source_files.loaded_by when no signed-in user asked for the load."""
    try:
        return f"cli:{getpass.getuser()}"
    except (OSError, KeyError):  # no login name and no passwd entry (some containers)
        return "cli:desconocido"


def _write(con, path: Path, data: WorkbookData | None, message: str, name: str | None = None,
           loaded_by: str | None = None) -> FileReport:
    name = name or path.name
    loaded_by = loaded_by or cli_user()
    if data is not None:
        try:
            store.write_workbook(con, data, message=_summary(data), loaded_by=loaded_by)
            return FileReport(path, "loaded", data=data, warnings=data.warnings, name=name)
        except Exception as exc:
            message = f"no se pudo guardar en el almacén ({type(exc).__name__}: {exc}); el almacén quedó como estaba"
    try:
        digest = sha256_of(path)
    except OSError:
        digest = ""
    store.record_rejection(con, name, digest, message, loaded_by=loaded_by)
    return FileReport(path, "rejected", message=message, name=name)


def _summary(data: WorkbookData) -> str:
    text = f"{len(data.activities)} actividades de {len(data.sheets_read)} hojas"
    if data.warnings:
        text += f"; {len(data.warnings)} avisos: " + " | ".join(data.warnings)
    return text


class Progress:
    """A plain progress bar on stderr, shown only when many files are loaded into a terminal or CI log."""

    def __init__(self, total: int, stream=sys.stderr):
        self.total, self.stream, self.done = total, stream, 0
        self.enabled = total >= 5

    def step(self, name: str) -> None:
        self.done += 1
        if not self.enabled:
            return
        width = 30
        filled = width * self.done // self.total
        bar = "█" * filled + "·" * (width - filled)
        end = "\n" if self.done == self.total else "\r"
        self.stream.write(f"[{bar}] {self.done}/{self.total} {name[:40]:<40}{end}")
        self.stream.flush()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m etl", description="Carga planes operativos (POA) en el almacén DuckDB.")
    sub = parser.add_subparsers(dest="command", required=True)
    load = sub.add_parser("load", help="carga libros .xlsx (archivos o carpetas)")
    load.add_argument("paths", nargs="+", metavar="PATH", help="libros .xlsx o carpetas que los contienen")
    load.add_argument("--db", type=Path, default=None, help="archivo DuckDB (por defecto data/poa.duckdb o $POA_DB)")
    load.add_argument("--institution", default=None, help="institución, si el libro no la indica")
    load.add_argument("--year", type=int, default=None, help="año del plan, si el libro no lo indica")
    return parser


def main(argv: list[str] | None = None) -> int:
    # A console or log that cannot show '✓', 'ñ' (cp1252, ascii) must not turn the report into a traceback.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    if args.year is not None and not 1990 <= args.year <= 2100:
        print(f"--year {args.year}: escriba el año del plan con cuatro cifras, p. ej. 2024.", file=sys.stderr)
        return 2
    files, missing = expand(args.paths)
    for m in missing:
        print(f"✗ {m}: no existe", file=sys.stderr)
    if not files:
        print("No se encontró ningún libro .xlsx en las rutas indicadas.", file=sys.stderr)
        return 2
    try:
        store.connect(args.db).close()  # create or upgrade the store before the first file
    except Exception as exc:
        print(f"No se pudo abrir el almacén {args.db or store.default_db()}: {exc}", file=sys.stderr)
        return 2
    progress = Progress(len(files))
    reports = []
    for path, (data, message) in read_all(files, args.institution, args.year):
        try:
            con = store.connect(args.db, schema=False)
            try:
                report = _write(con, path, data, message)
            finally:
                con.close()
        except store.StoreBusy as exc:
            report = FileReport(path, "rejected", message=str(exc))
        reports.append(report)
        progress.step(path.name)
    for report in reports:
        print("\n".join(report.lines()))
    loaded = sum(r.status == "loaded" for r in reports)
    rejected = len(reports) - loaded
    print(f"\nResumen: {loaded} cargados, {rejected} rechazados, de {len(reports)} libros.")
    return 1 if rejected or missing else 0
