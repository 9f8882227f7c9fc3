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



@pytest.mark.parametrize("text, amount, currency", [
    ("Bs 1.200,50", 1200.5, "BOB"),
    ("Bs. 350.000", 350000, "BOB"),
    ("COP 1.500.000", 1500000, "COP"),
    ("S/ 2,500.00", 2500, "PEN"),
    ("US$ 1,430.50", 1430.5, "USD"),
    ("RD$ 359,539,144", 359539144, "DOP"),
    ("₡ 25.000", 25000, "CRC"),
    ("₲ 1.000.000", 1000000, "PYG"),
    ("Q 1,500.00", 1500, "GTQ"),
    ("L 2,000", 2000, "HNL"),
    ("C$ 100", 100, "NIO"),
    ("$U 500", 500, "UYU"),
    ("B/. 300", 300, "PAB"),
    ("5,000 pesos", 5000, None),  # pesos of which country: the institution's says
    ("$ 1,000", 1000, None),
])
def test_parse_money_latin_american_marks(text, amount, currency):
    assert parse_money(text) == Money(pytest.approx(amount), currency)
    assert parse_money(text).currency == currency


@pytest.mark.parametrize("text", ["Q1", "Meta Q2: 25%", "10 L", "S/N", "BOLIVIANOS"])
def test_letters_that_are_not_currency_marks(text):
    assert currency_symbol(text) == ((True, "BOB") if text == "BOLIVIANOS" else (False, None))


def test_a_money_target_in_bolivianos_keeps_its_number():
    from etl.normalize.targets import parse_target
    target = parse_target("Bs. 350.000")
    assert (target.number, target.measure_unit) == (350000, "BOB")
