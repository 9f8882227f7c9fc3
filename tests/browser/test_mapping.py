"""Map once, reused (#24), clicked through in headless Chromium: an unknown workbook is rejected, its columns are
mapped on Datos, previewed, saved and loaded; the next one with the same headers loads with no question.
Screenshots at 1400 and 800 px: tests/browser/screenshots/mapeo_*.png."""
from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import expect

from etl import profiles
from tests.app.test_mapping import FIRST, unknown_book
from tests.app_server import running_app
from tests.browser.conftest import SHOTS, wait_rendered
from tests.conftest import query

TIMEOUT = 60_000


def shot(pg, name: str, width: int) -> None:
    """The whole page at `width` px: Streamlit scrolls inside its main block, so grow the window to fit it."""
    SHOTS.mkdir(exist_ok=True)
    pg.set_viewport_size({"width": width, "height": 900})
    pg.wait_for_timeout(500)
    height = pg.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    pg.set_viewport_size({"width": width, "height": min(max(int(height), 900), 8000)})
    pg.wait_for_timeout(800)
    pg.screenshot(path=str(SHOTS / f"{name}_{width}.png"), full_page=True)


def no_exception(pg) -> None:
    errors = pg.locator('[data-testid="stException"]')
    assert errors.count() == 0, errors.first.inner_text()


def upload(pg, url: str, path) -> None:
    pg.goto(f"{url}/datos")
    wait_rendered(pg)
    pg.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    pg.get_by_text(path.name).first.wait_for(timeout=TIMEOUT)
    pg.get_by_role("button", name="Cargar en el almacén").click()


def choose(pg, header: str, role: str) -> None:
    box = pg.get_by_role("combobox", name=header, exact=True)
    box.wait_for(timeout=TIMEOUT)
    box.click()
    box.fill(role)
    pg.get_by_role("option", name=role, exact=True).click()
    expect(box).to_have_value(role, timeout=TIMEOUT)
    pg.wait_for_timeout(1000)  # the rerun each choice starts


@pytest.fixture
def mapping_app(tmp_path, _empty_store_file, monkeypatch):
    db = tmp_path / "poa.duckdb"
    shutil.copyfile(_empty_store_file, db)
    monkeypatch.setenv("POA_PROFILES", str(tmp_path / "perfiles"))  # the server inherits it
    with running_app(db, tmp_path / "streamlit.log") as url:
        yield url, db


def test_map_an_unknown_workbook_in_the_browser(mapping_app, page, tmp_path):
    url, db = mapping_app
    first = unknown_book(tmp_path / "plan_mapeo.xlsx", FIRST)
    upload(page, url, first)
    page.get_by_text("Asignar las columnas de un libro rechazado").wait_for(timeout=TIMEOUT)
    no_exception(page)
    expect(page.locator('[data-testid="stAlertContainer"]').filter(has_text="RECHAZADO")).to_have_count(1)
    shot(page, "mapeo_paso", 1400)
    choose(page, "A · Qué se hará", "actividad")
    choose(page, "B · Quién", "unidad")
    choose(page, "C · Cuánto", "presupuesto")
    page.get_by_role("button", name="Vista previa").click()
    page.get_by_text("Se cargarían 2 actividades").wait_for(timeout=TIMEOUT)
    no_exception(page)
    expect(page.get_by_text("actividad = Qué se hará; unidad = Quién; presupuesto = Cuánto; T1 meta = T1 plan",
                            exact=False)).to_have_count(1)
    shot(page, "mapeo_vista_previa", 1400)
    shot(page, "mapeo_vista_previa", 800)
    page.set_viewport_size({"width": 1400, "height": 1000})
    name = page.get_by_role("textbox", name="Nombre del perfil")
    name.fill("mapeo-navegador")
    name.press("Enter")
    page.wait_for_timeout(700)
    page.get_by_role("button", name="Guardar perfil y cargar").click()
    page.get_by_text("Perfil «mapeo-navegador» guardado").wait_for(timeout=TIMEOUT)
    no_exception(page)
    expect(page.get_by_text("✓ plan_mapeo.xlsx: cargado", exact=False)).to_have_count(1)
    shot(page, "mapeo_guardado", 1400)
    assert profiles.named("mapeo-navegador").columns["quien"] == "unit"
    assert query(db, "SELECT activity, unit FROM activities ORDER BY activity") == [
        ("Auditar compras", "Auditoría Interna"), ("Capacitar al personal", "Recursos Humanos")]

    second = unknown_book(tmp_path / "plan_mapeo_2.xlsx", [["Publicar informe", "Comunicaciones", 800, 1, ""]],
                          year=2026)
    upload(page, url, second)
    page.get_by_text("✓ plan_mapeo_2.xlsx: cargado").wait_for(timeout=TIMEOUT)
    no_exception(page)
    assert page.get_by_text("Asignar las columnas de un libro rechazado").count() == 0
    shot(page, "mapeo_siguiente", 1400)
