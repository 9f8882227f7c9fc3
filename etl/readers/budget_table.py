"""Budgets per cost centre and rubro, not tied to one activity (ISSS Unidad de Pensiones).

    Centro de Costo | Concepto | Rubro | Monto (US$) | Observaciones

Each row with an amount becomes a BudgetLine; group rows (work lines), repeated headers
and TOTAL rows do not, so nothing is counted twice.
"""
from __future__ import annotations

from etl.model import BudgetLine, SheetData
from etl.normalize.money import currency_symbol, parse_money
from etl.normalize.text import clean, fold
from etl.readers.annual_products import find_header
from etl.readers.headers import Header
from etl.titles import sheet_data
from etl.workbook import Sheet

LAYOUT = "budget_table"
LABEL = "tabla de presupuesto"

SPEC = {
    "amount": ("monto", "importe", "=presupuesto", "presupuesto asignado", "valor"),
    "item": ("rubro", "especifico", "partida", "objeto de gasto"),
    "unit": ("centro de costo", "centro de costos", "departamento", "dependencia", "unidad"),
    "concept": ("concepto", "descripcion", "detalle"),
}
FOREIGN = ("actividad", "actividades", "producto", "productos", "meta", "inicio")


def _header(sheet: Sheet) -> Header | None:
    header = find_header(sheet, SPEC, ("amount", "unit"))
    if header is None:
        return None
    labels = header.labels.values()
    distinctive = any(" rubro " in f" {l} " or "centro de costo" in l for l in labels)
    foreign = any(f" {w} " in f" {l} " for l in labels for w in FOREIGN)
    if not distinctive or foreign or not ({"item", "concept"} & header.columns.keys()):
        return None
    return header


def detect(sheet: Sheet) -> int:
    return 30 if _header(sheet) else 0


def read(sheet: Sheet) -> SheetData:
    header = _header(sheet)
    out = sheet_data(LAYOUT, sheet, header and header.first_row)
    if header is None:
        return out
    cols = header.columns
    # 'Monto (US$)' says the currency of the bare numbers below it.
    _, column_currency = currency_symbol(header.labels[cols["amount"]].upper())
    last_unit = None
    for r in range(header.last_row + 1, sheet.max_row + 1):
        if sheet.is_blank_row(r):
            continue
        texts = [t for t in sheet.row_texts(r) if t]
        if fold(texts[0]).startswith(("total", "subtotal", "sub total")):
            continue
        raw = sheet.value(r, cols["amount"])
        if "monto" in fold(raw) or "centro de costo" in fold(sheet.value(r, cols["unit"])):
            continue  # the header again, after a page break
        unit = clean(sheet.merged_value(r, cols["unit"]))
        item = next((clean(sheet.value(r, cols[f])) for f in ("item", "concept")
                     if f in cols and clean(sheet.value(r, cols[f]))), None)
        if clean(raw) is None:
            if item:
                last_unit = unit or last_unit
            continue  # a group row, or a rubro the plan names without an amount
        money = parse_money(raw)
        if money is None:
            out.warn(r, f"el monto «{clean(raw)}» no es un número; se omitió.")
            continue
        unit = unit or last_unit
        last_unit = unit
        if item is None:
            out.warn(r, "monto sin rubro ni concepto; se registró como «Sin rubro».")
        out.budget_lines.append(BudgetLine(
            item=item or "Sin rubro", amount=money.amount, source_sheet=sheet.name, source_row=r,
            unit=unit, currency=money.currency or column_currency,
        ))
    return out
