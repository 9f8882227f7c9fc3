"""What a column header says a column holds: its role, from data/catalog/roles.csv, and the period it is of.

`roles.csv` lists spellings planning offices use for each role (`activity`, `unit`, `budget`, …), folded (no
accents, case or punctuation), matched `exact` (the whole header), `contains` (whole words anywhere in it) or
`starts` (at its start). Some roles are words, not columns: `period_target` / `period_actual` / `period_percent`
/ `period_money` say what a quarter, half-year or month column holds, `total_row` what a sum row starts with.
Editing the file is enough; no reader names a header word.
"""
from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from functools import lru_cache

from etl.catalog import CATALOG_DIR, catalog_dir
from etl.normalize.months import MONTHS_ES, _ALIASES as MONTH_ALIASES
from etl.normalize.text import fold

# Roles a column can have, and the Spanish word the load report uses for each.
COLUMN_ROLES = {
    "activity": "actividad", "product": "producto", "objective": "objetivo", "axis": "eje", "programme": "programa",
    "project": "proyecto", "unit": "unidad", "lead_unit": "unidad líder", "responsible": "responsable",
    "indicator": "indicador", "measure_unit": "unidad de medida", "baseline": "línea base",
    "annual_target": "meta anual", "multi_year_target": "meta de varios años", "code": "código",
    "evidence": "medio de verificación", "observations": "observaciones", "risk": "riesgo",
    "mitigation": "mitigación", "budget": "presupuesto", "budget_modified": "presupuesto modificado",
    "budget_certified": "certificado", "budget_committed": "comprometido", "budget_accrued": "devengado",
    "budget_paid": "pagado", "budget_balance": "saldo", "budget_item": "partida", "quantity": "cantidad",
    "unit_cost": "costo unitario", "currency": "moneda", "start": "inicio", "end": "fin",
    "period": "período", "ignore": "sin usar",
}
WORD_ROLES = ("period_target", "period_actual", "period_percent", "period_money", "total_row")
BUDGET_STAGES = ("budget", "budget_modified", "budget_certified", "budget_committed", "budget_accrued",
                 "budget_paid", "budget_balance")
PERIOD_KINDS = {"target": "meta", "actual": "real", "percent": "%", "mark": "marca", "money": "monto"}
PERIOD_NAMES = {"q": "T", "h": "S", "m": "mes "}


@dataclass(frozen=True)
class Spelling:
    role: str
    words: str  # folded
    match: str  # exact, contains, starts


class CatalogError(ValueError):
    pass


@lru_cache(maxsize=4)
def _spellings(path) -> tuple[Spelling, ...]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for n, row in enumerate(rows, 2):
        role, match = (row.get("role") or "").strip(), (row.get("match") or "contains").strip()
        words = fold(row.get("spelling")) or (row.get("spelling") or "").strip()
        if role not in COLUMN_ROLES and role not in WORD_ROLES:
            raise CatalogError(f"{path.name}, fila {n}: el papel «{role}» no existe")
        if match not in ("exact", "contains", "starts") or not words:
            raise CatalogError(f"{path.name}, fila {n}: falta la grafía o «match» no es exact, contains ni starts")
        out.append(Spelling(role, words, match))
    return tuple(out)


def spellings() -> tuple[Spelling, ...]:
    return _spellings(_roles_file(os.environ.get("POA_CATALOG")))


@lru_cache(maxsize=8)
def _roles_file(folder: str | None):
    # A catalog folder of its own (POA_CATALOG) may leave the roles to the bundled file.
    path = catalog_dir() / "roles.csv"
    return path if path.exists() else CATALOG_DIR / "roles.csv"


def _has(label: str, s: Spelling) -> int:
    """Where the spelling is in the label (-1: not there)."""
    if s.match == "exact":
        return 0 if label == s.words else -1
    if s.match == "starts":
        return 0 if label == s.words or label.startswith(s.words + " ") else -1
    pos = f" {label} ".find(f" {s.words} ")
    return pos


@lru_cache(maxsize=8192)
def role_of(label: str) -> str | None:
    """The column role a folded header names: an exact spelling first, then the one that starts earliest (a
    Spanish header names its head word first: «código de la actividad» is a code), then the longest."""
    best = None
    for s in spellings():
        if s.role in WORD_ROLES:
            continue
        pos = _has(label, s)
        if pos < 0:
            continue
        key = (s.match != "exact", pos, -len(s.words))
        if best is None or key < best[0]:
            best = (key, s.role)
    return best[1] if best else None


def says(label: str, role: str) -> bool:
    """Whether the folded text holds a spelling of a word role (period_target, total_row, …)."""
    exact, pattern = _word_table(_roles_file(os.environ.get("POA_CATALOG")))[role]
    return label in exact or bool(pattern and pattern.search(label))


