"""Any plan table as its office wrote it: each column read by the role its header gives it (etl/roles.py).

The reader finds the header (one to three rows, merged cells spread), gives each column a role from the catalog
or from a profile a loader saved, and reads the rows below: group rows and label:value rows («UNIDAD
ORGANIZACIONAL: …») set the hierarchy for the rows under them, totals are skipped, a row with only budget figures
is one more budget line of the activity above it, and where several years stand side by side the plan year's
columns are read. What it took each column for goes to the load report; what makes it unsure goes to `doubts`,
and a sheet with doubts is not loaded unless a loader mapped its columns.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from etl import profiles as profile_files
from etl.model import Activity, BudgetItem, SheetData
from etl.normalize.dates import months_in_year
from etl.normalize.money import parse_money
from etl.normalize.months import is_mark, months_between, parse_period
from etl.normalize.numbers import parse_number
from etl.normalize.targets import parse_target
from etl.normalize.text import clean, fold
from etl.roles import BUDGET_STAGES, COLUMN_ROLES, Period, parse_period_code, period_of, role_of, says, \
    without_years, years_of
from etl.titles import read_titles
from etl.workbook import Sheet

LAYOUT = "columns"
LABEL = "tabla por columnas"
USES_CONTEXT = True
FALLBACK = True

TEXT_ROLES = ("axis", "objective", "unit", "lead_unit", "product", "code", "indicator", "measure_unit",
              "responsible", "risk", "mitigation", "observations")
DETAIL_ROLES = ("programme", "project", "baseline", "evidence")
# Roles a group row or a label:value row can set for the rows under it.
CONTEXT_ROLES = ("axis", "objective", "programme", "project", "unit", "product", "responsible")
HEADER_SCAN = 40
DOUBT_SHARE = 0.6


@dataclass
class Context:
    year: int | None = None
    profile: profile_files.Profile | None = None  # named by the loader: used whatever the headers
    profiles: list | None = None  # saved profiles, tried by their headers


@dataclass
class Column:
    col: int
    header: str  # as written, the header rows joined
    label: str  # folded
    role: str | None = None
    span: bool = False  # the header names a span of years (2024-2027, cuatrienio)
    period: Period | None = None
    years: tuple[int, ...] = ()
    note: str | None = None  # why it is not read

    @property
    def used(self) -> bool:
        return (self.role is not None and self.role != "ignore") or self.period is not None

    def said(self) -> str:
        what = str(self.period) if self.period else COLUMN_ROLES.get(self.role or "", self.role or "")
        return f"{what} = {self.header}"


@dataclass
class Header:
    first_row: int
    last_row: int
    columns: list[Column]
    profile: profile_files.Profile | None = None
    doubts: list[str] = field(default_factory=list)

    def of(self, role: str) -> list[Column]:
        return [c for c in self.columns if c.role == role and c.note is None]

    def one(self, role: str) -> Column | None:
        for c in self.columns:
            if c.role == role and c.note is None:
                return c
        return None

    def periods(self) -> list[Column]:
        return [c for c in self.columns if c.period is not None and c.note is None]

    def fixed(self) -> "Header":
        """The columns settled: what each role and period reads, looked up once for all the rows."""
        self.by_role = {}
        for c in self.columns:
            if c.role and c.note is None and c.period is None:
                self.by_role.setdefault(c.role, c)
        self.period_columns = self.periods()
        return self

    @property
    def roles(self) -> int:
        return sum(c.used and c.note is None for c in self.columns)

    @property
    def distinct(self) -> int:
        """How many different things the columns say: a header read one row too short names each month twice."""
        return len({(c.period.code, c.years) if c.period else (c.role, c.years)
                    for c in self.columns if c.used and c.note is None})


def detect(sheet: Sheet) -> int:
    header = find_header(sheet, Context())
    return 10 if header is not None and header.one("activity") else 0


def read(sheet: Sheet, context: Context | None = None) -> SheetData:
    context = context or Context()
    header = find_header(sheet, context)
    out = SheetData(LAYOUT)
    if header is None or not header.one("activity"):
        return out
    titles = read_titles(sheet, header.first_row)
    out.institution, out.year = titles.institution, titles.year
    year = context.year or titles.year or _only_year(header)
    out.year = out.year or (None if context.year else _only_year(header))
    choose_year(header, year)
    _settle(header)
    out.doubts.extend(dict.fromkeys(header.doubts))
    _Rows(sheet, header, out, year).read()
    out.understood.append(understood(header))
    out.doubts.extend(doubts(header, out))
    if header.profile is not None:
        # The loader said what each column is: its word stands, the doubts are only told.
        for d in out.doubts:
            out.warn(None, f"{d} (se cargó según el perfil «{header.profile.name}»)")
        out.doubts.clear()
    return out


# --- the header ------------------------------------------------------------------------------------------------

def header_columns(sheet: Sheet, row: int, depth: int) -> list[Column]:
    """Each column's header text over `depth` rows from `row`, merged cells spread over their range."""
    parts: dict[int, list[str]] = {}
    for r in range(row, row + depth):
        for c, v in enumerate(sheet.shown_values(r), 1):
            text = clean(v)
            if text and text not in parts.setdefault(c, []):
                parts[c].append(text)
    return [Column(c, " / ".join(p), fold(" ".join(p))) for c, p in sorted(parts.items()) if p and fold(" ".join(p))]


