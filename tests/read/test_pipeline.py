import pytest

from etl.model import RejectedFile
from etl.pipeline import read_workbook
from tests.conftest import template_row
from tests.workbooks import write_workbook

# Title rows: 'PLAN OPERATIVO ANUAL', Institución, Año, blank; header on row 5, data from row 6.
FIRST = 6


def rows_with_quirks():
    return [
        template_row("Elaborar informe", code="AO.6.4.", target="90%", budget="RD$250,000.00",
                     months=(1, 2, 3), quarters=["1,600", "2.000", None, None], actuals=[1600, None, None, None]),
        [],  # blank row inside the table
        ["Eje 2"],  # group row: axis only, no activity
        template_row("Afiliar", unit="TI", axis="Eje 2", target="611,000", budget="$ 1,430,500.00",
                     months=(3, 4, 5), marks="x", quarters=[100, 100, 100, 100]),
        template_row("Capacitar", unit="TI", axis="Eje 2", target="12,000 h/h",
                     budget="Contemplado Gestión Operativa", months=(12,), marks="100%"),
        template_row("Comprar", unit="TI", axis="Eje 2", budget=1500, currency="usd", months=(6,)),
    ]


def test_reads_template_with_its_quirks(template_book):
    data = read_workbook(template_book(rows=rows_with_quirks()))
    assert (data.institution, data.year, data.layouts, data.sheets_read) == (
        "Tesorería de la Seguridad Social", 2024, ["template"], ["POA"])
    assert data.file_name == "plan.xlsx" and len(data.sha256) == 64
    acts = {a.activity: a for a in data.activities}
    assert list(acts) == ["Elaborar informe", "Afiliar", "Capacitar", "Comprar"]
    assert [a.source_row for a in data.activities] == [FIRST, FIRST + 3, FIRST + 4, FIRST + 5]
    assert {a.source_sheet for a in data.activities} == {"POA"}

    a = acts["Elaborar informe"]
    assert (a.code, a.target_text, a.annual_target, a.measure_unit) == ("AO.6.4.", "90%", 90, "%")
    assert (a.budget_amount, a.currency) == (250000, "DOP")
    assert a.months == {1, 2, 3}
    assert a.quarters == {1: (1600, 1600), 2: (2000, None)}

    b = acts["Afiliar"]
    assert (b.annual_target, b.axis, b.unit) == (611000, "Eje 2", "TI")
    # A bare '$' in a Dominican institution's plan is pesos.
    assert (b.budget_amount, b.currency) == (1430500, "DOP")
    assert b.months == {3, 4, 5}
    assert b.quarters == {q: (100, None) for q in range(1, 5)}

    c = acts["Capacitar"]
    assert (c.annual_target, c.measure_unit) == (12000, "h/h")
    assert (c.budget_amount, c.budget_note) == (None, "Contemplado Gestión Operativa")
    assert c.months == {12}

    d = acts["Comprar"]
    assert (d.budget_amount, d.currency) == (1500, "USD")


def test_group_row_is_reported(template_book):
    data = read_workbook(template_book(rows=rows_with_quirks()))
    assert any(f"fila {FIRST + 2}" in w for w in map(str, data.warnings))


def test_bare_dollar_is_usd_in_el_salvador(template_book):
    path = template_book(institution="CAJA MUTUAL DE LOS EMPLEADOS DEL MINISTERIO DE EDUCACION", year=2023,
                         rows=[template_row("Otorgar préstamos", budget="$ 4,996,685", months=(1,))])
    data = read_workbook(path)
    assert data.institution == "Caja Mutual de los Empleados del Ministerio de Educación"
    assert (data.activities[0].budget_amount, data.activities[0].currency) == (4996685, "USD")


def test_unknown_institution_leaves_bare_dollar_unresolved_with_a_warning(template_book):
    path = template_book(institution="Oficina Inventada", rows=[template_row("X", budget="$ 10", months=(1,))])
    data = read_workbook(path)
    assert data.institution == "Oficina Inventada"
    assert data.activities[0].currency is None
    assert any("sin moneda" in w for w in map(str, data.warnings))


def test_institution_and_year_from_the_command_line(template_book):
    path = template_book(institution=None, year=None)
    with pytest.raises(RejectedFile, match="--institution"):
        read_workbook(path)
    with pytest.raises(RejectedFile, match="--year"):
        read_workbook(path, institution="ars semma")
    data = read_workbook(path, institution="ars semma", year=2023)
    assert (data.institution, data.year) == ("ARS SEMMA", 2023)


