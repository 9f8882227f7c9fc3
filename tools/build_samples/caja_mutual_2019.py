"""Caja Mutual (El Salvador) POI 2019: quarterly targets, one sheet per unit, from seed 003.

The seed is a PDF rendering with tab-separated table rows. It is parsed line by line into
OE sections; sections go to the sheet of the unit whose plan they are (SHEETS), as the
planning office keeps one sheet per unit. Page footers stay where the PDF put them,
so the Préstamos sheet keeps its page break in the middle of the table.
"""
from __future__ import annotations

import re
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font

SEED = "003_8965493069dbd9fd.txt"
FILE = "caja_mutual_poi_2019.xlsx"
INSTITUTION = "CAJA MUTUAL DE LOS EMPLEADOS DEL MINISTERIO DE EDUCACIÓN"
PLAN = "PLAN OPERATIVO INSTITUCIONAL/ANUAL (POI/POA) 2019"
FOOTER = "Consolidado por: Jorge Canales-Planificación."
WIDTH = 10  # CÓDIGO .. OCT-DIC

# Sheet name, unit as its title row says it, and the seed's OE sections (0-based, in order) it holds.
SHEETS = [
    ("Presidencia", "Presidencia", [0]),
    ("Auditoría Interna", "Auditoría Interna", [1]),
    ("Gerencia", "Gerencia", [2]),
    ("Subgerencia", "Subgerencia", [3]),
    ("Planificación", "Planificación y Desarrollo Institucional", [4]),
    ("UFI", "UFI", [5]),
    ("Tecnologías de Información", "Tecnologías de Información", [6]),
    ("Comunicaciones", "Comunicaciones y Responsabilidad Social", [7, 8, 9, 10]),
    ("Seguros", "Unidad de Seguros", [11]),
    ("Comercialización", "Unidad de Comercialización", [12]),
    ("Préstamos", "Préstamos", [13, 14]),
    ("Administración", "Administración", [15]),
]

# OCR / PDF-layout mistakes whose meaning is certain, keyed by how the code or the
# activity cell starts: column index -> corrected value. Columns: 0 code, 1 activity, 2 lead, 3 area,
# 4 Plan Cuscatlán, 5 meta anual, 6..9 quarters.
CORRECTIONS = {
    # The annual target slid into the Plan Cuscatlán column (a '1' is no action line).
    "AI 6.2": {4: "", 5: "1"},
    "AI 7.1": {4: "", 5: "1"},
    # Everything from Plan Cuscatlán on slid one column right; 0.5 + 0.5 = the annual 1.
    "AO PQD G2": {4: "LA.16 Economía", 5: "1", 6: "", 7: "0.5", 8: "0.5", 9: ""},
    # The AE's action lines were cut by the page break and printed on the next row.
    "AE.2.1.2.1.": {4: "LA.10 Transparencia y Anticorrupción LA.12 Innovación Tecnológica "
                       "LA.18 Modernización del Estado"},
    "AO.2.1.2.1.1.": {4: ""},
}

# Numbers typed as text in the real workbook, kept as text here: (code, column).
AS_TEXT = {("AO.2.2.1.3.1.", 5), ("AO OIR 2", 6), ("AO OIR 2", 7), ("AO.1.1.2.1.1", 5)}


def parse_seed(text: str) -> tuple[list[str], list[list[tuple]]]:
    """Cover prose, and the OE sections as lists of items: (kind, payload)."""
    prose: list[str] = []
    sections: list[list[tuple]] = []
    for raw in text.replace("\\$", "$").splitlines():
        line = raw.replace("**", "").strip()
        if not line.strip("\t "):
            continue
        fields = [f.strip() for f in raw.replace("\\$", "$").replace("**", "").split("\t")]
        first = fields[0] if "\t" in raw else line
        if re.match(r"O\.?E\.?\s*\d", first):
            sections.append([("oe", first)])
        elif not sections:
            prose.append(line)
        elif first.startswith("CÓDIGO"):
            variant = "partial" if sum(1 for f in fields if f) <= 2 else (
                "ae" if "ESTRAT" in fields[1] else "ao")
            sections[-1].append(("header", variant))
        elif "\t" in raw and fields[0] == "" and "EN-MAR" in fields:
            continue  # second header row, written with the first
        elif "\t" in raw:
            sections[-1].append(("row", _fix((fields + [""] * WIDTH)[:WIDTH])))
        elif line.startswith("Consolidado por"):
            sections[-1].append(("footer", line))
        elif re.match(r"POI \d{4} ", line):
            sections[-1].append(("unit", line))
        elif line.isupper() and line[0].isalpha():
            sections[-1].append(("heading", line))
        # anything else ('*JC*' initials) is not part of the table
    return prose, sections


