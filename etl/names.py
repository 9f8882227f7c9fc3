"""The names catalog applied at load: one name per axis and unit (etl/store/rename.py applies it again over a
loaded store)."""
from __future__ import annotations

from etl import catalog


def map_workbook(institution: str, activities, budget_lines) -> None:
    """At load: write each axis, unit and lead unit as the catalog names it."""
    names = catalog.names_for(institution)
    for a in activities:
        a.axis = catalog.canonical("axis", a.axis, names=names)
        a.unit = catalog.canonical("unit", a.unit, names=names)
        a.lead_unit = catalog.canonical("unit", a.lead_unit, names=names)
    for b in budget_lines:
        b.unit = catalog.canonical("unit", b.unit, names=names)
