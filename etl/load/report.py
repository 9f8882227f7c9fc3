"""What a load says of each file, in Spanish: the report's lines, and the message source_files keeps."""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from etl.followup import label as followup_label
from etl.model import LoadWarning, WorkbookData
from etl.readers import layout_label as _layout_label
from etl.safety import count

# The readers are looked up on disk for each label: once per layout and run is enough.
layout_label = functools.lru_cache(maxsize=None)(_layout_label)


# '1 hoja', '1,043 hojas': Spanish counts agree with their noun (the same rule as the safety messages).
plural = count


@dataclass
class FileReport:
    path: Path
    status: str  # 'loaded' | 'rejected'
    message: str = ""
    data: WorkbookData | None = None
    warnings: list[LoadWarning] = field(default_factory=list)
    name: str = ""  # what the user called the file; an upload is read from a generated path

    details: list[str] = field(default_factory=list)
    heading: str = ""
    # What the reader took each sheet's columns for (WorkbookData.understood), in Spanish.
    understood: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.name = self.name or self.path.name
        if self.status == "rejected":
            self.heading = f"✗ {self.name}: RECHAZADO — {self.message}"
        if self.data is not None:
            # Keep the report, not the workbook: a load of thousands of files must not hold them all.
            d, self.data = self.data, None
            months = sum(len(a.months) for a in d.activities)
            quarters = sum(1 for a in d.activities for t, r in a.quarters.values()
                           if t is not None or r is not None)
            lines = len(d.budget_lines) + sum(len(a.budget_items or ()) for a in d.activities)
            self.heading = f"✓ {self.name}: cargado — {d.institution} {d.year}"
            self.understood = list(d.understood)
            self.details = [
                f"formato: {', '.join(layout_label(code) for code in d.layouts)}",
                f"hojas leídas: {', '.join(d.sheets_read)}",
                f"actividades: {len(d.activities)} · meses programados: {months} · "
                f"metas trimestrales: {quarters} · líneas de presupuesto: {lines}",
                *([f"es el {followup_label(d.followup)} del plan" + (f" (al {d.cutoff:%d/%m/%Y})" if d.cutoff else "")]
                  if d.followup else []),
                *(f"plan: {change}" for change in d.plan_changes),
            ]

    def lines(self) -> list[str]:
        """The report as the CLI prints it: heading, details, then one line per warning."""
        if self.status == "rejected":
            return [self.heading]
        return ([self.heading] + [f"    {d}" for d in self.details] + [f"    leído: {u}" for u in self.understood]
                + [f"    aviso: {w}" for w in self.warnings])


def summary(data: WorkbookData) -> str:
    """source_files.message of a loaded workbook; its warnings themselves are rows of load_warnings."""
    text = (f"{plural(len(data.activities), 'actividad', 'actividades')} de "
            f"{plural(len(data.sheets_read), 'hoja', 'hojas')}")
    if data.warnings:
        text += f"; {plural(len(data.warnings), 'aviso', 'avisos')}"
    return text
