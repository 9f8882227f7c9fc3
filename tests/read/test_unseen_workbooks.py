"""Workbooks in the seed layouts that no other test has seen, with the usual variations, end to end:
through `python -m etl load` into a store, checked on the views the dashboard reads."""
import duckdb
import pytest

from tests.conftest import cli_load
from tests.workbooks import write_workbook

INST_DO = "Instituto Dominicano de Prevención y Protección de Riesgos Laborales"


@pytest.fixture
def loaded(tmp_path):
    def load(sheets, merges=None, name="plan.xlsx", *extra):
        path = write_workbook(tmp_path / name, sheets, merges or {})
        db = tmp_path / "poa.duckdb"
        run = cli_load(db, path, *extra)
        assert run.returncode == 0, run.stdout + run.stderr
        assert "Traceback" not in run.stdout + run.stderr
        return duckdb.connect(str(db), read_only=True), run.stdout
    return load


def test_period_matrix_unknown_dominican_institution(loaded):
    # Accents dropped, 'Meta' before 'Actividades', an extra 'Prioridad' column, one-cell periods,
    # amounts in both conventions, the institution unknown to us but named in the title.
    head1 = ["Productos", "Resultado esperado", "Meta", "Actividades", "Prioridad", "Indicadores",
             "Responsable(s)", "Area de Soporte", "Periodo de Ejecucion", None, "Presupuesto", "Riesgo asociado",
             "Accion de mitigacion", "Observaciones"]
    head2 = [None] * 8 + ["Inicio", "Fin"] + [None] * 4
    rows = [
        ["INSTITUTO DOMINICANO DE PREVENCIÓN Y PROTECCIÓN DE RIESGOS LABORALES"],
        ["PLAN OPERATIVO ANUAL 2025"],
        [],
        ["Segundo Eje:", "Prevencion de riesgos"],
        head1, head2,
        ["Objetivo Estrategico: Reducir los accidentes laborales"],
        ["Inspecciones realizadas", "Empresas inspeccionadas", "1,600", "Inspeccionar empresas", "Alta",
         "# inspecciones", "Inspectoría", "TI", "Marzo", "Noviembre", "2.000.000,00", "Pocos inspectores",
         "Contratar", None],
        [None, None, "90%", "Publicar informe de inspecciones", "Media", "% publicado", "Inspectoría", None,
         "Julio - Septiembre", None, "RD$ 75,500.50", None, None, "Semestral"],
        [],
        [None, None, "1", "Revisar el reglamento", None, None, "Legal", None, "Enero", "Encero",
         "Contemplado Gestión Operativa", None, None, None],
    ]
    merges = {"Prevencion": ["I5:J5", "A8:A9", "B8:B9"]}
    con, out = loaded({"Prevencion": rows}, merges)
    assert f"cargado — {INST_DO} 2025" in out
    acts = con.execute(
        "SELECT activity, axis, objective, unit, product, annual_target, measure_unit, budget_amount, currency, "
        "budget_note, months, source_row FROM v_activities ORDER BY source_row").fetchall()
    assert [a[0] for a in acts] == ["Inspeccionar empresas", "Publicar informe de inspecciones", "Revisar el reglamento"]
    inspect, publish, review = acts
    assert inspect[1:5] == ("Prevencion de riesgos", "Reducir los accidentes laborales", "Inspectoría",
                            "Inspecciones realizadas")
    assert inspect[5:11] == (1600, None, 2_000_000, "DOP", None, "3,4,5,6,7,8,9,10,11")
    assert publish[4:11] == ("Inspecciones realizadas", 90, "%", 75_500.5, "DOP", None, "7,8,9")
    assert review[7:11] == (None, None, "Contemplado Gestión Operativa", "1")
    assert [a[11] for a in acts] == [8, 9, 11]
    assert con.execute("SELECT currency, amount FROM v_budget_totals").fetchall() == [("DOP", 2_075_500.5)]


def test_quarterly_followup_second_quarter_report(loaded):
    # The second follow-up: REAL is for ABR-JUN. Headers without accents, targets as text, a percentage target.
    h1 = ["CODIGO", "ACCION OPERATIVA (AO)", "UNIDAD ORGANIZATIVA LIDER", "UNIDAD-AREA RESPONSABLE",
          "META ANUAL", "METAS PARA ANO 2024", None, None, None, "REAL", "% EJECUCION", "OBSERVACIONES"]
    h2 = [None] * 5 + ["EN-MAR", "ABR-JUN", "JUL-SEP", "OCT-DIC", "ABR-JUN", "ABR-JUN", None]
    rows = [
        ["CAJA MUTUAL DE LOS EMPLEADOS DEL MINISTERIO DE EDUCACION"],
        ["2do SEGUIMIENTO AL PLAN OPERATIVO INSTITUCIONAL/ANUAL (POI/POA) 2024"],
        ["MISION: Administrar el programa de préstamos."],
        h1, h2,
        ["O.E.3. Administrar los activos de manera eficaz."],
        ["AO.3.1.", "Otorgar préstamos personales.", "Préstamos", "Préstamos", "1,200", "300", "300", "300",
         "300", "250", None, "Menos solicitudes"],
        ["AO.3.2.", "Recuperar la cartera en mora.", "Préstamos", "Cobros", "90%", None, "90%", None, "90%", "95%",
         None, None],
        ["AO.3.3.", "Actualizar el reglamento.", "Préstamos", "Legal", 1, 1, None, None, None, None, None, None],
    ]
    merges = {"Prestamos": ["F4:I4"] + [f"{c}4:{c}5" for c in "ABCDEL"]}
    con, out = loaded({"Prestamos": rows}, merges)
    assert "Caja Mutual de los Empleados del Ministerio de Educación 2024" in out
    q = con.execute("SELECT code, quarter, target, actual, execution_pct, status FROM v_quarter_progress "
                    "ORDER BY code, quarter").fetchall()
    assert ("AO.3.1.", 2, 300, 250, 250 / 300, "behind") in q
    assert ("AO.3.1.", 1, 300, None, None, "pending") in q
    assert ("AO.3.2.", 2, 90, 95, 95 / 90, "met") in q
    assert ("AO.3.3.", 1, 1, None, None, "pending") in q
    assert con.execute("SELECT annual_target, measure_unit FROM v_activities WHERE code = 'AO.3.2.'").fetchone() \
        == (90, "%")
    assert con.execute("SELECT DISTINCT unit, objective FROM v_quarter_progress").fetchall() == [
        ("Préstamos", "O.E.3. Administrar los activos de manera eficaz.")]


