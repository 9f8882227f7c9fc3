"""From a workbook file to WorkbookData: detect each sheet's layout, read it, fill in what the workbook implies."""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import fields, replace
from pathlib import Path

from etl import institutions, names, validate
from etl.followup import find_followup, title_lines
from etl.normalize import numbers
from etl.normalize.text import fold
from etl.model import PLAN_YEARS, Activity, LoadWarning, RejectedFile, SheetData, UnsureReading, WorkbookData
from etl import profiles as profile_files
from etl.readers import best_reader, columns
from etl.roles import says
from etl.titles import TITLE_ROWS, workbook_titles
from etl.workbook import iter_sheets, sha256_of


HIDDEN = ("la hoja está oculta en Excel y no se leyó; si es parte del plan, muéstrela (clic derecho en las pestañas "
          "› Mostrar) y vuelva a cargar el libro.")


def read_workbook(path: Path, institution: str | None = None, year: int | None = None,
                  name: str | None = None, profile: str | None = None) -> WorkbookData:
    """Everything a workbook holds, or RejectedFile with the reason in Spanish (UnsureReading when a sheet was
    read with doubts).

    `name` is the file name to record when `path` is a temporary copy (an upload); `profile` the name of a saved
    profile (data/profiles/) to read it by, whatever its headers."""
    path = Path(path)
    file_name = name or path.name
    sheets: list = []
    found: list[tuple[str, SheetData]] = []
    warnings: list[LoadWarning] = []
    context = _context(year, profile)
    understood: list[str] = []
    unsure: list[str] = []
    for sheet in iter_sheets(path):
        sheets.append(sheet)
        if sheet.hidden:
            warnings.append(LoadWarning(sheet.name, None, HIDDEN))
            continue
        if sheet.max_row == 0:
            continue
        if sheet.uncached_formulas:
            cells = ", ".join(sheet.uncached_formulas[:5]) + ("…" if len(sheet.uncached_formulas) > 5 else "")
            warnings.append(LoadWarning(
                sheet.name, None, f"{len(sheet.uncached_formulas)} fórmulas sin valor calculado ({cells}) "
                "se leyeron vacías; abra el libro en Excel, guárdelo y vuelva a cargarlo."))
        mapped = columns.profile_header(sheet, context)
        reader = columns if mapped is not None else (
            None if context.profile is not None else best_reader(sheet))
        with numbers.watching() as unread:
            if reader is None:
                data = None
            elif getattr(reader, "USES_CONTEXT", False):
                data = reader.read(sheet, context)
            else:
                data = reader.read(sheet)
                data.understood.append(f"formato {reader.LABEL}")
                if reader.LAYOUT != "template":  # our own template names each column: its words stand
                    data.doubts.extend(columns.row_doubts(data.activities))
        if unread:
            warnings.extend(unread_figures(sheet, unread))
        _let_go(sheet)
        if reader is None:
            warnings.append(LoadWarning(sheet.name, None, "no tiene una tabla POA reconocible; se omitió."))
            continue
        warnings.extend(replace(w, sheet=w.sheet or sheet.name) for w in data.warnings)
        warnings.extend(_drop_totals(sheet.name, data))
        understood += [f"Hoja «{sheet.name}»: {u}" for u in data.understood]
        unsure += [f"Hoja «{sheet.name}»: {d}" for d in data.doubts]
        if data.activities or data.budget_lines:
            found.append((sheet.name, data))
        else:
            warnings.append(LoadWarning(sheet.name, None,
                                        f"encabezados de {reader.LABEL}, pero ninguna fila con datos."))
    if not sheets:
        raise RejectedFile("el libro no tiene hojas")
    if unsure:
        raise UnsureReading(
            "lectura dudosa, no se cargó: " + "; ".join(unsure) + ". Lo que se entendió: " + " · ".join(understood)
            + ". Asigne las columnas en la página Datos (o nombre un perfil con --perfil)")
    if context.profile is not None and not found:
        raise RejectedFile(f"ninguna hoja tiene los encabezados del perfil «{context.profile.name}» ("
                           + ", ".join(f"«{k}»" for k in context.profile.columns) + ")")
    if not found:
        hidden = [s.name for s in sheets if s.hidden]
        raise RejectedFile(
            "no se encontró ninguna tabla POA reconocible (ninguna hoja tiene una columna de actividad: "
            "«Actividad», «Operación», «Acción operativa», «Tareas»…)" + nearest(sheets) +
            "; asigne las columnas en la página Datos, o use la plantilla de docs/template.md"
            + (f". Hay hojas ocultas que no se leyeron ({', '.join(f'«{n}»' for n in hidden)}): si el plan está en "
               "una de ellas, muéstrela en Excel (clic derecho en las pestañas › Mostrar) y vuelva a cargarlo"
               if hidden else "")
        )

    # The first rows of every sheet are read for the institution and year only when no table said them.
    titles = _Lazy(lambda: workbook_titles(sheets))
    inst = institution or next((d.institution for _, d in found if d.institution), None) or titles().institution
    if not inst:
        raise RejectedFile(
            "el libro no dice a qué institución pertenece; indíquela con --institution \"Nombre\""
        )
    inst = institutions.canonical_name(inst)
    plan_year = year or next((d.year for _, d in found if d.year), None) or titles().year
    if not plan_year:
        raise RejectedFile("el libro no dice el año del plan; indíquelo con --year AAAA")
    if not PLAN_YEARS[0] <= int(plan_year) <= PLAN_YEARS[1]:
        # Excel shows a small number in a date-formatted «Año:» cell as a day of 1900.
        raise RejectedFile(
            f"el libro da {int(plan_year)} como año del plan, que no puede ser el de un plan operativo "
            "(¿una fecha o un número mal escrito en «Año:»?); corrija el año en el libro o indíquelo con --year AAAA")

    activities = [a for _, d in found for a in d.activities]
    budget_lines = [b for _, d in found for b in d.budget_lines]
    for name in ("axis", "objective", "unit", "lead_unit"):
        _unify_spelling(activities, name)
    names.map_workbook(inst, activities, budget_lines)  # the catalog's one name per axis and unit
    warnings.extend(_fill_currency(inst, activities, budget_lines))
    warnings.extend(validate.check(activities, budget_lines))
    _share_texts(activities)
    layouts = list(dict.fromkeys(d.layout for _, d in found))
    followup, cutoff = find_followup(title_lines(sheets), file_name, int(plan_year))
    return WorkbookData(
        file_name=file_name,
        sha256=sha256_of(path),
        institution=inst,
        year=int(plan_year),
        layouts=layouts,
        sheets_read=[name for name, _ in found],
        activities=activities,
        budget_lines=budget_lines,
        warnings=warnings,
        followup=followup,
        cutoff=cutoff,
        understood=understood,
    )


