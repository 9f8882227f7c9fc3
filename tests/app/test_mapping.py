"""Map once, reused (#24): a workbook no catalog spelling knows is rejected with the mapping step shown; its
columns are assigned on Datos, previewed, saved as a profile and loaded; the next workbook with the same headers
loads with no question, on the page and with `python -m etl load`."""
from __future__ import annotations

import shutil

import pytest

from etl import profiles
from tests.app.test_pages import open_page
from tests.conftest import cli_load, query, shown
from tests.workbooks import write_workbook

INSTITUTION = "Instituto de Mapeo de Prueba"  # made up
HEADERS = ["Qué se hará", "Quién", "Cuánto", "T1 plan", "Notas internas"]
MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def unknown_book(path, rows, year=2025):
    """A plan whose headers no catalog spelling knows: «Qué se hará» is its activity, «Quién» its unit."""
    return write_workbook(path, {"Plan": [["PLAN OPERATIVO ANUAL"], ["Institución:", INSTITUTION], ["Año:", year],
                                          [], HEADERS, *rows]})


FIRST = [["Capacitar al personal", "Recursos Humanos", 1500, 5, "x"],
         ["Auditar compras", "Auditoría Interna", 2000, 3, None]]


@pytest.fixture
def mapping_store(tmp_path, _empty_store_file, monkeypatch):
    db = tmp_path / "poa.duckdb"
    shutil.copyfile(_empty_store_file, db)
    monkeypatch.setenv("POA_DB", str(db))
    monkeypatch.setenv("POA_PROFILES", str(tmp_path / "perfiles"))
    return db


def upload(at, *paths):
    at.file_uploader(key="uploads").set_value([(p.name, p.read_bytes(), MIME) for p in paths]).run()
    import streamlit as st

    st.cache_data.clear()
    at.button(key="load_uploads").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def role_box(at, header):
    return next(s for s in at.selectbox if s.label.endswith(f"· {header}"))


def button(at, label):
    return next(b for b in at.button if b.label == label)


def mapping_shown(at) -> bool:
    return any(h.value == "Asignar las columnas de un libro rechazado" for h in at.subheader)


def test_map_preview_save_and_reuse(mapping_store, tmp_path):
    db = mapping_store
    first = unknown_book(tmp_path / "plan_mapeo.xlsx", FIRST)
    at = upload(open_page("pages/datos.py"), first)
    assert any("plan_mapeo.xlsx" in shown(e.value) and "RECHAZADO" in e.value for e in at.error)
    assert mapping_shown(at)
    # The catalog's guess is preselected: «T1 plan» is the first quarter's target; the rest it does not know.
    assert role_box(at, "T1 plan").value == "target:q1"
    assert role_box(at, "Qué se hará").value == "ignore"
    # The first rows are shown under their headers.
    sample = at.dataframe[-1].value
    assert list(sample["A · Qué se hará"]) == ["Capacitar al personal", "Auditar compras"]

    role_box(at, "Qué se hará").set_value("activity").run()
    role_box(at, "Quién").set_value("unit").run()
    role_box(at, "Cuánto").set_value("budget").run()
    button(at, "Vista previa").click().run()
    assert not at.exception, [e.value for e in at.exception]
    preview = at.dataframe[-1].value
    assert list(preview["Actividad"]) == ["Capacitar al personal", "Auditar compras"]
    assert list(preview["Unidad"]) == ["Recursos Humanos", "Auditoría Interna"]
    assert list(preview["T1"]) == ["meta 5", "meta 3"]
    assert list(preview["Presupuesto"]) == [1500, 2000]
    assert any("Se cargarían 2 actividades de " + INSTITUTION in shown(s.value) for s in at.success)
    said = shown(" ".join(m.value for m in at.markdown))
    assert "actividad = Qué se hará; unidad = Quién; presupuesto = Cuánto; T1 meta = T1 plan" in said
    # Nothing is loaded nor saved by a preview.
    assert query(db, "SELECT count(*) FROM activities") == [(0,)]
    assert profiles.all_profiles() == []

    at.text_input(key=next(t.key for t in at.text_input if t.label == "Nombre del perfil")).input("mapeo-prueba").run()
    button(at, "Guardar perfil y cargar").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(shown(s.value).startswith("✓ plan_mapeo.xlsx: cargado") for s in at.success)
    assert any("Perfil «mapeo-prueba» guardado" in shown(s.value) for s in at.success)
    assert not mapping_shown(at)
    saved = profiles.named("mapeo-prueba")
    assert saved.columns == {"que se hara": "activity", "quien": "unit", "cuanto": "budget", "t1 plan": "target:q1"}
    assert saved.institution == INSTITUTION
    assert query(db, "SELECT a.activity, a.unit, q.target FROM activities a JOIN activity_quarters q USING "
                     "(activity_id) WHERE q.quarter = 1 ORDER BY a.activity") == [
        ("Auditar compras", "Auditoría Interna", 3.0), ("Capacitar al personal", "Recursos Humanos", 5.0)]
    assert query(db, "SELECT file_name, status FROM source_files ORDER BY file_id") == [
        ("plan_mapeo.xlsx", "rejected"), ("plan_mapeo.xlsx", "loaded")]

    # The next follow-up: the same headers, other figures. It loads with no question.
    second = unknown_book(tmp_path / "plan_mapeo_2.xlsx", [["Capacitar al personal", "Recursos Humanos", 1500, 7, ""],
                                                           ["Publicar informe", "Comunicaciones", 800, 1, ""]],
                          year=2026)
    at = upload(open_page("pages/datos.py"), second)
    assert any(shown(s.value).startswith("✓ plan_mapeo_2.xlsx: cargado") for s in at.success), \
        [e.value for e in at.error]
    assert not mapping_shown(at)
    assert any("perfil «mapeo-prueba»" in t.value for t in at.text)
    assert query(db, "SELECT a.unit, q.target FROM activities a JOIN activity_quarters q USING (activity_id) "
                     "WHERE a.activity = 'Publicar informe'") == [("Comunicaciones", 1.0)]

    # And so does a third with `python -m etl load`.
    third = unknown_book(tmp_path / "plan_mapeo_3.xlsx", [["Evaluar el plan", "Planificación", 100, 2, ""]], year=2027)
    run = cli_load(db, third)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "✓ plan_mapeo_3.xlsx: cargado" in run.stdout
    assert "leído: Hoja «Plan»: perfil «mapeo-prueba», encabezado en fila 5" in run.stdout
    assert query(db, "SELECT a.unit, q.target FROM activities a JOIN activity_quarters q USING (activity_id) "
                     "WHERE a.activity = 'Evaluar el plan'") == [("Planificación", 2.0)]


