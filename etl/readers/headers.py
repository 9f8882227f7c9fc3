"""Finding a table's header rows and its columns by what they say, wherever they sit."""
from __future__ import annotations

from dataclasses import dataclass

from etl.normalize.text import fold
from etl.workbook import Sheet


@dataclass
class Header:
    first_row: int
    last_row: int  # data starts on the row after this one
    labels: dict[int, str]  # column -> folded label of all header rows together
    columns: dict[str, int]  # field -> column


def header_labels(sheet: Sheet, row: int, depth: int) -> dict[int, str]:
    """Each column's header text over `depth` rows, reading merged cells as spread over their range."""
    # Every reader's detect() asks this for the same top rows: work each one out once per sheet.
    memo = sheet.memo.setdefault("header_labels", {})
    key = (row, depth)
    if key not in memo:
        labels = {}
        for col in range(1, sheet.max_col + 1):
            parts = []
            for r in range(row, row + depth):
                text = _folded_cell(sheet, r, col)
                if text and text not in parts:
                    parts.append(text)
            if parts:
                labels[col] = " ".join(parts)
        memo[key] = labels
    return dict(memo[key])


def _folded_cell(sheet: Sheet, row: int, col: int) -> str:
    memo = sheet.memo.setdefault("folded", {})
    key = (row, col)
    if key not in memo:
        memo[key] = fold(sheet.merged_value(row, col))
    return memo[key]


def match_columns(
    labels: dict[int, str], spec: dict[str, tuple[str, ...]]
) -> dict[str, int]:
    """First column for each field whose label contains one of its phrases (folded).

    Fields are matched in the order of `spec`, and a column taken by one field is not
    offered to the next, so list the more specific fields first.
    """
    taken: set[int] = set()
    found: dict[str, int] = {}
    if not labels:
        return found
    # Sorted and padded once, not once per phrase: this runs for every row of every sheet in detect().
    # Most phrases are in no label of a row: one search of the whole row rules them out.
    padded = [(c, label, f" {label} ") for c, label in sorted(labels.items())]
    row_text = "\n".join(pad for _, _, pad in padded)
    exact_labels = set(labels.values())
    for name, phrases in spec.items():
        for phrase in phrases:
            if phrase.startswith("="):
                exact = phrase[1:]
                if exact not in exact_labels:
                    continue
                col = next((c for c, label, _ in padded if c not in taken and label == exact), None)
            else:
                inner = f" {phrase} "
                if inner not in row_text:
                    continue
                col = next((c for c, _, pad in padded if c not in taken and inner in pad), None)
            if col is not None:
                found[name] = col
                taken.add(col)
                break
    return found


def _has(label: str, phrase: str) -> bool:
    if phrase.startswith("="):
        return label == phrase[1:]
    return f" {phrase} " in f" {label} "


def locate(
    sheet: Sheet,
    spec: dict[str, tuple[str, ...]],
    required: tuple[str, ...],
    start: int = 1,
    max_scan: int = 60,
    depths: tuple[int, ...] = (1, 2, 3),
) -> Header | None:
    """The first header (from `start`) whose rows name every required field."""
    last = min(sheet.max_row, start + max_scan - 1)
    for row in range(start, last + 1):
        for depth in depths:
            if row + depth - 1 > sheet.max_row:
                break
            labels = header_labels(sheet, row, depth)
            columns = match_columns(labels, spec)
            if all(f in columns for f in required):
                if depth > 1 and not _starts_header(sheet, row, spec):
                    break  # a title or group row above the header; the header starts lower down
                return Header(row, row + depth - 1, labels, columns)
    return None


def _starts_header(sheet: Sheet, row: int, spec: dict[str, tuple[str, ...]]) -> bool:
    """A header's first row names at least one column itself, in at least two cells of its own.

    Without this, a title or objective row merged across the table above a one-row header
    would be read as the header's top row and lend its words to every column.
    """
    own = [c for c in range(1, sheet.max_col + 1) if fold(sheet.value(row, c))]
    return len(own) >= 2 and bool(match_columns(header_labels(sheet, row, 1), spec))


def scan_text(sheet: Sheet, rows: int = 60) -> str:
    """Folded text of the first rows, for cheap layout detection."""
    out = []
    for r in range(1, min(rows, sheet.max_row) + 1):
        out.extend(t for t in (fold(v) for v in sheet.rows[r - 1]) if t)
    return " | ".join(out)
