"""The shared structures that make reading cheap give exactly what the slow way gives."""
from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path

import pytest

from etl.normalize.text import fold, fold_uncached
from etl.readers import headers, readers
from etl.titles import TITLE_ROWS, workbook_titles
from etl.workbook import Sheet, iter_sheets, read_sheets
from tests.workbooks import write_workbook

SAMPLES = sorted((Path(__file__).parents[2] / "data" / "samples").glob("*.xlsx"))
_NOT_WORD = re.compile(r"[^0-9a-zA-Z%$#]+")


def _fold_slowly(text: str) -> str:
    """fold() as it was first written: every character looked at."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(_NOT_WORD.sub(" ", text.lower()).split())


def test_folding_by_runs_is_folding_by_characters():
    rng = random.Random(7)
    alphabet = "aeioun AEIOUN-/.,:%$#0123456789" + "áéíóúñÑÁÉÍÓÚüÜçºª–—“”€°½ﬁİß\u0301\u0303\u0327\u034f" + "ΣΑσ"
    texts = ["Período de Ejecución", "AÑO 2024", "Acción Operativa", "Meta\u0301 anual", "İstanbul", "ﬁnal ½"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20))) for _ in range(5000)]
    for text in texts:
        assert fold_uncached(text) == _fold_slowly(text), text
        assert fold(text) == _fold_slowly(text), text


def test_folding_every_character_is_folding_it_slowly():
    """fold_uncached's translate table against the slow fold: every code point, next to others and after letters."""
    # Planes 0-2 and 14 hold every assigned character but the private-use planes.
    codes = [c for c in [*range(0x30000), *range(0xE0000, 0xE1000)] if not 0xD800 <= c <= 0xDFFF]
    for i in range(0, len(codes), 256):
        chunk = [chr(c) for c in codes[i:i + 256]]
        for text in ("".join(chunk), "".join(f"A{ch}b" for ch in chunk)):
            assert fold_uncached(text) == _fold_slowly(text), hex(codes[i])


def test_a_rows_words_are_its_cells_words():
    sheet = Sheet("s", [["Acción  Operativa", 3.0, None, "META-ANUAL", 2.5, "Ene–Mar"]], merged=[])
    expected = {w for v in sheet.rows[0] if v is not None for w in fold(v).split()}
    assert headers.row_words(sheet, 1) == expected == {"accion", "operativa", "3", "meta", "anual", "2", "5",
                                                       "ene", "mar"}


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_field_bits_rule_out_no_header_a_reader_finds(path, monkeypatch):
    """Every reader scores every sample sheet the same with the rows' field bits as without them."""
    def scores():
        return [[(r.LAYOUT, r.detect(sheet)) for r in readers()] for sheet in read_sheets(path)]

    fast = scores()
    monkeypatch.setattr(headers, "_field_bits", lambda words, field_words: (1 << len(field_words)) - 1)
    assert scores() == fast
    assert any(score for sheet in fast for _, score in sheet)


def test_sheets_become_python_rows_one_at_a_time(tmp_path, monkeypatch):
    import etl.workbook as workbook

    path = write_workbook(tmp_path / "w.xlsx", {
        "Uno": [["Plan", "x", None, "x"], ["x", "", "Plan"]], "Dos": [["b"]], "Tres": [],
    })
    made = []
    real = workbook._calamine_sheet
    monkeypatch.setattr(workbook, "_calamine_sheet", lambda wb, name: made.append(name) or real(wb, name))
    sheets = iter_sheets(path)
    first = next(sheets)
    assert (first.name, made) == ("Uno", ["Uno"])
    assert [s.name for s in sheets] == ["Dos", "Tres"] and made == ["Uno", "Dos", "Tres"]
    # Equal texts are one string; empty cells are None.
    assert first.rows[0][0] is first.rows[1][2] and first.rows[0][1] is first.rows[1][0]
    assert first.rows[1][1] is None