def test_a_preview_without_what_it_needs_says_why(mapping_store, tmp_path):
    """A workbook that does not say its institution previews to the reader's reason, not a traceback."""
    book = write_workbook(tmp_path / "sin_institucion.xlsx", {"Plan": [HEADERS, *FIRST]})
    at = upload(open_page("pages/datos.py"), book)
    assert mapping_shown(at)
    assert not any(b.label == "Vista previa" for b in at.button)  # no activity column chosen yet
    role_box(at, "Qué se hará").set_value("activity").run()
    button(at, "Vista previa").click().run()
    assert not at.exception
    assert any("no dice a qué institución pertenece" in shown(e.value) for e in at.error)
    assert not any(b.label == "Guardar perfil y cargar" for b in at.button)


def test_the_mapping_step_is_not_offered_for_a_broken_file(mapping_store, tmp_path):
    broken = tmp_path / "roto.xlsx"
    broken.write_bytes(b"no es un libro")
    at = upload(open_page("pages/datos.py"), broken)
    assert any("RECHAZADO" in e.value for e in at.error)
    assert not mapping_shown(at)


def test_an_unsure_reading_is_mapped_on_the_header_row_the_loader_picks(mapping_store, tmp_path):
    """Codes under «Actividad»: unsure, not loaded. The page offers the header the reader found (row 4, below the
    «Año:» label rows); the loader confirms row 4 alone, «Actividad» as the code and «Detalle» as the activity."""
    book = write_workbook(tmp_path / "dudoso.xlsx", {"POA": [
        ["Institución:", INSTITUTION], ["Año:", 2025], [], ["Actividad", "Detalle", "Unidad", "Meta anual"],
        *[[f"AO-0{i}", f"Tarea número {i}", "Finanzas", i] for i in range(1, 4)]]})
    at = upload(open_page("pages/datos.py"), book)
    assert any("lectura dudosa" in shown(e.value) for e in at.error)
    assert mapping_shown(at)
    assert next(n for n in at.number_input if n.label == "Fila del encabezado").value == 4  # as the reader found it
    next(n for n in at.number_input if n.label == "Fila del encabezado").set_value(4).run()
    next(n for n in at.number_input if n.label == "Filas que ocupa").set_value(1).run()
    assert role_box(at, "Actividad").value == "activity"  # the catalog's guess, on the new header
    assert role_box(at, "Unidad").value == "unit"
    role_box(at, "Actividad").set_value("code").run()
    role_box(at, "Detalle").set_value("activity").run()
    button(at, "Vista previa").click().run()
    preview = at.dataframe[-1].value
    assert list(preview["Actividad"]) == ["Tarea número 1", "Tarea número 2", "Tarea número 3"]
    assert list(preview["Meta anual"]) == ["1", "2", "3"]
    button(at, "Guardar perfil y cargar").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(shown(s.value).startswith("✓ dudoso.xlsx: cargado") for s in at.success)
    assert query(mapping_store, "SELECT code, activity, unit FROM activities ORDER BY code") == [
        ("AO-01", "Tarea número 1", "Finanzas"), ("AO-02", "Tarea número 2", "Finanzas"),
        ("AO-03", "Tarea número 3", "Finanzas")]
