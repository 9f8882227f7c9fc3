"""Tesorería de la Seguridad Social, POA 2024: the period-matrix workbook, one sheet per axis.

The seed is a PDF rendering: one tab-separated line per table row, with cells that slid left or
right where the PDF had merged or empty cells. Each line is put back in its columns by anchoring
on what can be recognised (month names for the period, amounts or 'Contemplado ...' for the
budget); OVERRIDES holds the rows whose meaning is certain but which no rule can place.
"""
from __future__ import annotations

import re
from itertools import combinations
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from etl.normalize.months import parse_month, parse_period
from etl.normalize.text import fold

SEED = "001_217690730be838ed.txt"
FILE = "tss_poa_2024.xlsx"

LEFT = ["product", "result", "description", "management", "activity", "activity_type",
        "target", "indicator", "verification", "responsible", "support"]
TAIL = ["budget", "risk", "mitigation", "observations"]
FIELDS = LEFT + ["start", "end"] + TAIL

# Header text per field, as the TSS writes it; the sheets differ as the PDF pages did.
HEADERS = {
    "product": "Productos", "result": "Resultado esperado", "description": "Descripción",
    "management": "Tipo de Gestión", "activity": "Actividades", "activity_type": "Tipo de Actividad",
    "target": "Meta", "indicator": "Indicadores", "verification": "Medio de Verificación",
    "responsible": "Responsable(s)", "support": "Área de Soporte", "start": "Inicio", "end": "Fin",
    "budget": "Presupuesto (RD$)", "risk": "Riesgo asociado", "mitigation": "Acción de mitigación",
    "observations": "Observaciones",
}
SHEETS = {
    # axis number word -> (sheet name, fields shown, header text changes)
    "Primer": ("Primer Eje", FIELDS, {}),
    "Segundo": ("Segundo Eje", [f for f in FIELDS if f not in ("activity_type", "observations")], {}),
    # The third axis's pages say 'Producción' and drop accents in the period header.
    "Tercer": ("Tercer Eje", FIELDS, {"product": "Producción", "start": "Inicio", "end": "Fin"}),
}
PERIOD_HEADER = {"Primer": "Período de Ejecución", "Segundo": "Período de Ejecución",
                 "Tercer": "Periodo de Ejecucion"}

# OCR slips whose meaning is certain.
CELL_FIXES = {
    "313.112.402.00": "313,112,402.00",  # dots for commas: three hundred thirteen million
    "Año": "Diciembre",  # 'Enero | Año': the whole year
}

