from etl.readers import best_reader, template
from etl.workbook import read_sheets
from tests.workbooks import write_workbook

MONTHS = ["Ene", "Feb", "Mar", "Abr", "May", "Jun", "Jul", "Ago", "Sep", "Oct", "Nov", "Dic"]
HEADER = (["Eje", "Objetivo estratégico", "Unidad", "Código", "Actividad", "Indicador", "Meta anual",
           "Responsable", "Presupuesto", "Moneda", "Observaciones"] + MONTHS
          + ["Meta T1", "Meta T2", "Meta T3", "Meta T4", "Real T1", "Real T2", "Real T3", "Real T4"])


def row(**values):
    cells = [None] * len(HEADER)
    for label, value in values.items():
        cells[HEADER.index(label.replace("_", " "))] = value
    return cells


def test_reads_every_column(tmp_path):
    r1 = row(Eje="Procesos", Unidad="Finanzas", Código="A.1", Actividad="Cerrar balances",
             Presupuesto="RD$250,000.00", Observaciones="ok")
    r1[HEADER.index("Meta anual")] = "90%"
    r1[HEADER.index("Mar")] = "X"
    r1[HEADER.index("Abr")] = "x"
    r1[HEADER.index("Meta T1")] = "2"
    r1[HEADER.index("Real T1")] = 1
    path = write_workbook(tmp_path / "p.xlsx", {"POA": [
        ["Institución:", "Tesorería de la Seguridad Social"],
        ["Año:", 2025],
        [],
        HEADER,
        r1,
        [],
        row(Unidad="Finanzas", Actividad="Pagar", Presupuesto="1.500,50", Moneda="usd"),
    ]})
    sheet = read_sheets(path)[0]
    assert best_reader(sheet) is template
    data = template.read(sheet)
    assert (data.institution, data.year) == ("Tesorería de la Seguridad Social", 2025)
    first, second = data.activities
    assert (first.code, first.axis, first.unit, first.observations) == ("A.1", "Procesos", "Finanzas", "ok")
    assert (first.annual_target, first.measure_unit, first.target_text) == (90, "%", "90%")
    assert (first.budget_amount, first.currency) == (250000, "DOP")
    assert first.months == {3, 4}
    assert first.quarters == {1: (2, 1)}
    assert (first.source_sheet, first.source_row) == ("POA", 5)
    assert (second.budget_amount, second.currency, second.source_row) == (1500.5, "USD", 7)


def test_accents_dropped_and_columns_reordered(tmp_path):
    header = [h.replace("ó", "o").replace("é", "e").upper() for h in HEADER]
    order = list(reversed(range(len(header))))
    r = row(Unidad="RRHH", Actividad="Capacitar")
    path = write_workbook(tmp_path / "p.xlsx", {"Hoja1": [
        ["PLAN OPERATIVO ANUAL 2025"], [h for h in (header[i] for i in order)], [r[i] for i in order]]})
    sheet = read_sheets(path)[0]
    assert template.detect(sheet)
    [a] = template.read(sheet).activities
    assert (a.unit, a.activity, a.source_row) == ("RRHH", "Capacitar", 3)


def test_other_tables_are_not_the_template(tmp_path):
    path = write_workbook(tmp_path / "p.xlsx", {"x": [
        ["CÓDIGO", "ACCIÓN OPERATIVA (AO)", "UNIDAD ORGANIZATIVA LÍDER", "META ANUAL", "EN-MAR"]]})
    assert template.detect(read_sheets(path)[0]) == 0