def _fix(fields: list[str]) -> list[str]:
    for start, changes in CORRECTIONS.items():
        if fields[0].startswith(start) or fields[1].startswith(start):
            for col, value in changes.items():
                fields[col] = value
    return fields


def _cell(code: str, col: int, value: str):
    if value == "" or (code, col) in AS_TEXT:
        return value or None
    if re.fullmatch(r"\d+", value):
        return int(value)
    if re.fullmatch(r"\d+\.\d+", value):
        return float(value)
    return value  # '1,600', '$ 16,506,135': as the planners typed them


def build(seeds: Path, out_dir: Path) -> Path:
    prose, sections = parse_seed((Path(seeds) / SEED).read_text(encoding="utf-8"))
    if len(sections) != 16:
        raise ValueError(f"expected 16 OE sections in the seed, found {len(sections)}")
    wb = openpyxl.Workbook()
    _cover(wb.active, prose)
    for name, unit, indexes in SHEETS:
        items = [item for i in indexes for item in sections[i]]
        while items and items[-1][0] in ("unit", "footer"):
            items.pop()  # the unit is the sheet's title; one footer closes the sheet
        ws = wb.create_sheet(name)
        _unit_sheet(ws, unit, items)
    out = Path(out_dir) / FILE
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out


def _cover(ws, prose: list[str]) -> None:
    ws.title = "Presentación"
    ws["A1"] = PLAN
    ws["A2"] = INSTITUTION
    for cell in ("A1", "A2"):
        ws[cell].font = Font(bold=True, size=14)
    for r, paragraph in enumerate(prose[4:], start=4):  # the first four lines are the title again
        ws.cell(row=r, column=1, value=paragraph).alignment = Alignment(wrap_text=True)
    ws.column_dimensions["A"].width = 120


def _title(ws, row: int, text: str, bold: bool = True) -> None:
    ws.cell(row=row, column=1, value=text).font = Font(bold=bold)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=WIDTH)


def _header(ws, row: int, variant: str) -> None:
    bold = Font(bold=True)
    if variant == "partial":  # a page-break repeat that kept only its first cells
        for c, text in enumerate(["CÓDIGO", "ACCIÓN OPERATIVA (AO)"], start=1):
            ws.cell(row=row, column=c, value=text).font = bold
        return
    activity = ("ACCIÓN ESTRATÉGICO (AE)\nACCIÓN OPERATIVA (AO)" if variant == "ae"
                else "ACCIÓN OPERATIVA (AO)")
    top = ["CÓDIGO", activity, "UNIDAD ORGANIZATIVA LÍDER", "ÁREA RESPONSABLE",
           "LÍNEA DE ACCIÓN PLAN CUSCATLÁN", "META ANUAL", "METAS PARA PERIODO"]
    for c, text in enumerate(top, start=1):
        cell = ws.cell(row=row, column=c, value=text)
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        if c < 7:
            ws.merge_cells(start_row=row, start_column=c, end_row=row + 1, end_column=c)
    ws.merge_cells(start_row=row, start_column=7, end_row=row, end_column=10)
    for c, text in enumerate(["EN-MAR", "ABR-JUN", "JUL-SEP", "OCT-DIC"], start=7):
        ws.cell(row=row + 1, column=c, value=text).font = bold


def _unit_sheet(ws, unit: str, items: list[tuple]) -> None:
    _title(ws, 1, INSTITUTION)
    _title(ws, 2, PLAN)
    _title(ws, 3, f"POI 2019 {unit}")
    row = 5
    for kind, payload in items:
        if kind == "oe":
            if row > 5:
                row += 1
            _title(ws, row, payload)
        elif kind == "header":
            _header(ws, row, payload)
            row += 0 if payload == "partial" else 1
        elif kind in ("footer", "unit"):
            _title(ws, row, payload, bold=False)
        elif kind == "heading":
            _title(ws, row, payload)
        else:
            code = payload[0]
            for c, value in enumerate(payload, start=1):
                v = _cell(code, c - 1, value)
                if v is not None:
                    ws.cell(row=row, column=c, value=v).alignment = Alignment(wrap_text=True, vertical="top")
            if code and not payload[1]:  # 'AE.x.x. text' typed in one cell over both columns
                ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        row += 1
    _title(ws, row + 1, FOOTER, bold=False)
    for col, width in zip("ABCDEFGHIJ", (16, 60, 28, 28, 34, 14, 12, 12, 12, 12)):
        ws.column_dimensions[col].width = width
