"""python -m etl load [--db ARCHIVO] [--institution NOMBRE] [--year AAAA] [--perfil NOMBRE] RUTA...: arguments
and report; the loading itself is etl/load/. `python -m etl perfiles` lists the saved profiles (etl/profiles.py)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from etl import profiles, store
from etl.argparse_es import SpanishParser, whole_number
from etl.load.files import expand
from etl.load.report import plural
from etl.load.service import StoreUnavailable, load_files
from etl.model import PLAN_YEARS
from etl.roles import COLUMN_ROLES, parse_period_code


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
    load.add_argument("--perfil", default=None, metavar="NOMBRE",
                      help="lee los libros según un perfil guardado (data/profiles/, vea «python -m etl perfiles»), "
                           "sean cuales sean sus encabezados")
    names = sub.add_parser("names", help="vuelve a aplicar el catálogo de nombres (data/catalog/) al almacén")
    names.add_argument("--db", type=Path, default=None, metavar="ARCHIVO",
                       help="archivo DuckDB (por defecto data/poa.duckdb o $POA_DB)")
    sub.add_parser("perfiles", help="lista los perfiles de lectura guardados (data/profiles/ o $POA_PROFILES)",
                   description="Lista los perfiles de lectura guardados: qué papel tiene cada columna de los "
                               "libros que se leen con ellos.")
    return parser


def role_name(code: str) -> str:
    """A profile's role or period code in the Spanish the load report uses: «unidad», «T1 meta»."""
    period = parse_period_code(code)
    return str(period) if period else COLUMN_ROLES.get(code, code)


def list_profiles() -> int:
    """`python -m etl perfiles`: each saved profile and what it says of each column; then the files that cannot
    be read. 1 when there is such a file."""
    saved, broken = profiles.all_profiles(), profiles.problems()
    folder = profiles.profiles_dir()
    if not saved:
        print(f"No hay perfiles guardados en {folder}. Se guardan al asignar las columnas de un libro en la "
              "página Datos.")
    for p in saved:
        print(f"{p.name}" + (f" — {p.label}" if p.label and p.label != p.name else ""))
        print(f"    institución: {p.institution or '(cualquiera)'}")
        print(f"    guardado el {p.saved_on or '(sin fecha)'}" + (f" por {p.saved_by}" if p.saved_by else ""))
        print(f"    columnas ({len(p.columns)}):")
        for header, code in p.columns.items():
            print(f"        «{header}» → {role_name(code)}")
    if broken:
        print(f"\n{plural(len(broken), 'perfil no se puede leer', 'perfiles no se pueden leer')} (no se usan):")
        for problem in broken:
            print(f"    ✗ {problem}")
        return 1
    return 0


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
    if args.command == "perfiles":
        return list_profiles()
    if args.perfil is not None:
        try:
            args.perfil = profiles.named(args.perfil).name
        except profiles.ProfileError as exc:
            print(f"--perfil: {exc}.", file=sys.stderr)
            return 2
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
                             open_store=True, profile=args.perfil)
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
