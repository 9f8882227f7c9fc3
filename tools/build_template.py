"""python -m tools.build_template: write docs/plantilla_poa.xlsx, the canonical layout with one example row."""
from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.styles import Font, PatternFill

from etl.normalize.months import MONTH_ABBR

ROOT = Path(__file__).resolve().parents[1]
COLUMNS = (
    ["Eje", "Objetivo estratégico", "Unidad", "Unidad líder", "Producto", "Código", "Actividad",
     "Indicador", "Meta anual", "Unidad de medida", "Responsable", "Presupuesto", "Moneda",
     "Nota de presupuesto", "Riesgo", "Mitigación", "Observaciones"]
    + MONTH_ABBR
    + [f"Meta T{q}" for q in range(1, 5)] + [f"Real T{q}" for q in range(1, 5)]
)
EXAMPLE = {
    "Eje": "Procesos internos", "Objetivo estratégico": "Automatizar los procesos institucionales",
    "Unidad": "Planificación y Desarrollo", "Código": "1.1",
    "Actividad": "Implementar software de planificación", "Indicador": "# de procesos automatizados",
    "Meta anual": "4", "Unidad de medida": "procesos", "Responsable": "Planificación",
    "Presupuesto": "RD$250,000.00", "Moneda": "DOP", "May": "X", "Jun": "X",
    "Meta T2": 2, "Meta T3": 1, "Meta T4": 1,
}


def build(out: Path = ROOT / "docs" / "plantilla_poa.xlsx") -> Path:
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


if __name__ == "__main__":
    print(build())