# Seed line number -> the row(s) it stands for, by field. Rows the OCR ran together are split.
OVERRIDES: dict[int, list[dict[str, str]]] = {
    # Meta and indicator slid one column left; the activity text was lost in the PDF.
    27: [{"target": "2", "indicator": "seminarios web realizados", "verification": "Convocatoria / Listado de participantes",
          "responsible": "Análisis de Capacitación Externa", "support": "Comunicaciones / DTI", "start": "Febrero",
          "end": "Diciembre", "budget": "RD$250,000.00",
          "risk": "Baja disponibilidad de espacio físico para impartir capacitaciones.",
          "mitigation": "Elaboración de Plan de Capacitaciones con fechas estimadas para reserva de sala con tiempo anticipado."}],
    28: [{"target": "100%", "indicator": "Campaña publicitaria ejecutada", "verification": "Correos electrónicos",
          "responsible": "Análisis de Capacitación Externa", "support": "Comunicaciones", "start": "Marzo",
          "end": "Diciembre", "risk": "No asistencia de personas registradas en capacitaciones.",
          "mitigation": "Correcta difusión en redes sociales y comunicación constante con empleadores y representantes. "
                        "Fortalecer las habilidades de gestión de los colaboradores a través del Programa de "
                        "Capacitación Interna de la Dirección de RRHH",
          "observations": "Comunicaciones"}],
    # A third activity of the same product, its cells scattered over the row.
    38: [{"result": "Facilitar el acceso para seguimiento de casos", "target": "100%",
          "indicator": "Inclusión solicitada a DTI", "verification": "Correo electrónico", "support": "DTI",
          "responsible": "Dpto. Trámites y Servicios", "start": "Febrero", "end": "Mayo"}],
    # The support area 'DTI' slid to the far right.
    41: [{"activity": "Supervisión de índice de asistencia a usuarios brindadas con éxito por el Centro de Asistencia al Usuario",
          "target": "80%", "indicator": "Índice de asistencia recibida 90%", "verification": "Fidelity Report / Task To",
          "responsible": "Centro de Asistencia al Usuario", "support": "DTI"}],
    # Stray page-footer digits after the activities.
    74: [{"activity": "Hacer del plan de capacitaciones OAI 2023, a un 40% de los colaboradores.",
          "observations": "1 visita al año a cada regional"}],
    75: [{"activity": "Visitar las regionales para capacitación temas de transparencia"}],
    # The follow-up activity slid into the risk column.
    77: [{"activity": "Realizar el suministro de insumo digital de información al Departamento de Comunicaciones."},
         {"activity": "Dar seguimiento al proceso de publicación."}],
    79: [{"activity": "Hacer reuniones inicial con departamentos correspondiente"},
         {"activity": "Remitir las evidencias a la OGTIC"},
         {"activity": "Dar seguimiento a solicitud de evidencias"},
         {"activity": "Remitir evidencias OPTIC"},
         {"activity": "Informe sobre auditoría a las evidencias"}],
    # The activities were printed in the description column.
    104: [{"result": "Hacermente que permita la administración de la gestión de los auditors a fin de optimizar "
                     "los procesos, permitiendo la movilidad y minimizando los costos humanos.",
           "activity": "Implementación de información / Implementación de la herramienta / Capacitación de "
                       "usuarios / Evaluación de funcionalidad y pase a producción",
           "target": "100%", "indicator": "Nivel de avance de la implementación",
           "verification": "Entregables de avance de implementación", "responsible": "Director de Fiscalización Externa",
           "support": "DTI", "start": "Enero", "end": "Diciembre", "budget": "$14,000,000.00"}],
    # The responsible unit runs on over the page break.
    80: [{"product": "Normas Internacionales ISO", "result": "Consolidar la imagen de la TSS",
          "description": "Implementar y mantener medidas correctivas que les permitan prevenir.",
          "activity": "Acompañar en el proceso de Consultoría sobre implementación de las Normas Internacionales "
                      "ISO 3700:2021 Cumplimiento Normativo - ISO 3700:2016 Anti soborno",
          "target": "100 % Certificación ISO 3700:2016 Anti soborno.",
          "responsible": "Encargado Depto. Acceso a la Información/Auxiliar Acceso a la Información.",
          "risk": "Incumplimiento en el contrato y TDR", "mitigation": "Ejecutar la cláusula de garantía"}],
    # Four activities of the certification product, the last one with its risk.
    124: [{"activity": "Solicitar la Auditoría", "risk": "Que la legalidad en dar la evaluación"}],
    # Activities the PDF printed in the risk/mitigation columns of the row above.
    141: [{"activity": "Realizar el diseño de los módulos"},
          {"activity": "Realizar la programación de los módulos"},
          {"activity": "Realizar las pruebas de funcionalidad"}],
    143: [{"activity": "Realizar la implementación y Migración de Datos."},
          {"activity": "Realizar el monitoreo y soporte inicial."},
          {"activity": "Realizar las evaluaciones y reportes Continuos."}],
    145: [{"activity": "Desarrollo de Indicadores de Viabilidad"},
          {"activity": "Modelado Predictivo"},
          {"activity": "Promoción de Resultados"}],
    147: [{"activity": "Renovación y adquisición de licencias informáticas"},
          {"activity": "Soportes a equipos"}],
    149: [{"activity": "Realizar Pruebas Calidad de Software"}],
    151: [{"activity": "Realizar Pruebas Calidad de Software",
           "risk": "Implementar pruebas exhaustivas y rigurosas durante el desarrollo. Establecer protocolos de pruebas y control de calidad.",
           "mitigation": "Proporcionar capacitación exhaustiva y comunicación clara sobre los beneficios del nuevo sistema. "
                         "Involucrar a los usuarios en el proceso de diseño y reentrenamiento."}],
    153: [{"activity": "Identificación y evaluación de fuentes de datos disponibles."},
          {"activity": "Selección y transformación de datos de interés. Construcción de bases de datos."},
          {"activity": "Contribución de labores interactivas."}],
}


