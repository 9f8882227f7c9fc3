from etl.readers import best_reader, budget_table
from etl.workbook import read_sheets
from tests.read.test_reader_annual_products import FOREIGN, TITLES
from tests.workbooks import write_workbook


def sheet_of(tmp_path, rows, merges=None):
    path = write_workbook(tmp_path / "b.xlsx", {"Presupuesto": rows}, {"Presupuesto": merges or []})
    return read_sheets(path)[0]


def lines_of(data):
    return [(b.unit, b.item, b.amount, b.currency, b.source_row) for b in data.budget_lines]


def test_merged_header_group_total_and_unstated_rows(tmp_path):
    sheet = sheet_of(tmp_path, TITLES + [
        ["Centro de Costo", "Concepto", "PRESUPUESTO 2021", None, "Observaciones"],
        [None, None, "Rubro", "Monto (US$)", None],
        ["GESTIÓN PENSIONES"],
        ["Dpto. Beneficios", "Pago de pensiones", "Rubro 53, Prestaciones de la Seguridad Social", None,
         "El plan no indica el monto"],
        ["GESTIÓN ADMINISTRATIVA"],
        ["Departamento Administrativo", "Sueldos", "Rubro 51 – Remuneraciones", "$4,996,685"],
        [None, "Capacitación", "Rubro 56 – Transferencias corrientes", 20000],
        [],
        ["Departamento de Inspección", "Remuneraciones y costos de operación", None, "US$90,220.00"],
        ["TOTAL", None, None, 5106905],
    ], ["A5:A6", "B5:B6", "C5:D5", "E5:E6", "A7:E7", "A9:E9"])
    assert best_reader(sheet) is budget_table
    data = budget_table.read(sheet)
    assert (data.institution, data.year) == ("Instituto Salvadoreño del Seguro Social", 2021)
    assert lines_of(data) == [
        ("Departamento Administrativo", "Rubro 51 – Remuneraciones", 4996685, "USD", 10),
        # The cost centre written once stands for the rubros below it.
        ("Departamento Administrativo", "Rubro 56 – Transferencias corrientes", 20000, "USD", 11),
        ("Departamento de Inspección", "Remuneraciones y costos de operación", 90220, "USD", 13),
    ]
    assert data.activities == [] and list(map(str, data.warnings)) == []


def test_bare_dollar_leaves_the_currency_to_the_pipeline(tmp_path):
    sheet = sheet_of(tmp_path, [
        ["Centro de Costo", "Rubro", "Monto"],
        ["Departamento Financiero", "Remuneraciones", "$302,140"],
        ["Departamento Financiero", "Viáticos", "US$ 1.500,50"],
    ])
    assert lines_of(budget_table.read(sheet)) == [
        ("Departamento Financiero", "Remuneraciones", 302140, None, 2),
        ("Departamento Financiero", "Viáticos", 1500.5, "USD", 3),
    ]


def test_accents_dropped_columns_reordered_extra_and_unreadable_amounts(tmp_path):
    sheet = sheet_of(tmp_path, [
        ["PLAN ANUAL DE TRABAJO 2021"],
        ["Observaciones", "MONTO (US$)", "Responsable", "ESPECIFICO", "CENTRO DE COSTO", "Descripcion"],
        ["incluye $6,000 de auditoria", "116,045", "Jefe", None, "Depto. Desarrollo Organizacional",
         "Actividades operativas"],
        [None, "según asignación", None, "Rubro 54", "Depto. TIC", None],
        ["MONTO (US$)", "MONTO (US$)", None, "ESPECIFICO", "CENTRO DE COSTO", None],
        [None, 63920, None, "Rubro 54", "Depto. TIC", None],
    ])
    assert budget_table.detect(sheet)
    data = budget_table.read(sheet)
    assert data.year == 2021
    assert lines_of(data) == [
        ("Depto. Desarrollo Organizacional", "Actividades operativas", 116045, "USD", 3),
        ("Depto. TIC", "Rubro 54", 63920, "USD", 6),
    ]
    assert list(map(str, data.warnings)) == ["fila 4: el monto «según asignación» no es un número; se omitió."]


def test_other_layouts_are_not_mine(tmp_path):
    others = dict(FOREIGN)
    others.pop("budget")
    others["products"] = [["Propósito /Producto", "Unidad de Medida", "TOTALES"], ["X", "INFORME", 4]]
    others["tss_amounts"] = [["Unidad", "Actividades", "Monto"], ["Finanzas", "Pagar", "RD$250,000.00"]]
    for name, rows in others.items():
        path = write_workbook(tmp_path / f"{name}.xlsx", {"Hoja1": TITLES + rows})
        assert budget_table.detect(read_sheets(path)[0]) == 0, name
