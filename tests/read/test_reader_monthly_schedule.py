from etl.readers import best_reader, monthly_schedule
from etl.workbook import read_sheets
from tests.workbooks import write_workbook

QUARTERS = ["1er. Trimestre", None, None, "2do. Trimestre", None, None,
            "3er. Trimestre", None, None, "4to. Trimestre", None, None]


def header_block(area="Departamento de Recursos Humanos", eje="Procesos internos",
                 objetivo="Rediseñar los procesos de Recursos Humanos.",
                 meta="Contar con un capital humano capacitado en un 90%."):
    return [
        ["Generales", "Nombre:", f"Plan Operativo Anual del {area}"],
        [None, "Fecha:", "Enero 2023 - Diciembre 2023"],
        [None, "Área:", area],
        [None, "Eje o perspectiva:", eje],
        ["Objetivo estratégico de referencia", objetivo],
        ["Meta operativa anual", meta],
    ]


def table_header(months=None):
    return [
        ["Entregables", "Indicadores", "Actividades", "Cronograma"] + [None] * 11 + ["Responsables"],
        [None, None, None] + QUARTERS,
        [None, None, None] + (months or list(range(1, 13))),
    ]


def header_merges(first):
    """Cronograma over 12 columns, trimestres over 3 each, the other labels over the 3 header rows."""
    r2, r3 = first + 1, first + 2
    merges = [f"D{first}:O{first}", f"A{first}:A{r3}", f"B{first}:B{r3}", f"C{first}:C{r3}", f"P{first}:P{r3}"]
    merges += [f"{a}{r2}:{b}{r2}" for a, b in (("D", "F"), ("G", "I"), ("J", "L"), ("M", "O"))]
    return merges


def act(product, indicator, activity, marks, responsible=None):
    cells = [None] * 12
    for month, mark in marks.items():
        cells[month - 1] = mark
    return [product, indicator, activity] + cells + [responsible]


TITLE = [["SEGURO MÉDICO PARA MAESTROS (ARS SEMMA)"], ["PLAN OPERATIVO ANUAL 2023"], []]


def sheet_of(tmp_path, rows, merges=()):
    path = write_workbook(tmp_path / "semma.xlsx", {"RRHH Procesos": rows}, {"RRHH Procesos": list(merges)})
    return read_sheets(path)[0]


def test_happy_path_with_title_rows_and_merged_two_row_header(tmp_path):
    rows = TITLE + header_block() + table_header() + [
        act("1. Procesos rediseñados.", "% de procesos rediseñados.", "1.1. Evaluar los procesos actuales.",
            {5: "X"}, "Recursos Humanos - Planificación"),
        act(None, None, "1.2. Rediseñar los procesos.", {7: "x", 8: "100%"}),
        act("2. Satisfacción", "Nivel de satisfacción", "Aplicar encuesta", {2: "X", 11: "X"}, "RRHH - MAP"),
    ]
    # Table header on rows 10-12; the product and the responsible are merged down over two rows.
    sheet = sheet_of(tmp_path, rows, header_merges(10) + ["A13:A14", "B13:B14", "P13:P14"])
    assert monthly_schedule.detect(sheet) > 0
    assert best_reader(sheet) is monthly_schedule
    data = monthly_schedule.read(sheet)
    assert (data.institution, data.year) == ("ARS SEMMA", 2023)
    first, second, third = data.activities
    assert (first.source_sheet, first.source_row, second.source_row, third.source_row) == (
        "RRHH Procesos", 13, 14, 15)
    assert first.code == "1.1." and first.activity == "1.1. Evaluar los procesos actuales."
    assert first.unit == "Departamento de Recursos Humanos"
    assert first.axis == "Procesos internos"
    assert first.objective == "Rediseñar los procesos de Recursos Humanos."
    assert first.target_text == "Contar con un capital humano capacitado en un 90%."
    assert first.annual_target is None  # prose, not a bare number
    assert first.months == {5}
    assert (second.product, second.indicator) == ("1. Procesos rediseñados.", "% de procesos rediseñados.")
    assert second.responsible == "Recursos Humanos - Planificación"
    assert second.months == {7, 8} and second.code == "1.2."
    assert third.code is None and third.months == {2, 11}
    assert third.product == "2. Satisfacción" and third.responsible == "RRHH - MAP"
    assert list(map(str, data.warnings)) == []


