"""Quarterly targets without actuals (Caja Mutual POI 2019): OE → AE → AO, with Plan Cuscatlán lines.

Each section of the sheet is an OE group row, a two-row header (CÓDIGO | ACCIÓN ESTRATÉGICO (AE)
ACCIÓN OPERATIVA (AO) | UNIDAD ORGANIZATIVA LÍDER | ÁREA RESPONSABLE | LÍNEA DE ACCIÓN PLAN
CUSCATLÁN | META ANUAL | METAS PARA PERIODO: EN-MAR, ABR-JUN, JUL-SEP, OCT-DIC) and its rows.
A row with a target is an activity; a row without one (an AE, a heading such as 'Acciones
Proyectadas ...', an AO that only groups the sub-actions below it) is context for the rows below.
"""
from __future__ import annotations

import re

from etl.model import Activity, SheetData
from etl.normalize.numbers import parse_number
from etl.normalize.targets import parse_target
from etl.normalize.text import clean, fold
from etl.readers.headers import Header, locate
from etl.titles import read_titles
from etl.workbook import Sheet

LAYOUT = "quarterly_targets"
LABEL = "metas trimestrales"

QUARTERS = ("q1", "q2", "q3", "q4")
# Most specific first: match_columns gives each column to the first field that claims it.
SPEC = {
    "q1": ("en mar", "ene mar", "enero marzo", "1er trimestre", "primer trimestre", "i trimestre", "t1"),
    "q2": ("abr jun", "abril junio", "2do trimestre", "segundo trimestre", "ii trimestre", "t2"),
    "q3": ("jul sep", "jul sept", "julio septiembre", "3er trimestre", "tercer trimestre",
           "iii trimestre", "t3"),
    "q4": ("oct dic", "octubre diciembre", "4to trimestre", "cuarto trimestre", "iv trimestre", "t4"),
    "lines": ("plan cuscatlan", "linea de accion", "lineas de accion"),
    "annual_target": ("meta anual", "meta"),
    "lead_unit": ("unidad organizativa lider", "unidad lider", "lider"),
    "responsible": ("area responsable", "responsable"),
    "activity": ("accion operativa", "acciones operativas", "accion estrategico", "accion estrategica"),
    "code": ("codigo", "cod"),
}
REQUIRED = ("code", "activity", "annual_target", "q1", "q4")
# Columns only the follow-up layout (quarterly_followup) has.
_FOLLOWUP_WORDS = ("real", "ejecucion", "ejecutado")

_OE = re.compile(r"^(o ?e|objetivo estrategico) ?\d")
_UNIT_TITLE = re.compile(r"(?i)^\s*PO[IA]\s*(?:/\s*PO[AI]\s*)?(?:19|20)\d\d\s*[-–:]?\s*(\S.*)$")
# A code printed at the start of the activity text: 'AI 2.2 Examen especial ...'.
_LEADING_CODE = re.compile(r"^((?:[A-Z]{1,5}[ .]?){1,3}\d+(?:\.\d+)+\.?)\s+\S")
_LINE_START = re.compile(r"(?=\bLA\s?\.?\s?\d)")


def _is_ours(header: Header) -> bool:
    labels = header.labels.values()
    if any(f" {w} " in f" {label} " for label in labels for w in _FOLLOWUP_WORDS):
        return False
    activity = header.labels[header.columns["activity"]]
    return "lines" in header.columns or "estrategic" in activity


def _headers(sheet: Sheet) -> list[Header]:
    """Every header in the sheet: each OE section repeats it, and page breaks may too."""
    found, start = [], 1
    while start <= sheet.max_row:
        # Depth 1 or 2 only: a deeper header would swallow the OE group row above it.
        h = locate(sheet, SPEC, REQUIRED, start=start, max_scan=sheet.max_row, depths=(1, 2))
        if h is None:
            break
        found.append(h)
        start = h.last_row + 1
    return found


def detect(sheet: Sheet) -> int:
    h = locate(sheet, SPEC, REQUIRED, max_scan=60, depths=(1, 2))
    if h is None or not _is_ours(h):
        return 0
    return 20 + len(h.columns)


def read(sheet: Sheet) -> SheetData:
    out = SheetData(LAYOUT)
    headers = [h for h in _headers(sheet) if _is_ours(h)]
    if not headers:
        return out
    titles = read_titles(sheet, headers[0].first_row)
    out.institution, out.year = titles.institution, titles.year
    _Walker(sheet, headers, out).run()
    return out


