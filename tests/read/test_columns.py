"""The reader by column roles (etl/readers/columns.py), on workbooks shaped like real plans from elsewhere in Latin
America: every figure checked here is written down by hand from the rows the test builds."""
import pytest

from etl.model import RejectedFile, UnsureReading
from etl.pipeline import read_workbook
from tests.workbooks import write_workbook

INST = "Alcaldía de Prueba"


def read(tmp_path, rows, merges=None, year=2025, institution=INST, sheet="POA", **kw):
    path = write_workbook(tmp_path / "plan.xlsx", {sheet: rows}, {sheet: merges or []})
    return read_workbook(path, institution=institution, year=year, **kw)


def by_text(data):
    return {a.activity: a for a in data.activities}


def test_header_words_no_seed_uses_and_no_title_rows(tmp_path):
    rows = [["N°", "ACTIVIDAD DEL POA", "UNIDAD RESPONSABLE", "INDICADOR", "META ANUAL", "PRESUPUESTO"],
            [1, "Capacitar al personal de ventanilla", "Dirección de Talento Humano", "Personas capacitadas",
             "120", "1,430,500.00"],
            [2, "Actualizar el registro de afiliados", "Unidad de Registro", "% de registros", "75 %", 25000]]
    data = read(tmp_path, rows)
    acts = by_text(data)
    assert data.layouts == ["columns"]
    a = acts["Capacitar al personal de ventanilla"]
    assert (a.unit, a.indicator, a.annual_target, a.budget_amount, a.code) == (
        "Dirección de Talento Humano", "Personas capacitadas", 120, 1430500.0, "1")
    b = acts["Actualizar el registro de afiliados"]
    assert (b.annual_target, b.measure_unit, b.budget_amount) == (75, "%", 25000)
    assert a.source_row == 2 and a.source_sheet == "POA"
    said = " ".join(data.understood)
    assert "actividad = ACTIVIDAD DEL POA" in said and "unidad = UNIDAD RESPONSABLE" in said


@pytest.mark.parametrize("activity, unit", [
    ("ACTIVIDADES", "Unidad Organizacional"), ("Actividad/Tareas", "RESPONSABLE"),
    ("DESCRIPCION ACTIVIDAD", "UNIDAD EJECUTORA"), ("OPERACIÓN", "UNIDAD RESPONSABLE"),
    ("META DE PRODUCTO", "DEPENDENCIA"),
])
def test_activity_and_unit_spellings(tmp_path, activity, unit):
    data = read(tmp_path, [[activity, unit], ["Elaborar el plan de compras", "Administración"]])
    (a,) = data.activities
    assert a.activity == "Elaborar el plan de compras"
    assert (a.unit or a.responsible) == "Administración"


def test_several_budget_lines_per_activity(tmp_path):
    rows = [["ACTIVIDADES", "ÍTEM PRESUPUESTARIO", "CANTIDAD", "COSTO UNITARIO", "TOTAL", "REFORMA", "CERTIFICACIONES"],
            ["Talleres de educación previsional", "530201 Pasajes", 10, "150.00", "1,500.00", 0, "1,000.00"],
            [None, "530204 Impresión", "2", "250", None, None, None],
            [None, "530807 Materiales", 100, 3.5, "350.00", "50", None],
            ["Auditoría de procesos", "530601 Consultoría", 1, 8000, 8000, None, None]]
    data = read(tmp_path, rows, merges=["A2:A4"])
    acts = by_text(data)
    assert len(data.activities) == 2
    a = acts["Talleres de educación previsional"]
    assert [b.item for b in a.budget_items] == ["530201 Pasajes", "530204 Impresión", "530807 Materiales"]
    # The second line has no TOTAL: quantity × unit cost.
    assert [b.amounts.get("budget") for b in a.budget_items] == [1500.0, 500.0, 350.0]
    assert a.budget_amount == 2350.0
    assert a.budget_items[0].amounts["budget_certified"] == 1000.0
    assert a.budget_items[2].amounts["budget_modified"] == 50.0
    assert [b.source_row for b in a.budget_items] == [2, 3, 4]
    assert acts["Auditoría de procesos"].budget_amount == 8000


