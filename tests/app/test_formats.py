"""Numbers as the planning offices write them: 1,430,500.00, RD$ 359,539,144, US$ 5.8 millones, 75 %."""
import math

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import charts, formats


def test_numbers_have_comma_thousands_and_point_decimals():
    assert formats.fmt_number(1_430_500) == "1,430,500.00"
    assert formats.fmt_number(1_430_500.5, 1) == "1,430,500.5"
    assert formats.fmt_int(184_665) == "184,665"
    assert formats.fmt_int(-1_234) == "-1,234"


@pytest.mark.parametrize("amount, currency, text", [
    (359_539_144, "DOP", "RD$ 359,539,144"),
    (5_830_085, "USD", "US$ 5,830,085"),
    (1_850_500.50, "DOP", "RD$ 1,850,501"),  # half away from zero, not to even (round() gives 1,850,500)
    (2.5, "USD", "US$ 3"),
    (-2.5, "USD", "US$ -3"),
    (0, "DOP", "RD$ 0"),
    (12, None, "12"),
])
def test_money_has_symbol_space_and_whole_units_rounded_half_up(amount, currency, text):
    assert formats.fmt_money(amount, currency) == text


def test_percentages_have_a_space_and_one_rule_for_decimals():
    assert formats.fmt_pct(0.75) == "75 %"
    assert formats.fmt_pct(0.755) == "76 %"
    assert formats.fmt_pct(0.125) == "13 %"  # half up, where round(12.5) gives 12
    assert formats.fmt_pct(0.154, 1) == "15.4 %"
    assert formats.fmt_pct(12.5) == "1,250 %"


@pytest.mark.parametrize("value", [None, float("nan"), pd.NA, pd.NaT, math.nan])
def test_missing_is_a_dash_never_none_or_nan(value):
    for text in (formats.fmt_int(value), formats.fmt_pct(value), formats.fmt_money(value, "DOP"),
                 formats.fmt_number(value), formats.fmt_short(value)):
        assert text == "—"


@pytest.mark.parametrize("value, text", [
    (50_000, "RD$ 50 mil"), (5_830_085, "RD$ 5.8 millones"), (1_000_000, "RD$ 1 millón"),
    (2_000_000_000, "RD$ 2 mil millones"), (750, "RD$ 750"), (1_250, "RD$ 1.3 mil"),
])
def test_short_money_is_in_words_never_m_or_k(value, text):
    assert formats.fmt_short(value, "RD$ ") == text


def test_money_axis_ticks_are_round_and_in_words():
    fig = go.Figure(go.Bar(x=[5_830_085], y=["a"], orientation="h"))
    formats.money_axis(fig, "USD", 5_830_085)
    axis = fig.layout.xaxis
    assert axis.tickvals[0] == 0 and axis.tickvals[-1] >= 5_830_085
    assert list(axis.ticktext) == ["0", "US$ 2 millones", "US$ 4 millones", "US$ 6 millones"]


def test_pct_axis_ticks_have_the_space():
    fig = go.Figure()
    formats.pct_axis(fig, 1.0)
    assert list(fig.layout.yaxis.ticktext) == ["0 %", "25 %", "50 %", "75 %", "100 %"]


def test_nice_ticks_reach_the_top():
    assert formats.nice_ticks(100) == [0, 20, 40, 60, 80, 100]
    assert formats.nice_ticks(0) == [0.0]


def test_table_percentages_stay_numbers_for_sorting():
    df = pd.DataFrame({"p": [0.754, None], "x": ["a", "b"]})
    out = formats.pct_for_table(df, ["p"])
    assert out["p"].iloc[0] == pytest.approx(75.4) and pd.isna(out["p"].iloc[1])
    assert df["p"].iloc[0] == 0.754  # the caller's frame (an export's source) is left alone
    assert formats.PCT_FORMAT % 75.4 == "75.4 %"


def _rgb(color: str) -> tuple[int, ...]:
    return tuple(int(color[i:i + 2], 16) for i in (1, 3, 5))


def test_no_institution_colour_looks_like_a_status_colour():
    """A new institution's bar beside the status chart must not read as 'Sin meta' grey or 'Atrasada' red."""
    from dashboard.labels import STATUS_COLORS
    from etl import catalog

    for fallback in catalog.FALLBACK_COLORS:
        for status, color in STATUS_COLORS.items():
            distance = sum((a - b) ** 2 for a, b in zip(_rgb(fallback), _rgb(color))) ** 0.5
            assert distance > 60, (fallback, status)
    assert catalog.color("Instituto Inventado de Prueba") in catalog.FALLBACK_COLORS


def test_tables_never_hold_a_missing_number_streamlit_would_draw_as_none():
    from decimal import Decimal

    from dashboard import labels

    df = pd.DataFrame({"target": [Decimal("4"), None, Decimal("1430500.5")], "actual": [1.0, 2.0, 3.0],
                       "execution_pct": [0.754, None, 1.0], "year": [2023, 2023, 2024],
                       "quarter": [1, None, 3], "activity": ["a", None, "c"], "amount": ["RD$ 5", "US$ 6", None]})
    out, config = labels.for_screen(df)
    assert not out.isna().any().any()
    assert [t.strip(formats.PAD) for t in out["Meta"]] == ["4.00", "—", "1,430,500.50"]
    assert [t.strip(formats.PAD) for t in out["% ejecución"]] == ["75.4 %", "—", "100.0 %"]
    numbers = [t for t in sorted(out["% ejecución"]) if "—" not in t]
    assert numbers == [out["% ejecución"][0], out["% ejecución"][2]]  # as text, 75.4 still sorts before 100.0
    assert out["Real"].tolist() == [1.0, 2.0, 3.0]  # no gaps: still numbers, for sorting
    assert out["Año"].tolist() == [2023, 2023, 2024] and config["Año"]["type_config"]["format"] == "%d"
    assert out["Monto"].tolist() == ["RD$ 5", "US$ 6", ""]  # text stays text
    assert out["Actividad"].tolist() == ["a", "", "c"]
    pending, _ = labels.for_screen(pd.DataFrame({"execution_pct": [float("nan")] * 2, "actual": [float("nan")] * 2}))
    assert pending.to_dict("list") == {"% ejecución": ["—", "—"], "Real": ["—", "—"]}  # not 'None', not 'nan'


@pytest.mark.parametrize("page", ["pages/resumen.py", "pages/cronograma.py", "pages/metas.py",
                                  "pages/presupuesto.py", "pages/explorador.py", "pages/datos.py"])
def test_no_table_on_a_page_has_a_cell_drawn_as_none(page):
    from streamlit.testing.v1 import AppTest

    from tests.app.test_pages import APP

    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    if page != "pages/resumen.py":
        at.switch_page(page).run()
    assert not at.exception
    for table in at.dataframe:
        empty = table.value.isna().any()
        assert not empty.any(), list(empty[empty].index)
        words = table.value.astype(str).isin(["None", "nan", "NaT", "<NA>"]).any()
        assert not words.any(), list(words[words].index)


def test_money_and_percent_formats():
    assert formats.fmt_money(1_430_500, "DOP") == "RD$ 1,430,500"
    assert formats.fmt_money(4_996_685, "USD") == "US$ 4,996,685"
    assert formats.fmt_money(None, "USD") == "—"
    assert formats.fmt_pct(0.755) == "76 %"
    assert charts.institution_color("ARS SEMMA") != charts.institution_color("Tesorería de la Seguridad Social")