class _Walker:
    """Reads the rows in order, carrying the context (OE, unit, AE, parent AO) down the sheet."""

    def __init__(self, sheet: Sheet, headers: list[Header], out: SheetData):
        self.sheet, self.out = sheet, out
        self.starts = {h.first_row: h for h in headers}
        self.header_rows = {r for h in headers for r in range(h.first_row, h.last_row + 1)}
        self.header: Header | None = None
        self.objective = self.unit = None
        self.context: dict | None = None  # AE or heading
        self.parent: dict | None = None  # AO without targets, grouping the sub-actions below
        self.last_code: str | None = None

    def run(self) -> None:
        width = self.sheet.max_col
        for r in range(1, self.sheet.max_row + 1):
            if r in self.starts:
                self.header = self.starts[r]
                self.extras = _extra_columns(self.sheet, self.header)
            if r in self.header_rows or self.sheet.is_blank_row(r):
                continue
            # The row's values once, padded to the sheet's width: cells by column without a call each.
            cells = self.sheet.rows[r - 1]
            self.cells = cells if len(cells) >= width else cells + [None] * (width - len(cells))
            self.shown = None  # as merged cells show them, worked out when a shared cell is asked
            self.row(r)

    def cell(self, r: int, field: str):
        col = self.header.columns.get(field)
        return self.cells[col - 1] if col else None

    def shared(self, r: int, field: str) -> str | None:
        """Text that may sit in a cell merged down over several rows (a unit, the Plan Cuscatlán lines)."""
        col = self.header.columns.get(field)
        if not col:
            return None
        if self.shown is None:
            shown = self.sheet.shown_values(r)
            self.shown = shown if len(shown) >= len(self.cells) else shown + [None] * (len(self.cells) - len(shown))
        return clean(self.shown[col - 1])

    def row(self, r: int) -> None:
        texts = [t for t in self.sheet.row_texts(r) if t]
        first, folded = texts[0], fold(texts[0])
        if _OE.match(folded):
            self.objective, self.context, self.parent, self.last_code = first, None, None, None
            return
        title = _UNIT_TITLE.match(first)
        if title and len(texts) == 1:
            self.unit = title.group(1).strip()
            return
        if folded.startswith("consolidado por") or self.header is None:
            return
        code = clean(self.cell(r, "code"))
        text = clean(self.cell(r, "activity"))
        if fold(code) in ("codigo", "cod"):
            return  # a header repeated at a page break, cut short
        targets = {f: self.cell(r, f) for f in ("annual_target", *QUARTERS)}
        if all(clean(v) is None for v in targets.values()):
            self.context_row(code, text, r)
        else:
            self.activity_row(r, code, text, targets)

    def context_row(self, code: str | None, text: str | None, r: int) -> None:
        row = {
            "code": code,
            "text": " ".join(t for t in (code, text) if t),
            "lead": self.shared(r, "lead_unit"),
            "lines": self.shared(r, "lines"),
        }
        if code and fold(code).startswith("ao") and text:
            self.parent = row
        else:
            self.context, self.parent = row, None
        self.last_code = None

    def activity_row(self, r: int, code: str | None, text: str | None, targets: dict) -> None:
        if not text and code and _split_code(code)[0]:
            code, text = _split_code(code)  # 'AO.1.1. Texto' typed in one cell
        if not text:
            self.out.warn(r, "tiene metas pero no el texto de la acción; se omitió.")
            return
        belongs_to = None
        if code:
            self.last_code = code
        else:
            code = _split_code(text)[0]
            belongs_to = self.last_code
        if self.parent and code and not _child_of(code, self.parent["code"]):
            self.parent = None
        above = [c for c in (self.parent, self.context) if c]
        lead = self.shared(r, "lead_unit")
        a = Activity(activity=text, source_sheet=self.sheet.name, source_row=r, code=code)
        a.objective = self.objective
        a.product = above[0]["text"] if above else None
        a.lead_unit = lead or next((c["lead"] for c in above if c["lead"]), None)
        a.unit = self.unit or (self.context or {}).get("lead") or a.lead_unit
        a.responsible = self.shared(r, "responsible")
        target = parse_target(targets["annual_target"])
        a.target_text, a.annual_target, a.measure_unit = target
        for q, field in enumerate(QUARTERS, start=1):
            value = clean(targets[field])
            if value is None:
                continue
            number = parse_number(value)
            if number is None:
                self.out.warn(r, f"la meta del trimestre {q} («{value}») no es un número; se omitió.")
            else:
                a.quarters[q] = (number, None)
        notes = []
        lines = self.shared(r, "lines") or next((c["lines"] for c in above if c["lines"]), None)
        if lines:
            notes.append(f"Plan Cuscatlán: {_format_lines(lines)}")
        if belongs_to:
            notes.append(f"Pertenece a: {belongs_to}")
        for col, label in self.extras.items():
            value = clean(self.cells[col - 1])
            if value:
                notes.append(f"{label}: {value}")
        a.observations = " | ".join(notes) or None
        self.out.activities.append(a)


def _split_code(text: str) -> tuple[str | None, str | None]:
    """('AI 2.2', rest) when the text starts with a printed code, else (None, text)."""
    m = _LEADING_CODE.match(text)
    if not m:
        return None, text
    return m.group(1).strip(), text[m.end(1):].strip() or None


def _child_of(code: str, parent: str | None) -> bool:
    return bool(parent) and (fold(code) == fold(parent) or fold(code).startswith(fold(parent) + " "))


def _format_lines(text: str) -> str:
    """'LA.1 Salud LA.4 Deportes' -> 'LA.1 Salud; LA.4 Deportes'."""
    parts = [p.strip(" ;,") for p in _LINE_START.split(text)]
    return "; ".join(p for p in parts if p)


def _extra_columns(sheet: Sheet, header: Header) -> dict[int, str]:
    """Header columns with no contract field, by their printed label, for observations."""
    taken = set(header.columns.values())
    extras = {}
    for col in header.labels:
        if col in taken:
            continue
        parts = []
        for r in range(header.first_row, header.last_row + 1):
            text = clean(sheet.merged_value(r, col))
            if text and text not in parts:
                parts.append(text)
        if parts:
            extras[col] = " ".join(parts)
    return extras