def test_several_blocks_blank_group_rows_and_page_break_repeats(tmp_path):
    rows = TITLE + header_block() + table_header() + [
        act("1. Procesos", "% procesos", "1.1. Evaluar", {5: "X"}, "RRHH"),
        [],
        act(None, None, "1.2. Rediseñar", {6: "X"}, "RRHH"),
        ["PLAN OPERATIVO ANUAL 2023"],                      # title repeated at a page break
        *table_header(),                                   # header repeated at a page break
        act(None, None, "1.3. Revisar", {9: "X"}, "RRHH"),  # same product continues
        ["1. Portal web de la ARS SEMMA"],                     # product written on a row of its own
        act(None, None, "1.4. Publicar", {10: "X"}, "RRHH"),
        ["Objetivo: Fortalecer la reputación organizacional."],  # group row
        act("2. Informe", "% de valoración", "2.1. Solicitar informe", {7: "X"}, "Calidad"),
        [],
        # Second block: only objective and target, so unit and axis carry on.
        ["Objetivo estratégico de referencia", "Aplicar mejoras significativas."],
        ["Meta operativa anual", "95%"],
        *table_header(),
        act("1. Automatizados", "# procesos", "1.1. Implementar software", {5: "X"}, "Planificación"),
        act(None, None, None, {}, None),
        # Third block: a new unit and axis.
        *header_block(area="Sección de Gestión de Calidad", eje="Clientes", objetivo="Desarrollar capacidades.",
                      meta="Satisfacción a un 90%"),
        *table_header(),
        act(None, None, "1.1 Apoyar el monitoreo", {3: "X", 6: "X"}, "Calidad"),
    ]
    sheet = sheet_of(tmp_path, rows, header_merges(10))
    data = monthly_schedule.read(sheet)
    names = [a.activity for a in data.activities]
    assert names == ["1.1. Evaluar", "1.2. Rediseñar", "1.3. Revisar", "1.4. Publicar", "2.1. Solicitar informe",
                     "1.1. Implementar software", "1.1 Apoyar el monitoreo"]
    by = {a.activity: a for a in data.activities}
    assert by["1.3. Revisar"].product == "1. Procesos"
    assert by["1.3. Revisar"].source_row == 20
    assert by["1.3. Revisar"].objective == "Rediseñar los procesos de Recursos Humanos."
    assert by["1.4. Publicar"].product == "1. Portal web de la ARS SEMMA"
    assert by["2.1. Solicitar informe"].objective == "Fortalecer la reputación organizacional."
    second = by["1.1. Implementar software"]
    assert (second.unit, second.axis) == ("Departamento de Recursos Humanos", "Procesos internos")
    assert second.objective == "Aplicar mejoras significativas."
    assert (second.target_text, second.annual_target, second.measure_unit) == ("95%", 95, "%")
    third = by["1.1 Apoyar el monitoreo"]
    assert (third.unit, third.axis, third.code) == ("Sección de Gestión de Calidad", "Clientes", "1.1")
    assert third.product is None and third.months == {3, 6}
    assert third.source_row == len(rows)


def test_accents_dropped_reordered_and_extra_columns(tmp_path):
    rows = [
        ["SEGURO MEDICO PARA MAESTROS"],
        ["Generales", "Nombre: Plan Operativo Anual de Finanzas"],
        [None, "Fecha: Enero 2023 a diciembre 2023"],
        [None, "Area: Departamento Financiero"],
        [None, "Eje o perspectiva: Finanzas"],
        ["Objetivo estrategico de referencia", "Obtener resultados positivos"],
        ["Meta operativa anual", "611,000"],
        ["Actividades", "Responsable", "Entregable", "Indicador", "Observaciones", "Cronograma"] + [None] * 11,
        [None] * 5 + ["Ene", "Feb", "Mar", "Abr", "May", "Jun", "Jul", "Ago", "Sept", "Oct", "Nov", "Dic"],
        ["1.1. Cumplir con las fechas de pago", "DF", "1. Matriz de pagos", "% pagos", "revisado", "X",
         None, None, None, None, None, None, None, None, None, None, "X"],
    ]
    sheet = sheet_of(tmp_path, rows, ["F8:Q8"])
    assert best_reader(sheet) is monthly_schedule
    data = monthly_schedule.read(sheet)
    assert (data.institution, data.year) == ("ARS SEMMA", 2023)
    (a,) = data.activities
    assert (a.unit, a.axis, a.objective) == ("Departamento Financiero", "Finanzas", "Obtener resultados positivos")
    assert (a.product, a.indicator, a.responsible, a.code) == ("1. Matriz de pagos", "% pagos", "DF", "1.1.")
    assert (a.annual_target, a.measure_unit) == (611000, None)
    assert a.months == {1, 12}
    assert a.observations == "Nombre: Plan Operativo Anual de Finanzas; Observaciones: revisado"


