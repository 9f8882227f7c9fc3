"""Period matrix (Tesorería de la Seguridad Social): one row per activity with a start and end month.

Headers: Productos | Resultado esperado | Descripción | Tipo de Gestión | Actividades | Tipo de Actividad |
Meta | Indicadores | Medio de Verificación | Responsable(s) | Área de Soporte | Período de Ejecución
(Inicio / Fin, or one cell 'Marzo - Noviembre') | Presupuesto | Riesgo asociado | Acción de mitigación |
Observaciones. The axis ('Primer Eje: ...') sits above the table; 'Objetivo Estratégico: ...' rows group it.
"""
from __future__ import annotations

import re

from etl.model import Activity, SheetData
from etl.normalize.money import currency_symbol, parse_money
from etl.normalize.months import months_between, parse_month, parse_period
from etl.normalize.numbers import parse_number
from etl.normalize.targets import parse_target
from etl.normalize.text import clean, fold
from etl.readers.headers import Header, header_labels, locate, match_columns
from etl.titles import is_title, read_titles
from etl.workbook import Sheet

LAYOUT = "period_matrix"
LABEL = "matriz de período"

# Specific fields first: a column taken by one is not offered to the next.
SPEC = {
    "activity_type": ("tipo de actividad",),
    "management": ("tipo de gestion", "tipos de gestion"),
    "activity": ("=actividades", "=actividad", "actividades"),
    "product": ("productos", "producto", "produccion", "proyecto"),
    "result": ("resultado esperado", "resultados esperados"),
    "description": ("descripcion",),
    "target": ("=meta", "meta", "metas"),
    "indicator": ("indicadores", "indicador"),
    "verification": ("medio de verificacion", "medios de verificacion", "verificacion"),
    "responsible": ("responsable s", "responsables", "responsable"),
    "support": ("area de soporte", "areas de soporte", "soporte", "area de apoyo"),
    "start": ("inicio", "desde"),
    "end": ("fin", "hasta"),
    "period": ("periodo de ejecucion", "periodo"),
    "budget": ("presupuesto",),
    "risk": ("riesgo asociado", "riesgos asociados", "riesgo", "riesgos"),
    "mitigation": ("accion de mitigacion", "acciones de mitigacion", "mitigacion"),
    "observations": ("observaciones", "observacion"),
}
REQUIRED = ("activity", "target", "responsible", "budget", "risk")
# Read into observations as 'Etiqueta: valor', in this order.
NOTES = {"result": "Resultado esperado", "description": "Descripción", "management": "Tipo de gestión",
         "activity_type": "Tipo de actividad", "verification": "Medio de verificación"}
PRODUCT_FIELDS = ("product", "result", "description", "management")
_AXIS = re.compile(r"^((?:primer|segundo|tercer|cuarto|quinto|sexto)\w* eje|eje(?: estrategico)?(?: \d+)?)\b")
_OBJECTIVE = re.compile(r"^objetivo(?:s)? estrategico")
_ALL_YEAR = ("todo el ano", "todos los dias", "permanente", "continuo", "ano", "anual")
_AMOUNT = re.compile(r"(?:RD|US)?\$?\s*\d{1,3}(?:[.,]\d{3})+(?:[.,]\d{1,2})?|(?:RD|US)?\$\s*\d+(?:[.,]\d{1,2})?")


def _header(sheet: Sheet) -> Header | None:
    # One-row headers first, so that an axis row right above is not taken into the header.
    header = locate(sheet, SPEC, REQUIRED, max_scan=40, depths=(1,)) \
        or locate(sheet, SPEC, REQUIRED, max_scan=40, depths=(2, 3))
    if header is None:
        return None
    # A second header row (Inicio / Fin under 'Período de Ejecución') belongs to the header.
    below = [fold(v) for v in sheet.rows[header.last_row]] if header.last_row < sheet.max_row else []
    if below and any(below) and all(t in ("", "inicio", "fin", "desde", "hasta", "mes inicio", "mes fin")
                                    for t in below):
        depth = header.last_row + 1 - header.first_row + 1
        labels = header_labels(sheet, header.first_row, depth)
        header = Header(header.first_row, header.last_row + 1, labels, match_columns(labels, SPEC))
    cols = header.columns
    if not ("period" in cols or "start" in cols):
        return None
    return header


