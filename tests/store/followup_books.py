"""Follow-up workbooks of a made-up institution's plan, in the quarterly_followup layout (Caja Mutual's)."""
from __future__ import annotations

from pathlib import Path

from tests.workbooks import write_workbook

INSTITUTION = "Instituto de Previsión del Magisterio Rural"  # made up: no real institution's figures
TITLES = {1: "1er SEGUIMIENTO", 2: "2do SEGUIMIENTO", 3: "3er SEGUIMIENTO", None: "SEGUIMIENTO"}
QUARTERS = ["EN-MAR", "ABR-JUN", "JUL-SEP", "OCT-DIC"]


def followup_book(path: Path, followup: int | None, units: dict[str, list[tuple]], reported: int = 1,
                  year: int = 2023) -> Path:
    """One sheet, one MISIÓN block per unit. Each action is (code, text, annual, [4 targets], [actuals]):
    actuals for quarters 1..`reported`. With two quarters reported, REAL and % EJECUCIÓN each span two
    columns under a merged header, as the 2nd follow-ups do."""
    n = reported
    h1 = (["CÓDIGO", "ACCIÓN OPERATIVA (AO)", "UNIDAD ORGANIZATIVA LÍDER", "UNIDAD-ÁREA RESPONSABLE",
           "META ANUAL", f"METAS PARA AÑO {year}", None, None, None]
          + ["REAL"] + [None] * (n - 1) + ["% EJECUCIÓN"] + [None] * (n - 1) + ["OBSERVACIONES"])
    h2 = [None] * 5 + QUARTERS + QUARTERS[:n] * 2 + [None]
    last = 9 + 2 * n + 1  # column number of OBSERVACIONES
    rows = [[INSTITUTION.upper()],
            [f"{TITLES[followup]} AL PLAN OPERATIVO ANUAL (POA) {year}"], []]
    merges = []
    for unit, actions in units.items():
        rows.append([f"MISIÓN: Dirigir y controlar las actividades de {unit}."])
        top = len(rows) + 1
        rows += [h1, h2]
        merges += [f"{c}{top}:{c}{top + 1}" for c in "ABCDE"] + [f"{_col(last)}{top}:{_col(last)}{top + 1}",
                                                                  f"F{top}:I{top}"]
        if n > 1:
            merges += [f"J{top}:{_col(9 + n)}{top}", f"{_col(10 + n)}{top}:{_col(9 + 2 * n)}{top}"]
        rows.append(["O.E.1. Mejorar los servicios para la población asegurada."])
        for code, text, annual, targets, actuals in actions:
            actuals = list(actuals) + [None] * (n - len(actuals))
            pcts = [a / t if a is not None and t else None for a, t in zip(actuals, targets)]
            rows.append([code, text, unit, unit, annual, *targets, *actuals[:n], *pcts[:n], None])
        rows.append([])
    return write_workbook(path, {"Seguimiento": rows}, {"Seguimiento": merges})


def _col(n: int) -> str:
    return chr(ord("A") + n - 1)