def _assign(columns: list[Column]) -> None:
    bare = _month_run(columns)
    for c in columns:
        c.years, c.span = years_of(c.label)
        label = without_years(c.label)
        c.period = period_of(label, bare.get(c.col))
        if c.period is None:
            c.role = role_of(label)
            if c.role == "annual_target" and c.span:
                c.role = "multi_year_target"


def _month_run(columns: list[Column]) -> dict[int, int]:
    """Columns headed 1…12 side by side (the last word of their header), as months."""
    nums = {}
    for c in columns:
        last = c.label.split()[-1]
        if last.isdigit() and 1 <= int(last) <= 12 and len(c.label.split()) <= 3:
            nums[c.col] = int(last)
    cols = sorted(nums)
    for i in range(len(cols)):
        run = cols[i:i + 12]
        if len(run) == 12 and [nums[c] for c in run] == list(range(1, 13)) and run[-1] - run[0] <= 35:
            return {c: nums[c] for c in cols if nums[c] and run[0] <= c <= run[-1]}
    return {}


def _apply_profile(columns: list[Column], profile) -> None:
    for c in columns:
        role = profile.role(without_years(c.label))
        c.role, c.period = None, None
        c.years, c.span = years_of(c.label)
        if role is None:
            continue
        period = parse_period_code(role)
        if period:
            c.period = period
        else:
            c.role = role


def _numeric_row(sheet: Sheet, row: int) -> bool:
    """A data row, not a header row: it holds figures other than years and month numbers."""
    for v in sheet.rows[row - 1] if row <= sheet.max_row else ():
        if isinstance(v, (int, float)) and not isinstance(v, bool) and not (1 <= v <= 12 or 1990 <= v <= 2100):
            return True
    return False


def profile_header(sheet: Sheet, context: Context) -> Header | None:
    """The header of a saved (or named) profile, when the sheet has every header it names; else None."""
    if context.profile is None and not context.profiles:
        return None
    header = find_header(sheet, Context(context.year, context.profile, context.profiles), profiles_only=True)
    return header if header is not None and header.profile is not None else None


def find_header(sheet: Sheet, context: Context, profiles_only: bool = False) -> Header | None:
    """The header rows that give the most columns a role, with an activity column among them; a profile's headers
    when a saved profile's every header is there."""
    memo = sheet.memo.setdefault("columns_header", {})
    key = (id(context.profile), tuple(p.name for p in context.profiles or ()), profiles_only)
    if key in memo:
        return memo[key]
    best = None
    for row in range(1, min(sheet.max_row, HEADER_SCAN) + 1):
        cells = [t for t in (clean(v) for v in sheet.shown_values(row)) if t]
        # «Año: 2025» or «UNIDAD: Gerencia X» above the table is a label and its value, not the header's top row.
        if len(cells) < 2 or _numeric_row(sheet, row) or (len(cells) <= 2 and cells[0].rstrip().endswith(":")):
            continue
        for depth in (1, 2, 3):
            if row + depth - 1 > sheet.max_row or (depth > 1 and _numeric_row(sheet, row + depth - 1)):
                break
            columns = header_columns(sheet, row, depth)
            profile = _profile_for(columns, context)
            if profile is not None:
                _apply_profile(columns, profile)
                header = Header(row, row + depth - 1, columns, profile)
                memo[key] = header
                return header
            if context.profile is not None or profiles_only:
                continue
            _assign(columns)
            header = Header(row, row + depth - 1, columns)
            if not header.one("activity"):
                continue
            score = (header.distinct, -depth)
            if best is None or score[0] > best[0][0]:
                best = (score, header)
    header = best[1] if best else None
    memo[key] = header
    return header