def test_month_columns_marks_abbreviations(tmp_path):
    months = ["ENE.", "FEB.", "MAR.", "ABR.", "MAY.", "JUN.", "JUL.", "AGO.", "SEP.", "OCT.", "NOV.", "DIC."]
    rows = [["Actividad", "Responsable", *months],
            ["Informe trimestral", "Planificación", None, None, "X", None, None, "x", None, None, "X", None, None, "X"]]
    (a,) = read(tmp_path, rows).activities
    assert a.months == {3, 6, 9, 12}
    assert a.quarters == {}


def test_month_columns_numbered_with_quantities(tmp_path):
    rows = [["ACTIVIDADES", "UNIDAD", *range(1, 13)],
            ["Visitas de inspección", "Fiscalización", 2, 2, 2, 3, 3, 3, None, None, None, 5, 5, "10,000.00 "]]
    (a,) = read(tmp_path, rows).activities
    assert a.months == {1, 2, 3, 4, 5, 6, 10, 11, 12}
    assert a.quarters == {1: (6, None), 2: (9, None), 4: (10010, None)}


def test_monthly_prog_real_triplets_with_quarter_consolidated(tmp_path):
    top = ["ACTIVIDAD", "ENERO", None, None, "FEBRERO", None, None, "MARZO", None, None,
           "CONSOLIDADO I TRIMESTRE", None]
    sub = [None, "PROG", "REAL", "%", "PROG", "REAL", "%", "PROG", "REAL", "%", "PROG", "REAL"]
    rows = [top, sub, ["Atención de reclamos", 10, 8, "80%", 10, 12, "120%", 10, 10, "100%", 30, 30]]
    merges = ["B1:D1", "E1:G1", "H1:J1", "K1:L1", "A1:A2"]
    (a,) = read(tmp_path, rows, merges).activities
    assert a.months == {1, 2, 3}
    # The consolidated quarter column says the quarter; the months' sums are not added to it.
    assert a.quarters == {1: (30, 30)}


def test_hierarchy_repeated_on_every_row(tmp_path):
    rows = [["OBJETIVO ESTRATÉGICO", "PROGRAMA", "PROYECTO", "ACTIVIDAD", "RESPONSABLE", "META"],
            ["Ampliar la cobertura", "Afiliación", "Campañas", "Feria de afiliación", "Afiliación", 4],
            ["Ampliar la cobertura", "Afiliación", "Campañas", "Visitas a empresas", "Afiliación", 40],
            ["Mejorar el servicio", "Atención", "Ventanilla única", "Abrir ventanilla", "Servicios", 1]]
    acts = by_text(read(tmp_path, rows))
    a = acts["Visitas a empresas"]
    assert (a.objective, a.details["programme"], a.details["project"], a.annual_target) == (
        "Ampliar la cobertura", "Afiliación", "Campañas", 40)
    assert acts["Abrir ventanilla"].objective == "Mejorar el servicio"


def test_blocks_with_label_value_headers_and_totals(tmp_path):
    header = ["CÓDIGO", "OPERACIÓN", "META", "PRESUPUESTO"]
    rows = [["PLAN OPERATIVO ANUAL 2025"],
            ["UNIDAD ORGANIZACIONAL: Gerencia de Prestaciones"],
            ["CÓDIGO PEI: 1.2"],
            header,
            ["1.2.1", "Pagar rentas en término", 12, "Bs 120.000,00"],
            ["1.2.2", "Depurar expedientes", 300, "Bs 30.000,00"],
            ["TOTAL", None, None, "Bs 150.000,00"],
            [],
            ["UNIDAD ORGANIZACIONAL:", "Gerencia Administrativa"],
            header,
            ["2.1.1", "Renovar el parque informático", 50, "80000"],
            [None, "Subtotal", None, "80000"]]
    data = read(tmp_path, rows, institution=INST)
    acts = by_text(data)
    assert set(acts) == {"Pagar rentas en término", "Depurar expedientes", "Renovar el parque informático"}
    assert acts["Depurar expedientes"].unit == "Gerencia de Prestaciones"
    assert acts["Renovar el parque informático"].unit == "Gerencia Administrativa"
    assert acts["Pagar rentas en término"].budget_amount == 120000
    assert acts["Pagar rentas en término"].code == "1.2.1"
    assert "2 filas de total" in " ".join(data.understood)


