"""One way to read institution and plan year from the rows above a table, shared by every reader."""
from pathlib import Path

import pytest

from etl import titles
from etl.readers import best_reader, readers
from etl.titles import is_title, read_titles, workbook_titles
from etl.workbook import read_sheets
from tests.conftest import TEMPLATE_HEADER, template_row
from tests.workbooks import write_workbook


def sheets_of(tmp_path, **sheets):
    return read_sheets(write_workbook(tmp_path / "t.xlsx", sheets))


def titles_of(tmp_path, rows, until=None):
    return read_titles(sheets_of(tmp_path, Hoja=rows)[0], until)


def test_title_rows_name_the_institution_and_the_plan_year(tmp_path):
    found = titles_of(tmp_path, [["CAJA MUTUAL DE"], ["LOS EMPLEADOS"], ["DEL MINISTERIO DE EDUCACIÓN"],
                                 ["POI/POA 2023"], [], ["Código", "Actividad"]], until=6)
    assert (found.institution, found.year) == ("Caja Mutual de los Empleados del Ministerio de Educación", 2023)


def test_the_plan_title_year_wins_over_another_date(tmp_path):
    found = titles_of(tmp_path, [["ANEXO #1 DEL ACTA"], ["DE FECHA 28/AGOSTO/2020"],
                                 ["PLAN ANUAL DE TRABAJO 2021"], ["Actividad"]], until=4)
    assert found.year == 2021


def test_the_row_that_names_the_plan_says_its_year(tmp_path):
    found = titles_of(tmp_path, [["Aprobado por el comité del POA en 2020"], ["Plan Operativo Anual 2021"],
                                 ["Actividad"]], until=3)
    assert found.year == 2021


@pytest.mark.parametrize("rows", [
    [["Institución:", "Instituto de Prueba del Tablero"], ["Año:", 2025]],
    [["Institución: Instituto de Prueba del Tablero"], ["Año: 2025"]],
    [["Institución", "Instituto de Prueba del Tablero"], ["Año del plan", "2025"]],
])
def test_labelled_cells_say_it_outright(tmp_path, rows):
    found = titles_of(tmp_path, [["PLAN OPERATIVO ANUAL 2019 DE LA TESORERÍA DE LA SEGURIDAD SOCIAL"], *rows,
                                 ["Actividad"]], until=len(rows) + 2)
    assert (found.institution, found.year) == ("Instituto de Prueba del Tablero", 2025)


def test_rows_from_the_table_down_are_not_titles(tmp_path):
    found = titles_of(tmp_path, [["Plan de trabajo"], ["Actividad", "Meta"], ["PLAN OPERATIVO ANUAL 2024"]], until=2)
    assert (found.institution, found.year) == (None, None)


def test_a_short_title_says_the_year_but_not_table_cells_of_a_workbook(tmp_path):
    rows = [["PROYECTOS 2021"], ["Proyecto", "Inicio", "Fin"]]
    assert titles_of(tmp_path, rows, until=2).year == 2021
    # Without a table to stop at, the first rows may be data: a bare 2021 there is not the plan year.
    assert workbook_titles(sheets_of(tmp_path, Hoja=rows)).year is None


def test_workbook_titles_read_every_sheet(tmp_path):
    found = workbook_titles(sheets_of(tmp_path, Portada=[["Instituto Nacional de Prueba"]],
                                      Plan=[["Plan Operativo Anual 2026"]]))
    assert (found.institution, found.year) == ("Instituto Nacional de Prueba", 2026)


def test_a_title_repeated_at_a_page_break_is_a_title():
    assert is_title("PLAN OPERATIVO ANUAL")
    assert is_title("TESORERÍA DE LA SEGURIDAD SOCIAL")
    assert is_title("Plan de trabajo 2024")
    assert not is_title("Elaborar el informe trimestral")


def a_sheet_of_each_layout(tmp_path) -> dict:
    """The first sheet of each layout in data/samples/, and workbooks in the canonical template and in a layout only
    the reader by column roles reads (no sample has them)."""
    found = {}
    for path in sorted((Path(__file__).resolve().parents[2] / "data" / "samples").glob("*.xlsx")):
        for sheet in read_sheets(path):
            reader = best_reader(sheet)
            if reader is not None:
                found.setdefault(reader.LAYOUT, sheet)
    book = write_workbook(tmp_path / "plantilla.xlsx", {"POA": [["PLAN OPERATIVO ANUAL"], [], TEMPLATE_HEADER,
                                                                template_row("Elaborar informe", months=(1,))]})
    found.setdefault("template", read_sheets(book)[0])
    book = write_workbook(tmp_path / "columnas.xlsx", {"POA": [["PLAN OPERATIVO ANUAL"], [],
                                                               ["OPERACIÓN", "UNIDAD RESPONSABLE"],
                                                               ["Pagar rentas en término", "Prestaciones"]]})
    found.setdefault("columns", read_sheets(book)[0])
    return found


def test_every_reader_takes_institution_and_year_from_etl_titles(tmp_path, monkeypatch):
    # What etl.titles makes of the title rows is what each reader reports: a reader reading them its own way, or
    # not at all, would not give the made-up answer etl.titles gives here.
    asked = []

    def made_up(rows, bare_year):
        asked.append(rows)
        return titles.Titles("Instituto Inventado por la Prueba", 2099)

    sheets = a_sheet_of_each_layout(tmp_path)
    assert sorted(sheets) == sorted(r.LAYOUT for r in readers()), "every reader needs a sheet here"
    monkeypatch.setattr(titles, "_from_rows", made_up)
    for reader in readers():
        asked.clear()
        data = reader.read(sheets[reader.LAYOUT])
        assert (data.institution, data.year) == ("Instituto Inventado por la Prueba", 2099), reader.__name__
        assert asked and all(asked), f"{reader.__name__}: etl.titles did not get the rows above the table"
