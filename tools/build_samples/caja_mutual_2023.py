"""Caja Mutual (El Salvador), first follow-up of the 2023 POI/POA, from seed 002.

The seed is a tab-separated rendering of the workbook: per unit a MISIÓN row, a two-row header
(METAS PARA AÑO 2023 over EN-MAR … OCT-DIC, REAL over EN-MAR), objective group rows and the
operational actions (AO). Page breaks repeat the MISIÓN and the header, and we keep them, because
the real workbook has them too. Everything sits in one sheet, as in the seed.
"""
from __future__ import annotations

import re
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill

SEED = "002_16531d2d2bb6ca14.txt"
FILE = "caja_mutual_poa_2023_seguimiento.xlsx"
SHEET = "POI 2023 - 1er Seguimiento"
TITLE = ("CAJA MUTUAL DE\nLOS EMPLEADOS\nDEL MINISTERIO\nDE EDUCACIÓN",
         "1er SEGUIMIENTO AL PLAN OPERATIVO INSTITUCIONAL/ANUAL (POI/POA) 2023")
WIDTH = 12  # CÓDIGO … OBSERVACIONES

# OCR mistakes whose meaning is certain. Spelling of the authors themselves ('Prestamos',
# 'ha solicitud', the header typo 'EJECCIÓN') is kept: real workbooks carry it.
CORRECTIONS = {
    "Gestión Documentas": "Gestión Documental",
    "Sema Santa": "Semana Santa",
    "\\$900": "$900",
}

# Numbers some hands typed as text, as in real workbooks: the reader must cope.
TEXT_NUMBER_UNITS = {"UAIP"}  # every figure of this unit's block is text
TEXT_PERCENT_LEAD = {"UFI"}  # % EJECUCIÓN typed as '100%'


def _fix(text: str) -> str:
    for wrong, right in CORRECTIONS.items():
        text = text.replace(wrong, right)
    return text


def parse_seed(text: str) -> list[tuple[str, list[str]]]:
    """The seed as (kind, cells) rows from the first MISIÓN on; kinds: blank, mission, header1,
    header2, group, action. Runs of blank lines become one blank row."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("MISIÓN"))
    rows: list[tuple[str, list[str]]] = []
    for line in lines[start:]:
        line = _fix(line.rstrip("\n"))
        cells = [c.strip() for c in line.split("\t")]
        if not line.strip():
            if rows and rows[-1][0] != "blank":
                rows.append(("blank", []))
        elif line.startswith("MISIÓN"):
            rows.append(("mission", [line.strip()]))
        elif line.startswith("CÓDIGO"):
            rows.append(("header1", cells))
        elif line.startswith("\t") and "EN-MAR" in line:
            rows.append(("header2", cells))
        elif re.match(r"AO\.", line):
            rows.append(("action", cells))
        else:
            rows.append(("group", [cells[0]]))
    while rows and rows[-1][0] == "blank":
        rows.pop()
    return rows


def _number(text: str):
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"-?\d+\.\d+", text):
        return float(text)
    return text or None


def _as_text(n) -> str:
    return f"{n:,}" if isinstance(n, int) else str(n)


def action_cells(cells: list[str]) -> list:
    """One AO row as the workbook holds it: numbers as numbers, big ones typed as '4,500'."""
    code, activity, lead, responsible, annual, q1, q2, q3, q4, real, pct, obs = cells
    figures = [_number(v) for v in (annual, q1, q2, q3, q4, real)]
    text_all = lead in TEXT_NUMBER_UNITS
    figures = [
        _as_text(v) if isinstance(v, (int, float)) and (text_all or (isinstance(v, int) and v >= 1000)) else v
        for v in figures
    ]
    percent = None
    if pct:
        value = int(pct.rstrip("%")) / 100
        percent = pct if (text_all or lead in TEXT_PERCENT_LEAD) else value
    return [code, activity, lead, responsible, *figures, percent, obs or None]


def build(seeds: Path, out_dir: Path) -> Path:
    rows = parse_seed((Path(seeds) / SEED).read_text(encoding="utf-8"))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="top")
    last = openpyxl.utils.get_column_letter(WIDTH)

    for r, title in enumerate(TITLE, start=1):
        ws.cell(r, 1, title).font = Font(bold=True, size=12)
        ws.cell(r, 1).alignment = Alignment(wrap_text=True, horizontal="center")
        ws.merge_cells(f"A{r}:{last}{r}")
    r = len(TITLE) + 2
    for kind, cells in rows:
        if kind == "blank":
            r += 1
            continue
        if kind in ("mission", "group"):
            ws.cell(r, 1, cells[0]).font = bold if kind == "group" else Font(italic=True)
            ws.cell(r, 1).alignment = wrap
            ws.merge_cells(f"A{r}:{last}{r}")
        elif kind == "header1":
            for c, v in enumerate(cells[:WIDTH], start=1):
                ws.cell(r, c, v or None)
        elif kind == "header2":
            for c, v in enumerate(cells[:WIDTH], start=1):
                ws.cell(r, c, v or None)
            _merge_header(ws, r - 1)
            for rr in (r - 1, r):
                for c in range(1, WIDTH + 1):
                    ws.cell(rr, c).font = bold
                    ws.cell(rr, c).fill = fill
                    ws.cell(rr, c).alignment = Alignment(wrap_text=True, horizontal="center")
        else:
            for c, v in enumerate(action_cells(cells), start=1):
                cell = ws.cell(r, c, v)
                cell.alignment = wrap
                if c == 11 and isinstance(v, float):
                    cell.number_format = "0%"
        r += 1

    for col, width in zip("ABCDEFGHIJKL", (10, 60, 22, 26, 10, 9, 9, 9, 9, 9, 11, 70)):
        ws.column_dimensions[col].width = width
    out = Path(out_dir) / FILE
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out


def _merge_header(ws, top: int) -> None:
    """Two-row header: labels standing alone span both rows, METAS PARA AÑO spans its four quarters."""
    for c in range(1, WIDTH + 1):
        upper, lower = ws.cell(top, c).value, ws.cell(top + 1, c).value
        if upper and not lower:
            ws.merge_cells(start_row=top, start_column=c, end_row=top + 1, end_column=c)
    ws.merge_cells(start_row=top, start_column=6, end_row=top, end_column=9)
