"""Quarterly follow-up of an operating plan (Caja Mutual 'Seguimiento al POI/POA').

Per unit a block: a 'MISIÓN: …' row, a header CÓDIGO | ACCIÓN OPERATIVA | UNIDAD ORGANIZATIVA LÍDER |
UNIDAD-ÁREA RESPONSABLE | META ANUAL | targets per quarter (EN-MAR … OCT-DIC, often under a merged
'METAS PARA AÑO 2023') | REAL (EN-MAR) | % EJECUCIÓN | OBSERVACIONES, then objective group rows
('O.E.1. …', '6 OTRAS ACTIVIDADES OPERATIVAS') and the operational actions. Page breaks repeat the
MISIÓN and the header; a sheet may hold one block or many.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from etl.followup import find_followup
from etl.institutions import find_year
from etl.model import Activity, SheetData
from etl.normalize.months import parse_quarter
from etl.normalize.numbers import parse_number
from etl.normalize.targets import parse_target
from etl.normalize.text import clean, fold
from etl.readers.headers import Header, header_labels, locate, match_columns
from etl.titles import is_title, read_titles
from etl.workbook import Sheet

LAYOUT = "quarterly_followup"
LABEL = "seguimiento trimestral"

SPEC = {
    "code": ("=codigo", "=cod", "codigo ao", "codigo"),
    "activity": ("accion operativa", "acciones operativas", "=accion"),
    "lead_unit": ("unidad organizativa lider", "unidad lider", "lider"),
    "responsible": ("unidad area responsable", "area responsable", "responsable"),
    "annual_target": ("meta anual",),
    "observations": ("observaciones", "comentarios"),
}
REQUIRED = ("activity", "annual_target")

# Words that make a header cell, besides quarter names: what is left once they are gone names the quarter.
_HEADER_WORDS = {"real", "reales", "ejecutado", "realizado", "logrado", "meta", "metas", "%", "ejecucion",
                 "ejeccion", "de", "cumplimiento", "trimestre", "para", "ano", "periodo", "programado"}
_ACTUAL = re.compile(r"\b(real|reales|ejecutado|realizado|logrado)\b")
_PERCENT = re.compile(r"(%|\bejecucion\b|\bejeccion\b|\bcumplimiento\b)")
_OBJECTIVE = re.compile(r"^(o ?e ?\d|objetivo|\d+ [a-z])")
_ROLE = re.compile(r"^(sub)?geren(te|cia)\b")
_UNIT_LABEL = re.compile(r"^(unidad organizativa|unidad|area|departamento|dependencia)\s*:\s*(.+)$", re.I)
_GENERIC_SHEET = re.compile(r"^(hoja|sheet)\s*\d*$")
_NO_VALUE = {"-", "--", "—", "–", "n/a", "na", "n a"}


@dataclass
class Layout:
    header: Header
    targets: dict[int, int]  # quarter -> column
    actuals: dict[int, int]  # quarter -> column
    percents: dict[int, int]  # quarter -> column
    extras: dict[int, str]  # column -> header text, for columns with no contract column
    unlabelled_actuals: list[int] = field(default_factory=list)


@dataclass
class Group:
    """The rows of one unit: a MISIÓN and its page-break continuations."""

    mission: str | None = None
    label: str | None = None
    activities: list[Activity] = field(default_factory=list)


def _quarter_in(text: str) -> int | None:
    words = [w for w in fold(text).split() if w not in _HEADER_WORDS and not re.fullmatch(r"(19|20)\d\d", w)]
    return parse_quarter(" ".join(words)) if words else None


def _is_header_continuation(sheet: Sheet, row: int) -> bool:
    """A row under the header that only names quarters or says REAL / % EJECUCIÓN."""
    if row > sheet.max_row:
        return False
    cells = [fold(v) for v in sheet.rows[row - 1] if clean(v)]
    if not cells:
        return False
    return all(
        parse_quarter(c) or _quarter_in(c) or (len(c.split()) <= 4 and set(c.split()) & _HEADER_WORDS)
        for c in cells
    )


def _layout(sheet: Sheet, header: Header, followup: int | None) -> Layout | None:
    last = header.last_row
    while _is_header_continuation(sheet, last + 1):
        last += 1
    # Page breaks repeat the same header dozens of times, and detect() and read() both ask for the first:
    # header rows that read the same (cells as written and as shown, cleaned: all _columns_of looks at)
    # have the same columns.
    rows = range(header.first_row, last + 1)
    key = (followup, tuple(tuple(map(clean, sheet.rows[r - 1])) for r in rows),
           tuple(tuple(map(clean, sheet.shown_values(r))) for r in rows))
    memo = sheet.memo.setdefault("followup_layouts", {})
    if key not in memo:
        memo[key] = _columns_of(sheet, header.first_row, last, followup)
    found = memo[key]
    if found is None:
        return None
    labels, columns, targets, actuals, percents, extras, unlabelled = found
    return Layout(Header(header.first_row, last, dict(labels), dict(columns)), dict(targets), dict(actuals),
                  dict(percents), dict(extras), list(unlabelled))


def _columns_of(sheet: Sheet, first: int, last: int, followup: int | None) -> tuple | None:
    """What the header on rows first..last says: labels, columns, and the quarter of each figure column."""
    depth = last - first + 1
    labels = header_labels(sheet, first, depth)
    columns = match_columns(labels, SPEC)
    if any(f not in columns for f in REQUIRED):
        return None
    header = Header(first, last, labels, columns)
    taken = set(columns.values())
    targets, actuals, percents, extras, unlabelled = {}, {}, {}, {}, []
    for col in sorted(labels):
        if col in taken:
            continue
        label = labels[col]
        quarter = next(
            (q for r in range(last, header.first_row - 1, -1)
             if (q := _quarter_in(sheet.text(r, col)) or _quarter_in(fold(sheet.merged_value(r, col))))),
            None,
        )
        if _PERCENT.search(label):
            if quarter or followup:
                percents.setdefault(quarter or followup, col)
        elif _ACTUAL.search(label):
            if quarter or followup:
                actuals.setdefault(quarter or followup, col)
            else:
                unlabelled.append(col)
        elif quarter and quarter not in targets:
            targets[quarter] = col
        else:
            extras[col] = " ".join(
                dict.fromkeys(t for r in range(header.first_row, last + 1) if (t := sheet.text(r, col)))
            )
    if len(targets) < 2 or not (actuals or unlabelled):
        return None
    return labels, columns, targets, actuals, percents, extras, unlabelled


def _followup_number(sheet: Sheet, until: int) -> int | None:
    """'1er SEGUIMIENTO', 'segundo seguimiento' in the title rows: which quarter a REAL column without a quarter
    refers to. Read as etl/followup.py reads it for the whole workbook, so the two never disagree."""
    return find_followup([t for r in range(1, until) for t in sheet.row_texts(r) if t])[0]


def _is_banner(sheet: Sheet, row: int) -> bool:
    """A title or MISIÓN row: one text that names no column."""
    texts = [t for t in sheet.row_texts(row) if t]
    if len(texts) != 1:
        return False
    folded = fold(texts[0])
    return len(folded) > 40 or folded.startswith("mision") or not match_columns({1: folded}, SPEC)


def _layouts(sheet: Sheet, first_only: bool = False) -> list[Layout]:
    found: list[Layout] = []
    start, followup = 1, None
    while start <= sheet.max_row:
        # detect() looks near the top only; read() follows the blocks down the whole sheet.
        scan = 80 if first_only else sheet.max_row
        header = locate(sheet, SPEC, REQUIRED, start=start, max_scan=scan, depths=(1, 2))
        if header is None:
            break
        if header.last_row > header.first_row and _is_banner(sheet, header.first_row):
            # A MISIÓN or title row right above a one-row header is not part of it.
            start = header.first_row + 1
            continue
        if followup is None:
            followup = _followup_number(sheet, header.first_row)
        layout = _layout(sheet, header, followup)
        if layout:
            found.append(layout)
        if first_only:
            break  # the first table of the sheet says whether the sheet is ours
        start = (layout.header.last_row if layout else header.last_row) + 1
    return found


def detect(sheet: Sheet) -> int:
    """Header words of this layout: ACCIÓN OPERATIVA, META ANUAL, quarter targets and a REAL column."""
    layouts = _layouts(sheet, first_only=True)
    if not layouts:
        return 0
    lay = layouts[0]
    return 40 + len(lay.header.columns) + len(lay.targets) + len(lay.percents)


def read(sheet: Sheet) -> SheetData:
    out = SheetData(LAYOUT)
    layouts = _layouts(sheet)
    if not layouts:
        return out
    first = layouts[0].header.first_row
    titles = read_titles(sheet, first)
    out.institution = titles.institution
    # Some plans say the year only in a header ('META 2023').
    out.year = titles.year or find_year(" ".join(layouts[0].header.labels.values()))

    starts = {lay.header.first_row: lay for lay in layouts}
    groups: list[Group] = [Group()]
    lay, objective, r = None, None, 1
    while r <= sheet.max_row:
        if r in starts:
            lay = starts[r]
            if lay.unlabelled_actuals:
                out.warn(r, "la columna REAL no dice a qué trimestre corresponde; no se leyeron sus valores.")
                lay.unlabelled_actuals = []
            r = lay.header.last_row + 1
            continue
        if sheet.is_blank_row(r):
            r += 1
            continue
        texts = list(dict.fromkeys(t for t in sheet.row_texts(r) if t))
        first_text = fold(texts[0])
        unit_label = _UNIT_LABEL.match(" ".join(texts)) if len(texts) <= 2 else None
        if first_text.startswith("mision"):
            if _start_group(groups, mission=first_text):
                objective = None
        elif unit_label:
            if _start_group(groups, label=clean(unit_label.group(2))):
                objective = None
        elif lay is not None:
            objective = _data_row(sheet, r, lay, texts, objective, groups[-1], out)
        r += 1

    for group in groups:
        unit = group.label or _unit_of(group.activities) or _sheet_unit(sheet)
        for a in group.activities:
            a.unit = unit
    out.activities = [a for g in groups for a in g.activities]
    return out


def _start_group(groups: list[Group], mission: str | None = None, label: str | None = None) -> bool:
    """Open a new unit unless this MISIÓN / unit label only repeats the current one after a page break."""
    cur = groups[-1]
    if (mission and cur.mission == mission) or (label and fold(cur.label) == fold(label)):
        return False
    if cur.activities or (mission and cur.mission) or (label and cur.label):
        groups.append(Group())
        cur = groups[-1]
    cur.mission = mission or cur.mission
    cur.label = label or cur.label
    return True


def _data_row(sheet, r, lay: Layout, texts, objective, group: Group, out: SheetData):
    """Read row r as an action or a group row; returns the objective in force after it."""
    cols = lay.header.columns
    values = sheet.rows[r - 1]
    value = lambda c: values[c - 1] if c <= len(values) else None  # noqa: E731  (sheet.value of this row)
    cleaned = {name: clean(value(c)) for name, c in cols.items()}  # each named cell cleaned once
    cell = cleaned.get
    code, activity = cell("code"), cell("activity")
    figures = [cell("annual_target"), *(clean(value(c)) for c in lay.targets.values()),
               *(clean(value(c)) for c in lay.actuals.values())]
    if len(texts) == 1 and not any(figures) and not (code and activity):
        text = texts[0]
        if _OBJECTIVE.match(fold(text)):
            return _objective_label(text)
        if not (is_title(text) or "seguimiento" in fold(text)):
            out.warn(r, f"texto «{_short(text)}» fuera de la tabla; se omitió.")
        return objective
    if fold(code) == "codigo" or fold(activity).startswith("accion operativa"):
        return objective
    if not activity:
        out.warn(r, f"{('código ' + code) if code else 'fila con cifras'} sin acción operativa; se omitió.")
        return objective

    a = Activity(activity=activity, source_sheet=sheet.name, source_row=r, objective=objective,
                 code=code, lead_unit=cell("lead_unit"), responsible=cell("responsible"))
    target = parse_target(value(cols["annual_target"]))
    a.target_text, a.annual_target, a.measure_unit = target
    notes = [cleaned["observations"]] if cell("observations") else []
    notes += [f"{label}: {text}" for c, label in lay.extras.items() if (text := clean(value(c)))]
    a.observations = "\n".join(notes) or None
    for q in range(1, 5):
        t = _figure(value, r, lay.targets.get(q), f"meta T{q}", out)
        actual = _figure(value, r, lay.actuals.get(q), f"real T{q}", out)
        if t is not None or actual is not None:
            a.quarters[q] = (t, actual)
        _check_percent(value, r, lay.percents.get(q), t, actual, code or activity, out)
    group.activities.append(a)
    return objective


def _figure(cell_of, r: int, col: int | None, what: str, out: SheetData) -> float | None:
    """The number in column `col` of row r (`cell_of(col)` gives the row's cells)."""
    if col is None:
        return None
    value = cell_of(col)
    if value is None:
        return None
    text = clean(value)
    if text is None or fold(text) in _NO_VALUE or text in _NO_VALUE:
        return None
    number = parse_number(value)
    if number is None:
        out.warn(r, f"{what} «{_short(text)}» no es un número; se dejó vacía.")
    return number


def _check_percent(cell_of, r, col, target, actual, name, out: SheetData) -> None:
    """Warn when the printed % EJECUCIÓN is far from REAL / META: one of them was mistyped."""
    if col is None or not target or actual is None:
        return
    value = cell_of(col)
    # A number in a % column is a fraction shown with Excel's % format (2 = 200 %).
    printed = value * 100 if isinstance(value, (int, float)) else parse_number(value)
    if printed is None:
        return
    computed = actual / target * 100
    if abs(printed - computed) > 5:
        out.warn(r, f"«{_short(name)}»: el % de ejecución impreso ({printed:.0f}%) no coincide con "
                    f"REAL / meta ({computed:.0f}%); se usa REAL / meta.")


def _objective_label(text: str) -> str:
    """'6 OTRAS ACTIVIDADES OPERATIVAS' -> '6 Otras actividades operativas'; mixed case stays as printed."""
    if text != text.upper():
        return text
    lower = text.lower()
    i = next((k for k, ch in enumerate(lower) if ch.isalpha()), 0)
    return lower[:i] + lower[i:i + 1].upper() + lower[i + 1:]


def _unit_of(activities: list[Activity]) -> str | None:
    """The unit whose plan a block is: its lead unit, or its responsible unit when the lead is a
    manager's post ('Subgerente Comercial' leads Comercialización, Operaciones, Préstamos …)."""
    leads = Counter(a.lead_unit for a in activities if a.lead_unit)
    if leads:
        lead = leads.most_common(1)[0][0]
        if not _ROLE.match(fold(lead)):
            return lead
    responsible = Counter(a.responsible for a in activities if a.responsible)
    if responsible:
        return responsible.most_common(1)[0][0]
    return leads.most_common(1)[0][0] if leads else None


def _sheet_unit(sheet: Sheet) -> str | None:
    name = clean(sheet.name)
    return None if not name or _GENERIC_SHEET.match(fold(name)) else name


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
