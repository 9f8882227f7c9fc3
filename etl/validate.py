"""Checks on what a workbook says that do not reject it but that a planner should look at."""
from __future__ import annotations

from collections import Counter

from etl import catalog
from etl.model import Activity, BudgetLine, LoadWarning

MAX_EXECUTION = 3.0  # 300 %


def _figure(value: float) -> str:
    return f"{value:,.0f}" if abs(value) < 1e15 else f"{value:.2e}".replace("e+", " × 10^")


def check(activities: list[Activity], budget_lines: list[BudgetLine] = ()) -> list[LoadWarning]:
    """Spanish warnings, one per finding; also drops months outside 1-12 so they cannot reach the store."""
    out = []
    limits = catalog.limits()

    def warn(a, message: str) -> None:
        out.append(LoadWarning(a.source_sheet, a.source_row, message))

    def implausible(a, what: str, value: float | None, limit: float) -> None:
        if value is not None and abs(value) > limit:
            warn(a, f"{what} de {_figure(value)} supera el máximo creíble ({limit:,.0f}, data/catalog/limits.toml); "
                    "se cargó así: revise si la cifra es correcta.")

    for line in budget_lines:
        implausible(line, f"el monto de «{line.item[:60]}»", line.amount, limits.max_amount)
    for a in activities:
        implausible(a, "el presupuesto", a.budget_amount, limits.max_amount)
        if a.budget_amount is not None and a.budget_amount < 0:
            warn(a, f"presupuesto negativo ({a.budget_amount:,.2f}).")
        implausible(a, "la meta anual", a.annual_target, limits.max_figure)
        for q, pair in sorted(a.quarters.items()):
            for what, value in zip(("la meta", "el real"), pair):
                implausible(a, f"{what} del trimestre {q}", value, limits.max_figure)
        bad = sorted(m for m in a.months if not 1 <= m <= 12)
        if bad:
            a.months -= set(bad)
            warn(a, f"mes fuera de 1–12 ({', '.join(map(str, bad))}); se ignoró.")
        if a.annual_target is not None and a.annual_target < 0:
            warn(a, f"meta anual negativa ({a.annual_target:g}).")
        for q, (target, actual) in sorted(a.quarters.items()):
            if target is not None and target < 0:
                warn(a, f"meta negativa en el trimestre {q} ({target:g}).")
            if actual and not target:
                warn(a, f"hay un real ({actual:g}) en el trimestre {q} sin meta.")
            elif actual is not None and target and target > 0 and actual / target > MAX_EXECUTION:
                warn(
                    a, f"ejecución de {actual / target:.0%} en el trimestre {q} "
                    f"(real {actual:g} contra meta {target:g}); revise si la cifra es correcta."
                    .replace("%", " %")
                )
    # Plans restart their numbering under each axis and objective, so a code is unique within those.
    codes = Counter((a.unit, a.axis, a.objective, a.code) for a in activities if a.code)
    for (unit, _, _, code), n in sorted(codes.items(), key=lambda kv: tuple(map(str, kv[0]))):
        if n > 1:
            out.append(LoadWarning(None, None,
                                   f"Código «{code}» repetido {n} veces en la unidad «{unit or '(sin unidad)'}»."))
    return out
