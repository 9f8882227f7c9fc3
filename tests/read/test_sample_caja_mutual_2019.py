"""data/samples/caja_mutual_poi_2019.xlsx read end to end; figures read off seed 003 by hand."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import duckdb
import pytest

from etl.pipeline import read_workbook
from tests.conftest import cli_load

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "samples" / "caja_mutual_poi_2019.xlsx"


@pytest.fixture(scope="module")
def data():
    return read_workbook(SAMPLE)


@pytest.fixture(scope="module")
def by_code(data):
    return {a.code: a for a in data.activities}


def test_institution_year_layout(data):
    assert data.institution == "Caja Mutual de los Empleados del Ministerio de Educación"
    assert data.year == 2019
    assert data.layouts == ["quarterly_targets"]
    assert len(data.sheets_read) == 12  # every unit sheet; the cover page is not a table
    assert list(map(str, data.warnings)) == ["Hoja «Presentación»: no tiene una tabla POA reconocible; se omitió."]


def test_every_operational_action_and_no_strategic_action(data):
    # 148 table rows in the seed: 42 AE / heading / grouping rows without targets, 106 actions.
    assert len(data.activities) == 106
    assert Counter(a.unit for a in data.activities) == {
        "Presidencia": 4, "Auditoría Interna": 10, "Gerencia": 10, "Subgerencia": 1,
        "Planificación y Desarrollo Institucional": 6, "UFI": 9, "Tecnologías de Información": 7,
        "Comunicaciones y Responsabilidad Social": 27, "Seguros": 8,
        "Comercialización": 8, "Préstamos": 10, "Administración": 6,
    }
    assert Counter(a.objective[:4] for a in data.activities) == {
        "OE.1": 32, "OE.2": 16, "OE.3": 13, "OE.4": 45}
    # The only 'AE' code that is an action is the one printed with five levels and targets.
    assert [a.code for a in data.activities if a.code and a.code.startswith("AE")] == ["AE.4.2.2.2.1"]
    assert "AO PQD G1" not in {a.code for a in data.activities}  # groups G1.1-G1.3
    assert all(a.axis is None and a.months == set() for a in data.activities)
    assert all(a.quarters and all(r is None for _, r in a.quarters.values()) for a in data.activities)


def test_dollar_target(by_code):
    a = by_code["AO.2.1.2.3.1."]
    assert (a.source_sheet, a.source_row) == ("Préstamos", 31)
    assert (a.target_text, a.annual_target, a.measure_unit) == ("$ 16,506,135", 16506135, "USD")
    assert a.quarters == {q: (4126534, None) for q in range(1, 5)}
    assert a.product == "AE.2.1.2.3. Colocar los fondos disponibles en el Programa de Préstamos."
    assert a.objective.startswith("OE.2. Administrar los activos")


def test_target_typed_with_thousands_separator_after_page_break(by_code):
    a = by_code["AO.2.1.2.1.1."]
    assert (a.source_sheet, a.source_row) == ("Préstamos", 27)
    assert (a.target_text, a.annual_target) == ("1,600", 1600)
    assert a.quarters == {q: (400, None) for q in range(1, 5)}
    # The AE's lines, which the PDF page break split across two rows.
    assert a.observations == ("Plan Cuscatlán: LA.10 Transparencia y Anticorrupción; "
                              "LA.12 Innovación Tecnológica; LA.18 Modernización del Estado")


def test_fractional_and_corrected_quarters(by_code):
    g13, g2 = by_code["AO PQD G1.3"], by_code["AO PQD G2"]
    assert g13.quarters == {2: (0.25, None), 3: (0.25, None), 4: (0.5, None)}
    assert g13.product == "AO PQD G1 Implementar nuevos productos y Programas de Bienestar Social."
    assert (g13.lead_unit, g13.responsible) == ("Gerencia", "Planificación y Desarrollo Institucional")
    assert g2.quarters == {2: (0.5, None), 3: (0.5, None)} and g2.annual_target == 1
    assert g2.observations == "Plan Cuscatlán: LA.16 Economía"
    assert g2.product == "Acciones Proyectadas en el 1er Seguimiento al PQD 2014-2019"


def test_audit_sub_actions_without_code(data, by_code):
    audit = [a for a in data.activities if a.unit == "Auditoría Interna"]
    assert [a.code for a in audit] == ["AO AI 1", "AO AI 2", "AI 2.2", "AI 2.3", "AO AI 3", "AO AI 4",
                                       "AO AI 5", "AO AI 6", "AI 6.2", "AO AI 7"]
    assert sum(a.annual_target for a in audit) == 13  # 2+2+1+1+2+1+1+1+1+1
    assert by_code["AI 2.2"].observations == "Pertenece a: AO AI 2"
    assert by_code["AI 2.2"].source_row == 10
    assert by_code["AI 6.2"].annual_target == 1 and by_code["AI 6.2"].quarters == {3: (1, None)}
    assert by_code["AO AI 7"].annual_target == 1 and by_code["AO AI 7"].quarters == {2: (1, None)}


def test_lead_unit_area_and_context(by_code):
    a = by_code["AO.4.1.1.1.4."]
    assert (a.unit, a.lead_unit, a.responsible) == (
        "Gerencia", "Jefatura de Administración", "Jefatura de Logística y Activos")
    assert a.product == "AE.4.1.1.1. Formular propuesta de territorialización integral de los servicios."
    campaigns = by_code["AO.1.1.1.3.1."]
    assert (campaigns.annual_target, campaigns.quarters[3]) == (240, (60, None))
    comm = by_code["AO.1.1.2.1.1"]
    assert comm.quarters == {1: (5, None), 2: (30, None), 3: (30, None), 4: (20, None)}
    assert comm.observations == "Plan Cuscatlán: N/A"


def test_cli_load_and_views(tmp_path):
    db = tmp_path / "poa.duckdb"
    run = cli_load(db, SAMPLE)
    assert run.returncode == 0, run.stdout + run.stderr
    con = duckdb.connect(str(db), read_only=True)
    try:
        ufi = con.execute(
            "SELECT quarter, sum(target), count(*), min(status), max(status) FROM v_quarter_progress "
            "WHERE unit = 'UFI' GROUP BY quarter ORDER BY quarter").fetchall()
        # UFI: 3 x 12 quarterly quotations/offers/proposals, 2 portfolios, 2 letters, 2 x 3 receipts.
        assert ufi == [(1, 42, 5, "pending", "pending"), (2, 46, 9, "pending", "pending"),
                       (3, 42, 5, "pending", "pending"), (4, 44, 7, "pending", "pending")]
        coverage = con.execute(
            "SELECT sum(activities), sum(scheduled_activities), count(*) FROM v_schedule_coverage "
            "WHERE year = 2019").fetchone()
        assert coverage == (106, 106, 12)
        money = con.execute(
            "SELECT measure_unit, annual_target, source_sheet, source_row FROM activities "
            "WHERE code = 'AO.2.1.2.3.1.'").fetchone()
        assert money == ("USD", 16506135, "Préstamos", 31)
    finally:
        con.close()
