import datetime as dt

from etl.readers import best_reader, project_dates
from etl.workbook import read_sheets
from tests.read.test_reader_annual_products import FOREIGN, TITLES
from tests.workbooks import write_workbook

HEADER = [["NOMBRE", "OBJETIVOS", "RESULTADOS ESPERADOS", "PERÍODO DE EJECUCIÓN", None],
          [None, None, None, "INICIO", "FIN"]]


def sheet_of(tmp_path, rows, merges=None):
    path = write_workbook(tmp_path / "p.xlsx", {"Proyectos": rows}, {"Proyectos": merges or []})
    return read_sheets(path)[0]


def merged_header(row):
    return [f"A{row}:A{row + 1}", f"B{row}:B{row + 1}", f"C{row}:C{row + 1}", f"D{row}:E{row}"]


def test_dates_as_text_excel_dates_and_permanente_clipped_to_the_plan_year(tmp_path):
    sheet = sheet_of(tmp_path, TITLES + HEADER + [
        ["COMPROBACIÓN DE REQUISITOS", "Modernizar", "Mejor servicio", "03/01/2021", "PERMANENTE"],
        ["NOTIFICACION VIA ELECTRONICA", "Actualizar", "Acercar", dt.datetime(2020, 11, 27), "31/05/2021"],
        ["DILIGENCIAS REMOTAS", "Modernizar", "Reducir riesgo", dt.datetime(2021, 1, 3), dt.datetime(2021, 3, 27)],
        ["ARCHIVO CONTABLE", "Preparar", "Depurar", "01/07/2021", "30/09/2021"],
    ], merged_header(5))
    assert best_reader(sheet) is project_dates
    data = project_dates.read(sheet)
    assert (data.institution, data.year) == ("Instituto Salvadoreño del Seguro Social", 2021)
    got = [(a.activity, sorted(a.months), a.source_row, a.product) for a in data.activities]
    assert got == [
        ("COMPROBACIÓN DE REQUISITOS", list(range(1, 13)), 7, "Proyecto"),
        ("NOTIFICACION VIA ELECTRONICA", [1, 2, 3, 4, 5], 8, "Proyecto"),
        ("DILIGENCIAS REMOTAS", [1, 2, 3], 9, "Proyecto"),
        # Day first: 01/07/2021 is 1 July, not 7 January.
        ("ARCHIVO CONTABLE", [7, 8, 9], 10, "Proyecto"),
    ]
    assert data.activities[1].observations == (
        "Objetivos: Actualizar\nResultados esperados: Acercar\n"
        "Período de ejecución: 27/11/2020 – 31/05/2021")
    assert list(map(str, data.warnings)) == []


def test_repeated_header_and_blank_rows_are_not_projects(tmp_path):
    sheet = sheet_of(tmp_path, TITLES + HEADER + [
        ["PROYECTO UNO", "a", "b", "01/02/2021", "28/02/2021"],
        [],
        *HEADER,
        ["PROYECTO DOS", "c", "d", "01/03/2021", "31/03/2021"],
        [None, None, None, "01/04/2021", "30/04/2021"],
    ], merged_header(5) + merged_header(9))
    data = project_dates.read(sheet)
    assert [(a.activity, sorted(a.months), a.source_row) for a in data.activities] == [
        ("PROYECTO UNO", [2], 7), ("PROYECTO DOS", [3], 11)]
    assert list(map(str, data.warnings)) == ["fila 12: tiene fechas pero no nombre de proyecto; se omitió."]


def test_projects_outside_the_year_or_with_unreadable_dates_are_kept_without_months(tmp_path):
    sheet = sheet_of(tmp_path, TITLES + HEADER + [
        ["VIEJO", "a", "b", "01/02/2019", "28/02/2020"],
        ["SIN FECHAS", "a", "b", "pronto", "luego"],
    ])
    data = project_dates.read(sheet)
    assert [(a.activity, a.months) for a in data.activities] == [("VIEJO", set()), ("SIN FECHAS", set())]
    assert list(map(str, data.warnings)) == [
        "fila 7: el proyecto «VIEJO» (01/02/2019 – 28/02/2020) no cae en 2021; queda sin meses.",
        "fila 8: no se pudieron leer las fechas «pronto» y «luego»; el proyecto queda sin meses.",
    ]


def test_accents_dropped_reordered_and_extra_columns_with_year_from_a_short_title(tmp_path):
    sheet = sheet_of(tmp_path, [
        ["PROYECTOS 2022"],
        ["Fecha Fin", "Responsable", "Fecha de Inicio", "Nombre del Proyecto", "Resultados esperados",
         "Presupuesto", "Area"],
        ["LINEA DE TRABAJO: GESTION FINANCIERA"],
        ["30/06/2022", "Jefe Financiero", "01/05/2022", "Depurar archivo", "Archivo listo", "$ 25,000.00", "Finanzas"],
        ["PERMANENTE", None, "01/11/2021", "Digitalizar", "Imagenes", "Contemplado Gestión Operativa", None],
    ])
    assert project_dates.detect(sheet)
    data = project_dates.read(sheet)
    assert data.year == 2022
    first, second = data.activities
    assert (first.axis, first.unit, first.responsible) == ("GESTION FINANCIERA", "Finanzas", "Jefe Financiero")
    assert (first.months, first.budget_amount, first.currency) == ({5, 6}, 25000, None)
    assert (sorted(second.months), second.budget_note) == (list(range(1, 13)), "Contemplado Gestión Operativa")


def test_no_year_in_the_titles_means_no_months_and_a_warning(tmp_path):
    sheet = sheet_of(tmp_path, HEADER + [["PROYECTO", "a", "b", "01/02/2021", "28/02/2021"]])
    data = project_dates.read(sheet)
    assert data.year is None and data.activities[0].months == set()
    assert list(map(str, data.warnings)) == ["los títulos no dicen el año del plan; los proyectos quedan sin meses."]


def test_other_layouts_are_not_mine(tmp_path):
    others = dict(FOREIGN)
    others.pop("projects")
    others["products"] = [["Propósito /Producto", "Unidad de Medida", "TOTALES"], ["X", "INFORME", 4]]
    for name, rows in others.items():
        path = write_workbook(tmp_path / f"{name}.xlsx", {"Hoja1": TITLES + rows})
        assert project_dates.detect(read_sheets(path)[0]) == 0, name
