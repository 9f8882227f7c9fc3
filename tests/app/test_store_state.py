"""The store as the pages find it: changed under a running app, empty, or not there yet (first start)."""
import pytest

from etl import store
from tests.app.demo_store import SAMPLES, build_demo_store, pesos_plan as _tss
from tests.app.test_pages import assert_clean, open_page


def test_cache_follows_the_store(tmp_path, monkeypatch):
    """A load into the store shows on the next rerun, without restarting the app."""
    db = build_demo_store(tmp_path / "poa.duckdb")
    monkeypatch.setenv("POA_DB", str(db))
    at = open_page("pages/explorador.py")
    before = len(at.dataframe[0].value)
    extra = _tss()
    extra.file_name, extra.sha256 = "otro.xlsx", "d" * 64
    extra.year = 2025  # another plan: the same plan's copy under another name would replace its units
    con = store.connect(db)
    try:
        store.write_workbook(con, extra)
    finally:
        con.close()
    at.run()
    assert len(at.dataframe[0].value) == before + len(extra.activities)


def test_empty_store_says_how_to_load(tmp_path, monkeypatch):
    db = tmp_path / "vacio.duckdb"
    store.connect(db).close()
    monkeypatch.setenv("POA_DB", str(db))
    for page in ("pages/resumen.py", "pages/explorador.py"):
        at = open_page(page)
        assert_clean(at)
        assert any("página **Datos**" in i.value for i in at.info)  # the user's own store: no samples offered


@pytest.mark.skipif(not list(SAMPLES.glob("*.xlsx")), reason="data/samples todavía no tiene libros")
def test_fresh_start_builds_the_store_from_the_samples(tmp_path, monkeypatch):
    """Only the demo store (data/poa.duckdb): any other path starts empty (tests/app/test_store_setup.py)."""
    from etl import paths

    db = tmp_path / "nuevo" / "poa.duckdb"
    monkeypatch.setattr(paths, "DEFAULT_DB", db)
    monkeypatch.delenv("POA_DB")
    at = open_page("pages/resumen.py")
    assert_clean(at)
    assert db.exists()
    assert any("se creó a partir de data/samples" in i.value for i in at.info)
    assert at.metric, "el resumen debería mostrar los planes recién cargados"
