import pytest

from etl.normalize.months import (
    is_mark, months_between, parse_month, parse_period, parse_quarter, quarter_months, quarter_of,
)


@pytest.mark.parametrize("text, month", [
    ("Enero", 1), ("ENERO", 1), ("Encero", 1), ("ene", 1), ("Febero", 2), ("Marso", 3),
    ("Abrl", 4), ("mayo.", 5), ("Junio", 6), ("Jullio", 7), ("Agost", 8), ("Ago.", 8),
    ("Setiembre", 9), ("Septiembre", 9), ("Sept.", 9), ("Set.", 9), ("SEP", 9), ("Octubre", 10),
    ("oct.", 10), ("Novienbre", 11), ("dic", 12), ("Dic.", 12), ("Dicienbre", 12),
    ("Diciembre", 12), (" Mayo ", 5), (3, 3), (12.0, 12), ("7", 7),
])
def test_parse_month(text, month):
    assert parse_month(text) == month


@pytest.mark.parametrize("text", [
    None, "", "x", "Meta", "Total", "Nombre", "Nombres", "Mayor", "Junto", "Observaciones",
    "Marzo - Noviembre", 0, 13, 2.5, "13",
])
def test_parse_month_rejects_what_is_no_month(text):
    assert parse_month(text) is None


@pytest.mark.parametrize("text, period", [
    ("Marzo - Noviembre", (3, 11)),
    ("Marzo a Noviembre", (3, 11)),
    ("Marzo – Noviembre", (3, 11)),
    ("Marzo al Noviembre", (3, 11)),
    ("de Marzo a Noviembre", (3, 11)),
    ("Abril hasta Junio", (4, 6)),
    ("Ene-Dic", (1, 12)),
    ("Enero-Diciembre 2024", (1, 12)),
    ("Encero a Marzo", (1, 3)),
    ("Enero", (1, 1)),
    ("Noviembre - Febrero", (11, 2)),
])
def test_parse_period(text, period):
    assert parse_period(text) == period


@pytest.mark.parametrize("text", [None, "", "Permanente", "Enero, Marzo, Mayo", "Todo el año"])
def test_parse_period_none(text):
    assert parse_period(text) is None


def test_months_between():
    assert months_between(3, 11) == list(range(3, 12))
    assert months_between(5, None) == [5]
    assert months_between(None, 7) == [7]
    assert months_between(None, None) == []
    # Written across the year end: November to February.
    assert months_between(11, 2) == [11, 12, 1, 2]


@pytest.mark.parametrize("text, quarter", [
    ("EN-MAR", 1), ("ENE-MAR", 1), ("ABR-JUN", 2), ("JUL-SEP", 3), ("OCT-DIC", 4),
    ("T3", 3), ("4to. Trimestre", 4), ("1er Trimestre", 1), ("II Trimestre", 2),
    ("Enero - Marzo", 1), ("Octubre a Diciembre", 4),
])
def test_parse_quarter(text, quarter):
    assert parse_quarter(text) == quarter


@pytest.mark.parametrize("text", ["", None, "Meta anual", "Marzo - Mayo", "ENE-DIC", "T5"])
def test_parse_quarter_none(text):
    assert parse_quarter(text) is None


def test_quarters_and_months():
    assert [quarter_of(m) for m in (1, 3, 4, 6, 7, 9, 10, 12)] == [1, 1, 2, 2, 3, 3, 4, 4]
    assert quarter_months(1) == [1, 2, 3]
    assert quarter_months(4) == [10, 11, 12]


@pytest.mark.parametrize("value", ["X", "x", " X ", "xx", "100%", "50%", "✓", "1", 1, 0.5, "Sí"])
def test_is_mark_true(value):
    assert is_mark(value) is True


@pytest.mark.parametrize("value", ["", "0", "0%", "0.0", 0, None, "-", "no", "N/A", "   "])
def test_is_mark_false(value):
    assert is_mark(value) is False
