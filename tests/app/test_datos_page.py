"""The Datos page lists the warnings of loaded workbooks from v_load_warnings and names layouts in Spanish."""
import pytest

from etl import store
from etl.load import load_file
from tests.app.test_pages import open_page
from tests.conftest import shown, template_row

INSTITUTION = "Instituto de Prueba del Tablero"  # made up


@pytest.fixture
def loaded_store(tmp_path, template_book, monkeypatch):
    db = tmp_path / "poa.duckdb"
    con = store.connect(db)
    try:
        load_file(con, template_book("avisos.xlsx", institution=INSTITUTION, rows=[
            template_row("Elaborar informe", target=-3), template_row("Afiliar", code="1.1"),
            template_row("Capacitar", code="1.1")]))
        broken = tmp_path / "roto.xlsx"
        broken.write_bytes(b"")
        load_file(con, broken)  # a rejected load has no layout
    finally:
        con.close()
    monkeypatch.setenv("POA_DB", str(db))
    return db


def test_warnings_come_from_the_store_with_their_place(loaded_store):
    at = open_page("pages/datos.py")
    assert not at.exception, [e.value for e in at.exception]
    expander = next(e for e in at.expander if e.label.startswith("Avisos de validación"))
    assert expander.label.endswith("(2)")
    text = shown(" ".join(m.value for m in expander.markdown))
    assert text.startswith("**avisos.xlsx**")
    assert "Hoja «POA», fila 6: meta anual negativa" in text
    # A warning about the whole workbook has no place: none is made up from the store's empty cells.
    assert "\n- Código «1.1» repetido 2 veces" in text and "«nan»" not in text and "None" not in text


def test_layouts_are_named_in_spanish(loaded_store):
    at = open_page("pages/datos.py")
    table = at.dataframe[0].value
    assert list(table["Formato"]) == ["plantilla"]