def test_planned_and_executed_per_quarter_of_two_years(tmp_path):
    head = ["ACTIVIDAD", "META CUATRIENIO", "META 2025",
            "T1. PLANEADO 2024", "T1. EJECUTADO 2024", "T1. PLANEADO 2025", "T1. EJECUTADO 2025",
            "T2. PLANEADO 2025", "T2. EJECUTADO 2025"]
    rows = [head, ["Jornadas de salud ocupacional", 400, 100, 20, 18, 25, 22, 25, None]]
    data = read(tmp_path, rows, year=2025)
    (a,) = data.activities
    assert a.annual_target == 100
    assert a.quarters == {1: (25, 22), 2: (25, None)}
    said = " ".join(data.understood)
    assert "T1. PLANEADO 2024" in said.split("columnas sin usar")[1]


def test_two_years_side_by_side_without_a_year_asks(tmp_path):
    rows = [["ACTIVIDAD", "T1 PLANEADO 2024", "T1 PLANEADO 2025"], ["Jornadas", 1, 2]]
    with pytest.raises(UnsureReading, match="varios años"):
        read(tmp_path, rows, year=None)


def test_half_year_cuts(tmp_path):
    rows = [["ACTIVIDAD", "META ANUAL", "PRIMER CORTE PROGRAMADO", "PRIMER CORTE EJECUTADO",
             "SEGUNDO CORTE PROGRAMADO", "SEGUNDO CORTE EJECUTADO"],
            ["Auditorías internas", 6, 3, 2, 3, None]]
    (a,) = read(tmp_path, rows).activities
    assert a.quarters == {2: (3, 2), 4: (3, None)}


def test_merged_number_over_several_rows(tmp_path):
    rows = [["No.", "PROGRAMA", "ACTIVIDAD", "META"],
            [1, "Salud", "Vacunación", 1000],
            [None, "Educación", "Charlas", 20]]
    acts = by_text(read(tmp_path, rows, merges=["A2:A3"]))
    assert acts["Vacunación"].code == acts["Charlas"].code == "1"
    assert acts["Charlas"].details["programme"] == "Educación"


def test_traps_refused_not_loaded_wrong(tmp_path):
    # A code column headed ACTIVIDAD, the text under DESCRIPCIÓN (no role), the target a copy of the budget,
    # and a totals row: a guesser would load three wrong activities and a «TOTAL» one.
    rows = [["ACTIVIDAD", "DESCRIPCIÓN", "META", "PRESUPUESTO"],
            ["2301045", "Mantenimiento de sedes", 25000, 25000],
            ["2301046", "Compra de equipos", 40000, 40000],
            ["2301047", "Seguros", 15000, 15000],
            ["TOTAL", None, 80000, 80000]]
    with pytest.raises(UnsureReading) as err:
        read(tmp_path, rows)
    text = str(err.value)
    assert "códigos" in text and "igual al presupuesto" in text
    assert "Datos" in text


def test_no_activity_column_names_what_it_found(tmp_path):
    rows = [["OBJETIVO", "RESPONSABLE", "PRESUPUESTO"], ["Mejorar", "RRHH", 100]]
    with pytest.raises(RejectedFile) as err:
        read(tmp_path, rows)
    assert not isinstance(err.value, UnsureReading)
    assert "objetivo = OBJETIVO" in str(err.value) and "responsable = RESPONSABLE" in str(err.value)


