"""python -m etl load [--db ARCHIVO] [--institution NOMBRE] [--year AAAA] RUTA...: arguments and report;
the loading itself is etl/load/."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from etl import store
from etl.argparse_es import SpanishParser, whole_number
from etl.load.files import expand
from etl.load.report import plural
from etl.load.service import StoreUnavailable, load_files
from etl.model import PLAN_YEARS


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
    parser = SpanishParser(prog="python -m etl", description="Carga planes operativos (POA) en el almacén DuckDB.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="ORDEN")
    load = sub.add_parser("load", help="carga libros .xlsx, .xlsm, .xls, .ods o .csv (archivos o carpetas)",
                          description="Carga libros POA en el almacén; cada libro se lee antes de tocarlo, "
                                      "y uno rechazado lo deja como estaba.")
    load.add_argument("paths", nargs="+", metavar="RUTA",
                      help="libros .xlsx, .xlsm, .xls, .ods o .csv, o carpetas que los contienen")
    load.add_argument("--db", type=Path, default=None, metavar="ARCHIVO",
                      help="archivo DuckDB (por defecto data/poa.duckdb o $POA_DB)")
    load.add_argument("--institution", default=None, metavar="NOMBRE", help="institución, si el libro no la indica")
    load.add_argument("--year", type=whole_number, default=None, metavar="AAAA",
                      help="año del plan, si el libro no lo indica")
    names = sub.add_parser("names", help="vuelve a aplicar el catálogo de nombres (data/catalog/) al almacén")
    names.add_argument("--db", type=Path, default=None, metavar="ARCHIVO",
                       help="archivo DuckDB (por defecto data/poa.duckdb o $POA_DB)")
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
    if args.command == "names":
        from etl.store.rename import main as names_main
        return names_main(args.db)
    if args.year is not None and not PLAN_YEARS[0] <= args.year <= PLAN_YEARS[1]:
        print(f"--year {args.year}: escriba el año del plan con cuatro cifras, p. ej. 2024.", file=sys.stderr)
        return 2
    files, missing = expand(args.paths)
    for m in missing:
        print(f"✗ {m}: no existe", file=sys.stderr)
    if not files:
        print("No se encontró ningún libro .xlsx, .xlsm, .xls, .ods ni .csv en las rutas indicadas.", file=sys.stderr)
        return 2
    progress = Progress(len(files))
    try:
        # The store is created or upgraded while the readers read the first files.
        reports = load_files(files, args.db, args.institution, args.year, on_file=lambda r: progress.step(r.name),
                             open_store=True)
    except StoreUnavailable as exc:
        print(f"No se pudo abrir el almacén {args.db or store.default_db()}: {exc}", file=sys.stderr)
        return 2
    for report in reports:
        print("\n".join(report.lines()))
    loaded = sum(r.status == "loaded" for r in reports)
    rejected = len(reports) - loaded
    print(f"\nResumen: {plural(loaded, 'cargado', 'cargados')}, {plural(rejected, 'rechazado', 'rechazados')}, "
          f"de {plural(len(reports), 'libro', 'libros')}.")
    return 1 if rejected or missing else 0