def _cells(line: str) -> list[str]:
    line = line.replace("\\$", "$").replace("<b>", "").replace("</b>", "")
    cells = [" ".join(c.split()) for c in line.rstrip("\n").split("\t")]
    return [CELL_FIXES.get(c, c) for c in cells]


def _is_month(cell: str) -> bool:
    return bool(cell) and cell.isalpha() and parse_month(cell) is not None and len(cell) > 3


def _is_period(cell: str) -> bool:
    return " - " in cell and parse_period(cell) is not None or fold(cell) == "todos los dias"


def _is_budget(cell: str) -> bool:
    text = fold(cell)
    return bool(re.match(r"(contempl|conting|controlad|gestion operativa|gestion inici|gestion incent)", text)
                or re.fullmatch(r"(rd|us)?\$? ?\d{1,3}([.,]\d{3})+([.,]\d\d)?", cell.replace(" ", "").lower())
                or cell.startswith(("RD$", "$")))


_UNIT_WORDS = ("encargad", "director", "direccion", "departamento", "dpto", "depto", "rrhh", "pyd",
               "enc ", "ene ", "gerente", "coordinador", "analisis de capacitacion", "monitores",
               "centro de", "auxiliar", "escarado", "division")
_TYPES = ("gestion interna", "proceso de compra")


def _unit_like(cell: str) -> bool:
    return fold(cell).startswith(_UNIT_WORDS)


def _score(fields: list[str], cells: list[str]) -> int:
    row = dict(zip(fields, cells))
    score = 2 * _unit_like(row.get("responsible", ""))
    score += fold(row.get("activity_type", "")) in _TYPES + ("",)
    score -= _unit_like(row.get("target", "")) + _unit_like(row.get("indicator", ""))
    return score


def _realign(middle: list[str], fields: list[str], prefer_right: bool) -> list[str]:
    """Cells between the activity and the period, fitted to `fields` by adding or dropping blanks."""
    d = len(fields) - len(middle)
    if d == 0:
        return middle
    if d > 0:
        order = range(len(middle), -1, -1) if not prefer_right else range(len(middle) + 1)
        options = [middle[:p] + [""] * d + middle[p:] for p in order]
    else:
        empties = [i for i, c in enumerate(middle) if not c]
        options = [[c for i, c in enumerate(middle) if i not in drop]
                   for drop in combinations(empties, -d)] or [middle[:len(fields)]]
    return max(options, key=lambda o: _score(fields, o))


