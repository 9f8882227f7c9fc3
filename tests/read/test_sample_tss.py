"""The TSS 2024 sample workbook, checked against figures read off the seed document."""
from pathlib import Path

import duckdb
import pytest

from etl.pipeline import read_workbook
from tests.conftest import cli_load

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "samples" / "tss_poa_2024.xlsx"


@pytest.fixture(scope="module")
def data():
    return read_workbook(SAMPLE)


def find(data, start):
    found = [a for a in data.activities if a.activity.startswith(start)]
    assert len(found) == 1, start
    return found[0]


def test_institution_year_and_counts(data):
    assert (data.institution, data.year, data.layouts) == ("Tesorería de la Seguridad Social", 2024, ["period_matrix"])
    assert data.sheets_read == ["Primer Eje", "Segundo Eje", "Tercer Eje"]
    assert len(data.activities) == 243
    by_axis = {}
    for a in data.activities:
        by_axis[a.axis] = by_axis.get(a.axis, 0) + 1
    assert by_axis == {"Experiencia del Usuario": 56, "Fortalecimiento Institucional": 126,
                       "Crecimiento y Desarrollo": 61}
    assert len({a.objective for a in data.activities}) == 5
    assert all(a.source_row > 7 for a in data.activities)


def test_training_programme_row(data):
    a = find(data, "Ejecutar programas de capacitaciones")
    assert (a.source_sheet, a.source_row) == ("Primer Eje", 15)
    assert (a.annual_target, a.measure_unit) == (12000, "h/h")
    assert a.months == set(range(1, 13))  # 'Encero - Diciembre'
    assert (a.budget_amount, a.currency) == (100000, "DOP")
    assert a.unit == "Análisis de Capacitación Externa"
    assert a.responsible == "Análisis de Capacitación Externa; apoyo: Comunicaciones"
    assert a.objective == "Accesar la Institución a los empleadores"


def test_lost_activity_text_keeps_target_and_budget(data):
    a = find(data, "seminarios web realizados")
    assert (a.annual_target, a.budget_amount, a.currency) == (2, 250000, "DOP")
    assert a.months == set(range(2, 13))


def test_periods_and_budget_notes(data):
    calendar = find(data, "Elaborar el calendario de visitas")
    assert calendar.months == set(range(4, 13)) and calendar.budget_note == "Contemplado Gestión Operativa"
    assert calendar.budget_amount is None and (calendar.annual_target, calendar.measure_unit) == (100, "%")
    manual = find(data, "Remitir para su aprobación al Ministerio")
    assert manual.months == set(range(3, 12))  # 'Marzo - Noviembre' in one cell
    climate = find(data, "Elaborar plan de acción encuesta de clima")
    assert climate.months == {1, 2, 3} and (climate.budget_amount, climate.currency) == (630000, "DOP")
    paec = find(data, "Optimizar los experimentos del PAEC")
    assert paec.budget_amount == 313112402 and "Contingente Gestión Operativa" in paec.budget_note
    software = find(data, "Continuar implementación del software")
    assert software.budget_amount is None and "RD$1,500,000.00" in software.budget_note
    newsletters = find(data, "Disseñar un boletín")
    assert (newsletters.annual_target, newsletters.budget_amount) == (12, 100000)


def test_budget_per_axis(data):
    totals = {}
    for a in data.activities:
        if a.budget_amount is not None:
            assert a.currency == "DOP"
            totals[a.axis] = totals.get(a.axis, 0) + a.budget_amount
    assert totals == {"Experiencia del Usuario": 2_450_000, "Fortalecimiento Institucional": 329_848_644,
                      "Crecimiento y Desarrollo": 27_240_500}


def test_cli_load_and_views(tmp_path):
    db = tmp_path / "poa.duckdb"
    run = cli_load(db, SAMPLE)
    assert run.returncode == 0, run.stdout + run.stderr
    con = duckdb.connect(str(db), read_only=True)
    try:
        amount = con.execute(
            "SELECT sum(amount) FROM v_budget_totals WHERE institution = 'Tesorería de la Seguridad Social' "
            "AND year = 2024 AND axis = 'Crecimiento y Desarrollo' AND currency = 'DOP'").fetchone()[0]
        assert amount == 27_240_500
        coverage = con.execute(
            "SELECT sum(activities), sum(scheduled_activities) FROM v_schedule_coverage "
            "WHERE institution = 'Tesorería de la Seguridad Social'").fetchone()
        assert coverage == (243, 124)
    finally:
        con.close()
