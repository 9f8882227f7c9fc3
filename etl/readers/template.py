"""Our own canonical layout (docs/template.md): one row per activity, every contract column named.

Institutions that have no layout of their own fill this one directly.
"""
from __future__ import annotations

from etl.model import Activity, SheetData
from etl.normalize.money import parse_money
from etl.normalize.months import MONTHS_ES, MONTH_ABBR, is_mark
from etl.normalize.numbers import parse_number
from etl.normalize.targets import parse_target
from etl.normalize.text import clean
from etl.readers.headers import locate
from etl.titles import read_titles
from etl.workbook import Sheet

LAYOUT = "template"
LABEL = "plantilla"

SPEC = {
    "code": ("codigo", "cod"),
    "lead_unit": ("unidad lider",),
    "measure_unit": ("unidad de medida",),
    "unit": ("unidad", "area", "departamento"),
    "axis": ("eje", "perspectiva", "linea de trabajo"),
    "objective": ("objetivo estrategico", "objetivo"),
    "product": ("producto", "entregable"),
    "activity": ("=actividad", "=actividades", "actividad"),
    "indicator": ("indicador",),
    "annual_target": ("meta anual",),
    "responsible": ("responsable",),
    "budget_note": ("nota de presupuesto", "nota presupuesto"),
    "budget_amount": ("presupuesto", "monto"),
    "currency": ("moneda",),
    "risk": ("riesgo",),
    "mitigation": ("mitigacion",),
    "observations": ("observaciones",),
}
TEXT_FIELDS = ("axis", "objective", "unit", "lead_unit", "product", "code", "indicator",
               "responsible", "budget_note", "risk", "mitigation", "observations")
_MONTH_WORDS = [set([m, MONTH_ABBR[i].lower()]) for i, m in enumerate(MONTHS_ES)]


def _month_columns(labels: dict[int, str]) -> dict[int, int]:
    cols = {}
    for col, label in labels.items():
        for n, words in enumerate(_MONTH_WORDS, start=1):
            if label in words:
                cols[n] = col
    return cols


def _quarter_columns(labels: dict[int, str], kind: str) -> dict[int, int]:
    cols = {}
    for col, label in labels.items():
        for q in range(1, 5):
            if label in (f"{kind} t{q}", f"t{q} {kind}", f"{kind} trimestre {q}"):
                cols[q] = col
    return cols


def _header(sheet: Sheet):
    header = locate(sheet, SPEC, required=("activity", "unit"), max_scan=30, depths=(1, 2))
    if header is None:
        return None
    months = _month_columns(header.labels)
    targets = _quarter_columns(header.labels, "meta")
    if len(months) < 12 or len(targets) < 4:
        return None
    return header, months, targets, _quarter_columns(header.labels, "real")


def detect(sheet: Sheet) -> int:
    return 20 if _header(sheet) else 0


def read(sheet: Sheet) -> SheetData:
    header, months, targets, actuals = _header(sheet)
    cols = header.columns
    out = SheetData(LAYOUT)
    titles = read_titles(sheet, header.first_row)
    out.institution, out.year = titles.institution, titles.year
    for r in range(header.last_row + 1, sheet.max_row + 1):
        text = clean(sheet.value(r, cols["activity"]))
        if not text:
            if not sheet.is_blank_row(r):
                out.warn(r, "sin texto de actividad; se omitió.")
            continue
        a = Activity(activity=text, source_sheet=sheet.name, source_row=r)
        for name in TEXT_FIELDS:
            if name in cols:
                setattr(a, name, clean(sheet.value(r, cols[name])))
        if "annual_target" in cols:
            t = parse_target(sheet.value(r, cols["annual_target"]))
            a.target_text, a.annual_target = t.text, t.number
            a.measure_unit = a.measure_unit or t.measure_unit
        if "budget_amount" in cols:
            money = parse_money(sheet.value(r, cols["budget_amount"]))
            if money:
                a.budget_amount, a.currency = money.amount, money.currency
            elif clean(sheet.value(r, cols["budget_amount"])):
                a.budget_note = a.budget_note or clean(sheet.value(r, cols["budget_amount"]))
        if "currency" in cols and clean(sheet.value(r, cols["currency"])):
            a.currency = clean(sheet.value(r, cols["currency"])).upper()
        a.months = {m for m, c in months.items() if is_mark(sheet.value(r, c))}
        for q in range(1, 5):
            target = parse_number(sheet.value(r, targets[q]))
            actual = parse_number(sheet.value(r, actuals[q])) if q in actuals else None
            if target is not None or actual is not None:
                a.quarters[q] = (target, actual)
        out.activities.append(a)
    return out
