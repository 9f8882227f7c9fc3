import datetime as dt

import pytest

from etl.normalize.dates import PERMANENT, months_in_year, parse_date


@pytest.mark.parametrize("value, date", [
    ("03/01/2021", dt.date(2021, 1, 3)),  # day first: 3 January
    ("3-1-21", dt.date(2021, 1, 3)),
    ("31/12/2021", dt.date(2021, 12, 31)),
    ("3 de enero de 2021", dt.date(2021, 1, 3)),
    ("enero 2021", dt.date(2021, 1, 1)),
    ("2021-01-03", dt.date(2021, 1, 3)),
    ("2021-01-03 00:00:00", dt.date(2021, 1, 3)),
    (44197, dt.date(2021, 1, 1)),  # Excel serial
    (44561.75, dt.date(2021, 12, 31)),  # serial with a time of day
    (dt.datetime(2021, 1, 3, 10, 30), dt.date(2021, 1, 3)),
    (dt.date(2021, 1, 3), dt.date(2021, 1, 3)),
])
def test_parse_date(value, date):
    result = parse_date(value)
    assert result == date
    assert type(result) is dt.date


@pytest.mark.parametrize("value", ["PERMANENTE", "Permanente", "permanente ", "Continuo"])
def test_permanent(value):
    assert parse_date(value) == PERMANENT


@pytest.mark.parametrize("value", [None, "", "31/02/2021", "13/13/2021", "pendiente", 5, True])
def test_parse_date_none(value):
    assert parse_date(value) is None


@pytest.mark.parametrize("start, end, months", [
    ("03/01/2021", "30/06/2021", [1, 2, 3, 4, 5, 6]),
    (dt.datetime(2021, 3, 15), dt.datetime(2021, 11, 2), list(range(3, 12))),
    ("03/01/2020", "15/03/2021", [1, 2, 3]),          # started the year before: clipped
    ("03/10/2021", "15/03/2022", [10, 11, 12]),       # ends the year after: clipped
    ("03/10/2020", "15/03/2020", []),                 # wholly in another year
    ("01/02/2022", "01/05/2022", []),
    ("15/03/2021", "03/01/2021", []),                 # end before start
    ("03/05/2021", None, [5]),
    (None, "20/08/2021", [8]),
    (None, None, []),
    ("03/05/2021", "PERMANENTE", list(range(5, 13))),
    ("PERMANENTE", None, list(range(1, 13))),
    ("03/01/2019", "PERMANENTE", list(range(1, 13))),
    ("03/05/2022", "PERMANENTE", []),                 # starts after the plan year
    (44197, 44256, [1, 2, 3]),                        # serials: 1 Jan to 1 Mar 2021
])
def test_months_in_year(start, end, months):
    assert months_in_year(start, end, 2021) == months