def test_group_rows_set_objective(tmp_path):
    rows = [["ACTIVIDAD", "RESPONSABLE", "META"],
            ["OBJETIVO ESTRATÉGICO 1: Fortalecer la gestión"],
            ["Plan de capacitación", "RRHH", 1],
            ["EJE 2 Servicio al afiliado"],
            ["Encuesta de satisfacción", "Calidad", 2]]
    acts = by_text(read(tmp_path, rows, merges=["A2:C2", "A4:C4"]))
    assert acts["Plan de capacitación"].objective == "Fortalecer la gestión"
    assert acts["Encuesta de satisfacción"].axis == "EJE 2 Servicio al afiliado"


def colombian_plan(year):
    """A municipality's plan of action: products, not activities, with four-year figures and the quarters of two
    years side by side, and a totals row."""
    head = ["LÍNEA ESTRATÉGICA", "PROGRAMA", "CÓDIGO PRODUCTO", "PRODUCTO", "META CUATRIENIO", f"META {year}",
            f"RECURSOS {year - 1}-{year + 2}",
            *[f"T{q}. {k} {y}" for y in (year - 1, year) for q in (1, 2) for k in ("PLANEADO", "EJECUTADO")],
            "RESPONSABLE"]
    return [["ALCALDÍA MUNICIPAL DE PRUEBA"], [f"PLAN DE ACCIÓN {year}"], head,
            ["Salud para todos", "Salud pública", "1901001", "Servicio de vacunación", 40000, 10000, 400000000,
             2500, 2400, 2500, 2300, 2600, 2550, 2700, None, "Secretaría de Salud"],
            ["Salud para todos", "Salud pública", "1901002", "Servicio de promoción", 40, 10, 80000000,
             3, 2, 3, 3, 4, 4, 3, None, "Secretaría de Salud"],
            ["TOTAL", None, None, None, None, None, 480000000]]


def test_products_without_activity_are_asked_then_read_by_a_saved_profile(tmp_path, monkeypatch):
    from etl import profiles
    monkeypatch.setenv("POA_PROFILES", str(tmp_path / "perfiles"))
    with pytest.raises(RejectedFile) as err:
        read(tmp_path, colombian_plan(2025), year=None, institution=None)
    assert "producto = PRODUCTO" in str(err.value) and "Datos" in str(err.value)
    profiles.save("Alcaldía de prueba", {
        "PRODUCTO": "activity", "CÓDIGO PRODUCTO": "code", "META 2025": "annual_target", "RESPONSABLE": "unit",
        "PROGRAMA": "programme", "LÍNEA ESTRATÉGICA": "axis", "RECURSOS 2024-2027": "ignore",
        "T1. PLANEADO 2025": "target:q1", "T1. EJECUTADO 2025": "actual:q1",
        "T2. PLANEADO 2025": "target:q2", "T2. EJECUTADO 2025": "actual:q2"})
    data = read(tmp_path, colombian_plan(2025), year=None, institution="Alcaldía Municipal de Prueba")
    assert data.year == 2025
    acts = by_text(data)
    assert set(acts) == {"Servicio de vacunación", "Servicio de promoción"}
    a = acts["Servicio de vacunación"]
    assert (a.code, a.annual_target, a.budget_amount, a.unit, a.axis, a.details) == (
        "1901001", 10000, None, "Secretaría de Salud", "Salud para todos", {"programme": "Salud pública"})
    assert a.quarters == {1: (2600, 2550), 2: (2700, None)}
    said = " ".join(data.understood)
    assert "perfil «alcaldia-de-prueba»" in said and "«T1. PLANEADO 2024» (de 2024" in said
    # Next year's plan names its own years: the same profile reads it, 2026's columns.
    (tmp_path / "plan.xlsx").unlink()
    data = read(tmp_path, colombian_plan(2026), year=None, institution="Alcaldía Municipal de Prueba")
    assert data.year == 2026
    assert by_text(data)["Servicio de promoción"].quarters == {1: (4, 4), 2: (3, None)}


def test_a_four_year_budget_is_not_the_years(tmp_path):
    rows = [["ACTIVIDAD", "PRESUPUESTO 2024-2027", "PRESUPUESTO 2025"], ["Obras", 4000, 1000]]
    (a,) = read(tmp_path, rows).activities
    assert a.budget_amount == 1000


