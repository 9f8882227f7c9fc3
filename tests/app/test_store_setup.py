"""A store is its user's own: a new POA_DB path starts empty with a welcome; only the demo store gets the samples."""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import store_setup
from etl import paths, store

APP = Path(__file__).resolve().parents[2] / "app.py"


@pytest.fixture(autouse=True)
def _fresh_process():
    store_setup.prepare_store.clear()  # cached once per process: each test is a new process here
    yield
    store_setup.prepare_store.clear()


def activities(db: Path) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM activities").fetchone()[0]
    finally:
        con.close()


def run_app(page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_new_store_path_starts_empty_with_a_spanish_welcome(tmp_path, monkeypatch):
    db = tmp_path / "mi_institucion.duckdb"
    monkeypatch.setenv("POA_DB", str(db))
    for page in (None, "pages/datos.py"):
        at = run_app(page)
        text = " ".join(m.value for m in at.markdown)
        assert "Bienvenido al Tablero POA" in text and "Datos" in text and "plantilla" in text
        # Nothing invites loading someone else's plans into it.
        assert not [i.value for i in at.info if "data/samples" in i.value]
    assert db.exists() and activities(db) == 0  # created, and nobody else's plan in it


def test_only_the_demo_store_is_filled_from_the_samples(tmp_path, monkeypatch):
    samples = tmp_path / "samples"
    samples.mkdir()
    shutil.copy(store.ROOT / "data" / "samples" / "tss_poa_2024.xlsx", samples)
    demo = tmp_path / "poa.duckdb"
    monkeypatch.setattr(paths, "DEFAULT_DB", demo)
    monkeypatch.setattr(store_setup, "SAMPLES", samples)
    monkeypatch.delenv("POA_DB", raising=False)
    at = run_app()
    assert activities(demo) > 0
    assert any("data/samples" in i.value for i in at.info)
    assert "Bienvenido al Tablero POA" not in " ".join(m.value for m in at.markdown)