def test_numbers_as_text_and_odd_marks(tmp_path):
    months = [str(m) for m in range(1, 13)]  # month numbers typed as text
    rows = TITLE + header_block(meta="90%") + table_header(months) + [
        act("1. Reconocidos", "% reconocidos", "2.1. Reconocer colaboradores",
            {3: "100%", 6: "100%", 9: " x ", 12: 1}, "RRHH"),
        act(None, None, "2.2. Sancionar", {4: "Encero", 5: "X"}, "RRHH"),
        act(None, None, None, {2: "X"}, None),
    ]
    sheet = sheet_of(tmp_path, rows, header_merges(10))
    data = monthly_schedule.read(sheet)
    first, second = data.activities
    assert first.months == {3, 6, 9, 12}
    assert (first.annual_target, first.measure_unit, first.target_text) == (90, "%", "90%")
    assert second.months == {5}
    assert any("fila 14" in w and "Encero" in w for w in map(str, data.warnings))
    assert any("fila 15" in w and "no dice la actividad" in w for w in map(str, data.warnings))


def test_cronograma_without_month_numbers_uses_its_twelve_columns(tmp_path):
    rows = TITLE + header_block() + [
        ["Entregables", "Indicadores", "Actividades", "Cronograma"] + [None] * 11 + ["Responsables"],
        [None, None, None] + QUARTERS,
        act("1. P", "I", "1.1. Hacer", {4: "X"}, "RRHH"),
    ]
    sheet = sheet_of(tmp_path, rows, ["D10:O10", "D11:F11", "G11:I11", "J11:L11", "M11:O11"])
    (a,) = monthly_schedule.read(sheet).activities
    assert a.months == {4} and a.source_row == 12


def test_detect_is_zero_for_other_layouts(tmp_path):
    period_matrix = [
        ["TESORERÍA DE LA SEGURIDAD SOCIAL"], ["Plan Operativo Anual 2024"],
        ["Productos", "Resultado esperado", "Descripción", "Tipo de Gestión", "Actividades",
         "Tipo de Actividad", "Meta", "Indicadores", "Medio de Verificación", "Responsable(s)",
         "Área de Soporte", "Período de Ejecución", None, "Presupuesto (RD$)", "Riesgo", "Mitigación"],
        [None] * 11 + ["Inicio", "Fin"],
        ["Informe", "r", "d", "Operativa", "Elaborar informe", "t", "4", "# informes", "m", "DF", "TIC",
         "Enero", "Marzo", "RD$250,000.00", "r", "m"],
    ]
    quarterly = [
        ["CAJA MUTUAL DE LOS EMPLEADOS DEL MINISTERIO DE EDUCACIÓN"],
        ["CÓDIGO", "ACCIÓN OPERATIVA", "UNIDAD LÍDER", "UNIDAD-ÁREA RESPONSABLE", "META ANUAL",
         "EN-MAR", "ABR-JUN", "JUL-SEP", "OCT-DIC", "REAL EN-MAR", "% EJECUCIÓN", "OBSERVACIONES"],
        ["AO.1.1.", "Capacitar", "UACI", "UACI", "4", "1", "1", "1", "1", "1", "100%", None],
    ]
    template = [
        ["Eje", "Objetivo estratégico", "Unidad", "Código", "Actividad", "Indicador", "Meta anual",
         "Responsable"] + ["Ene", "Feb", "Mar", "Abr", "May", "Jun", "Jul", "Ago", "Sep", "Oct", "Nov", "Dic"]
        + ["Meta T1", "Meta T2", "Meta T3", "Meta T4"],
        ["Procesos", "O", "Finanzas", "A.1", "Cerrar", "i", "90%", "DF", "X"],
    ]
    path = write_workbook(tmp_path / "others.xlsx",
                          {"TSS": period_matrix, "Caja": quarterly, "Plantilla": template})
    for sheet in read_sheets(path):
        assert monthly_schedule.detect(sheet) == 0, sheet.name


def test_sheet_without_table_reads_nothing(tmp_path):
    sheet = sheet_of(tmp_path, TITLE + header_block())
    assert monthly_schedule.detect(sheet) == 0
    assert monthly_schedule.read(sheet).activities == []


def test_rows_naming_an_activity_found_by_row_words_as_by_their_own_text():
    """_names_activity takes header detection's row words where no merged range reaches the row: the same
    rows as folding each row's own cells, on every sample sheet and a row under a merged range."""
    from pathlib import Path

    from etl.workbook import Sheet

    sheets = [s for p in sorted((Path(__file__).parents[2] / "data" / "samples").glob("*.xlsx"))
              for s in read_sheets(p)]
    sheets.append(Sheet("m", [["Plan", None, "Subactividades"], [None, "Actividad", None], ["a", "b", "c"]],
                        merged=[(1, 1, 2, 2)]))
    seen = 0
    for sheet in sheets:
        for r in range(1, sheet.max_row + 1):
            expected = "actividad" in monthly_schedule._row_text(sheet, r)
            assert monthly_schedule._names_activity(sheet, r) == expected, (sheet.name, r)
            seen += expected
    assert seen >= 10
    assert monthly_schedule._names_activity(sheets[-1], 2)  # its own 'Actividad', under the merge
