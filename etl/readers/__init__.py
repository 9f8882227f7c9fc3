"""One module per workbook layout.

A reader module defines:
    LAYOUT: str           short id stored in source_files.layout, e.g. "monthly_schedule"
    LABEL: str            what the CLI report and the Datos page call it, in Spanish
    detect(sheet) -> int  0 when the sheet is not in this layout, else a score (higher wins)
    read(sheet) -> SheetData
and may define FALLBACK = True (asked only when no other reader knows the sheet) and USES_CONTEXT = True (read
takes the load's etl.readers.columns.Context: the plan year and the profiles).

Modules here are found by themselves: a new layout is one new module and its tests.
"""
from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from types import ModuleType

from etl.workbook import Sheet

_HELPERS = {"headers"}


def readers() -> list[ModuleType]:
    return list(_reader_modules())


@lru_cache(maxsize=1)
def _reader_modules() -> tuple[ModuleType, ...]:
    # Looked up once per process: listing the package's files and importing them weighed on detecting each sheet.
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name in _HELPERS or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "LAYOUT") and hasattr(module, "detect") and hasattr(module, "read"):
            found.append(module)
    return tuple(found)


def best_reader(sheet: Sheet) -> ModuleType | None:
    """The layout reader that scores the sheet highest; a FALLBACK reader (the one by column roles) is asked only
    when no layout of its own knows the sheet."""
    modules = _reader_modules()
    for group in ([r for r in modules if not getattr(r, "FALLBACK", False)],
                  [r for r in modules if getattr(r, "FALLBACK", False)]):
        scored = [(r.detect(sheet), r.LAYOUT, r) for r in group]
        scored = [s for s in scored if s[0]]
        if scored:
            return max(scored, key=lambda s: (s[0], s[1]))[2]
    return None


def layout_label(layout) -> str:
    """The Spanish name of a layout code from source_files.layout ('period_matrix' -> 'matriz de período');
    a code no reader knows any more is shown as it is."""
    if not isinstance(layout, str) or not layout:
        return ""  # a rejected workbook has no layout: None in the store, NaN in a data frame
    labels = {r.LAYOUT: r.LABEL for r in readers()}
    return ", ".join(labels.get(code.strip(), code.strip()) for code in layout.split(","))
