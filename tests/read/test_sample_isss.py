"""data/samples/isss_pensiones_plan_2021.xlsx against figures read off seed 004 by hand."""
from pathlib import Path

import duckdb
import pytest

from etl.pipeline import read_workbook
from tests.conftest import cli_load

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "samples" / "isss_pensiones_plan_2021.xlsx"
INSTITUTION = "Instituto Salvadoreño del Seguro Social"


@pytest.fixture(scope="module")
def data():
    return read_workbook(SAMPLE)


def by_name(data, name):
    return [a for a in data.activities if a.activity == name]


def test_workbook_header_facts(data):
    assert (data.institution, data.year) == (INSTITUTION, 2021)
    assert data.layouts == ["annual_products", "budget_table", "project_dates"]
    assert data.sheets_read == ["Metas operativas", "Presupuesto", "Proyectos 2021"]
    assert list(map(str, data.warnings)) == []


def test_every_product_of_every_work_line(data):
    products = [a for a in data.activities if a.product != "Proyecto"]
    assert len(products) == 42
    per_axis = {}
    for a in products:
        per_axis[a.axis] = per_axis.get(a.axis, 0) + 1
    assert per_axis == {"Gestión Pensiones": 7, "Gestión de Cotizaciones Régimen de IVM": 5,
                        "Gestión Administrativa": 24, "Gestión Financiera": 6}
    assert len({a.unit for a in products}) == 8
    assert all(a.objective and a.unit and a.source_sheet == "Metas operativas" for a in products)


def test_totals_as_the_seed_prints_them(data):
    [a] = by_name(data, "CONCESIÓN DE PENSIONES (nuevos casos)")
    assert (a.annual_target, a.measure_unit, a.source_row) == (1029, "RESOLUCIONES", 12)
    assert a.unit == "Departamento de Beneficios Económicos y Servicios"
    assert a.objective.startswith("Otorgar de forma oportuna las prestaciones")
    [a] = by_name(data, "EFECTUAR CONTROL DE SOBREVIVENCIA")
    assert (a.target_text, a.annual_target) == ("87.540", 87540)
    [a] = by_name(data, "MONTO EN CONCEPTO DE PAGO DE PENSIONES (en curso de pago)")
    assert (a.annual_target, a.measure_unit) == (176.79, "MONTO (US$MILLONES)")
    [a] = by_name(data, "IMÁGENES DIGITALIZADAS E INDEXADAS")
    assert (a.annual_target, a.measure_unit, a.unit, a.source_row) == (
        611000, "HOJAS", "Departamento Administrativo", 43)
    [a] = by_name(data, "RESOLUCIÓN DE QUEJA/RECLAMO")
    assert (a.target_text, a.annual_target, a.measure_unit, a.indicator) == (
        "≥85%", 85, "%", "PORCENTAJE DE CUMPLIMIENTO")
    assert a.unit == "Departamento Desarrollo Organizacional"
    [a] = by_name(data, "INSPECCIONES GENERALES A PATRONOS")
    assert (a.annual_target, a.unit) == (300, "Departamento de Inspección")
    report, execution = by_name(data, "EJECUCIÓN PRESUPUESTARIA")
    assert (report.annual_target, report.measure_unit, report.source_row) == (16, "INFORME", 77)
    assert (execution.annual_target, execution.measure_unit, execution.source_row) == (100, "%", 78)


def test_projects_months_clipped_to_2021(data):
    projects = [a for a in data.activities if a.product == "Proyecto"]
    got = [(a.activity[:30], sorted(a.months), a.source_row) for a in projects]
    assert got == [
        ("IMPLEMENTACIÓN DE COMPROBACIÓN", list(range(1, 13)), 8),  # 03/01/2021 – PERMANENTE
        ("NOTIFICACION VIA ELECTRONICA D", [1, 2, 3, 4, 5], 9),     # 27/11/2020 – 31/05/2021
        ("IMPLEMENTACIÓN DE DILIGENCIAS ", [1, 2, 3], 10),          # 03/01/2021 – 27/03/2021
        ("DIGITALIZACION DE INFORMES DE ", list(range(1, 13)), 11),  # 03/01/2021 – 01/12/2021
        ("PREPARACIÓN DE ARCHIVO CONTABL", [3, 4, 5, 6], 15),       # 01/03/2021 – 30/06/2021
        ("PREPARACIÓN DE EXPEDIENTES DE ", [7, 8, 9], 16),          # 01/07/2021 – 30/09/2021
    ]
    assert "Período de ejecución: 27/11/2020 – 31/05/2021" in projects[1].observations


def test_budget_lines_from_the_prose(data):
    lines = {(b.unit, b.item): b.amount for b in data.budget_lines}
    assert len(lines) == 8 and {b.currency for b in data.budget_lines} == {"USD"}
    assert lines[("Departamento Administrativo", "Rubro 51 – Remuneraciones")] == 4996685
    assert lines[("Departamento Desarrollo de TIC", "Rubro 54 - Adquisiciones de bienes y servicios")] == 63920
    assert lines[("Departamento Desarrollo Organizacional", "Actividades operativas y de logística")] == 116045
    # The $6,000 audit is part of the 116,045 and the TOTAL row is not a line: nothing counted twice.
    assert sum(lines.values()) == 5830085


def test_loads_into_the_store(tmp_path):
    db = tmp_path / "poa.duckdb"
    proc = cli_load(db, SAMPLE)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM activities").fetchone()[0] == 48
        assert con.execute(
            "SELECT currency, sum(amount) FROM v_budget_totals WHERE institution = ? GROUP BY ALL",
            [INSTITUTION]).fetchall() == [("USD", 5830085)]
        assert con.execute(
            "SELECT amount FROM v_budget_totals WHERE unit = 'Departamento Administrativo'").fetchall() == [
            (5016685,)]
        assert con.execute(
            "SELECT month, activities FROM v_schedule_by_month WHERE axis = '(sin eje)' AND month IN (1, 3, 7, 12) "
            "ORDER BY month").fetchall() == [(1, 4), (3, 5), (7, 3), (12, 2)]
        assert con.execute(
            "SELECT activities, scheduled_activities FROM v_schedule_coverage WHERE axis = 'Gestión Financiera'"
        ).fetchall() == [(6, 0)]
    finally:
        con.close()