def _context(year, profile: str | None) -> columns.Context:
    try:
        forced = profile_files.named(profile) if profile else None
    except profile_files.ProfileError as exc:
        raise RejectedFile(str(exc)) from None
    return columns.Context(year=year, profile=forced, profiles=profile_files.all_profiles())


def _drop_totals(sheet: str, data: SheetData) -> list[LoadWarning]:
    """A row that says TOTAL is a sum, whichever reader took it: never an activity."""
    totals = [a for a in data.activities if says(fold(a.activity), "total_row")]
    if not totals:
        return []
    data.activities = [a for a in data.activities if a not in totals]
    return [LoadWarning(sheet, a.source_row, f"«{a.activity[:40]}» es una fila de total; no se cargó como "
                                             "actividad.") for a in totals]


def nearest(sheets) -> str:
    """What the closest reading of an unreadable workbook found: the header columns it could name, and the saved
    profile that shares most headers with it."""
    best = None
    for sheet in sheets:
        if sheet.hidden or not sheet.rows:
            continue
        for row in range(1, min(sheet.max_row, columns.HEADER_SCAN) + 1):
            cols = columns.header_columns(sheet, row, 1)
            columns._assign(cols)
            named = [c for c in cols if c.used]
            if len(named) >= 2 and (best is None or len(named) > len(best[2])):
                best = (sheet.name, row, named, cols)
    if best is None:
        return ""
    sheet, row, named, cols = best
    text = (f". Lo más parecido está en la hoja «{sheet}», fila {row}: "
            + "; ".join(c.said() for c in named[:8]))
    labels = {c.label for c in cols}
    scored = sorted(((len(set(p.columns) & labels), p) for p in profile_files.all_profiles()),
                    key=lambda t: -t[0])
    if scored and scored[0][0]:
        n, p = scored[0]
        missing = [k for k in p.columns if k not in labels]
        text += f"; el perfil más parecido es «{p.name}», al que le faltan " + ", ".join(f"«{k}»" for k in missing[:6])
    return text


class _Lazy:
    """A value worked out the first time it is asked for, then remembered."""

    def __init__(self, make):
        self._make, self._value, self._made = make, None, False

    def __call__(self):
        if not self._made:
            self._value, self._made = self._make(), True
        return self._value


_TEXT_FIELDS = tuple(f.name for f in fields(Activity) if str(f.type) in ("str", "str | None", "<class 'str'>"))


def _share_texts(activities) -> None:
    """One string per distinct text: readers clean each cell into a new string, and a product, indicator or
    responsible unit repeats on thousands of rows, each row holding a copy of it. Shared
    strings are also pickled once when the activities go to the writer process."""
    seen: dict[str, str] = {}
    for a in activities:
        for name in _TEXT_FIELDS:
            value = getattr(a, name)
            if value is not None:
                setattr(a, name, seen.setdefault(value, value))