def detect(sheet: Sheet) -> int:
    header = _header(sheet)
    if header is None:
        return 0
    # Several distinctive columns together: the period, its budget and its risk management.
    extra = sum(f in header.columns for f in ("support", "mitigation", "verification", "product", "indicator"))
    return 30 + 5 * extra


def _after_colon(sheet: Sheet, row: int) -> str | None:
    """'Objetivo Estratégico: X' in one cell, or the label in one cell and X in the next."""
    cells = [t for t in (sheet.text(row, c) for c in range(1, sheet.max_col + 1)) if t]
    text = " ".join(cells)
    _, _, rest = text.partition(":")
    return clean(rest) or (clean(" ".join(cells[1:])) if len(cells) > 1 else None)


def _months(start: str | None, end: str | None, row: int, out: SheetData) -> set[int]:
    if not start and not end:
        return set()
    for value in (start, end):
        if value and fold(value) in _ALL_YEAR:
            return set(range(1, 13))
    a, b = parse_month(start), parse_month(end)
    if start and not end and parse_period(start):
        a, b = parse_period(start)
    elif (start and a is None) or (end and b is None):
        out.warn(row, f"período de ejecución «{start or ''} – {end or ''}» no reconocido; "
                 "la actividad queda sin meses.")
        return set()
    if a and b and b < a:
        out.warn(row, f"el período «{start or ''} – {end or ''}» termina antes de empezar; "
                 "se leyó como un período que cruza el fin de año.")
    return set(months_between(a, b))


def _budget(value, row: int, out: SheetData) -> tuple[float | None, str | None, str | None]:
    """(amount, currency, note) of a Presupuesto cell."""
    if value is None or str(value).strip() == "":
        return None, None, None
    money = parse_money(value)
    if money is not None:
        return money.amount, money.currency, None
    text = clean(value)
    amounts = _AMOUNT.findall(text)
    if len(amounts) == 1:
        # 'Contemplado Gestión Operativa / RD$ 2.000.000,00': the amount, and the words as a note.
        amount = parse_number(amounts[0])
        _, code = currency_symbol(amounts[0])
        return amount, code, text
    if len(amounts) > 1:
        out.warn(row, f"el presupuesto «{text}» tiene varios montos; se guardó como nota, sin sumarlos.")
    return None, None, text


def _is_repeat_header(shown: list) -> bool:
    """The header printed again at a page break (`shown`: the row as merged cells show it): four columns
    named, or only Inicio / Fin."""
    # Folded cell by cell through fold()'s cache: a sheet's cells repeat (units, periods, marks), and a
    # data row is ruled out by its first long cell. (Folding each whole row for its words instead cost more
    # on the bench's largest workbook, whose rows are all different but whose cells are not.)
    labels = {c: fold(v) for c, v in enumerate(shown, start=1)}
    texts = {t for t in labels.values() if t}
    if any(len(t) > 40 for t in texts):
        return False  # header cells are short; a long cell that mentions 'meta' or 'riesgo' is data
    if len(match_columns({c: t for c, t in labels.items() if t}, SPEC)) >= 4:
        return True
    return bool(texts) and texts <= {"inicio", "fin", "desde", "hasta"}


