from etl.readers import best_reader, period_matrix
from etl.workbook import read_sheets
from tests.workbooks import write_workbook

HEAD1 = ["Productos", "Resultado esperado", "Descripción", "Tipo de Gestión", "Actividades",
         "Tipo de Actividad", "Meta", "Indicadores", "Medio de Verificación", "Responsable(s)",
         "Área de Soporte", "Período de Ejecución", None, "Presupuesto (RD$)", "Riesgo asociado",
         "Acción de mitigación", "Observaciones"]
HEAD2 = [None] * 11 + ["Inicio", "Fin"] + [None] * 4
MERGES = ["L6:M6"] + [f"{c}6:{c}7" for c in "ABCDEFGHIJKNOPQ"]
TITLE = [["TESORERÍA DE LA SEGURIDAD SOCIAL"], ["Plan Operativo Anual 2024"], [],
         [], ["Primer Eje:", "Experiencia del Usuario"]]


def row(product=None, activity=None, target=None, responsible=None, start=None, end=None, budget=None, **kw):
    cells = [product, kw.get("result"), kw.get("description"), kw.get("management"), activity,
             kw.get("activity_type"), target, kw.get("indicator"), kw.get("verification"), responsible,
             kw.get("support"), start, end, budget, kw.get("risk"), kw.get("mitigation"), kw.get("observations")]
    return cells


def sheet_of(tmp_path, rows, merges=(), name="Primer Eje"):
    path = write_workbook(tmp_path / "t.xlsx", {name: rows}, {name: list(merges)})
    return read_sheets(path)[0]


def happy_rows():
    return TITLE + [HEAD1, HEAD2, ["Objetivo Estratégico: Accesar la Institución a los empleadores"],
                    row("Capacitaciones expandido", "Ejecutar programas de capacitaciones", "12,000 h/h",
                        "Análisis de Capacitación Externa", "Encero", "Diciembre", "RD$100,000.00",
                        result="Empleadores capacitados", management="Gestión Interna",
                        activity_type="Gestión Interna", indicator="Horas hombre", support="Comunicaciones",
                        verification="Listado de participantes", risk="Baja colaboración",
                        mitigation="Seguimiento", observations="Contempla toda la programación"),
                    row(None, "Realizar seminarios web", 2, "Análisis de Capacitación Externa",
                        "Febrero", "Diciembre", "RD$250,000.00"),
                    row(None, "Ejecutar campaña", "90%", "Comunicaciones", "Marzo", "Diciembre",
                        "Contemplado Gestión Operativa")]


def test_happy_path_with_merged_two_row_header(tmp_path):
    sheet = sheet_of(tmp_path, happy_rows(), MERGES + ["A9:A11", "B9:B11"])
    assert period_matrix.detect(sheet) > 0
    data = period_matrix.read(sheet)
    assert (data.institution, data.year) == ("Tesorería de la Seguridad Social", 2024)
    assert [a.source_row for a in data.activities] == [9, 10, 11]
    first, second, third = data.activities
    assert first.axis == "Experiencia del Usuario"
    assert first.objective == "Accesar la Institución a los empleadores"
    assert first.product == second.product == third.product == "Capacitaciones expandido"
    assert (first.annual_target, first.measure_unit) == (12000, "h/h")
    assert first.months == set(range(1, 13))  # 'Encero' is January
    assert (first.budget_amount, first.currency) == (100000, "DOP")
    assert first.unit == "Análisis de Capacitación Externa"
    assert first.responsible == "Análisis de Capacitación Externa; apoyo: Comunicaciones"
    assert first.risk == "Baja colaboración" and first.mitigation == "Seguimiento"
    assert first.observations.splitlines()[0] == "Contempla toda la programación"
    assert "Resultado esperado: Empleadores capacitados" in first.observations
    assert "Medio de verificación: Listado de participantes" in first.observations
    assert second.annual_target == 2 and second.months == set(range(2, 13))
    assert "Resultado esperado: Empleadores capacitados" in second.observations  # merged, filled down
    assert (third.annual_target, third.measure_unit) == (90, "%")
    assert third.budget_amount is None and third.budget_note == "Contemplado Gestión Operativa"


def test_blank_group_and_repeated_header_rows_are_not_activities(tmp_path):
    rows = happy_rows()
    rows.insert(10, [])
    rows += [[], ["Segundo Eje:", "Fortalecimiento Institucional"], HEAD1, HEAD2,
             ["Objetivo Estratégico:", "Optimizar las operaciones"],
             row("Otro producto", "Revisar procesos", "100%", "CAO", "Enero", "Junio")]
    data = period_matrix.read(sheet_of(tmp_path, rows, MERGES))
    assert [a.activity for a in data.activities] == [
        "Ejecutar programas de capacitaciones", "Realizar seminarios web", "Ejecutar campaña", "Revisar procesos"]
    last = data.activities[-1]
    assert (last.axis, last.objective, last.product) == (
        "Fortalecimiento Institucional", "Optimizar las operaciones", "Otro producto")
    assert last.source_row == 18 and last.months == {1, 2, 3, 4, 5, 6}
    assert list(map(str, data.warnings)) == []