MAX_UNREAD_WARNINGS = 50


def unread_figures(sheet, unread: list) -> list[LoadWarning]:
    """A warning on each row holding a figure that could not be read (numbers.read_number says why).

    The readers note the value, not where it was: the sheet is searched for it, which only happens when a
    sheet holds such a cell. A value no cell holds as such (a reader passed on part of a cell) is named
    without a row."""
    texts = {v: problem for v, problem in unread if isinstance(v, str)}
    not_finite = next((problem for v, problem in unread if not isinstance(v, str)), None)
    out, found = [], set()
    for r, cells in enumerate(sheet.rows, 1):
        here = Counter()
        for v in cells:
            if type(v) is str and v in texts:
                found.add(v)
                here[v] += 1
            elif not_finite and type(v) is float and not math.isfinite(v):
                here[None] += 1
        for v, n in here.items():
            what = f"«{v.strip()[:40]}»" if v is not None else "una celda"
            cells_said = f" ({n} celdas)" if n > 1 else ""
            out.append(LoadWarning(sheet.name, r, f"{what}{cells_said} {texts[v] if v is not None else not_finite}."))
    out += [LoadWarning(sheet.name, None, f"«{v.strip()[:40]}» {problem}.") for v, problem in texts.items()
            if v not in found]
    if len(out) > MAX_UNREAD_WARNINGS:
        rest = len(out) - MAX_UNREAD_WARNINGS
        out = out[:MAX_UNREAD_WARNINGS] + [LoadWarning(sheet.name, None, f"y {rest} cifras más que no se pudieron leer.")]
    return out


def _let_go(sheet) -> None:
    """Drop what a read sheet no longer needs: a big workbook's next sheet is read while this one waits."""
    sheet.memo.clear()  # what detection and reading worked out of every cell; a big sheet's is big
    del sheet.rows[TITLE_ROWS:]  # only the title rows are read again (workbook_titles, title_lines)


def _spelling_key(text: str, plural_blind: bool) -> str:
    words = fold(text).split()
    if plural_blind:
        # 'Perspectiva Clientes' is the perspective 'Clientes'.
        while len(words) > 1 and words[0] in ("perspectiva", "eje", "de", "del"):
            words = words[1:]
        words = [w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words]
    return " ".join(words)


def _shouting(text: str) -> bool:
    """All capitals, and more than an acronym such as 'RRHH' or 'UFI'."""
    return text.isupper() and (" " in text or len(text) > 5)


_PERSPECTIVE = re.compile(r"(?i)^perspectiva\s+(?:de\s+|del\s+)?(?=\w)")


def _unify_spelling(activities, field: str) -> None:
    """One spelling per grouping in a workbook: 'PROCESOS INTERNOS', 'Procesos Internos' and
    'Procesos internos' are one axis, written in the spelling the workbook uses most often,
    capitals-only spellings last.

    Axes also ignore plurals ('Cliente' / 'Clientes'): the perspectives are a handful of words.
    """
    groups: dict[str, Counter] = {}
    keys: dict[str, str] = {}  # a workbook has a handful of spellings for thousands of activities
    axes: dict[str, str] = {}  # each spelling's axis name worked out once
    for a in activities:
        value = getattr(a, field)
        if value and field == "axis":
            named = axes.get(value)
            if named is None:
                named = _PERSPECTIVE.sub("", value)
                named = axes[value] = named[0].upper() + named[1:]
            value = named
            setattr(a, field, value)
        if value:
            key = keys.get(value)
            if key is None:
                key = keys[value] = _spelling_key(value, field == "axis")
            groups.setdefault(key, Counter())[value] += 1
    chosen = {
        key: max(counts.items(), key=lambda kv: (not _shouting(kv[0]), kv[1], -len(kv[0])))[0]
        for key, counts in groups.items()
    }
    for a in activities:
        value = getattr(a, field)
        if value:
            setattr(a, field, chosen[keys[value]])


def _fill_currency(inst: str, activities, budget_lines) -> list[LoadWarning]:
    """A bare '$' is the institution's own currency; say so when it cannot be told."""
    default = institutions.currency_of(inst)
    missing = 0
    for item in [*activities, *budget_lines]:
        amount = getattr(item, "budget_amount", getattr(item, "amount", None))
        if amount is not None and not item.currency:
            if default:
                item.currency = default
            else:
                missing += 1
    for a in activities:
        if a.measure_unit == "$":
            a.measure_unit = default or "$"
    if missing:
        amounts = "1 monto" if missing == 1 else f"{missing} montos"
        return [LoadWarning(None, None, f"{amounts} sin moneda: no se sabe el país de «{inst}»; "
                                        "escriba RD$ o US$ en el libro.")]
    return []
