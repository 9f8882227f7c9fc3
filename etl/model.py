"""What a reader hands to the writer: plain records, no I/O."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(slots=True)  # a big workbook holds tens of thousands at once
class Activity:
    activity: str
    source_sheet: str
    source_row: int
    axis: str | None = None
    objective: str | None = None
    unit: str | None = None
    lead_unit: str | None = None
    product: str | None = None
    code: str | None = None
    indicator: str | None = None
    target_text: str | None = None
    annual_target: float | None = None
    measure_unit: str | None = None
    responsible: str | None = None
    budget_amount: float | None = None
    currency: str | None = None
    budget_note: str | None = None
    risk: str | None = None
    mitigation: str | None = None
    observations: str | None = None
    # Planned months 1-12 of the plan year.
    months: set[int] = field(default_factory=set)
    # quarter (1-4) -> (target, actual); either may be None.
    quarters: dict[int, tuple[float | None, float | None]] = field(default_factory=dict)
    # What a plan says of the activity that has no column of its own: programme, project, baseline, evidence.
    # None rather than empty: a big workbook holds tens of thousands of activities, most without either.
    details: dict[str, str] | None = None
    # The activity's own budget lines (item, stages), when it has several; budget_amount is their planned sum.
    budget_items: list["BudgetItem"] | None = None


@dataclass(slots=True)
class BudgetItem:
    """One budget line of an activity: its item (partida, rubro) and an amount per stage (etl.roles.BUDGET_STAGES)."""

    item: str | None
    source_row: int
    amounts: dict[str, float] = field(default_factory=dict)
    currency: str | None = None
    quantity: float | None = None
    unit_cost: float | None = None


@dataclass
class BudgetLine:
    item: str
    amount: float
    source_sheet: str
    source_row: int
    unit: str | None = None
    currency: str | None = None


@dataclass(frozen=True)
class LoadWarning:
    """Something in a loaded workbook a planner should look at; it did not stop the load.

    Kept as a record, not a sentence, so that the store can list warnings by sheet and row
    (load_warnings) and nobody has to split a message apart again."""

    sheet: str | None
    row: int | None
    message: str

    def __str__(self) -> str:
        return warning_text(self.sheet, self.row, self.message)


def warning_text(sheet: str | None, row: int | None, message: str) -> str:
    """'Hoja «POA», fila 5: meta anual negativa (-3).', with as much of the place as is known."""
    where = ", ".join(p for p in (sheet and f"Hoja «{sheet}»", row is not None and f"fila {row}") if p)
    return f"{where}: {message}" if where else message


@dataclass
class SheetData:
    """What one reader found in one sheet."""

    layout: str
    activities: list[Activity] = field(default_factory=list)
    budget_lines: list[BudgetLine] = field(default_factory=list)
    # Found in the sheet's own title rows or header block, when it says.
    institution: str | None = None
    year: int | None = None
    # The sheet is left blank here: the pipeline knows which sheet this is and fills it in.
    warnings: list[LoadWarning] = field(default_factory=list)
    # What the reader took each column for, in Spanish («actividad = META DE PRODUCTO; …»), for the load report.
    understood: list[str] = field(default_factory=list)
    # Why the reading may be wrong: a sheet with doubts is not loaded unless its columns were mapped by hand.
    doubts: list[str] = field(default_factory=list)

    def warn(self, row: int | None, message: str) -> None:
        self.warnings.append(LoadWarning(None, row, message))


@dataclass
class WorkbookData:
    """A whole workbook, ready for the writer."""

    file_name: str
    sha256: str
    institution: str
    year: int
    layouts: list[str]
    sheets_read: list[str]
    activities: list[Activity]
    budget_lines: list[BudgetLine]
    warnings: list[LoadWarning] = field(default_factory=list)
    # Which follow-up of the plan this is (1-4, the quarter it reports up to), None for a formulated
    # plan or one that does not say; and the cut-off date when the workbook states one.
    followup: int | None = None
    cutoff: date | None = None
    # What each sheet's columns were taken for (SheetData.understood), sheet by sheet.
    understood: list[str] = field(default_factory=list)
    # Filled by the writer: what this load replaced or added in its plan, in Spanish.
    plan_changes: list[str] = field(default_factory=list)

    @property
    def layout(self) -> str:
        return ", ".join(self.layouts)


# The years a plan can be of: a number outside them in «Año:» is a typo or a date, not a plan year.
PLAN_YEARS = (1990, 2100)


class RejectedFile(Exception):
    """A workbook we will not load; the message is for the user, in Spanish."""


class UnsureReading(RejectedFile):
    """A workbook read with doubts: not loaded as if it were right. Its columns can be mapped by hand on Datos
    (or named with --perfil), and the mapping is kept as a profile for the next workbook with the same headers."""
