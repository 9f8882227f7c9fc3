from etl.readers import annual_products, best_reader
from etl.workbook import read_sheets
from tests.workbooks import write_workbook

TITLES = [["INSTITUTO SALVADOREÑO DEL SEGURO SOCIAL"], ["UNIDAD DE PENSIONES"],
          ["PLAN ANUAL DE TRABAJO 2021"], []]
HEADER = ["Propósito /Producto", "Unidad de Medida", "TOTALES"]

# Header rows of the other layouts of DESIGN.md, which must not pass for this one.
FOREIGN = {
    "tss": [["Productos", "Resultado esperado", "Descripción", "Tipo de Gestión", "Actividades",
             "Tipo de Actividad", "Meta", "Indicadores", "Medio de Verificación", "Responsable(s)",
             "Área de Soporte", "Período de Ejecución", None, "Presupuesto", "Riesgo asociado",
             "Acción de mitigación", "Observaciones"],
            [None] * 11 + ["Inicio", "Fin"],
            ["Informe", "Mejor servicio", "x", "Operatividad", "Hacer informe", "Gestión Interna", "100%",
             "Informe hecho", "Correo", "Encargada", "DS", "Encero", "Agosto", "Contemplado Gestión Operativa"]],
    "caja_mutual": [["CÓDIGO", "ACCIÓN OPERATIVA (AO)", "UNIDAD ORGANIZATIVA LÍDER", "UNIDAD-ÁREA RESPONSABLE",
                     "META ANUAL", "EN-MAR", "ABR-JUN", "JUL-SEP", "OCT-DIC", "REAL EN-MAR", "% EJECUCIÓN",
                     "OBSERVACIONES"],
                    ["AO.6.1.", "Actualizar", "Administración", "Logística", 2, None, 1, None, 1, 1, "0%", None]],
    "semma": [["Entregables", "Indicadores", "Actividades", "Enero", "Febrero", "Marzo", "Abril", "Mayo",
               "Junio", "Julio", "Agosto", "Septiembre", "Octubre", "Noviembre", "Diciembre", "Responsables"],
              ["Informe", "% avance", "Hacer", "X", None, "x"]],
    "budget": [["Centro de Costo", "Rubro", "Monto (US$)"], ["Dpto. Financiero", "Rubro 51", 1000]],
    "projects": [["NOMBRE", "OBJETIVOS", "RESULTADOS ESPERADOS", "INICIO", "FIN"],
                 ["Proyecto X", "Mejorar", "Mejor", "03/01/2021", "PERMANENTE"]],
}


def sheet_of(tmp_path, rows, merges=None, name="Metas"):
    path = write_workbook(tmp_path / "w.xlsx", {name: rows}, {name: merges or []})
    return read_sheets(path)[0]


def test_products_under_work_line_department_and_objective(tmp_path):
    sheet = sheet_of(tmp_path, TITLES + [
        HEADER,
        ["Línea de Trabajo: Gestión Pensiones"],
        ["Departamento de Beneficios Económicos y Servicios"],
        ["Objetivo: Otorgar de forma oportuna las prestaciones."],
        ["CONCESIÓN DE PENSIONES (nuevos casos)", "RESOLUCIONES", "1,029"],
        ["EFECTUAR CONTROL DE SOBREVIVENCIA", "CANTIDAD DE SOBREVIVENCIAS COMPROBADAS", "87.540"],
    ])
    assert best_reader(sheet) is annual_products
    data = annual_products.read(sheet)
    assert (data.institution, data.year) == ("Instituto Salvadoreño del Seguro Social", 2021)
    first, second = data.activities
    assert first.activity == "CONCESIÓN DE PENSIONES (nuevos casos)"
    assert (first.axis, first.unit) == ("Gestión Pensiones", "Departamento de Beneficios Económicos y Servicios")
    assert first.objective == "Otorgar de forma oportuna las prestaciones"
    assert (first.target_text, first.annual_target, first.measure_unit) == ("1,029", 1029, "RESOLUCIONES")
    assert (first.source_sheet, first.source_row) == ("Metas", 9)
    assert (second.annual_target, second.source_row) == (87540, 10)
    assert list(map(str, data.warnings)) == []


def test_merged_two_row_header_below_title_rows(tmp_path):
    rows = TITLES + [
        ["Propósito /Producto", "Unidad de Medida", "PROGRAMACIÓN 2021"],
        [None, None, "TOTALES"],
        ["PAGO DE SUELDOS Y SUBSIDIOS A EMPLEADOS", "PLANILLA", 63],
    ]
    sheet = sheet_of(tmp_path, rows, ["A5:A6", "B5:B6", "A1:C1", "A2:C2", "A3:C3"])
    assert annual_products.detect(sheet)
    [a] = annual_products.read(sheet).activities
    assert (a.activity, a.annual_target, a.measure_unit, a.source_row) == (
        "PAGO DE SUELDOS Y SUBSIDIOS A EMPLEADOS", 63, "PLANILLA", 7)