def _profile_for(columns: list[Column], context: Context):
    labels = {without_years(c.label) for c in columns}
    if context.profile is not None:
        wanted = set(context.profile.columns)
        return context.profile if wanted <= labels else None
    for p in context.profiles or ():
        if set(p.columns) <= labels:
            return p
    return None


_CODE = re.compile(r"^[\w.\-/]{1,14}$")


def looks_like_code(text: str | None) -> bool:
    """«1.2.3», «AO-01», «2301045»: a number or short code, not the text of an activity."""
    return bool(text) and " " not in text.strip() and bool(_CODE.match(text.strip())) and \
        any(ch.isdigit() for ch in text)


def _settle(header: Header) -> None:
    """One column per role: a second one is left unread and said; two that could each be the activity are a doubt."""
    seen: dict[str, Column] = {}
    for c in header.columns:
        if c.role is None or c.role == "ignore" or c.period is not None or c.note is not None:
            continue
        if c.role in seen:
            first = seen[c.role]
            c.note = f"otra columna de {COLUMN_ROLES[c.role]} (se leyó «{first.header}»)"
            if c.role == "activity":
                header.doubts.append(f"dos columnas pueden ser la actividad: «{first.header}» y «{c.header}»")
        else:
            seen[c.role] = c
    periods: dict[str, Column] = {}
    for c in header.columns:
        if c.period is not None and c.note is None:
            key = c.period.code
            if key in periods:
                c.note = f"otra columna de {c.period} (se leyó «{periods[key].header}»)"
            periods.setdefault(key, c)


def choose_year(header: Header, year: int | None) -> None:
    """Where several years stand side by side, the plan year's columns are read and the others are said."""
    dated = [c for c in header.columns if c.years and c.used and c.note is None]
    years = sorted({y for c in dated if not c.span for y in c.years})
    if len(years) <= 1 and not year:
        return
    if year is None:
        header.doubts.append("hay columnas de varios años (" + ", ".join(map(str, years)) +
                             "); indique el año del plan (--year, o en el formulario de carga)")
        return
    for c in dated:
        if c.span and c.role != "multi_year_target":
            c.note = "de varios años (" + "–".join(map(str, c.years)) + ")"
        elif year not in c.years:
            c.note = f"de {', '.join(map(str, c.years))}, no del año del plan {year}"


def _only_year(header: Header) -> int | None:
    years = {y for c in header.columns if c.used and not c.span for y in c.years}
    return years.pop() if len(years) == 1 else None


def understood(header: Header) -> str:
    used = [c.said() for c in header.columns if c.used and c.note is None]
    unused = [f"«{c.header}»" + (f" ({c.note})" if c.note else "") for c in header.columns
              if not c.used or c.note is not None]
    rows = (f"fila {header.first_row}" if header.first_row == header.last_row
            else f"filas {header.first_row}–{header.last_row}")
    text = f"encabezado en {rows}: " + "; ".join(used)
    if header.profile is not None:
        text = f"perfil «{header.profile.name}», " + text
    if unused:
        text += "; columnas sin usar: " + ", ".join(unused)
    return text


# --- the rows --------------------------------------------------------------------------------------------------

