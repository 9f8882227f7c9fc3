"""Projects with start and end dates (ISSS Unidad de Pensiones, 'PROYECTOS 2021').

    NOMBRE | OBJETIVOS | RESULTADOS ESPERADOS | PERÍODO DE EJECUCIÓN: INICIO | FIN

Dates come typed as text (day first: '03/01/2021' is 3 January), as Excel dates, or as
'PERMANENTE'; the planned months are the ones they touch in the plan year.
"""
from __future__ import annotations

import datetime as dt

from etl.model import Activity, SheetData
from etl.normalize.dates import months_in_year, parse_date
from etl.normalize.money import parse_money
from etl.normalize.text import clean, fold
from etl.readers.annual_products import find_header
from etl.readers.headers import Header
from etl.titles import sheet_data
from etl.workbook import Sheet

LAYOUT = "project_dates"
LABEL = "proyectos con fechas"

SPEC = {
    "start": ("fecha de inicio", "fecha inicio", "inicio"),
    "end": ("fecha de finalizacion", "fecha de fin", "fecha fin", "finalizacion", "fin", "termino"),
    "objectives": ("objetivos", "objetivo"),
    "results": ("resultados esperados", "resultado esperado", "resultados"),
    "name": ("nombre del proyecto", "nombre", "proyecto", "proyectos"),
    "responsible": ("responsable", "responsables"),
    "unit": ("unidad ejecutora", "unidad responsable", "dependencia", "departamento", "area", "unidad"),
    "budget": ("presupuesto", "monto", "costo"),
    "observations": ("observaciones", "comentarios"),
}
FOREIGN = ("actividad", "actividades", "rubro", "enero", "ene")
_GROUP_AXIS = ("linea de trabajo", "linea", "eje", "perspectiva")
_HEADER_WORDS = ("nombre", "nombre del proyecto", "proyecto", "proyectos", "inicio", "fecha de inicio")


def _header(sheet: Sheet) -> Header | None:
    header = find_header(sheet, SPEC, ("name", "start", "end"))
    if header is None or not ({"objectives", "results"} & header.columns.keys()):
        return None
    if any(f" {w} " in f" {l} " for l in header.labels.values() for w in FOREIGN):
        return None
    return header


def detect(sheet: Sheet) -> int:
    return 30 if _header(sheet) else 0


def _shown(value) -> str:
    """A date cell as the planner reads it, day first."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%d/%m/%Y")
    return clean(value) or ""


def read(sheet: Sheet) -> SheetData:
    header = _header(sheet)
    out = sheet_data(LAYOUT, sheet, header and header.first_row)
    if header is None:
        return out
    if out.year is None:
        out.warn(None, "los títulos no dicen el año del plan; los proyectos quedan sin meses.")
    cols = header.columns
    axis = unit = None
    for r in range(header.last_row + 1, sheet.max_row + 1):
        if sheet.is_blank_row(r):
            continue
        name = clean(sheet.value(r, cols["name"]))
        start, end = sheet.value(r, cols["start"]), sheet.value(r, cols["end"])
        texts = [t for t in sheet.row_texts(r) if t]
        dated = parse_date(start) or parse_date(end)
        if not dated and (fold(name) in _HEADER_WORDS or fold(start) in _HEADER_WORDS):
            continue  # the header again, after a page break
        if len(texts) == 1 and not dated:
            # A group row: a work line or a unit heading the projects below it.
            if fold(texts[0]).startswith(_GROUP_AXIS):
                axis = (texts[0].split(":", 1)[1] if ":" in texts[0] else texts[0]).strip()
            else:
                unit = texts[0].rstrip(":").strip()
            continue
        if not name:
            if dated:
                out.warn(r, "tiene fechas pero no nombre de proyecto; se omitió.")
            continue
        a = Activity(activity=name, source_sheet=sheet.name, source_row=r, product="Proyecto",
                     axis=axis, unit=unit)
        for field in ("responsible", "unit"):
            if field in cols and clean(sheet.value(r, cols[field])):
                setattr(a, field, clean(sheet.value(r, cols[field])))
        if "budget" in cols:
            money = parse_money(sheet.value(r, cols["budget"]))
            if money:
                a.budget_amount, a.currency = money.amount, money.currency
            else:
                a.budget_note = clean(sheet.value(r, cols["budget"]))
        notes = [f"{label}: {clean(sheet.value(r, cols[f]))}"
                 for f, label in (("objectives", "Objetivos"), ("results", "Resultados esperados"),
                                  ("observations", "Observaciones"))
                 if f in cols and clean(sheet.value(r, cols[f]))]
        notes.append(f"Período de ejecución: {_shown(start) or '?'} – {_shown(end) or '?'}")
        a.observations = "\n".join(notes)
        if not parse_date(start) and not parse_date(end):
            out.warn(r, f"no se pudieron leer las fechas «{_shown(start)}» y «{_shown(end)}»; "
                        "el proyecto queda sin meses.")
        elif out.year:
            a.months = set(months_in_year(start, end, out.year))
            if not a.months:
                out.warn(r, f"el proyecto «{name}» ({_shown(start)} – {_shown(end)}) "
                            f"no cae en {out.year}; queda sin meses.")
        out.activities.append(a)
    return out