def test_a_seed_layout_with_codes_for_text_is_refused_and_the_store_kept(tmp_path):
    """Caja Mutual's follow-up layout as another office fills it: product codes under ACCIÓN OPERATIVA and a totals
    row. The layout's own reader would load codes as activities: the check on its rows refuses it, by the CLI,
    exit 1, and the store stays as it was."""
    import duckdb
    from tests.conftest import cli_load
    from tests.read.test_reader_quarterly_followup import H1, H2, TITLE, header_merges
    rows = TITLE + [[], [], H1, H2,
                    ["AO.1", "1901001", "Despacho", "Planificación", 12, 3, 3, 3, 3, 3, 1, None],
                    ["AO.2", "1901002", "Despacho", "Planificación", 4, 1, 1, 1, 1, 1, 1, None],
                    ["AO.3", "1901003", "Despacho", "Planificación", 8, 2, 2, 2, 2, 1, 0.5, None],
                    ["TOTAL", None, None, None, 24, 6, 6, 6, 6, 5, None, None]]
    path = write_workbook(tmp_path / "seguimiento.xlsx", {"POA": rows}, {"POA": header_merges(6)})
    good = write_workbook(tmp_path / "bueno.xlsx", {"POA": [["ACTIVIDAD", "UNIDAD"], ["Auditar", "Auditoría"]]})
    db = tmp_path / "poa.duckdb"
    assert cli_load(db, good, "--institution", INST, "--year", "2025").returncode == 0
    before = duckdb.connect(str(db), read_only=True).execute("SELECT count(*) FROM activities").fetchone()
    run = cli_load(db, path, "--year", "2023")
    assert run.returncode == 1, run.stdout
    assert "lectura dudosa" in run.stdout and "códigos" in run.stdout and "Traceback" not in run.stdout + run.stderr
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM activities").fetchone() == before
    assert con.execute("SELECT status FROM source_files WHERE file_name = 'seguimiento.xlsx'").fetchone() == (
        "rejected",)


def test_a_totals_row_is_never_an_activity_whichever_reader(tmp_path):
    # Our own template's reader takes every row with a text for an activity; a sum row is not one.
    from tests.conftest import TEMPLATE_HEADER, template_row
    rows = [["PLAN OPERATIVO ANUAL 2025"], TEMPLATE_HEADER, template_row("Auditar compras", months=(1,)),
            template_row("Capacitar cajeros", months=(2,)), template_row("Total general", months=())]
    path = write_workbook(tmp_path / "plantilla.xlsx", {"POA": rows})
    data = read_workbook(path, institution=INST)
    assert data.layouts == ["template"]
    assert [a.activity for a in data.activities] == ["Auditar compras", "Capacitar cajeros"]
    assert any("fila de total" in str(w) for w in data.warnings)


BOLIVIAN = [["CÓDIGO", "OPERACIÓN", "UNIDAD RESPONSABLE", "PARTIDA", "PRESUPUESTO", "ENE", "FEB", "MAR", "ABR",
             "MAY", "JUN", "JUL", "AGO", "SEP", "OCT", "NOV", "DIC"],
            ["1.1.1", "Fiscalizar a las entidades gestoras", "Dirección de Fiscalización", "25210 Consultorías",
             "Bs 120.000,00", "X", "", "", "X", "", "", "X", "", "", "X", "", ""],
            ["", "", "", "22110 Pasajes", "Bs 15.500,50", "", "", "", "", "", "", "", "", "", "", "", ""],
            ["1.1.2", "Publicar el boletín estadístico", "Dirección de Estudios", "25600 Impresión",
             "Bs. 8.000", "", "", "", "", "", "X", "", "", "", "", "", "X"],
            ["TOTAL", "", "", "", "Bs 143.500,50", "", "", "", "", "", "", "", "", "", "", "", ""]]


