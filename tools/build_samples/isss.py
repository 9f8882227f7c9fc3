"""ISSS Unidad de Pensiones, Plan Anual de Trabajo 2021 (seed 004) as the workbook the unit keeps.

Three sheets, as the plan has three parts: operating targets per work line and department,
budgets per cost centre and rubro (stated in the plan's prose), and the 2021 projects with dates.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font

from etl.normalize.dates import parse_date

SEED = "004_e244c78ae46eeeef.txt"
FILE_NAME = "isss_pensiones_plan_2021.xlsx"
TITLES = ["INSTITUTO SALVADOREÑO DEL SEGURO SOCIAL", "UNIDAD DE PENSIONES", "PLAN ANUAL DE TRABAJO 2021"]

# OCR and markdown slips in the seed whose meaning is certain.
CORRECTIONS = {
    r"$\geq 90\%$": "≥90%",
    "US\\$": "US$",
    "EFFECTUAR": "EFECTUAR",
    "PENSIONES(en curso de pago)": "PENSIONES (en curso de pago)",
}
# Totals that are decimals in the source workbook; the text rendering shows them in a way our
# number reader takes for thousands. 7,021 is US$ 7.021 millions (first payments cannot exceed
# the 176.79 millions of all pensions); 1521.714 is thousands of US$ with three decimals.
NUMERIC_TOTALS = {"7,021": 7.021, "1521.714": 1521.714}
# Whole numbers the sheet holds as real numbers; every other total stays text as typed.
PLAIN_NUMBERS = {"30", "63", "223", "2", "3", "27", "240", "4", "1", "16", "15", "6", "233", "300"}

# Where the seed lists products apart from their units and totals (PDF columns split apart).
SPLIT_PRODUCTS = {
    "Gestión Pensiones": [
        "CONCESIÓN DE PENSIONES (nuevos casos)",
        "CONCESIÓN DE ASIGNACIONES POR INVALIDEZ, VEJEZ Y SOBREVIVENCIA",
        "CANTIDAD DE PENSIONES EN CURSO DE PAGO (A Diciembre 2020)",
        "MONTO EN CONCEPTO DE PAGO DE PENSIONES (en curso de pago)",
        "MONTO EN CONCEPTO DE PLANILLAS DE PRIMEROS PAGOS",
    ],
    "Departamento Desarrollo de TIC": [
        "SISTEMAS DE INFORMACIÓN IMPLEMENTADOS",
        "MANTENIMIENTOS, ACTUALIZACIONES Y MEJORAS A LOS SISTEMAS DE INFORMACIÓN",
        "ASISTENCIA TÉCNICA AL USUARIO",
        "RESPALDOS DIARIOS DE INFORMACIÓN",
        "MANTENIMIENTOS PREVENTIVOS",
    ],
    "Departamento de Inspección": ["INSPECCIONES GENERALES A PATRONOS"],
}
ADMIN_DEPARTMENTS = [
    "Departamento Administrativo", "Departamento Desarrollo de TIC", "Departamento de Inspección",
    "Departamento Desarrollo Organizacional", "Asesoría Jurídica",
]

# The budget part is prose; each amount below is checked against the seed text when building.
# (work line, cost centre, concept, rubro, amount as written in the sheet, text found in the seed, note)
BUDGET = [
    ("GESTIÓN PENSIONES", "Departamento de Beneficios Económicos y Servicios",
     "Pago de beneficios previsionales (pensiones y asignaciones)",
     "Rubro 53, Prestaciones de la Seguridad Social", None, "rubro 53, Prestaciones de la Seguridad Social",
     "El plan no indica el monto"),
    ("GESTIÓN DE COTIZACIONES RÉGIMEN DE IVM", "Departamento de Gestión de Cotizaciones",
     "Ingreso por cotizaciones percibidas", "Rubro 13 – Contribuciones a la Seguridad Social", None,
     "Rubro 13 – Contribuciones a la Seguridad Social",
     "Ingreso considerado en el proyecto de presupuesto 2019; el plan no indica el monto"),
    ("GESTIÓN ADMINISTRATIVA", "Departamento Administrativo",
     "Prestaciones al personal, pago de sueldos y subsidios a empleados", "Rubro 51 – Remuneraciones",
     "$4,996,685", "\\$4,996,685", None),
    (None, "Departamento Administrativo", "Capacitación al personal",
     "Rubro 56 – Transferencias corrientes (específico de becas)", 20000, "\\$20,000",
     "Política de austeridad: facilitadores internos y alianzas interinstitucionales"),
    (None, "Sección Digitalización y Archivo de Documentos",
     "Remuneraciones y logística de operación (meta 611,000 hojas digitalizadas e indexadas)", None,
     "$ 145,920", "\\$ 145,920", "Costo de $0.24 por cada imagen"),
    (None, "Departamento Desarrollo de TIC",
     "Mantenimientos preventivos y correctivos de equipo informático",
     "Rubro 54 - Adquisiciones de bienes y servicios", 63920, "\\$63,920", None),
    (None, "Departamento de Inspección", "Remuneraciones y costos de operación", None,
     "US$90,220.00", "\\$90,220", None),
    (None, "Departamento Desarrollo Organizacional", "Actividades operativas y de logística", None,
     "116,045", "\\$116,045", "Incluye $6,000 para pago de auditoría externa de calidad"),
    (None, "Asesoría Jurídica", "Remuneraciones y costos de operación", None, 95155, "\\$95,155", None),
    ("GESTIÓN FINANCIERA", "Departamento Financiero", "Remuneraciones y costos de operación", None,
     "$302,140", "\\$302,140", None),
]
BUDGET_TOTAL = 5830085

# Dates as the unit's sheet holds them: some typed as text (day first), some real Excel dates.
PROJECT_DATES = [
    ("03/01/2021", "PERMANENTE"),
    (dt.datetime(2020, 11, 27), "31/05/2021"),
    (dt.datetime(2021, 1, 3), dt.datetime(2021, 3, 27)),
    ("03/01/2021", dt.datetime(2021, 12, 1)),
    (dt.datetime(2021, 3, 1), dt.datetime(2021, 6, 30)),
    ("01/07/2021", "30/09/2021"),
]


def _fix(text: str) -> str:
    for wrong, right in CORRECTIONS.items():
        text = text.replace(wrong, right)
    return " ".join(text.split())


def _total(text: str):
    text = _fix(text)
    if text in NUMERIC_TOTALS:
        return NUMERIC_TOTALS[text]
    return int(text) if text in PLAIN_NUMBERS else text


def parse_targets(seed: str) -> list[tuple]:
    """(kind, ...) rows of the operating-targets sheet, in the seed's order."""
    lines = seed.splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith("Metas Operativas: Gestión Pensiones")
                 and i > 100)
    end = next(i for i, l in enumerate(lines) if l.startswith("PROYECTOS 2021") and i > start)
    rows: list[tuple] = []
    pending: list[str] = []  # products listed apart from their units and totals
    last_product = None
    for i in range(start, end):
        line = lines[i].strip()
        if line.startswith("Metas Operativas:"):
            axis = _fix(line.split(":", 1)[1]).rstrip(".")
            rows.append(("axis", axis))
            pending = SPLIT_PRODUCTS.get(axis, [])[:]
            intro = " ".join(lines[i + 1:i + 3])
            m = re.search(r"(Departamento [^.,]*?) que incluye", intro)
            if m:
                rows.append(("unit", m.group(1)))
        elif line.rstrip(":") in ADMIN_DEPARTMENTS:
            dept = line.rstrip(":")
            rows.append(("unit", dept))
            pending = SPLIT_PRODUCTS.get(dept, [])[:]
        elif line.startswith("Objetivo:"):
            text = line
            if not text.endswith("."):
                text += " " + next(l.strip() for l in lines[i + 1:] if l.strip())
            rows.append(("objective", _fix(text)))
        elif line.startswith("Propósito /Producto\t"):
            rows.append(("header", _fix(line.split("\t")[2])))
        elif "\t" in lines[i] and not line.startswith("Unidad de Medida"):
            cells = lines[i].split("\t")
            if len(cells) == 3:
                product, unit, total = cells
                if not product.strip():
                    rows.append(("continued", last_product, _fix(unit), _total(total)))
                    continue
                last_product = _fix(product)
                rows.append(("product", last_product, _fix(unit), _total(total)))
            elif len(cells) == 2 and pending:
                rows.append(("product", pending.pop(0), _fix(cells[0]), _total(cells[1])))
    return rows


