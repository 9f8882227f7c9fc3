"""The filter bar's choices as SQL: a WHERE clause of fixed column names and `?` parameters.

Only the names in the maps below ever reach SQL text; what the user chose always goes as a parameter.
No Streamlit here, so the SQL can be tested on its own.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from dashboard.labels import QUARTERS, STATUSES


@dataclass
class Filters:
    institution: list[str] = field(default_factory=list)
    year: list[int] = field(default_factory=list)
    axis: list[str] = field(default_factory=list)
    objective: list[str] = field(default_factory=list)
    unit: list[str] = field(default_factory=list)
    quarter: int | None = None
    status: list[str] = field(default_factory=list)
    text: str = ""

    def __post_init__(self):
        # A quarter or status picks a column or is compared with the store's codes: refuse anything else.
        if self.quarter is not None and self.quarter not in QUARTERS:
            raise ValueError(f"trimestre no válido: {self.quarter!r}")
        if any(s not in STATUSES for s in self.status):
            raise ValueError(f"estado no válido: {self.status!r}")


# Filter field -> column expression. The marts carry the labels ('(sin eje)' for an empty axis).
LABELLED = {"institution": "institution", "year": "year", "axis": "axis", "objective": "objective",
            "unit": "unit"}
# v_activity_index keeps the raw (possibly empty) groupings; filters compare the same labels the others show.
# Written with the store's label macros (sql/macros/labels.sql) over the raw columns, not the view's
# *_label columns, so they reach the scan and the labels stay spelled in one place.
ACTIVITY_COLUMNS = {"institution": "institution", "year": "year",
                    "axis": "axis_label(axis)",
                    "objective": "objective_label(objective)",
                    "unit": "unit_label(unit)"}
# Budget lines have no axis or objective (see budget_lines in queries.py).
BUDGET_LINE_COLUMNS = {"institution": "institution", "year": "year", "unit": "unit"}

# The search box looks through the rows' search_text: in v_activity_index, folded, the eleven columns Explorador
# shows (activity, code, indicator, product, responsible, target, observations, budget note, unit, objective,
# axis); in v_quarter_progress and its kin the four Metas vs real shows (activity, code, unit, objective).
SEARCHED = "search_text"

# Per-quarter columns of v_activity_plan and v_coverage: choosing a quarter picks a column.
PLANNED = {q: f"planned_q{q}" for q in QUARTERS}
WITH_MONTHS = {q: f"with_months_q{q}" for q in QUARTERS}
SCHEDULED = {q: f"scheduled_q{q}" for q in QUARTERS}


def where(f: Filters, columns: dict[str, str], skip: tuple[str, ...] = ()) -> tuple[str, list]:
    """'WHERE a IN (?, ?) AND ...' and its parameters, for the filter fields `columns` knows."""
    parts, params = [], []
    for name, expr in columns.items():
        values = getattr(f, name)
        if values and name not in skip:
            parts.append(f"{expr} IN ({', '.join('?' * len(values))})")
            params.extend(values)
    return (" WHERE " + " AND ".join(parts) if parts else ""), params


def text_clause(text: str) -> tuple[str, list]:
    """Accent- and case-blind search: the rows whose search_text has every word."""
    words = text.split()
    if not words:
        return "", []
    # The text was folded when the file was written (sql/macros/search.sql); only the words are
    # folded here. contains(), not LIKE: a '%' or '_' the user types is looked for, not a wildcard.
    return " AND ".join(f"contains({SEARCHED}, strip_accents(lower(?)))" for _ in words), list(words)


def and_(sql_where: str, clause: str) -> str:
    if not clause:
        return sql_where
    return f"{sql_where} AND {clause}" if sql_where else f" WHERE {clause}"


def add(sql_where: str, params: list, clause: tuple[str, list]) -> tuple[str, list]:
    """`sql_where` and `params` with one more (clause, its parameters)."""
    return and_(sql_where, clause[0]), params + list(clause[1])


def status_clause(f: Filters) -> tuple[str, list]:
    """Activities with the chosen status in the chosen quarter (in any quarter when none is chosen)."""
    if not f.status:
        return "", []
    quarters = [f.quarter] if f.quarter else QUARTERS
    # The mask of those statuses in those quarters is SQL's (sql/macros/status.sql), worked out once per query.
    return "status_mask & (SELECT status_mask_of(?, ?)) <> 0", [list(f.status), list(quarters)]


def quarter_clause(f: Filters) -> tuple[str, list]:
    """Activities planned in the chosen quarter (by a month or a quarter target)."""
    if not f.quarter:
        return "", []
    return "quarter_mask & ? <> 0", [1 << (f.quarter - 1)]


def activity_where(f: Filters) -> tuple[str, list]:
    """Every filter, for views with one row per activity and the raw columns (v_activity_index)."""
    sql_where, params = where(f, ACTIVITY_COLUMNS)
    for clause in (text_clause(f.text), status_clause(f), quarter_clause(f)):
        sql_where, params = add(sql_where, params, clause)
    return sql_where, params


def progress_where(f: Filters, with_status: bool = True) -> tuple[str, list]:
    """Every filter, for views with one row per activity and quarter (v_quarter_progress and its kin)."""
    sql_where, params = where(f, LABELLED)
    if f.quarter:
        sql_where, params = add(sql_where, params, ("quarter = ?", [f.quarter]))
    if with_status and f.status:
        sql_where, params = add(sql_where, params, (f"status IN ({', '.join('?' * len(f.status))})", f.status))
    return add(sql_where, params, text_clause(f.text))
