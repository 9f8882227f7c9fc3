"""Finding a table's header rows and its columns by what they say, wherever they sit."""
from __future__ import annotations

from functools import lru_cache
from typing import Iterator
from dataclasses import dataclass

from etl.normalize.text import clean, fold, fold_uncached
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
        value = sheet.merged_value(row, col)
        memo[key] = fold(value)
    return memo[key]


def match_columns(
    labels: dict[int, str], spec: dict[str, tuple[str, ...]]
) -> dict[str, int]:
    """First column for each field whose label contains one of its phrases (folded).

    Fields are matched in the order of `spec`, and a column taken by one field is not
    offered to the next, so list the more specific fields first.
    """
    return _match(_prepare(labels), spec)


def _prepare(labels: dict[int, str]) -> tuple:
    # Sorted and padded once, not once per phrase: this runs for every row of every sheet in detect().
    # Most phrases are in no label of a row: one search of the whole row text rules them out.
    padded = [(c, label, f" {label} ") for c, label in sorted(labels.items())]
    return padded, "\n".join(pad for _, _, pad in padded), set(labels.values())


def _in_row(prepared: tuple, phrase: str) -> bool:
    _, row_text, exact_labels = prepared
    return phrase[1:] in exact_labels if phrase.startswith("=") else f" {phrase} " in row_text


def _match(prepared: tuple, spec: dict[str, tuple[str, ...]]) -> dict[str, int]:
    padded = prepared[0]
    taken: set[int] = set()
    found: dict[str, int] = {}
    for name, phrases in spec.items():
        for phrase in phrases:
            if not _in_row(prepared, phrase):
                continue
            if phrase.startswith("="):
                exact = phrase[1:]
                col = next((c for c, label, _ in padded if c not in taken and label == exact), None)
            else:
                inner = f" {phrase} "
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
    # Readers locate again in read() what detect() found, and block readers rescan the sheet: match once.
    spec_key = tuple((k, tuple(v)) for k, v in spec.items())
    matched = sheet.memo.setdefault(("columns", spec_key), {})
    # Rows ruled out by their words, for this spec and these required fields: a reader that looks for
    # repeated headers calls locate from every row, and would otherwise test the same rows 60 times.
    ruled_out = sheet.memo.setdefault(("ruled_out", spec_key, tuple(required)), set())
    # Each row's required fields it has a word of, as bits: most (row, depth) blocks lack a field's every
    # word, and an OR of small ints rules them out before any set of words is built.
    masks = sheet.memo.setdefault(("field_bits", spec_key, tuple(required)), {})
    field_words = _field_words(spec_key, tuple(required))
    full = (1 << len(required)) - 1
    for row in _candidate_rows(sheet, masks, field_words, full, start, last, max(depths)):
        for depth in depths:
            if row + depth - 1 > sheet.max_row:
                break
            if (row, depth) in ruled_out:
                continue
            bits = 0
            for r in range(row, row + depth):
                bits |= masks[r]
            if bits != full:
                continue
            columns = matched.get((row, depth))
            if columns is None:
                # Cheapest test first: every word of some phrase of each required field is in these rows.
                words = set().union(*(row_words(sheet, r) for r in range(row, row + depth)))
                if not all(any(_phrase_words(p) <= words for p in spec[f]) for f in required):
                    ruled_out.add((row, depth))
                    continue
                prepared = _prepared(sheet, row, depth)
                # A row that names none of a required field's phrases anywhere is no header: skip the matching.
                if not all(any(_in_row(prepared, p) for p in spec[f]) for f in required):
                    continue
                columns = matched[(row, depth)] = _match(prepared, spec)
            if all(f in columns for f in required):
                if depth > 1 and not _starts_header(sheet, row, spec):
                    break  # a title or group row above the header; the header starts lower down
                return Header(row, row + depth - 1, header_labels(sheet, row, depth), dict(columns))
    return None


_CHUNK = 64  # rows whose bits are looked at together; a header is usually found within the first ones


def _candidate_rows(sheet: Sheet, masks: dict, field_words: tuple, full: int, start: int, last: int,
                    deepest: int) -> Iterator[int]:
    """Rows from `start` to `last`, in order, whose rows down to `deepest` have a word of every required
    field: the only rows where a header of any depth can start (a shallower block has fewer words).

    Rows go by in chunks whose bits are OR-ed a list at a time: most rows of a long sheet are ruled out
    here, without a Python loop per row and depth."""
    row = start
    while row <= last:
        stop = min(last, row + _CHUNK - 1)
        below = min(sheet.max_row, stop + deepest - 1)
        seg = [masks.get(r) for r in range(row, below + 1)]
        if None in seg:
            for i, b in enumerate(seg):
                if b is None:
                    seg[i] = masks[row + i] = _field_bits(row_words(sheet, row + i), field_words)
        n = stop - row + 1
        window = seg[:n]
        for k in range(1, deepest):
            shifted = seg[k:k + n]  # shorter only at the sheet's last rows, whose blocks stop there
            window = [a | b for a, b in zip(window, shifted)] + window[len(shifted):]
        for i, bits in enumerate(window):
            if bits == full:
                yield row + i
        row = stop + 1


def row_words(sheet: Sheet, row: int) -> frozenset[str]:
    """The folded words of a row as shown, merged cells included: the words of its cells' values.

    Built from the row's values rather than cell by cell (every row of a long sheet is asked): a cell
    inside a merged range shows the range's top-left value, whatever it holds itself."""
    memo = sheet.memo.setdefault("row_words", {})
    if row not in memo:
        memo[row] = _words_of(sheet, row)
    return memo[row]


def _words_of(sheet: Sheet, row: int) -> frozenset[str]:
    # One fold of the row's cells joined, not one per cell: folding works character by character
    # and turns every separator into a space, so the words are the same.
    parts = [v if type(v) is str else clean(v) for v in sheet.shown_values(row) if v is not None]
    return frozenset(fold_uncached(" ".join(p for p in parts if p)).split())


@lru_cache(maxsize=256)
def _field_words(spec_key: tuple, required: tuple[str, ...]) -> tuple:
    """Per required field, every word of any of its phrases; None when a phrase has no words (it is in every row)."""
    spec = dict(spec_key)
    out = []
    for f in required:
        words = [_phrase_words(p) for p in spec[f]]
        out.append(None if any(not w for w in words) else frozenset().union(*words))
    return tuple(out)


def _field_bits(words: frozenset[str], field_words: tuple) -> int:
    bits = 0
    for i, fw in enumerate(field_words):
        if fw is None or not words.isdisjoint(fw):
            bits |= 1 << i
    return bits


@lru_cache(maxsize=4096)
def _phrase_words(phrase: str) -> frozenset[str]:
    return frozenset(phrase.lstrip("=").split())


def _prepared(sheet: Sheet, row: int, depth: int) -> tuple:
    memo = sheet.memo.setdefault("prepared", {})
    if (row, depth) not in memo:
        memo[(row, depth)] = _prepare(header_labels(sheet, row, depth))
    return memo[(row, depth)]


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