def parse_projects(seed: str) -> list[tuple[str, str, str, str, str]]:
    """(name, objectives, expected results, start, end) of each project, HTML list markup dropped."""
    lines = seed.splitlines()
    start = max(i for i, l in enumerate(lines) if l.startswith("PROYECTOS 2021\t"))
    out = []
    for line in lines[start + 3:]:
        if line.startswith("Elaborado por"):
            break
        cells = line.split("\t")
        if len(cells) >= 5:
            out.append(tuple(_fix(re.sub(r"<[^>]+>", " ", c)) for c in cells[:5]))
    return out


def _title_rows(ws, subtitle: str, width: int) -> None:
    for r, text in enumerate([*TITLES, subtitle], start=1):
        ws.cell(r, 1, text).font = Font(bold=True, size=12 if r < 4 else 11)
        ws.cell(r, 1).alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)


def _group(ws, row: int, text: str, width: int, bold: bool = True) -> None:
    ws.cell(row, 1, text).font = Font(bold=bold)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)


def _targets_sheet(wb, seed: str) -> None:
    ws = wb.create_sheet("Metas operativas")
    _title_rows(ws, "PROGRAMACIÓN DE METAS OPERATIVAS", 3)
    ws.cell(6, 1, "Propósito /Producto")
    ws.cell(6, 2, "Unidad de Medida")
    ws.cell(6, 3, "PROGRAMACIÓN 2021")
    ws.cell(7, 3, "TOTALES")
    ws.merge_cells("A6:A7")
    ws.merge_cells("B6:B7")
    r = 8
    first_header = True
    for kind, *rest in parse_targets(seed):
        if kind == "axis":
            r += 1  # a blank row between work lines, as printed
            _group(ws, r, f"Línea de Trabajo: {rest[0]}", 3)
        elif kind in ("unit", "objective"):
            _group(ws, r, rest[0], 3, bold=kind == "unit")
            ws.cell(r, 1).alignment = Alignment(wrap_text=True)
        elif kind == "header":
            if first_header:  # the sheet's own header already stands above the first product
                first_header = False
                continue
            for c, text in enumerate(["Propósito /Producto", "Unidad de Medida", rest[0]], start=1):
                ws.cell(r, c, text).font = Font(bold=True)
        elif kind == "product":
            ws.cell(r, 1, rest[0]), ws.cell(r, 2, rest[1]), ws.cell(r, 3, rest[2])
        elif kind == "continued":
            # The product cell spans both of its measures, merged as in the source sheet.
            ws.merge_cells(start_row=r - 1, start_column=1, end_row=r, end_column=1)
            ws.cell(r, 2, rest[1]), ws.cell(r, 3, rest[2])
        r += 1
    ws.column_dimensions["A"].width = 60
    ws.column_dimensions["B"].width = 45
    ws.column_dimensions["C"].width = 14
    for row in ws.iter_rows(min_row=8, min_col=3, max_col=3):
        if isinstance(row[0].value, float):
            row[0].number_format = "0.000"