def place(cells: list[str], with_type: bool) -> dict[str, str]:
    """One seed row put back in its columns."""
    left = [f for f in LEFT if with_type or f != "activity_type"]
    expected = len(left)
    act = left.index("activity")
    anchor = next((i for i in range(5, len(cells)) if _is_month(cells[i]) or _is_period(cells[i])), None)
    row: dict[str, str] = {}
    if anchor is not None:
        before = cells[anchor - 1]
        prefer_right = not before or fold(before) == "n a"
        head = cells[:act + 1] + _realign(cells[act + 1:anchor], left[act + 1:], prefer_right)
    else:
        head = cells[:expected]
    for field, cell in zip(left, head):
        if cell:
            row[field] = cell
    if anchor is None:
        tail = cells[expected:]
    elif _is_period(cells[anchor]):
        row["start"] = cells[anchor]
        tail = cells[anchor + 1:]
    else:
        row["start"] = cells[anchor]
        nxt = cells[anchor + 1] if anchor + 1 < len(cells) else ""
        if _is_month(nxt):
            row["end"] = nxt
            tail = cells[anchor + 2:]
        else:
            tail = cells[anchor + 1:]
    tail = [c for c in tail if c and c != row.get("responsible")]
    for i, cell in enumerate(tail[:-1]):
        if _is_month(tail[i + 1]) and not _is_month(cell) and not _is_budget(cell):
            # 'Comunicaciones | Enero | Diciembre': a second support area printed with its period again.
            row["support"] = " / ".join(filter(None, [row.get("support"), cell]))
            tail[i] = ""
    tail = [c for c in tail if c and not _is_month(c)]  # the period printed twice
    if anchor is None and tail and _unit_like(tail[0]) and not row.get("responsible"):
        row["responsible"] = tail.pop(0)
    elif anchor is None and tail and not row.get("support") and len(tail[0]) < 40 \
            and not _is_budget(tail[0]) and not tail[0].startswith(("Que ", "No ")):
        row["support"] = tail.pop(0)
    budget = []
    while tail and (_is_budget(tail[0]) or (budget and tail[0].isdigit() and len(tail[0]) == 1)):
        cell = tail.pop(0)
        if not cell.isdigit():  # a lone '5' beside the budget is a footnote mark
            budget.append(cell)
    if budget:
        row["budget"] = " / ".join(budget)
    for field, cell in zip(["risk", "mitigation"], tail):
        row[field] = cell
    if len(tail) > 2:
        row["observations"] = " ".join(tail[2:])
    return row


def parse_seed(text: str) -> list[tuple[str, str, list[dict]]]:
    """(axis word, axis name, rows) per PDF page; a row is a dict of fields or {'objective': ...}."""
    pages: list[tuple[str, str, list[dict]]] = []
    with_type = True
    product_rows = 0
    for n, line in enumerate(text.splitlines(), start=1):
        cells = _cells(line)
        first = cells[0]
        m = re.match(r"(Primer|Segundo|Tercer) Eje:", first)
        if m:
            name = next(c for c in cells[1:] if c)
            pages.append((m.group(1), name, []))
            continue
        if first in ("Productos", "Producción", "Proyecto") and "Actividades" in cells:
            with_type = "Tipo de Actividad" in cells
            continue
        if "Objetivo Estratégico" in line:
            words = " ".join(c for c in cells if c)
            pages[-1][2].append({"objective": words.split(":", 1)[1].strip()})
            continue
        if "\t" not in line or not any(cells):
            continue
        if n in OVERRIDES:
            pages[-1][2].extend(dict(r) for r in OVERRIDES[n])
            continue
        filled = [c for c in cells if c]
        if first and len(filled) == 1 and product_rows:
            # An activity that lost its leading tabs.
            pages[-1][2].append({"activity": first})
            continue
        row = place(cells, with_type)
        if not row.get("activity") and not row.get("product"):
            # Text that overflowed from the row above (a long risk or mitigation).
            prev = next(r for r in reversed(pages[-1][2]) if "objective" not in r)
            prev["observations"] = " ".join(filter(None, [prev.get("observations"), *filled]))
            continue
        product_rows += 1
        pages[-1][2].append(row)
    return pages