def test_a_read_sheet_keeps_its_title_rows_only(tmp_path):
    from etl.pipeline import _let_go

    rows = [["PLAN OPERATIVO ANUAL 2024"], ["INSTITUTO NACIONAL DE PRUEBAS"]]
    rows += [[f"fila {n}", n] for n in range(3, 60)]
    sheet = Sheet("POA", [list(r) for r in rows])
    before = workbook_titles([sheet])
    headers.locate(sheet, {"a": ("fila",)}, ("a",))
    assert sheet.memo
    _let_go(sheet)
    assert sheet.rows == rows[:TITLE_ROWS] and not sheet.memo
    assert workbook_titles([sheet]) == before and before.year == 2024


def test_equal_texts_of_activities_are_one_string():
    from etl.model import Activity
    from etl.pipeline import _TEXT_FIELDS, _share_texts

    assert {"activity", "product", "indicator", "responsible", "risk", "observations"} <= set(_TEXT_FIELDS)
    acts = [Activity(activity="".join(["Informe ", str(n % 2)]), source_sheet="POA", source_row=n,
                     product="".join(["Producto ", "A"]), responsible="".join(["Dirección ", "X"]),
                     annual_target=3.0) for n in range(4)]
    assert acts[0].product is not acts[1].product
    _share_texts(acts)
    assert acts[0].product is acts[3].product and acts[1].responsible is acts[2].responsible
    assert acts[0].activity is acts[2].activity and acts[0].activity != acts[1].activity
    assert [(a.activity, a.product, a.annual_target) for a in acts][:2] == [
        ("Informe 0", "Producto A", 3.0), ("Informe 1", "Producto A", 3.0)]



@pytest.mark.parametrize("chunk", [1, 2, 5, 64])
def test_candidate_rows_are_the_rows_whose_blocks_have_every_field(chunk, monkeypatch):
    """locate's chunked OR of row bits offers exactly the rows a row-by-row look would, at any chunk size,
    up to the sheet's last rows (whose blocks are cut short)."""
    monkeypatch.setattr(headers, "_CHUNK", chunk)
    rng = random.Random(3)
    words = ["meta", "anual", "accion", "operativa", "codigo", "otra", "x"]
    rows = [[" ".join(rng.choice(words) for _ in range(rng.randint(0, 3))) or None for _ in range(3)]
            for _ in range(41)]
    sheet = Sheet("s", rows)
    spec_key = (("code", ("codigo",)), ("activity", ("accion operativa",)), ("target", ("meta anual",)))
    field_words = headers._field_words(spec_key, ("code", "activity", "target"))
    bits = {r: headers._field_bits(headers.row_words(sheet, r), field_words) for r in range(1, 42)}
    offered = 0
    for start, last in ((1, 41), (7, 30), (39, 41), (41, 41)):
        for deepest in (1, 2, 3):
            expected = [row for row in range(start, last + 1)
                        if _or(bits[r] for r in range(row, min(41, row + deepest - 1) + 1)) == 7]
            got = list(headers._candidate_rows(sheet, {}, field_words, 7, start, last, deepest))
            assert got == expected, (start, last, deepest)
            offered += len(got)
    assert offered > 10


def _or(values) -> int:
    out = 0
    for v in values:
        out |= v
    return out


def test_formula_parts_seen_by_the_safety_check_are_not_read_again(tmp_path, monkeypatch):
    """check_file says which sheet parts have a formula tag; uncached_formulas skips the others and finds the
    same uncached formulas as reading every part."""
    import etl.workbook as workbook
    from etl.safety import check_file
    from tests.faults import hostile

    book = hostile.uncached_formula(tmp_path / "formulas.xlsx")
    plain = write_workbook(tmp_path / "plain.xlsx", {"A": [["x", 1]], "B": [["y"]]})
    seen = check_file(book)
    assert any(seen.values()) and not any(check_file(plain).values()) and len(check_file(plain)) == 2
    assert workbook.uncached_formulas(book, seen) == workbook.uncached_formulas(book) != {}
    read = []
    real = workbook.zipfile.ZipFile.read
    monkeypatch.setattr(workbook.zipfile.ZipFile, "read", lambda zf, name, *a: read.append(name) or real(zf, name, *a))
    assert workbook.uncached_formulas(plain, check_file(plain)) == {}
    assert not any(name.startswith("xl/worksheets/") for name in read)
