"""Which follow-up a workbook is, from its title rows or file name."""
from datetime import date

import pytest

from etl.followup import find_followup, label


@pytest.mark.parametrize("titles, expected", [
    ("1er SEGUIMIENTO AL PLAN OPERATIVO INSTITUCIONAL/ANUAL (POI/POA) 2023", 1),
    ("2do seguimiento al POA 2023", 2),
    ("3ER. SEGUIMIENTO POA", 3),
    ("4to Seguimiento", 4),
    ("1° Seguimiento del Plan Operativo", 1),
    ("Segundo seguimiento al Plan Operativo Anual", 2),
    ("TERCER SEGUIMIENTO", 3),
    ("III Seguimiento POA 2023", 3),
    ("Seguimiento al segundo trimestre 2023", 2),
    ("Seguimiento T4 2023", 4),
    # A workbook that keeps a note of the earlier follow-up is the later one.
    ("2do SEGUIMIENTO (incluye correcciones al 1er seguimiento)", 2),
])
def test_number_stated_in_titles(titles, expected):
    assert find_followup([titles], "libro.xlsx", 2023)[0] == expected


def test_cutoff_date_says_the_quarter():
    assert find_followup(["Seguimiento al POA al 30 de junio de 2023"], "x.xlsx", 2023) == (2, date(2023, 6, 30))
    assert find_followup(["Informe de avance al 31 de marzo"], "x.xlsx", 2023) == (1, date(2023, 3, 31))
    assert find_followup(["Ejecución al 30 de septiembre del 2023"], "x.xlsx", 2023)[0] == 3
    # The number stated wins; the date is still kept.
    assert find_followup(["3er seguimiento, cifras al 30 de septiembre de 2023"], "x.xlsx", 2023) \
        == (3, date(2023, 9, 30))


def test_dates_that_are_not_a_cutoff():
    # A formulated plan approved the year before, and a date with no word of follow-up around it.
    assert find_followup(["Plan Operativo Anual 2023, avance aprobado al 15 de diciembre de 2022"], "x.xlsx", 2023) \
        == (None, None)
    assert find_followup(["Plan Operativo Anual 2023 aprobado al 15 de diciembre"], "x.xlsx", 2023) == (None, None)


def test_file_name_when_the_titles_say_nothing():
    assert find_followup(["PLAN OPERATIVO ANUAL 2023"], "POA 2023 2do seguimiento.xlsx", 2023) == (2, None)
    assert find_followup(["PLAN OPERATIVO ANUAL 2023"], "POA_2023_1er_Seguimiento.xlsx", 2023) == (1, None)
    # The titles win over the file name.
    assert find_followup(["1er seguimiento"], "POA 2023 2do seguimiento.xlsx", 2023) == (1, None)


@pytest.mark.parametrize("titles, name", [
    ("PLAN OPERATIVO ANUAL 2023", "POA 2023.xlsx"),
    ("Seguimiento al Plan Operativo 2023", "seguimiento 2023.xlsx"),  # a follow-up that says not which
    ("Meta 1er trimestre", "plan.xlsx"),
])
def test_no_followup(titles, name):
    assert find_followup([titles], name, 2023) == (None, None)


def test_label():
    assert [label(n) for n in range(1, 5)] == ["1er seguimiento", "2do seguimiento", "3er seguimiento",
                                               "4to seguimiento"]


def test_title_lines_stop_at_the_table(tmp_path):
    from etl.followup import title_lines
    from etl.workbook import read_sheets
    from tests.workbooks import write_workbook

    rows = [
        ["INSTITUTO DE PREVISIÓN DEL MAGISTERIO RURAL"],
        ["Plan Operativo Anual 2023", None, None, "Versión:", "final"],
        ["CÓDIGO", "ACCIÓN", "RESPONSABLE", "META"],
        ["Acciones proyectadas en el 1er seguimiento al PQD 2014-2019"],
        ["AO.1", "Seguimiento de resultados", "Planificación", 2],
    ]
    path = write_workbook(tmp_path / "plan.xlsx", {"POA": rows}, {"POA": ["A1:D1"]})
    lines = title_lines(read_sheets(path))
    assert lines == ["INSTITUTO DE PREVISIÓN DEL MAGISTERIO RURAL", "Plan Operativo Anual 2023", "Versión:", "final"]
    assert find_followup(lines, "plan.xlsx", 2023) == (None, None)


SAMPLES = {"caja_mutual_poa_2023_seguimiento.xlsx": 1, "caja_mutual_poi_2019.xlsx": None,
           "isss_pensiones_plan_2021.xlsx": None, "semma_poa_2023.xlsx": None, "tss_poa_2024.xlsx": None}


@pytest.mark.parametrize("name, expected", SAMPLES.items())
def test_samples(name, expected):
    """The seeds: activities such as 'Seguimiento de resultados' in the table do not make a follow-up."""
    from pathlib import Path

    from etl.pipeline import read_workbook

    path = Path(__file__).resolve().parents[2] / "data" / "samples" / name
    if not path.exists():
        pytest.skip(f"{name} not in data/samples")
    assert read_workbook(path).followup == expected


@pytest.mark.parametrize("title", ["Segundo seguimiento al POI 2023", "Seguimiento al POA al 30 de junio de 2023",
                                   "2do SEGUIMIENTO AL POI 2023"])
def test_the_follow_up_reader_reads_the_number_as_the_load_does(tmp_path, title):
    """A REAL column without a quarter is the quarter the follow-up reports up to, however the title says it."""
    from etl.readers import quarterly_followup
    from etl.workbook import read_sheets
    from tests.workbooks import write_workbook
    header = ["CÓDIGO", "ACCIÓN OPERATIVA", "META ANUAL", "EN-MAR", "ABR-JUN", "JUL-SEP", "OCT-DIC", "REAL"]
    rows = [[title], header, ["AO.1.1.", "Auditoría de Préstamos.", 2, 1, 1, None, None, 1]]
    sheet = read_sheets(write_workbook(tmp_path / "libro.xlsx", {"Seguimiento": rows}))[0]
    assert find_followup([title])[0] == 2
    assert quarterly_followup.read(sheet).activities[0].quarters == {1: (1, None), 2: (1, 1)}