def test_accents_dropped_reordered_and_extra_columns_one_cell_period(tmp_path):
    head = ["Actividades", "Responsables", "Meta", "Codigo interno", "Presupuesto", "Periodo de ejecucion",
            "Riesgo asociado", "Accion de mitigacion", "Producto", "Indicadores"]
    rows = [["TESORERIA DE LA SEGURIDAD SOCIAL"], ["PLAN OPERATIVO ANUAL 2024"], head,
            ["Actualizar manual", "PyD/RRHH", "100%", "X-7", "$ 90,000.00", "Marzo - Noviembre",
             "No aprobación", "Remitir contrapropuesta", "Manual de cargos", "Manual actualizado"],
            ["Divulgar descripciones", "PyD/RRHH", "1,600", None, "2.000.000,00", "Noviembre - Diciembre",
             None, None, None, "Descripciones"]]
    sheet = sheet_of(tmp_path, rows, name="Hoja1")
    assert period_matrix.detect(sheet) > 0
    data = period_matrix.read(sheet)
    a, b = data.activities
    assert a.months == set(range(3, 12)) and b.months == {11, 12}
    assert (a.budget_amount, a.currency) == (90000, None)  # bare '$': the pipeline fills DOP
    assert b.budget_amount == 2000000 and b.annual_target == 1600
    assert a.product == b.product == "Manual de cargos"
    assert "Codigo interno: X-7" in a.observations
    assert (a.source_row, b.source_row) == (4, 5)
    assert data.year == 2024


def test_budget_with_note_and_amount_and_unreadable_period(tmp_path):
    rows = TITLE + [HEAD1, HEAD2,
                    row("P", "Hacer requisición", "100%", "Calidad", "Enero", "Siempre",
                        "Contemplado Gestión Operativa / RD$2,000,000.00"),
                    row(None, "Licencias", "100%", "DTI", "Enero", "Diciembre",
                        "RD$5,200,000.00 + RD$1,500,000.00 para el software")]
    data = period_matrix.read(sheet_of(tmp_path, rows, MERGES))
    a, b = data.activities
    assert (a.budget_amount, a.currency) == (2000000, "DOP")
    assert a.budget_note == "Contemplado Gestión Operativa / RD$2,000,000.00"
    assert a.months == set()
    assert b.budget_amount is None and "1,500,000" in b.budget_note
    assert any("fila 8" in w and "Siempre" in w for w in map(str, data.warnings))
    assert any("fila 9" in w and "varios montos" in w for w in map(str, data.warnings))


def test_row_without_activity_text_keeps_its_figures_with_a_warning(tmp_path):
    rows = TITLE + [HEAD1, HEAD2,
                    row("P", None, "2", "Capacitación", "Febrero", "Diciembre", "RD$250,000.00",
                        indicator="seminarios web realizados"),
                    row(None, None, None, None, None, None, None, risk="Texto suelto")]
    data = period_matrix.read(sheet_of(tmp_path, rows, MERGES))
    assert len(data.activities) == 1
    assert data.activities[0].activity == "seminarios web realizados"
    assert data.activities[0].budget_amount == 250000
    assert any("fila 8" in w for w in map(str, data.warnings)) and any("fila 9" in w for w in map(str, data.warnings))


def test_other_layouts_are_not_mine(tmp_path):
    monthly = [["ARS SEMMA"], ["Entregables", "Indicadores", "Actividades", "Ene", "Feb", "Mar", "Abr", "May",
                               "Jun", "Jul", "Ago", "Sep", "Oct", "Nov", "Dic", "Responsables"],
               ["Informe", "Uno", "Hacer", "X"] + [None] * 11 + ["RRHH"]]
    quarterly = [["CÓDIGO", "ACCIÓN OPERATIVA", "UNIDAD LÍDER", "UNIDAD-ÁREA RESPONSABLE", "META ANUAL",
                  "EN-MAR", "ABR-JUN", "JUL-SEP", "OCT-DIC", "REAL EN-MAR", "% EJECUCIÓN", "OBSERVACIONES"],
                 ["AO.6.4.", "Hacer", "UPI", "UPI", "4", "1", "1", "1", "1", "1", "100%", None]]
    products = [["Propósito/Producto", "Unidad de medida", "Ene", "Feb", "TOTALES"], ["Pensiones", "Casos", 1, 2, 3]]
    for n, rows in enumerate([monthly, quarterly, products]):
        sheet = read_sheets(write_workbook(tmp_path / f"o{n}.xlsx", {"H": rows}))[0]
        assert period_matrix.detect(sheet) == 0


def test_best_reader_picks_this_layout(tmp_path):
    sheet = sheet_of(tmp_path, happy_rows(), MERGES)
    assert best_reader(sheet) is period_matrix
