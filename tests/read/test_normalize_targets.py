import pytest

from etl.normalize.targets import Target, parse_target


@pytest.mark.parametrize("value, number, unit", [
    ("90%", 90, "%"),
    ("90 %", 90, "%"),
    ("611,000", 611000, None),
    ("2.000.000,00", 2000000, None),
    ("12,000 h/h", 12000, "h/h"),
    ("1 informe", 1, "informe"),
    ("4 informes trimestrales", 4, "informes trimestrales"),
    ("RD$250,000", 250000, "DOP"),
    ("US$ 4,996,685", 4996685, "USD"),
])
def test_numeric_targets(value, number, unit):
    target = parse_target(value)
    assert target.number == pytest.approx(number)
    assert target.measure_unit == unit
    assert target.text == value


def test_bare_dollar_takes_the_given_currency():
    assert parse_target("$ 25,000.00", currency="USD") == Target("$ 25,000.00", 25000.0, "USD")
    # Without a currency the '$' stays for the pipeline to resolve by country.
    assert parse_target("$ 25,000.00").measure_unit == "$"


def test_prose_keeps_its_text_and_no_number():
    assert parse_target("Un informe") == Target("Un informe", None, None)
    assert parse_target("Contemplado Gestión Operativa").number is None


def test_numeric_cells_and_empty():
    assert parse_target(12) == Target("12", 12.0, None)
    assert parse_target(2.5) == Target("2.5", 2.5, None)
    assert parse_target(None) == Target(None, None, None)
    assert parse_target("   ") == Target(None, None, None)


def test_text_is_cleaned():
    assert parse_target("  90%\n").text == "90%"


def test_comparators_before_the_number():
    assert parse_target("≥ 90%")[1:] == (90, "%")
    assert parse_target(">= 85 %")[1:] == (85, "%")
    assert parse_target("Al menos 12 informes")[1:] == (12, "informes")


def test_remembered_texts_give_what_working_them_out_gives():
    """parse_target / parse_number / parse_money remember each text; asked again, in either order of
    currency, they answer as the functions without memory do."""
    from etl.normalize import money, numbers, targets

    texts = ["90%", "1,600", "$ 25,000.00", "12,000 h/h", "Un informe", "RD$250,000.00", "≥ 90%", "(1.500)", " 3 "]
    for _ in range(2):
        for text in texts:
            for currency in (None, "USD", "DOP"):
                assert parse_target(text, currency) == targets._target_of_text.__wrapped__(" ".join(text.split()), currency)[0]
            assert numbers.parse_number(text) == numbers._number_of_text.__wrapped__(text)[0]
            assert money.parse_money(text) == money._money_of_text.__wrapped__(text)[0]
    assert parse_target("$ 5", "USD").measure_unit == "USD" and parse_target("$ 5").measure_unit == "$"