class _Rows:
    def __init__(self, sheet: Sheet, header: Header, out: SheetData, year: int | None):
        header.fixed()
        self.sheet, self.header, self.out, self.year = sheet, header, out, year
        self.role = header.by_role.get
        self.activity = header.one("activity")
        self.parts = {c.col: {fold(p) for p in c.header.split(" / ")} for c in header.columns}
        self.context: dict[str, str] = {}
        self.totals = 0
        self.last: Activity | None = None
        self.last_range = None
        self.budget_cols = [c for c in header.columns if c.role in BUDGET_STAGES and c.note is None]
        self.line_cols = {c.col for c in self.budget_cols} | {
            c.col for r in ("budget_item", "quantity", "unit_cost", "currency") for c in header.of(r)}

    def read(self) -> None:
        self._quantities()
        for row in range(1, self.header.first_row):
            self._label_row(row, self.sheet.row_texts(row))
        for row in range(self.header.last_row + 1, self.sheet.max_row + 1):
            self._row(row)
        if self.totals:
            self.out.understood.append("1 fila de total o subtotal no se cargó como actividad" if self.totals == 1 else
                                       f"{self.totals} filas de total o subtotal no se cargaron como actividades")

    def _quantities(self) -> None:
        """Month columns headed by the month alone hold marks, unless they hold figures above 1 (not «100%»): then
        they are the month's quantities, and a quarter's target is the sum of its months."""
        marks = [c for c in self.header.periods() if c.period.kind == "mark"]
        if not marks:
            return
        for row in range(self.header.last_row + 1, self.sheet.max_row + 1):
            for c in marks:
                v = self.sheet.value(row, c.col)
                n = parse_number(v) if not (isinstance(v, str) and "%" in v) else None
                if n is not None and n > 1:
                    for m in marks:
                        m.period = Period("target", "m", m.period.n)
                    self.out.understood.append("los meses tienen cantidades: la meta de cada trimestre es la suma "
                                               "de sus meses")
                    return

    def _row(self, row: int) -> None:
        sheet = self.sheet
        texts = sheet.row_texts(row)
        if not any(texts):
            return
        values = sheet.shown_values(row)
        shown = [clean(v) or "" for v in values] + [""] * max(0, sheet.max_col - len(values))
        if self._repeated_header(shown):
            self.last = None
            return
        filled = [t for t in shown if t]
        first = fold(filled[0]) if filled else ""
        if says(first, "total_row") or says(fold(shown[self.activity.col - 1]), "total_row"):
            self.totals += 1
            self.last = None
            return
        text = shown[self.activity.col - 1]
        own = texts[self.activity.col - 1]
        if text and (self._label_row(row, texts) or self._heading(row, shown)):
            self.last = None
            return
        if not text:
            if self._label_row(row, texts) or self._group_row(row, shown):
                self.last = None
                return
            if self.last is not None and any(shown[c - 1] for c in self.line_cols):
                self._budget_line(self.last, row, shown, values)
                return
            self.out.warn(row, "sin texto de actividad; se omitió.")
            return
        rng = self._range_of(row)
        if self.last is not None and self.line_cols and (
                (rng is not None and rng == self.last_range) or (not own and rng is None)):
            # The same merged description over several budget lines, or a line with the activity left empty.
            self._budget_line(self.last, row, shown, values)
            return
        self._activity(row, text, shown, values)
        self.last_range = rng

    def _range_of(self, row: int):
        col = self.activity.col
        for r1, c1, r2, c2 in self.sheet.ranges_on(row):
            if r1 <= row <= r2 and c1 <= col <= c2 and r2 > r1:
                return (r1, c1, r2, c2)
        return None

    def _repeated_header(self, shown: list[str]) -> bool:
        col = self.activity.col
        if not shown[col - 1] or fold(shown[col - 1]) not in self.parts[col]:
            return False  # a repeated header names the activity column as the first one did
        hits = sum(1 for c in self.header.columns if c.used and fold(shown[c.col - 1]) and
                   not _numeric(shown[c.col - 1]) and fold(shown[c.col - 1]) in self.parts[c.col])
        return hits >= max(2, self.header.roles // 2)

    def _label_row(self, row: int, texts: list[str]) -> bool:
        """«UNIDAD ORGANIZACIONAL: Gerencia X» (in one cell, or the label and its value in two)."""
        cells = [t for t in texts if t]
        if not cells or len(cells) > 2:
            return False
        if len(cells) == 1:
            if ":" not in cells[0]:
                return False
            label, value = cells[0].split(":", 1)
        else:
            label, value = cells[0], cells[1]
            if ":" in label:
                label, rest = label.split(":", 1)
                value = (rest.strip() + " " + value).strip() if rest.strip() else value
            elif not label.rstrip().endswith(":"):
                return False
        role = role_of(fold(label))
        value = value.strip()
        if role in CONTEXT_ROLES and value:
            self._set_context(role, value)
            return True
        return False

    def _heading(self, row: int, shown: list[str]) -> bool:
        """The activity column's text spread over the row by a merge, or alone and naming a group: a heading."""
        text = _only_text(shown)
        if text is None:
            return False
        merged = any(r1 <= row <= r2 and c1 <= self.activity.col <= c2 and c2 > c1
                     for r1, c1, r2, c2 in self.sheet.ranges_on(row))
        return (merged or self._group_role(text) is not None) and self._group_row(row, shown)

    @staticmethod
    def _group_role(text: str) -> str | None:
        head = fold(text).split()
        for n in (3, 2, 1):
            role = role_of(" ".join(head[:n])) if len(head) >= n else None
            if role in CONTEXT_ROLES:
                return role
        return None

    def _group_row(self, row: int, shown: list[str]) -> bool:
        """A row with one text (often merged across the table) and no figures: the heading of the rows below."""
        text = _only_text(shown)
        if text is None:
            return False
        role = self._group_role(text)
        if role in CONTEXT_ROLES:
            self._set_context(role, text.split(":", 1)[1].strip() if ":" in text else text)
        else:
            self.out.warn(row, f"fila de grupo «{text[:60]}» sin tipo reconocible (eje, objetivo, programa…); "
                               "no se usó.")
        return True

    def _set_context(self, role: str, value: str) -> None:
        self.context[role] = value
        order = list(CONTEXT_ROLES)
        # A new objective starts a new group: what was under the old one (a project, a programme) ends with it.
        for lower in ("programme", "project") if role in ("axis", "objective") else ():
            if order.index(lower) > order.index(role):
                self.context.pop(lower, None)

    def _activity(self, row: int, text: str, shown: list[str], values: list) -> None:
        a = Activity(activity=text, source_sheet=self.sheet.name, source_row=row)
        h = self.header
        for role in TEXT_ROLES:
            c = self.role(role)
            value = shown[c.col - 1] if c else ""
            setattr(a, role, value or self.context.get(role))
        for role in DETAIL_ROLES:
            c = self.role(role)
            value = (shown[c.col - 1] if c else "") or self.context.get(role)
            if value:
                a.details = a.details or {}
                a.details[role] = value
        c = self.role("annual_target")
        if c:
            t = parse_target(_value(values, c.col))
            a.target_text, a.annual_target = t.text, t.number
            a.measure_unit = a.measure_unit or t.measure_unit
        c = self.role("currency")
        if c and shown[c.col - 1]:
            a.currency = shown[c.col - 1].upper()
        self._months(a, values)
        self._quarters(a, values)
        self.out.activities.append(a)
        self.last = a
        if self.line_cols:
            self._budget_line(a, row, shown, values)

    def _budget_line(self, a: Activity, row: int, shown: list[str], values: list) -> None:
        h = self.header
        item = self.role("budget_item")
        line = BudgetItem(item=(shown[item.col - 1] or None) if item else None, source_row=row)
        for c in self.budget_cols:
            money = parse_money(_value(values, c.col))
            if money is not None:
                line.amounts[c.role] = money.amount
                line.currency = line.currency or money.currency
            elif c.role == "budget" and shown[c.col - 1]:
                a.budget_note = a.budget_note or shown[c.col - 1]
        q, u = self.role("quantity"), self.role("unit_cost")
        line.quantity = parse_number(_value(values, q.col)) if q else None
        line.unit_cost = parse_number(_value(values, u.col)) if u else None
        if "budget" not in line.amounts and line.quantity is not None and line.unit_cost is not None:
            line.amounts["budget"] = line.quantity * line.unit_cost
        if not line.amounts:
            return
        a.budget_items = a.budget_items or []
        a.budget_items.append(line)
        a.currency = a.currency or line.currency
        planned = [b.amounts["budget"] for b in a.budget_items if "budget" in b.amounts]
        a.budget_amount = sum(planned) if planned else None

    def _months(self, a: Activity, values: list) -> None:
        h = self.header
        for c in self.header.period_columns:
            if c.period.span == "m":
                v = _value(values, c.col)
                if c.period.kind in ("mark", "money", "target") and _planned(v):
                    a.months.add(c.period.n)
        start, end = self.role("start"), self.role("end")
        if (start or end) and self.year:
            a.months.update(months_in_year(_value(values, (start or end).col), _value(values, (end or start).col),
                                           self.year))
        p = self.role("period")
        if p:
            span = parse_period(_value(values, p.col))
            if span:
                a.months.update(months_between(*span))

    def _quarters(self, a: Activity, values: list) -> None:
        quarters: dict[int, list] = {}
        by_span = {"q": {}, "h": {}, "m": {}}
        for c in self.header.period_columns:
            if c.period.kind in ("target", "actual"):
                n = parse_number(_value(values, c.col))
                if n is not None:
                    by_span[c.period.span][(c.period.kind, c.period.n)] = n
        for (kind, n), v in by_span["q"].items():
            quarters.setdefault(n, [None, None])[kind == "actual"] = v
        # A half-year («corte») is reported at the end of its second quarter.
        for (kind, n), v in by_span["h"].items():
            slot = quarters.setdefault(2 * n, [None, None])
            if slot[kind == "actual"] is None:
                slot[kind == "actual"] = v
        # Monthly programmed / executed figures add up to their quarter, where no quarter column says it.
        for (kind, m), v in by_span["m"].items():
            q = (m - 1) // 3 + 1
            if any(k == kind for k, _ in by_span["q"] if _ == q):
                continue
            slot = quarters.setdefault(q, [None, None])
            i = kind == "actual"
            slot[i] = (slot[i] or 0) + v
        for q, (t, r) in sorted(quarters.items()):
            if t is not None or r is not None:
                a.quarters[q] = (t, r)


def _only_text(shown: list[str]) -> str | None:
    """The row's one text, when every filled cell shows the same one (a merge across the row, or a single cell)."""
    filled = {t for t in shown if t}
    return filled.pop() if len(filled) == 1 else None


def _numeric(text: str) -> bool:
    return parse_number(text) is not None and not any(ch.isalpha() for ch in text)


def _value(values: list, col: int):
    return values[col - 1] if col <= len(values) else None


def _planned(v) -> bool:
    if isinstance(v, str):
        n = parse_number(v)
        if n is not None:
            return n != 0
    return is_mark(v)


# --- doubts ----------------------------------------------------------------------------------------------------

def row_doubts(acts: list[Activity], header: Header | None = None) -> list[str]:
    """What the activities read make unsure, whichever reader read them: codes where the activity's text should
    be, targets that are the budget."""
    out = []
    if not acts:
        return out
    named = (lambda role, said: f"«{header.one(role).header}»" if header and header.one(role) else said)
    codes = [a.activity for a in acts if looks_like_code(a.activity)]
    if len(codes) >= DOUBT_SHARE * len(acts):
        out.append(f"la columna {named('activity', 'de la actividad')} tiene códigos (p. ej. «{codes[0]}»), "
                   "no el texto de las actividades")
    both = [a for a in acts if a.annual_target is not None and a.budget_amount is not None]
    same = [a for a in both if abs(a.annual_target - a.budget_amount) < 0.005]
    if len(both) >= 2 and len(same) >= DOUBT_SHARE * len(both):
        out.append(f"la meta anual ({named('annual_target', 'la columna de la meta')}) es igual al presupuesto "
                   f"({named('budget', 'la columna del presupuesto')}) en {len(same)} de {len(both)} actividades: "
                   "¿es la meta, o un monto?")
    return out


def doubts(header: Header, data: SheetData) -> list[str]:
    """What makes this reading unsure (none when the reading looks right)."""
    acts = data.activities
    out = row_doubts(acts, header)
    if not acts:
        return out
    others = [c for c in header.columns if c.used and c.note is None and c.role != "activity"]
    bare = [a for a in acts if not (a.months or a.quarters or a.annual_target is not None or a.target_text
                                    or a.budget_amount is not None or a.unit or a.indicator or a.product)]
    if len(others) >= 3 and len(bare) >= 0.8 * len(acts) and len(acts) >= 3:
        out.append(f"{len(bare)} de {len(acts)} filas tienen solo el texto de la actividad: las demás columnas "
                   "reconocidas están vacías")
    return out