def read(sheet: Sheet) -> SheetData:
    data = SheetData(layout=LAYOUT)
    header = _header(sheet)
    if header is None:
        return data
    cols = header.columns
    titles = read_titles(sheet, header.first_row)
    data.institution, data.year = titles.institution, titles.year
    axis = None
    for r in range(1, header.last_row + 1):
        if _AXIS.match(fold(sheet.text(r, 1))):
            axis = _after_colon(sheet, r)
    extra_cols = {c: " ".join(dict.fromkeys(t for t in (clean(sheet.merged_value(r, c)) for r in
                                                          range(header.first_row, header.last_row + 1)) if t)) or label
                  for c, label in header.labels.items() if c not in cols.values()}
    objective = None
    product: dict[str, str | None] = {f: None for f in PRODUCT_FIELDS}
    width = sheet.max_col
    value_cols = list(cols.items())
    # Product-level cells are merged over the product's activities, or left blank below the first.
    product_cols = [(f, cols.get(f)) for f in PRODUCT_FIELDS]
    for r in range(header.last_row + 1, sheet.max_row + 1):
        if sheet.is_blank_row(r):
            continue
        # The row's values once, padded to the sheet's width: cells are looked up by column, not one
        # sheet.value() / merged_value() call each.
        raw = _padded(sheet.rows[r - 1], width)
        shown = _padded(sheet.shown_values(r), width)
        first = fold(sheet.text(r, 1)) or fold(next((t for t in sheet.row_texts(r) if t), ""))
        if _AXIS.match(first):
            axis = _after_colon(sheet, r) or axis
            continue
        if _OBJECTIVE.match(first):
            objective = _after_colon(sheet, r)
            continue
        if _is_repeat_header(shown[:width]):
            continue
        values = {f: clean(raw[c - 1]) for f, c in value_cols}
        own = {f: (clean(shown[c - 1]) if c else None) for f, c in product_cols}
        if own["product"] and own["product"] != product["product"]:
            product = dict(own)
        else:
            product = {f: own[f] or product[f] for f in PRODUCT_FIELDS}
        detail = [f for f in ("target", "indicator", "verification", "responsible", "start", "period", "budget")
                  if values.get(f)]
        activity = values.get("activity")
        if not activity:
            if not detail:
                if any(values.get(f) for f in cols if f not in PRODUCT_FIELDS):
                    data.warn(r, "sin actividad ni meta; se omitió.")
                elif not any(own.values()) and is_title(first):
                    pass  # a title row printed again at a page break
                elif not any(own.values()):
                    data.warn(r, f"«{sheet.text(r, 1)[:60]}» no es una actividad; se omitió.")
                continue
            activity = values.get("indicator") or values.get("target")
            data.warn(r, f"sin texto en «Actividades»; se tomó «{activity[:60]}» como actividad.")
        data.activities.append(_activity(sheet, r, raw, cols, values, product, activity, axis, objective,
                                         extra_cols, data))
    return data


def _padded(cells: list, width: int) -> list:
    return cells if len(cells) >= width else cells + [None] * (width - len(cells))


def _activity(sheet, r, raw, cols, values, product, activity, axis, objective, extra_cols,
              out: SheetData) -> Activity:
    target = parse_target(raw[cols["target"] - 1])
    amount, currency, note = _budget(raw[cols["budget"] - 1], r, out)
    unit = values.get("responsible")
    support = values.get("support")
    responsible = unit
    if support and fold(support) not in ("n a", "na", "no aplica"):
        responsible = f"{unit}; apoyo: {support}" if unit else f"apoyo: {support}"
    start, end = values.get("start"), values.get("end")
    if "period" in cols and not start:
        start = values.get("period")
    notes = [values.get("observations")]
    fields = {**product, "activity_type": values.get("activity_type"), "verification": values.get("verification")}
    notes += [f"{label}: {fields[f]}" for f, label in NOTES.items() if fields.get(f)]
    notes += [f"{label}: {text}" for c, label in extra_cols.items() if (text := clean(raw[c - 1]))]
    return Activity(
        activity=activity,
        source_sheet=sheet.name,
        source_row=r,
        axis=axis,
        objective=objective,
        unit=unit,
        product=product["product"],
        indicator=values.get("indicator"),
        target_text=target.text,
        annual_target=target.number,
        measure_unit=target.measure_unit,
        responsible=responsible,
        budget_amount=amount,
        currency=currency,
        budget_note=note,
        risk=values.get("risk"),
        mitigation=values.get("mitigation"),
        observations="\n".join(n for n in notes if n) or None,
        months=_months(start, end, r, out),
    )
