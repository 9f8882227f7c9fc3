import pytest

from etl.normalize.numbers import is_percent, parse_number, parse_percent


@pytest.mark.parametrize("text, expected", [
    ("1,600", 1600),
    ("2.000.000,00", 2000000),
    ("87.540", 87540),
    ("176.79", 176.79),
    ("0.540", 0.54),
    ("0,540", 0.54),
    ("(1,200)", -1200),
    ("-5", -5),
    ("1.600,5", 1600.5),
    ("12,5", 12.5),
    ("1,234,567.89", 1234567.89),
    ("1.234.567", 1234567),
    ("1 600", 1600),
    ("1\u00a0600", 1600),
    ("1'600", 1600),
    ("611,000", 611000),
    ("12,000 h/h", 12000),
    ("RD$250,000.00", 250000),
    ("90%", 90),
    ("  42  ", 42),
])
def test_parse_number_text(text, expected):
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize("value", [None, "", "   ", "abc", "N/A", "-", True, False])
def test_parse_number_none(value):
    assert parse_number(value) is None


@pytest.mark.parametrize("value, expected", [(3, 3.0), (2.5, 2.5), (0, 0.0), (-7, -7.0)])
def test_parse_number_numeric_cells(value, expected):
    assert parse_number(value) == expected


@pytest.mark.parametrize("value, expected", [
    ("90%", 90), ("12.5 %", 12.5), ("100%", 100), (0.9, 90), (0.25, 25), (75, 75), ("75", 75),
])
def test_parse_percent(value, expected):
    assert parse_percent(value) == pytest.approx(expected)


def test_parse_percent_empty():
    assert parse_percent(None) is None
    assert parse_percent("") is None


def test_is_percent():
    assert is_percent("90%")
    assert not is_percent("90")
    assert not is_percent(0.9)


def test_thousands_groups_then_a_decimal_mark_of_the_same_kind():
    assert parse_number("313.112.402.00") == 313112402.0
    assert parse_number("1,234,567,89") == 1234567.89