def _budget_sheet(wb, seed: str) -> None:
    ws = wb.create_sheet("Presupuesto")
    _title_rows(ws, "PRESUPUESTO POR CENTRO DE COSTO Y RUBRO", 5)
    for c, text in enumerate(["Centro de Costo", "Concepto", "PRESUPUESTO 2021", None, "Observaciones"], 1):
        ws.cell(6, c, text).font = Font(bold=True)
    ws.cell(7, 3, "Rubro").font = Font(bold=True)
    ws.cell(7, 4, "Monto (US$)").font = Font(bold=True)
    for rng in ("A6:A7", "B6:B7", "C6:D6", "E6:E7"):
        ws.merge_cells(rng)
    r = 8
    for line, centre, concept, rubro, amount, in_seed, note in BUDGET:
        assert in_seed in seed, in_seed
        if line:
            _group(ws, r, line, 5)
            r += 1
        for c, value in enumerate([centre, concept, rubro, amount, note], start=1):
            ws.cell(r, c, value)
        if isinstance(amount, int):
            ws.cell(r, 4).number_format = "#,##0"
        r += 1
    ws.cell(r, 1, "TOTAL").font = Font(bold=True)
    ws.cell(r, 4, BUDGET_TOTAL).number_format = "#,##0"
    for col, width in zip("ABCDE", (45, 60, 45, 16, 50)):
        ws.column_dimensions[col].width = width


def _projects_sheet(wb, seed: str) -> None:
    ws = wb.create_sheet("Proyectos 2021")
    _title_rows(ws, "PROYECTOS 2021", 5)
    header = ["NOMBRE", "OBJETIVOS", "RESULTADOS ESPERADOS", "PERÍODO DE EJECUCION", None]
    projects = parse_projects(seed)
    assert len(projects) == len(PROJECT_DATES), len(projects)
    r = 6
    for n, ((name, objectives, results, *printed), (start, end)) in enumerate(zip(projects, PROJECT_DATES)):
        assert [parse_date(d) for d in printed] == [parse_date(start), parse_date(end)], name
        if n in (0, 4):  # the table breaks across two pages; the header repeats on the second
            if n:
                r += 1
            for c, text in enumerate(header, start=1):
                ws.cell(r, c, text).font = Font(bold=True)
            ws.cell(r + 1, 4, "INICIO").font = Font(bold=True)
            ws.cell(r + 1, 5, "FIN").font = Font(bold=True)
            for rng in (f"A{r}:A{r + 1}", f"B{r}:B{r + 1}", f"C{r}:C{r + 1}", f"D{r}:E{r}"):
                ws.merge_cells(rng)
            r += 2
        for c, value in enumerate([name, objectives, results, start, end], start=1):
            ws.cell(r, c, value).alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(value, dt.datetime):
                ws.cell(r, c).number_format = "dd/mm/yyyy"
        r += 1
    for col, width in zip("ABCDE", (45, 55, 55, 13, 13)):
        ws.column_dimensions[col].width = width


def build(seeds: Path, out_dir: Path) -> Path:
    seed = (Path(seeds) / SEED).read_text(encoding="utf-8")
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    _targets_sheet(wb, seed)
    _budget_sheet(wb, seed)
    _projects_sheet(wb, seed)
    out = Path(out_dir) / FILE_NAME
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out