def test_command_line_wins_over_the_workbook(template_book):
    # The workbook says one institution and year, the command line others: the command line's are kept.
    path = template_book(institution="Tesorería de la Seguridad Social", year=2024)
    data = read_workbook(path, institution="ars semma", year=2025)
    assert (data.institution, data.year) == ("ARS SEMMA", 2025)


def test_institution_and_year_from_title_rows(tmp_path):
    from tests.conftest import TEMPLATE_HEADER
    path = write_workbook(tmp_path / "t.xlsx", {"POA": [
        ["TESORERÍA DE LA SEGURIDAD SOCIAL"],
        ["Plan Operativo Anual 2024"],
        TEMPLATE_HEADER,
        template_row("Elaborar informe", months=(1,)),
    ]})
    data = read_workbook(path)
    assert (data.institution, data.year) == ("Tesorería de la Seguridad Social", 2024)
    assert data.activities[0].source_row == 4


def test_institution_and_year_from_another_sheets_title_rows_only_when_no_table_says(tmp_path, monkeypatch):
    import etl.pipeline as pipeline
    from tests.conftest import TEMPLATE_HEADER

    cover = [["TESORERÍA DE LA SEGURIDAD SOCIAL"], ["Plan Operativo Anual 2024"]]
    table = [TEMPLATE_HEADER, template_row("Elaborar informe", months=(1,))]
    path = write_workbook(tmp_path / "t.xlsx", {"Portada": cover, "POA": table})
    data = read_workbook(path)
    assert (data.institution, data.year, data.sheets_read) == ("Tesorería de la Seguridad Social", 2024, ["POA"])

    # A table that says both: the other sheets' title rows are not read at all.
    said = write_workbook(tmp_path / "s.xlsx", {"Portada": [["Notas"]], "POA": cover + table})
    monkeypatch.setattr(pipeline, "workbook_titles", lambda sheets: pytest.fail("title rows read again"))
    assert read_workbook(said).institution == "Tesorería de la Seguridad Social"
    with pytest.raises(pytest.fail.Exception):
        read_workbook(path)


def test_sheet_without_a_table_is_skipped_with_a_warning(template_book):
    path = template_book(extra_sheets={"Notas": [["Este libro contiene el POA"], ["Aprobado por la dirección"]]})
    data = read_workbook(path)
    assert data.sheets_read == ["POA"]
    assert any("Notas" in w for w in map(str, data.warnings))


def test_no_recognisable_table_is_rejected(tmp_path):
    path = write_workbook(tmp_path / "notas.xlsx", {"Hoja1": [["Lista de compras"], ["papel", 3], ["lápices", 10]]})
    with pytest.raises(RejectedFile, match="ninguna tabla POA"):
        read_workbook(path)


def test_header_without_rows_is_rejected(template_book):
    with pytest.raises(RejectedFile, match="ninguna tabla POA"):
        read_workbook(template_book(rows=[]))