@lru_cache(maxsize=4)
def _word_table(path) -> dict:
    """Per word role, its exact spellings and one pattern for the others: asked of every row of a sheet."""
    table = _spellings(path)
    out = {}
    for role in WORD_ROLES:
        mine = [s for s in table if s.role == role]
        parts = [rf"^{re.escape(s.words)}(?:\s|$)" if s.match == "starts" else rf"(?:^|\s){re.escape(s.words)}(?:\s|$)"
                 for s in mine if s.match != "exact"]
        out[role] = ({s.words for s in mine if s.match == "exact"}, re.compile("|".join(parts)) if parts else None)
    return out


_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_SPAN = re.compile(r"\b(?:19|20)\d\d\s*(?:-|a|al|\s)\s*(?:19|20)\d\d\b|\bcuatrienio\b|\bquinquenio\b|\bplurianual\b")
_ORDINAL = {"1": 1, "i": 1, "primer": 1, "primero": 1, "1er": 1, "1ro": 1, "2": 2, "ii": 2, "segundo": 2,
            "2do": 2, "3": 3, "iii": 3, "tercer": 3, "tercero": 3, "3er": 3, "3ro": 3, "4": 4, "iv": 4,
            "cuarto": 4, "4to": 4}
_ORD = "|".join(sorted(_ORDINAL, key=len, reverse=True))
_QUARTER = re.compile(rf"\b(?:t([1-4])|q([1-4])|({_ORD})\s*trim(?:estre)?|trim(?:estre)?\s*({_ORD}))\b")
_HALF = re.compile(rf"\b(?:s([12])|({_ORD})\s*(?:semestre|corte)|(?:semestre|corte)\s*({_ORD}))\b")
_RANGE = {"ene mar": 1, "en mar": 1, "enero marzo": 1, "abr jun": 2, "abril junio": 2, "jul sep": 3,
          "julio septiembre": 3, "jul set": 3, "oct dic": 4, "octubre diciembre": 4}


@dataclass(frozen=True)
class Period:
    kind: str  # target, actual, percent, mark (a month's X), money (a month's amount)
    span: str  # q (quarter), h (half-year), m (month)
    n: int

    @property
    def code(self) -> str:
        return f"{self.kind}:{self.span}{self.n}"

    def __str__(self) -> str:
        return f"{PERIOD_NAMES[self.span]}{self.n} {PERIOD_KINDS[self.kind]}"


def parse_period_code(code: str) -> Period | None:
    m = re.fullmatch(r"(target|actual|percent|mark|money):([qhm])(\d{1,2})", code or "")
    return Period(m.group(1), m.group(2), int(m.group(3))) if m else None


def years_of(label: str) -> tuple[tuple[int, ...], bool]:
    """The years a header names, and whether it spans several (a four-year target)."""
    return tuple(int(y) for y in _YEAR.findall(label)), bool(_SPAN.search(label))


def without_years(label: str) -> str:
    return " ".join(_YEAR.sub(" ", label).split())


def period_of(label: str, month_number: int | None = None) -> Period | None:
    """The period a folded header (years taken out) is of, and what it holds. `month_number` is the month a
    bare number header stands for, when the columns around it run 1…12."""
    kind = ("percent" if says(label, "period_percent") else "actual" if says(label, "period_actual")
            else "target" if says(label, "period_target") else None)
    if month_number:
        return Period("money" if says(label, "period_money") else kind or "mark", "m", month_number)
    m = _QUARTER.search(label)
    if m:
        n = m.group(1) or m.group(2) or _ORDINAL[m.group(3) or m.group(4)]
        return Period(kind or "target", "q", int(n))
    for words, q in _RANGE.items():
        if f" {words} " in f" {label} ":
            return Period(kind or "target", "q", q)
    m = _HALF.search(label)
    if m:
        n = m.group(1) or _ORDINAL[m.group(2) or m.group(3)]
        return Period(kind or "target", "h", int(n))
    month = _month_word(label)
    if month:
        return Period("money" if says(label, "period_money") else kind or "mark", "m", month)
    return None


def _month_word(label: str) -> int | None:
    """A header that is a month's name with at most kind words beside it: «ENE.», «Enero prog», «marzo real»."""
    words = [w for w in label.split() if not any(says(w, r) for r in ("period_target", "period_actual",
                                                                       "period_percent", "period_money"))]
    if len(words) != 1:
        return None
    w = words[0]
    if w in MONTHS_ES:
        return MONTHS_ES.index(w) + 1
    if w in MONTH_ALIASES and w != "en":
        return MONTH_ALIASES[w]
    return None
