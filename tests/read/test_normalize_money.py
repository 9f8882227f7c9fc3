import pytest

from etl.normalize.money import Money, currency_symbol, parse_money


@pytest.mark.parametrize("text, amount, currency", [
    ("RD$250,000.00", 250000, "DOP"),
    ("RD$ 2.000.000,00", 2000000, "DOP"),
    ("$ 1,430,500.00", 1430500, None),
    ("US$ 4,996,685", 4996685, "USD"),
    ("US$4.5 millones", 4500000, "USD"),
    ("RD$ 1.5 millones", 1500000, "DOP"),
    ("USD 1,000", 1000, "USD"),
    ("1,600", 1600, None),
])
def test_parse_money(text, amount, currency):
    money = parse_money(text)
    assert money == Money(pytest.approx(amount), currency)
    assert money.currency == currency


@pytest.mark.parametrize("value", [
    "Contemplado Gestión Operativa", "Contemplado en Gestion Operativa", "N/A", "-", "", None, True,
])
def test_parse_money_no_amount(value):
    assert parse_money(value) is None


def test_parse_money_numeric_cell_has_no_currency():
    assert parse_money(12000) == Money(12000.0, None)
    assert parse_money(2.5) == Money(2.5, None)


def test_us_dollar_mark_wins_over_bare_dollar():
    assert currency_symbol("US$ 5") == (True, "USD")
    assert currency_symbol("RD$ 5") == (True, "DOP")
    assert currency_symbol("$ 5") == (True, None)
    assert currency_symbol("5") == (False, None)