@pytest.mark.parametrize("kind", ["csv-latin1", "csv-comma", "ods", "xls"])
def test_a_bolivian_plan_in_every_format(tmp_path, kind):
    from tests.sheetfiles import write_csv, write_ods, write_xls
    if kind == "csv-latin1":
        path = write_csv(tmp_path / "poa_2025.csv", BOLIVIAN, sep=";", encoding="latin-1")
    elif kind == "csv-comma":
        path = write_csv(tmp_path / "poa_2025.csv", BOLIVIAN, sep=",", encoding="utf-8", bom=True)
    elif kind == "ods":
        path = write_ods(tmp_path / "poa_2025.ods", {"POA": BOLIVIAN})
    else:
        path = write_xls(tmp_path / "poa_2025.xls", {"POA": BOLIVIAN})
    data = read_workbook(path, institution="Autoridad de Fiscalización de Prueba", year=2025)
    acts = by_text(data)
    assert set(acts) == {"Fiscalizar a las entidades gestoras", "Publicar el boletín estadístico"}
    a = acts["Fiscalizar a las entidades gestoras"]
    assert (a.code, a.unit, a.months, a.currency) == ("1.1.1", "Dirección de Fiscalización", {1, 4, 7, 10}, "BOB")
    assert [(b.item, b.amounts["budget"]) for b in a.budget_items] == [("25210 Consultorías", 120000.0),
                                                                       ("22110 Pasajes", 15500.5)]
    assert a.budget_amount == 135500.5
    assert acts["Publicar el boletín estadístico"].budget_amount == 8000


def test_a_summary_sheet_and_a_summary_block_beside_the_table(tmp_path):
    plan = [["ACTIVIDAD", "UNIDAD RESPONSABLE", "META", "PRESUPUESTO", None, "UNIDAD", "TOTAL"],
            ["Auditar compras", "Auditoría", 4, "1,000.00", None, "Auditoría", "1,000.00"],
            ["Capacitar cajeros", "Finanzas", 2, "500.00", None, "Finanzas", "500.00"],
            [None, None, None, None, None, "TOTAL", "1,500.00"]]
    summary = [["RESUMEN POR UNIDAD"], ["UNIDAD", "N° DE ACTIVIDADES", "PRESUPUESTO"],
               ["Auditoría", 1, 1000], ["Finanzas", 1, 500], ["TOTAL", 2, 1500]]
    path = write_workbook(tmp_path / "plan.xlsx", {"POA": plan, "Resumen": summary})
    data = read_workbook(path, institution=INST, year=2025)
    assert data.sheets_read == ["POA"]
    assert [(a.activity, a.unit, a.budget_amount) for a in data.activities] == [
        ("Auditar compras", "Auditoría", 1000), ("Capacitar cajeros", "Finanzas", 500)]
    assert any(w.sheet == "Resumen" and "se omitió" in w.message for w in data.warnings)


def test_thousands_of_merged_ranges(tmp_path):
    rows = [["No.", "ACTIVIDADES", "PARTIDA", "TOTAL"]]
    merges = []
    for i in range(2000):
        top = len(rows) + 1
        rows += [[i + 1, f"Actividad {i + 1}", "Pasajes", 100], [None, None, "Viáticos", 50]]
        merges += [f"A{top}:A{top + 1}", f"B{top}:B{top + 1}"]
    data = read(tmp_path, rows, merges)
    assert len(data.activities) == 2000
    assert {a.budget_amount for a in data.activities} == {150}
    assert [len(a.budget_items) for a in data.activities[:3]] == [2, 2, 2]


def test_a_label_and_its_value_above_the_table_is_not_its_header(tmp_path):
    rows = [["PLAN OPERATIVO ANUAL"], ["Año:", 2025], [], ["Actividad", "Responsable"],
            ["Auditar compras", "Auditoría"]]
    data = read(tmp_path, rows, year=None)
    assert data.year == 2025
    assert [(a.activity, a.responsible) for a in data.activities] == [("Auditar compras", "Auditoría")]
    assert "encabezado en fila 4" in " ".join(data.understood)