def _style_header(ws, row: int, ncols: int) -> None:
    for c in range(1, ncols + 1):
        cell = ws.cell(row=row, column=c)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _write_header(ws, r: int, word: str, fields: list[str], changes: dict[str, str]) -> int:
    """The two header rows; every column merged down except the period, split into Inicio / Fin."""
    for c, field in enumerate(fields, start=1):
        if field == "start":
            ws.cell(row=r, column=c, value=PERIOD_HEADER[word])
            ws.merge_cells(start_row=r, start_column=c, end_row=r, end_column=c + 1)
            ws.cell(row=r + 1, column=c, value=changes.get("start", HEADERS["start"]))
        elif field == "end":
            ws.cell(row=r + 1, column=c, value=changes.get("end", HEADERS["end"]))
        else:
            ws.cell(row=r, column=c, value=changes.get(field, HEADERS[field]))
            ws.merge_cells(start_row=r, start_column=c, end_row=r + 1, end_column=c)
    _style_header(ws, r, len(fields))
    _style_header(ws, r + 1, len(fields))
    return r + 2


def _value(field: str, text: str | None, word: str):
    """Most cells as typed; some figures stored as numbers, as a real workbook mixes both."""
    if text is None:
        return None
    if field == "target" and text.isdigit():
        return int(text)
    if field == "budget" and word == "Tercer" and re.fullmatch(r"\$ [\d,]+\.\d\d", text):
        return float(text[2:].replace(",", ""))
    return text


def build(seeds: Path, out_dir: Path) -> Path:
    pages = parse_seed((Path(seeds) / SEED).read_text(encoding="utf-8"))
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    sheets: dict[str, tuple] = {}
    for word, name, rows in pages:
        title, fields, changes = SHEETS[word]
        if word not in sheets:
            ws = wb.create_sheet(title)
            ncols = len(fields)
            for r, text in enumerate(["TESORERÍA DE LA SEGURIDAD SOCIAL", "Plan Operativo Anual 2024",
                                      "Dirección de Planificación y Desarrollo"], start=1):
                ws.cell(row=r, column=1, value=text).font = Font(bold=True, size=14 if r == 1 else 12)
                ws.cell(row=r, column=1).alignment = Alignment(horizontal="center")
                ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)
            r = 5
            sheets[word] = [ws, r, None]
        else:
            # A page break in the PDF: the axis line and the header are printed again.
            sheets[word][1] += 1
        ws, r, _ = sheets[word]
        ws.cell(row=r, column=1, value=f"{title}:").font = Font(bold=True)
        ws.cell(row=r, column=2, value=name).font = Font(bold=True)
        r = _write_header(ws, r + 1, word, fields, changes)
        product_start = None
        for row in rows:
            if "objective" in row:
                ws.cell(row=r, column=1, value=f"Objetivo Estratégico: {row['objective']}").font = Font(bold=True)
                ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(fields))
                product_start = _merge_product(ws, product_start, r - 1, fields)
                r += 1
                continue
            if row.get("product"):
                _merge_product(ws, product_start, r - 1, fields)
                product_start = r
            if word == "Tercer" and row.get("start") and row.get("end") and r % 3 == 0:
                # Some planners write the period in one cell.
                row = {**row, "start": f"{row['start']} - {row['end']}", "end": None}
            for c, field in enumerate(fields, start=1):
                ws.cell(row=r, column=c, value=_value(field, row.get(field), word))
            r += 1
        _merge_product(ws, product_start, r - 1, fields)
        sheets[word][1] = r
    for ws, *_ in sheets.values():
        for c in range(1, ws.max_column + 1):
            ws.column_dimensions[get_column_letter(c)].width = 24
    out = Path(out_dir) / FILE
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out


def _merge_product(ws, first: int | None, last: int, fields: list[str]) -> None:
    """Product-level cells span the product's activities, as in the TSS workbook."""
    if first is None or last <= first:
        return
    for field in ("product", "result", "description", "management"):
        c = fields.index(field) + 1
        if all(ws.cell(row=r, column=c).value is None for r in range(first + 1, last + 1)):
            ws.merge_cells(start_row=first, start_column=c, end_row=last, end_column=c)
