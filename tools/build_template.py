"""python -m tools.build_template SALIDA.xlsx: the canonical layout (etl/readers/template.py) with one example row.

The tracked docs/plantilla_poa.xlsx is rewritten only when asked for by name (--docs): running the tool
to get a blank copy must not leave a changed file in the repository.
"""
from __future__ import annotations

import sys
from pathlib import Path

import openpyxl
from openpyxl.styles import Font, PatternFill

from etl.argparse_es import SpanishParser
from etl.normalize.months import MONTH_ABBR

ROOT = Path(__file__).resolve().parents[1]
DOCS_COPY = ROOT / "docs" / "plantilla_poa.xlsx"
COLUMNS = (
    ["Eje", "Objetivo estratégico", "Unidad", "Unidad líder", "Producto", "Código", "Actividad",
     "Indicador", "Meta anual", "Unidad de medida", "Responsable", "Presupuesto", "Moneda",
     "Nota de presupuesto", "Riesgo", "Mitigación", "Observaciones"]
    + MONTH_ABBR
    + [f"Meta T{q}" for q in range(1, 5)] + [f"Real T{q}" for q in range(1, 5)]
)
# The months marked and the quarterly targets tell the same story: two processes in May and June (T2),
# one in September (T3), one in December (T4); four in the year.
EXAMPLE = {
    "Eje": "Procesos internos", "Objetivo estratégico": "Automatizar los procesos institucionales",
    "Unidad": "Planificación y Desarrollo", "Código": "1.1",
    "Actividad": "Implementar software de planificación", "Indicador": "# de procesos automatizados",
    "Meta anual": "4", "Unidad de medida": "procesos", "Responsable": "Planificación",
    "Presupuesto": "RD$250,000.00", "Moneda": "DOP", "May": "X", "Jun": "X", "Sep": "X", "Dic": "X",
    "Meta T2": 2, "Meta T3": 1, "Meta T4": 1,
}


def build(out: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "POA"
    ws.append(["Institución:", None])  # left blank: a placeholder must never load as a real institution
    ws.append(["Año:", 2026])
    ws.append([])
    ws.append(COLUMNS)
    ws.append([EXAMPLE.get(c) for c in COLUMNS])
    for cell in ws[4]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    ws.freeze_panes = "A5"
    wb.save(out)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = SpanishParser(prog="python -m tools.build_template",
                           description="Escribe la plantilla POA del tablero con una fila de ejemplo.")
    parser.add_argument("out", nargs="?", type=Path, metavar="SALIDA", help="libro .xlsx a escribir")
    parser.add_argument("--docs", action="store_true",
                        help=f"reescribe la copia del repositorio, {DOCS_COPY.relative_to(ROOT)}")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if (args.out is None) == (not args.docs):
        parser.print_usage(sys.stderr)
        print("Indique el libro a escribir (SALIDA) o --docs para reescribir la copia del repositorio, "
              "no ambos.", file=sys.stderr)
        return 2
    out = DOCS_COPY if args.docs else args.out
    try:
        print(build(out))
    except OSError as exc:
        why = ("la carpeta no existe" if isinstance(exc, FileNotFoundError) else
               "no hay permiso para escribir ahí" if isinstance(exc, PermissionError) else
               f"error del sistema ({exc.strerror or exc})")
        print(f"No se pudo escribir la plantilla en {out}: {why}.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