def test_blank_group_and_repeated_header_rows_are_not_products(tmp_path):
    sheet = sheet_of(tmp_path, TITLES + [
        HEADER,
        ["Metas Operativas: Gestión Administrativa."],
        ["Objetivo: Objetivo de la línea."],
        ["Departamento Administrativo:"],
        ["PRESTACIONES AL PERSONAL", "% DE CUMPLIMIENTO", "90%"],
        [],
        ["Departamento de Inspección"],
        ["Objetivo: Inspeccionar patronos."],
        ["Propósito /Producto", "Unidad de Medida", "META"],
        ["INSPECCIONES GENERALES A PATRONOS", "INFORME", 300],
        ["Departamento Jurídico"],
        ["OPINIONES JURÍDICAS", "INFORME", 2],
        ["Línea de Trabajo: Gestión Financiera"],
        ["PRESUPUESTO PRESENTADO", "DOCUMENTO", 1],
        ["TOTAL", None, None],
    ], ["A6:C6"])
    data = annual_products.read(sheet)
    got = [(a.activity, a.axis, a.unit, a.objective, a.source_row) for a in data.activities]
    assert got == [
        ("PRESTACIONES AL PERSONAL", "Gestión Administrativa", "Departamento Administrativo",
         "Objetivo de la línea", 9),
        ("INSPECCIONES GENERALES A PATRONOS", "Gestión Administrativa", "Departamento de Inspección",
         "Inspeccionar patronos", 14),
        # A department without its own objective falls back to the work line's.
        ("OPINIONES JURÍDICAS", "Gestión Administrativa", "Departamento Jurídico", "Objetivo de la línea", 16),
        ("PRESUPUESTO PRESENTADO", "Gestión Financiera", None, None, 18),
    ]


def test_percent_targets_keep_what_is_measured_as_indicator(tmp_path):
    sheet = sheet_of(tmp_path, TITLES + [
        HEADER,
        ["PRESTACIONES AL PERSONAL", "% DE CUMPLIMIENTO", "90%"],
        ["ASISTENCIA TÉCNICA AL USUARIO", "% REQUERIMIENTOS ATENDIDOS", "≥ 90%"],
        ["MONTO EN CONCEPTO DE PAGO DE PENSIONES", "MONTO (US$MILLONES)", "176.79"],
        ["IMÁGENES DIGITALIZADAS E INDEXADAS", "HOJAS", "611,000"],
        ["HISTORIALES LABORALES DEFINITIVOS", "REPORTE", "24.100"],
        ["INFORME DE GESTIÓN", "INFORME", "Un informe anual"],
    ])
    data = annual_products.read(sheet)
    got = [(a.target_text, a.annual_target, a.measure_unit, a.indicator) for a in data.activities]
    assert got == [
        ("90%", 90, "%", "% DE CUMPLIMIENTO"),
        ("≥ 90%", 90, "%", "% REQUERIMIENTOS ATENDIDOS"),
        ("176.79", 176.79, "MONTO (US$MILLONES)", None),
        ("611,000", 611000, "HOJAS", None),
        ("24.100", 24100, "REPORTE", None),
        ("Un informe anual", None, "INFORME", None),
    ]
    assert list(map(str, data.warnings)) == ["fila 11: el total «Un informe anual» no es un número; se guardó como texto."]


def test_accents_dropped_columns_reordered_and_extra(tmp_path):
    sheet = sheet_of(tmp_path, [
        ["INSTITUTO SALVADORENO DEL SEGURO SOCIAL - PLAN ANUAL DE TRABAJO 2022"],
        ["TOTALES", "Observaciones", "UNIDAD DE MEDIDA", "Responsable", "PROPOSITO / PRODUCTO"],
        ["GESTION FINANCIERA"],
        ["1,600", "ver anexo", "REPORTE FINANCIERO", "Contador", "ESTADO DE FLUJO DE FONDOS"],
    ])
    assert annual_products.detect(sheet)
    data = annual_products.read(sheet)
    assert data.year == 2022
    [a] = data.activities
    assert (a.activity, a.annual_target, a.measure_unit) == ("ESTADO DE FLUJO DE FONDOS", 1600, "REPORTE FINANCIERO")
    assert (a.unit, a.responsible, a.observations) == ("GESTION FINANCIERA", "Contador", "ver anexo")


def test_second_measure_of_a_merged_product_cell(tmp_path):
    sheet = sheet_of(tmp_path, TITLES + [
        HEADER,
        ["EJECUCIÓN PRESUPUESTARIA", "INFORME", 16],
        [None, "% DE EJECUCIÓN", "100%"],
    ], ["A6:A7"])
    got = [(a.activity, a.measure_unit, a.annual_target, a.source_row)
           for a in annual_products.read(sheet).activities]
    assert got == [("EJECUCIÓN PRESUPUESTARIA", "INFORME", 16, 6),
                   ("EJECUCIÓN PRESUPUESTARIA", "%", 100, 7)]


def test_plan_year_wins_over_the_date_of_the_minutes(tmp_path):
    sheet = sheet_of(tmp_path, [["ANEXO #1 DEL ACTA U.P. 355 DE FECHA 28/AGOSTO/2020"]] + TITLES + [
        HEADER, ["PLAN ANUAL DE TRABAJO PRESENTADO", "DOCUMENTO", 1]])
    assert annual_products.read(sheet).year == 2021


def test_other_layouts_are_not_mine(tmp_path):
    for name, rows in FOREIGN.items():
        path = write_workbook(tmp_path / f"{name}.xlsx", {"Hoja1": TITLES + rows})
        assert annual_products.detect(read_sheets(path)[0]) == 0, name
