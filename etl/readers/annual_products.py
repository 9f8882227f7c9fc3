"""Annual products and their totals (ISSS Unidad de Pensiones, 'Plan Anual de Trabajo').

    Propósito /Producto | Unidad de Medida | TOTALES

Group rows above the products name the work line ('Línea de Trabajo: Gestión Pensiones'),
the department, and its 'Objetivo: ...'; those set the context of the rows below them.
"""
from __future__ import annotations

import re

from etl.model import Activity, SheetData
from etl.normalize.targets import parse_target
from etl.normalize.text import clean, fold
from etl.readers.headers import Header, locate
from etl.titles import sheet_data
from etl.workbook import Sheet

LAYOUT = "annual_products"
LABEL = "productos anuales"

# Order matters: a column taken by one field is not offered to the next.
SPEC = {
    "measure_unit": ("unidad de medida",),
    "product": ("proposito producto", "proposito", "producto", "productos"),
    "total": ("totales", "total", "meta anual", "meta"),
    "axis": ("linea de trabajo",),
    "objective": ("objetivo",),
    "unit": ("departamento", "unidad responsable", "dependencia", "area"),
    "responsible": ("responsable", "responsables"),
    "observations": ("observaciones", "comentarios"),
}
# Headers of layouts that also name products and targets, but plan activities.
FOREIGN = ("actividad", "actividades", "accion operativa", "inicio", "rubro", "enero", "ene")
_AXIS_PREFIXES = ("linea de trabajo", "metas operativas", "linea")
_COMPARATOR = re.compile(r"^\s*(?:≥|≤|>=|<=|>|<|=)\s*")


def find_header(sheet: Sheet, spec: dict, required: tuple[str, ...]) -> Header | None:
    """The header block, trimmed to the fewest rows that still name every required field.

    locate() scans from the top and accepts three-row blocks, so it may take title rows
    into the header; those belong to the titles, where the year and institution are read.
    """
    header = locate(sheet, spec, required=required, max_scan=40)
    while header and header.first_row < header.last_row:
        tighter = locate(sheet, spec, required=required, start=header.first_row + 1, max_scan=1,
                         depths=(header.last_row - header.first_row,))
        if tighter is None:
            break
        header = tighter
    return header


def is_foreign(header: Header) -> bool:
    return any(f" {word} " in f" {label} " for label in header.labels.values() for word in FOREIGN)


def _header(sheet: Sheet) -> Header | None:
    header = find_header(sheet, SPEC, ("product", "measure_unit", "total"))
    if header is None or is_foreign(header):
        return None
    return header


def detect(sheet: Sheet) -> int:
    return 30 if _header(sheet) else 0


def _after_colon(text: str) -> str:
    return (text.split(":", 1)[1] if ":" in text else text).strip().rstrip(".").strip()


def _is_header_repeat(product: str, measure: str) -> bool:
    p = fold(product)
    return ("proposito" in p or p in ("producto", "productos")) and "unidad de medida" in fold(measure)


def _target(value, measure: str | None):
    """(text, number, measure unit, indicator) for a TOTALES cell.

    '≥90%' keeps its text and counts as 90 %; with a percentage the 'Unidad de Medida' text
    ('% DE CUMPLIMIENTO') is what is measured, so it goes to indicator.
    """
    raw = clean(value)
    if raw is None:
        return None, None, measure, None
    bare = _COMPARATOR.sub("", raw) if isinstance(value, str) else value
    t = parse_target(bare)
    if t.measure_unit == "%":
        return raw, t.number, "%", measure
    return raw, t.number, measure or t.measure_unit, None


def read(sheet: Sheet) -> SheetData:
    header = _header(sheet)
    out = sheet_data(LAYOUT, sheet, header and header.first_row)
    if header is None:
        return out
    cols = header.columns
    axis = unit = line_objective = unit_objective = None
    unit_since_axis = False
    last_product = None
    for r in range(header.last_row + 1, sheet.max_row + 1):
        if sheet.is_blank_row(r):
            continue
        product = clean(sheet.merged_value(r, cols["product"]))
        measure = clean(sheet.value(r, cols["measure_unit"]))
        total = sheet.value(r, cols["total"])
        if _is_header_repeat(product or "", measure or ""):
            continue
        texts = [t for t in sheet.row_texts(r) if t]
        if len(texts) == 1 and re.search(r"[^\W\d_]", texts[0]) and not measure:
            text = texts[0]
            folded = fold(text)
            if folded.startswith(_AXIS_PREFIXES):
                axis, unit, line_objective, unit_objective = _after_colon(text), None, None, None
                unit_since_axis = False
            elif folded.startswith("objetivo"):
                if unit_since_axis:
                    unit_objective = _after_colon(text)
                else:
                    line_objective = _after_colon(text)
            elif folded.startswith(("total", "nota")) or len(text) > 120:
                continue  # totals and notes are not products, nor do they name a group
            else:
                unit, unit_objective, unit_since_axis = text.rstrip(":").strip(), None, True
            continue
        if not product:
            if last_product is None:
                out.warn(r, "tiene unidad de medida o total pero no producto; se omitió.")
                continue
            product = last_product  # a second measure of the product above, its cell left blank
        last_product = product
        text, number, measure_unit, indicator = _target(total, measure)
        if text is not None and number is None:
            out.warn(r, f"el total «{text}» no es un número; se guardó como texto.")
        a = Activity(
            activity=product, source_sheet=sheet.name, source_row=r,
            axis=axis, objective=unit_objective or line_objective, unit=unit,
            indicator=indicator, target_text=text, annual_target=number, measure_unit=measure_unit,
        )
        for name in ("axis", "objective", "unit", "responsible", "observations"):
            if name in cols and clean(sheet.value(r, cols[name])):
                setattr(a, name, clean(sheet.value(r, cols[name])))
        out.activities.append(a)
    return out
