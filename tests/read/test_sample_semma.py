"""The ARS SEMMA 2023 sample workbook, read end to end; figures read off the seed by hand."""
from pathlib import Path

import duckdb
import pytest

from etl.pipeline import read_workbook
from tests.conftest import cli_load

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "samples" / "semma_poa_2023.xlsx"


@pytest.fixture(scope="module")
def data():
    return read_workbook(SAMPLE)


def one(data, prefix, unit=None):
    found = [a for a in data.activities if a.activity.startswith(prefix) and (unit is None or a.unit == unit)]
    assert len(found) == 1, [a.activity for a in found]
    return found[0]


def test_institution_year_layout_and_counts(data):
    assert (data.institution, data.year, data.layouts) == ("ARS SEMMA", 2023, ["monthly_schedule"])
    assert len(data.activities) == 273
    assert len(data.sheets_read) == 43
    # The seed itself numbers two activities alike in three units; the planner is told, nothing is lost.
    assert sorted(map(str, data.warnings)) == [
        "Código «1.4» repetido 2 veces en la unidad «Departamento Financiero».",
        "Código «1.5» repetido 2 veces en la unidad «Departamento Administrativo».",
        "Código «3.1.» repetido 2 veces en la unidad «Departamento de Recursos Humanos».",
    ]
    # 'Direccion' and 'Dirección de Servicios de Salud' are one unit.
    assert len({a.unit for a in data.activities}) == 29
    # The four perspectives of SEMMA's scorecard, whatever each unit wrote (data/catalog/spellings.csv),
    # plus pages that lost their header block (None).
    assert {a.axis for a in data.activities} == {
        "Aprendizaje y Crecimiento", "Clientes", "Financiera", "Procesos Internos", None}
    assert sum(len(a.months) for a in data.activities) == 1148
    assert all(a.source_sheet and a.source_row >= 8 for a in data.activities)


def test_recursos_humanos_first_activity(data):
    a = one(data, "1.1. Evaluar los procesos actuales de Recursos Humanos")
    assert (a.source_sheet, a.source_row, a.code) == ("Recursos Humanos Procesos i", 13, "1.1.")
    assert (a.unit, a.axis) == ("Departamento de Recursos Humanos", "Procesos Internos")
    assert a.objective.startswith("Rediseñar los procesos de Recursos Humanos")
    assert a.product == "1. Procesos de Recursos Humanos rediseñados."
    assert a.indicator == "% de procesos de Recursos Humanos rediseñados."
    assert a.responsible == "Recursos Humanos - Planificación y Desarrollo"
    assert a.months == {5}
    assert a.target_text.endswith("en un 90%.") and a.annual_target is None


def test_marks_x_lower_x_and_percent(data):
    # '100%' marks, quarterly; the product continues across a page break.
    sancionar = one(data, "3.1. Sancionar a los colaboradores")
    assert sancionar.months == {3, 6, 9, 12}
    assert sancionar.product == ("2. Colaboradores de las áreas de servicio reconocidos por su "
                                 "desempeño trimestralmente.")
    assert sancionar.indicator == "% de Colaboradores reconocidos."
    # lower-case 'x', every other month.
    alianza = one(data, "1.2. Alianza estratégica con la ADP")
    assert alianza.months == {2, 4, 6, 8, 10, 12} and alianza.responsible == "Afiliacion"
    control = one(data, "1.2. De cumplirse el 1.1")
    assert control.months == {4, 5, 6} and control.unit == "Departamento de Control Financiero"
    assert control.target_text == "Contribuir al fortalecimiento de los controles internos en un 85%"


def test_blocks_placed_from_their_responsables(data):
    # The Transparencia table comes before its header block in the seed.
    carga = one(data, "1.1. Carga de documentación al sub-portal")
    assert (carga.unit, carga.axis, carga.months) == (
        "Oficina de Libre Acceso a la Información", "Clientes", set(range(1, 13)))
    revision = one(data, "1.2. Revisión del contenido cargado")
    assert revision.responsible == "RAI" and revision.product == carga.product
    # Pages with no header block keep the unit their Responsables name, and no perspective.
    archivo = one(data, "2.1 Valorar y ejecutar procesos")
    assert (archivo.unit, archivo.axis, archivo.code) == ("Archivo y Correspondencia", None, "2.1")
    azure = one(data, "7.1 Levantamiento de Información")
    assert (azure.unit, azure.months) == ("División de Operaciones TIC", {12})


def test_several_blocks_on_one_sheet(data):
    tic = [a for a in data.activities if a.source_sheet == "Administración de Pr CLIENTE"]
    assert len(tic) == 8
    assert {a.objective[:30] for a in tic} == {"Desarrollar capacidades de ser"}
    planning = [a for a in data.activities if a.source_sheet == "Planificacion y Desa"]
    assert [a.code for a in planning] == ["2.3", "2.4.", "3.1"]
    assert planning[0].objective is None
    assert planning[2].objective.startswith("Fortalecer la reputación organizacional")
    assert planning[2].target_text == "Incrementar en un 95% la valoracion e identificacion con la institucion"


def test_loads_into_the_store(tmp_path):
    db = tmp_path / "poa.duckdb"
    run = cli_load(db, SAMPLE)
    assert run.returncode == 0, run.stdout + run.stderr
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM activities").fetchone()[0] == 273
        months = con.execute(
            "SELECT sum(activities) FROM v_schedule_by_month WHERE institution = 'ARS SEMMA' AND year = 2023"
        ).fetchone()[0]
        assert months == 1148
        row = con.execute(
            "SELECT activities, scheduled_activities, months_with_activity FROM v_schedule_coverage "
            "WHERE unit = 'Departamento de Control Financiero'"
        ).fetchone()
        assert row == (4, 4, 12)
    finally:
        con.close()