@pytest.mark.parametrize("name, content, reason", [
    ("vacio.xlsx", b"", "vacío"),
    ("texto.xlsx", "Eje;Actividad\n1;Informe\n".encode(), "texto"),
    ("viejo.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".xls"),
    ("nota.txt", b"hola", "extensión"),
])
def test_files_that_are_not_workbooks(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(RejectedFile, match=reason):
        read_workbook(path)


def test_truncated_workbook(template_book):
    path = template_book()
    blob = path.read_bytes()
    path.write_bytes(blob[: len(blob) // 2])
    with pytest.raises(RejectedFile, match="el libro está dañado o incompleto"):
        read_workbook(path)


def test_columns_reordered_unaccented_and_extra(tmp_path):
    from tests.conftest import TEMPLATE_HEADER
    row = template_row("Auditar", code="AO.2.", target="1,600", budget="RD$ 2.000.000,00", months=(7, 8),
                       quarters=[None, None, 800, 800])
    header = [h.replace("ó", "o").upper() for h in TEMPLATE_HEADER]
    order = list(reversed(range(len(header))))
    sheet = [["Institucion:", "TESORERIA DE LA SEGURIDAD SOCIAL"], ["Ano:", "2024"],
             ["Notas internas", *[header[i] for i in order]],
             ["no leer", *[row[i] for i in order]]]
    data = read_workbook(write_workbook(tmp_path / "r.xlsx", {"Plan": sheet}))
    a = data.activities[0]
    assert (data.institution, data.year) == ("Tesorería de la Seguridad Social", 2024)
    assert (a.activity, a.code, a.annual_target, a.budget_amount, a.currency) == (
        "Auditar", "AO.2.", 1600, 2000000, "DOP")
    assert a.months == {7, 8}
    assert a.quarters == {3: (800, None), 4: (800, None)}
    assert (a.source_sheet, a.source_row) == ("Plan", 4)


@pytest.mark.parametrize("title, institution, year", [
    ("PLAN OPERATIVO ANUAL 2024\nTESORERÍA DE LA SEGURIDAD SOCIAL", "Tesorería de la Seguridad Social", 2024),
    ("CAJA MUTUAL DE\nLOS EMPLEADOS DEL MINISTERIO DE EDUCACIÓN\nPOI/POA 2023",
     "Caja Mutual de los Empleados del Ministerio de Educación", 2023),
    ("Plan Anual de Trabajo 2021 Unidad de Pensiones del ISSS", "Instituto Salvadoreño del Seguro Social", 2021),
    ("Fecha: Enero 2023 - Diciembre 2023 ARS SEMMA", "ARS SEMMA", 2023),
    ("PLAN OPERATIVO INSTITUCIONAL (POI) 2019", None, 2019),
    ("Aprobado en sesión 2021 por el consejo", None, None),
])
def test_institution_and_year_in_titles(title, institution, year):
    from etl.institutions import find_institution, find_year
    assert find_institution(title) == institution
    assert find_year(title) == year


@pytest.mark.parametrize("name, canonical, currency", [
    ("ars semma", "ARS SEMMA", "DOP"),
    ("TSS", "Tesorería de la Seguridad Social", "DOP"),
    ("caja mutual", "Caja Mutual de los Empleados del Ministerio de Educación", "USD"),
    ("ISSS", "Instituto Salvadoreño del Seguro Social", "USD"),
    ("Hospital de Santo Domingo", "Hospital de Santo Domingo", "DOP"),
    ("Oficina  Inventada", "Oficina Inventada", None),
])
def test_institution_names_and_currency(name, canonical, currency):
    from etl.institutions import canonical_name, currency_of
    assert canonical_name(name) == canonical
    assert currency_of(name) == currency


def test_read_sheets_values_merges_and_trailing_blanks(tmp_path):
    import datetime as dt

    from etl.workbook import read_sheets
    path = write_workbook(tmp_path / "w.xlsx", {
        "Datos": [["Título del plan"], [dt.datetime(2021, 1, 3), 1600, "1,600", 0.9], [None], [None, None]],
        "Vacía": [],
    }, merges={"Datos": ["A1:C1"]})
    datos, vacia = read_sheets(path)
    assert (datos.name, datos.max_row, vacia.max_row) == ("Datos", 2, 0)
    assert datos.merged == [(1, 1, 1, 3)]
    assert datos.merged_value(1, 3) == "Título del plan"
    assert datos.value(1, 3) is None
    assert datos.value(2, 1) in (dt.date(2021, 1, 3), dt.datetime(2021, 1, 3))
    assert (datos.value(2, 2), datos.text(2, 2), datos.value(2, 3), datos.value(2, 4)) == (1600, "1600", "1,600", 0.9)
    assert datos.value(9, 9) is None and datos.value(0, 1) is None


def test_one_spelling_per_axis_unit_and_objective():
    from etl.model import Activity
    from etl.pipeline import _unify_spelling

    acts = [Activity(activity=str(n), source_sheet="s", source_row=n, axis=axis, unit=unit)
            for n, (axis, unit) in enumerate([
                ("Procesos internos", "RRHH"), ("PROCESOS INTERNOS", "rrhh"), ("Procesos internos", "RRHH"),
                ("Cliente", "Finanzas"), ("Clientes", "Finanzas"), ("Perspectiva Clientes", "Finanzas"),
                ("Clientes", "Finanza"),
            ])]
    _unify_spelling(acts, "axis")
    _unify_spelling(acts, "unit")
    assert [a.axis for a in acts] == ["Procesos internos"] * 3 + ["Clientes"] * 4
    # Units are plural-sensitive: 'Finanza' and 'Finanzas' stay apart.
    assert [a.unit for a in acts] == ["RRHH"] * 3 + ["Finanzas"] * 3 + ["Finanza"]
