"""ARS SEMMA, Plan Operativo Anual 2023 (seed 000_87486670af4c569c.txt) -> data/samples/semma_poa_2023.xlsx.

The seed is a text extraction of the PDF: one block per unit x perspective (Generales / Nombre /
Fecha / Área / Eje o perspectiva / Objetivo estratégico de referencia / Meta operativa anual), then
Entregables | Indicadores | Actividades | 12 month cells | Responsables. Pages come out of order and
some pages lost their header block; ORPHANS and HEADER_AFTER below say where those pages belong,
judged from their Responsables column. Text is kept as printed (typos included); only the
corrections in MONTH_FIXES change a value.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font

from etl.normalize.text import fold

SEED = "000_87486670af4c569c.txt"
FILE_NAME = "semma_poa_2023.xlsx"
INSTITUTION_TITLE = "SEGURO MÉDICO PARA MAESTROS (ARS SEMMA)"
YEAR_TITLE = "PLAN OPERATIVO ANUAL 2023"

# Pages whose header block is missing in the seed: the first activity of the page -> the unit
# its Responsables column names (the perspective is not said, so it stays empty).
ORPHANS = {
    "2.3 Apoyar en la realización de los planes de mejora": {"area": "Planificacion y Desarrollo"},
    "1.3 Levantamiento de los reportes del área": {
        "area": "Control y Fiscalización",
        "product": "Realizados y entregados Informes // Matriz de Soportes // Reportes del Sistema "
                   "// Correos // Minutas de Mesa de Trabajo",
        "indicator": "% de controles mejorados",
    },
    "3.3 Entrenamiento a usuarios": {"area": "División de Operaciones TIC"},
    "2.5. Coordinar con el Encargado Administrativo": {"area": "DAF"},
    "2.1 Valorar y ejecutar procesos de eliminación": {"area": "Archivo y Correspondencia"},
    "5. Ser específicos en las solicitudes de compras": {"area": "División de Compras y Contrataciones"},
}

# Products printed as loose lines beside their activities (not in the table's tab columns).
PRODUCTS = {
    "1.5. Crear y actualizar manuales de usuario": ("1.5. Manuales de Usuario de los sistemas",
                                                    "% de respuestas emitidas en los tiempos establecidos."),
    "1.6.1 consulta de nucleo familiares": ("1.6 Oficina virtual AFILIADO implantada en el portal Web institucional.",
                                            None),
    "1.4. Monitoreo de los controles aplicados": (
        "- Políticas creadas - Controles actualizados - Informes - Actas de reuniones - Módulo de "
        "PreAutorizaciones en funcionamiento - Pautas creadas - Manuales y Procedimientos - Minutas / Correos",
        "% de controles mejorados"),
}

# OCR lost a tab: the row beside it and the quarterly pattern say the last mark is December.
MONTH_FIXES = {
    "2.1. Reconocer los colaboradores de las áreas de servicio": {3: "100%", 6: "100%", 9: "100%", 12: "100%"},
}

_LABELS = [
    ("objective", "objetivo estrategico de referencia"),
    ("target", "meta operativa anual"),
    ("axis", "eje o perspectiva"),
    ("name", "nombre"),
    ("date", "fecha"),
    ("area", "area"),
]
_MARK = re.compile(r"^(x|X|\d+%)$")
_CODE2 = re.compile(r"^\d+(\.\d+)+\.?\s")


@dataclass
class Row:
    activity: str
    product: str | None
    indicator: str | None
    months: dict[int, str]
    responsible: str | None
    seed_line: int
    blank_before: bool = False


@dataclass
class Block:
    fields: dict[str, str] = field(default_factory=dict)
    inline: bool = False  # 'Nombre: ...' written in one cell, as some units do
    quarter_label: str = "1er. Trim."
    rows: list[Row] = field(default_factory=list)
    header_after: bool = False  # the table came before its header block in the seed


def _context(cells: list[str]) -> tuple[str, str, bool] | None:
    filled = [c for c in cells if c]
    if filled and fold(filled[0]) == "generales":
        filled = filled[1:]
    if not filled:
        return None
    folded = fold(filled[0])
    for name, label in _LABELS:
        if folded == label or folded.startswith(label + " "):
            rest = " ".join(filled[0].split()[len(label.split()):]).lstrip(":").strip()
            if rest:
                return name, rest, True
            return name, " ".join(filled[1:]).strip(), False
    return None


def _is_mark(cell: str) -> bool:
    return bool(_MARK.match(cell))


def _activity_index(cells: list[str]) -> int | None:
    text = [i for i, c in enumerate(cells) if c and not _is_mark(c) and len(c) > 3]
    if not text:
        return None
    first_mark = next((i for i, c in enumerate(cells) if _is_mark(c)), len(cells))
    before = [i for i in text if i < first_mark]
    coded = [i for i in before if _CODE2.match(cells[i])]
    if coded:
        return coded[-1]
    if len(cells) > 2 and 2 in text:
        return 2
    return before[-1] if before else None


def _months(cells: list[str], i: int) -> tuple[dict[int, str], str | None]:
    """Marks after the activity, and the first text after them (Responsables).

    When a row lost its Indicadores cell and its marks run past December, the marks sit in
    their usual columns (D..O) rather than right after the activity.
    """
    months, responsible, overflow = {}, None, False
    for k, cell in enumerate(cells[i + 1:]):
        if responsible is not None:
            break
        if _is_mark(cell):
            if k < 12:
                months[k + 1] = cell
            else:
                overflow = True
        elif cell:
            responsible = cell
    if overflow and i < 2:
        months = {k - 2: c for k, c in enumerate(cells[3:15], start=3) if _is_mark(c)}
    return months, responsible


def parse(seed_text: str) -> list[Block]:
    blocks: list[Block] = [Block()]
    blank = False
    for n, raw in enumerate(seed_text.splitlines(), start=1):
        line = re.sub(r"</?p>", "", raw)
        cells = [c.strip() for c in line.split("\t")]
        filled = [c for c in cells if c]
        block = blocks[-1]
        if not filled or set("".join(filled)) <= set("-"):
            blank = True
            continue
        if fold(filled[0]) == fold(YEAR_TITLE):
            continue
        ctx = _context(cells)
        if ctx:
            name, value, inline = ctx
            if block.rows and not block.header_after:
                new = Block()
                if name in ("objective", "target"):
                    new.fields = {k: v for k, v in block.fields.items() if k in ("name", "date", "area", "axis")}
                blocks.append(new)
                block = new
            if block.header_after and name in block.fields:
                block.header_after = False  # its header block is complete; the next one is another unit's
                blocks.append(Block())
                block = blocks[-1]
            block.fields[name] = value
            block.inline = block.inline or (inline and name == "name")
            continue
        if fold(filled[0]) == "entregables":
            if block.rows or (not block.fields and len(blocks) > 1):
                blocks.append(Block(header_after=True))
            blank = False
            continue
        if re.match(r"^1\s*er\.?\s*trim", filled[0], re.I):
            block.quarter_label = filled[0]
            continue
        if all(c.isdigit() for c in filled) or "\t" not in line:
            blank = blank or "\t" not in line
            continue
        i = _activity_index(cells)
        if i is None:
            continue
        activity = cells[i]
        if fold(activity) in ("responsables", "responsable"):
            continue
        orphan = next((v for k, v in ORPHANS.items() if activity.startswith(k)), None)
        if orphan:
            blocks.append(Block(fields={"area": orphan["area"]}))
            block = blocks[-1]
        before = [c for c in cells[:i]]
        product = indicator = None
        if i >= 3:
            product, indicator = " ".join(c for c in before[:-1] if c) or None, before[-1] or None
        elif i == 2:
            product, indicator = before[0] or None, before[1] or None
        elif i == 1:
            product = before[0] or None
        if orphan and "product" in orphan:
            product, indicator = orphan["product"], orphan["indicator"]
        fixed = next((v for k, v in PRODUCTS.items() if activity.startswith(k)), None)
        if fixed:
            product, indicator = fixed
        months, responsible = _months(cells, i)
        fix = next((v for k, v in MONTH_FIXES.items() if activity.startswith(k)), None)
        if fix:
            months = dict(fix)
        block.rows.append(Row(activity, product, indicator, months, responsible, n, blank and bool(block.rows)))
        blank = False
    return [b for b in blocks if b.rows]


def _same_text(previous: str | None, text: str) -> bool:
    return bool(previous) and fold(previous).endswith(fold(text))


def _groups(rows: list[Row]) -> list[list[Row]]:
    """Rows under one Entregable; a product cell that repeats or continues the previous one (page break) joins it."""
    groups: list[list[Row]] = []
    current = None
    for row in rows:
        text = row.product
        if text and groups and current and (_same_text(current, text) or text[:1].islower()):
            if text[:1].islower() and not _same_text(current, text):
                current = f"{current} {text}"
                groups[-1][0].product = current
            row.product = None
        elif text or not groups:
            current = text
            groups.append([])
        else:
            row.product = None
        if groups[-1] and row.indicator and row.indicator[:1].islower():
            head = next(r for r in reversed(groups[-1]) if r.indicator or r is groups[-1][0])
            head.indicator = f"{head.indicator or ''} {row.indicator}".strip()
            row.indicator = None
        groups[-1].append(row)
    return groups


def _sheet_name(fields: dict[str, str], taken: set[str]) -> str:
    area = fields.get("area", "Sin área")
    for prefix in ("Departamento de ", "Departamento ", "División de ", "Division de ", "Sección de ",
                   "Seccion de ", "Dvision de "):
        if area.startswith(prefix):
            area = area[len(prefix):]
    axis = fields.get("axis", "")
    name = re.sub(r"[\[\]:*?/\\]", "-", f"{area[:20].strip()} {axis[:10].strip()}".strip())[:31]
    base, n = name, 2
    while name in taken:
        name = f"{base[:28]} {n}"
        n += 1
    return name


def _write_block(ws, block: Block, row: int, text_numbers: bool) -> int:
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    f = block.fields
    labels = [("name", "Nombre:"), ("date", "Fecha:"), ("area", "Área:"), ("axis", "Eje o perspectiva:")]
    general = [(key, label) for key, label in labels if key in f]
    if general:
        ws.cell(row, 1, "Generales").font = bold
        if len(general) > 1:
            ws.merge_cells(start_row=row, start_column=1, end_row=row + len(general) - 1, end_column=1)
        for key, label in general:
            if block.inline:
                ws.cell(row, 2, f"{label} {f[key]}")
                ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=16)
            else:
                ws.cell(row, 2, label).font = bold
                ws.cell(row, 3, f[key])
                ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=16)
            row += 1
    for key, label in (("objective", "Objetivo estratégico de referencia"), ("target", "Meta operativa anual")):
        if key in f:
            ws.cell(row, 1, label).font = bold
            ws.cell(row, 2, f[key]).alignment = wrap
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=16)
            row += 1
    # Table header: three rows, Cronograma over the twelve months, a trimestre over each three.
    for col, label in ((1, "Entregables"), (2, "Indicadores"), (3, "Actividades"), (16, "Responsables")):
        ws.cell(row, col, label).font = bold
        ws.merge_cells(start_row=row, start_column=col, end_row=row + 2, end_column=col)
    ws.cell(row, 4, "Cronograma").font = bold
    ws.merge_cells(start_row=row, start_column=4, end_row=row, end_column=15)
    short = "Trim" in block.quarter_label and "Trimestre" not in block.quarter_label
    for q, ordinal in enumerate(("1er.", "2do.", "3er.", "4to.")):
        ws.cell(row + 1, 4 + 3 * q, f"{ordinal} {'Trim.' if short else 'Trimestre'}")
        ws.merge_cells(start_row=row + 1, start_column=4 + 3 * q, end_row=row + 1, end_column=6 + 3 * q)
    for m in range(1, 13):
        ws.cell(row + 2, 3 + m, str(m) if text_numbers else m)
    row += 3
    for group in _groups(block.rows):
        start = row
        indicator_start, responsible_start = row, row
        for i, item in enumerate(group):
            if item.blank_before and i:
                pass  # a page break inside a merged product: no blank row, Excel would split the merge
            elif item.blank_before:
                row += 1
                start = indicator_start = responsible_start = row
            if i == 0:
                ws.cell(row, 1, item.product).alignment = wrap
            if item.indicator or i == 0:
                _merge_down(ws, 2, indicator_start, row - 1)
                indicator_start = row
                ws.cell(row, 2, item.indicator).alignment = wrap
            if item.responsible or i == 0:
                _merge_down(ws, 16, responsible_start, row - 1)
                responsible_start = row
                ws.cell(row, 16, item.responsible).alignment = wrap
            ws.cell(row, 3, item.activity).alignment = wrap
            for month, mark in item.months.items():
                ws.cell(row, 3 + month, mark)
            row += 1
        _merge_down(ws, 1, start, row - 1)
        _merge_down(ws, 2, indicator_start, row - 1)
        _merge_down(ws, 16, responsible_start, row - 1)
    return row + 1


def _merge_down(ws, col: int, first: int, last: int) -> None:
    if last > first:
        ws.merge_cells(start_row=first, start_column=col, end_row=last, end_column=col)


def build(seeds: Path, out_dir: Path) -> Path:
    blocks = parse((Path(seeds) / SEED).read_text(encoding="utf-8"))
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    sheets: dict[tuple[str, str], object] = {}
    next_row: dict[str, int] = {}
    for block in blocks:
        key = (fold(block.fields.get("area")), fold(block.fields.get("axis")))
        if key not in sheets:
            ws = wb.create_sheet(_sheet_name(block.fields, {s.title for s in wb.worksheets}))
            ws.cell(1, 1, INSTITUTION_TITLE).font = Font(bold=True, size=13)
            ws.cell(2, 1, YEAR_TITLE).font = Font(bold=True)
            for r in (1, 2):
                ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=16)
            ws.column_dimensions["A"].width = 34
            ws.column_dimensions["B"].width = 30
            ws.column_dimensions["C"].width = 48
            ws.column_dimensions["P"].width = 30
            sheets[key] = ws
            next_row[ws.title] = 4
        ws = sheets[key]
        text_numbers = len(wb.worksheets) % 3 == 0  # some units typed the month numbers as text
        next_row[ws.title] = _write_block(ws, block, next_row[ws.title], text_numbers)
    out = Path(out_dir) / FILE_NAME
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out