def test_monthly_schedule_two_blocks_on_one_sheet(loaded):
    def block(area, axis, objective, acts):
        return [
            ["Generales", "Nombre:", f"Plan Operativo Anual de {area}"],
            [None, "Fecha:", "Enero 2025 - Diciembre 2025"],
            [None, "Area:", area],
            [None, "Eje o perspectiva:", axis],
            ["Objetivo estrategico de referencia", objective],
            ["Meta operativa anual", "Cumplir el 95% del plan"],
            ["Entregables", "Indicadores", "Actividades", "Cronograma"] + [None] * 11 + ["Responsables"],
            [None, None, None] + list(range(1, 13)) + [None],
        ] + acts + [[]]

    marks = lambda months, mark="X": [mark if m in months else None for m in range(1, 13)]  # noqa: E731
    rows = [["INSTITUTO DE PREVISIÓN INVENTADO"], ["PLAN OPERATIVO ANUAL 2025"], []]
    rows += block("Tesoreria", "FINANZAS", "Sanear las finanzas", [
        ["1. Pagos al dia", "% pagos", "1.1. Pagar a proveedores"] + marks({1, 2, 3}) + ["Tesorería"],
        [None, None, "1.2. Conciliar cuentas"] + marks({3, 6, 9, 12}, "100%") + ["Tesorería"],
    ])
    rows += block("Compras", "Finanzas", "Comprar mejor", [
        ["1. Plan de compras", "# compras", "1.1. Publicar el plan de compras"] + marks({1}, "x") + ["Compras"],
    ])
    merges = {"POA": ["D10:O10", "D20:O20"]}
    con, out = loaded({"POA": rows}, merges)
    got = con.execute("SELECT unit, axis, code, months, product FROM v_activities ORDER BY source_row").fetchall()
    assert got == [
        ("Tesoreria", "Finanzas", "1.1.", "1,2,3", "1. Pagos al dia"),
        ("Tesoreria", "Finanzas", "1.2.", "3,6,9,12", "1. Pagos al dia"),
        ("Compras", "Finanzas", "1.1.", "1", "1. Plan de compras"),
    ]
    cov = con.execute("SELECT unit, activities, scheduled_activities, months_with_activity FROM v_schedule_coverage "
                      "ORDER BY unit").fetchall()
    assert cov == [("Compras", 1, 1, 1), ("Tesoreria", 2, 2, 6)]


def test_quarterly_targets_with_dollar_targets(loaded):
    h1 = ["CÓDIGO", "ACCIÓN ESTRATÉGICO (AE) ACCIÓN OPERATIVA (AO)", "UNIDAD ORGANIZATIVA LÍDER",
          "ÁREA RESPONSABLE", "LÍNEA DE ACCIÓN PLAN CUSCATLÁN", "META ANUAL", "METAS PARA PERIODO", None, None, None]
    h2 = [None] * 6 + ["EN-MAR", "ABR-JUN", "JUL-SEP", "OCT-DIC"]
    rows = [
        ["CAJA MUTUAL DE LOS EMPLEADOS DEL MINISTERIO DE EDUCACIÓN"],
        ["PLAN OPERATIVO INSTITUCIONAL/ANUAL (POI/POA) 2020"],
        ["POI 2020 UFI"],
        ["OE.2. Administrar los activos de manera eficaz."],
        h1, h2,
        ["AE.2.1.1. Colocar préstamos.", None, "UFI", None, "LA.3 Economía"],
        ["AO.2.1.1.1.", "Colocar préstamos a asegurados.", "UFI", "Préstamos", None, "$ 1,000,000.00",
         "$ 250,000.00", "$ 250,000.00", "$ 250,000.00", "$ 250,000.00"],
        ["AO.2.1.1.2.", "Informar la colocación.", "UFI", "Préstamos", "N/A", "4", "1", "1", "1", "1"],
    ]
    merges = {"UFI": ["G5:J5"] + [f"{c}5:{c}6" for c in "ABCDEF"]}
    con, out = loaded({"UFI": rows}, merges)
    acts = con.execute("SELECT code, annual_target, measure_unit, product, unit FROM v_activities "
                       "ORDER BY source_row").fetchall()
    assert acts[0][:3] == ("AO.2.1.1.1.", 1_000_000, "USD")
    assert acts[0][3].startswith("AE.2.1.1.") and acts[0][4] == "UFI"
    assert acts[1][:3] == ("AO.2.1.1.2.", 4, None)
    assert con.execute("SELECT quarter, target FROM v_quarter_progress WHERE code = 'AO.2.1.1.1.' "
                       "ORDER BY quarter").fetchall() == [(q, 250_000) for q in range(1, 5)]
