"""The charts' helpers: short institution names and colours looked up once per name, and bars_by drawing
the figure px.bar draws, on the pages and for many institutions."""
import pandas as pd
import pytest

from dashboard import charts, formats
from tests.app.test_pages import assert_clean, open_page


def test_short_names_of_a_column_are_each_names_short_name():
    """Cronograma labels thousands of rows: looked up once per institution, the same names as one by one."""
    names = ["Caja Mutual de los Empleados del Ministerio de Educación", "Instituto Salvadoreño del Seguro Social",
             "INSTITUTO NACIONAL DE PRUEBAS", "Caja Mutual de los Empleados del Ministerio de Educación"]
    assert charts.short_names(pd.Series(names)) == [charts.short_name(n) for n in names]
    assert charts.short_names(names)[0] != names[0]
    assert charts.institution_colors(names) == {n: charts.institution_color(n) for n in names}


def _same_figure(a, b) -> bool:
    import json

    return json.loads(a.to_json()) == json.loads(b.to_json())


@pytest.mark.parametrize("page", ["pages/resumen.py", "pages/cronograma.py", "pages/presupuesto.py"])
def test_bars_by_draws_the_figure_px_draws_on_every_page_that_uses_it(monkeypatch, page):
    import plotly.express as px

    real, seen = charts.bars_by, []

    def checked(df, color, color_map, **kwargs):
        fig = real(df, color, color_map, **kwargs)
        seen.append((df[color].nunique(), _same_figure(fig, px.bar(df, color=color, color_discrete_map=color_map,
                                                                    **kwargs))))
        return fig

    monkeypatch.setattr(charts, "bars_by", checked)
    assert_clean(open_page(page))
    assert seen and all(same for _, same in seen), seen
    assert any(n > 1 for n, _ in seen), "the samples draw more than one institution"


def test_bars_by_draws_the_figure_px_draws_for_many_institutions():
    import numpy as np
    import plotly.express as px

    rng = np.random.default_rng(7)
    n = 60
    df = pd.DataFrame({"institution": [f"INSTITUTO NACIONAL {i % 37:03d}" for i in range(n)],
                       "grp": [f"Eje {i % 6}" for i in range(n)], "amount": rng.random(n) * 1e6,
                       "activities": rng.integers(1, 5000, n), "coverage_pct": rng.random(n)}).sort_values("amount")
    df["monto"] = [formats.fmt_money(a, "DOP") for a in df["amount"]]
    df.loc[df.index[3], "monto"] = None
    colors = charts.institution_colors(df["institution"])
    for kwargs in (dict(x="amount", y="grp", orientation="h", text="monto", hover_data={"amount": False, "monto": True},
                        labels={"amount": "Monto (DOP)", "grp": "Eje", "institution": "Institución", "monto": "Monto"}),
                   dict(y="grp", x="coverage_pct", orientation="h",
                        hover_data={"activities": ":,", "grp": False, "coverage_pct": False, "monto": True},
                        labels={"grp": "Unidad", "institution": "Institución", "activities": "Actividades"}),
                   dict(x="grp", y="coverage_pct", text="monto")):
        fig = charts.bars_by(df, "institution", colors, **kwargs)
        assert len(fig.data) == 37
        assert _same_figure(fig, px.bar(df, color="institution", color_discrete_map=colors, **kwargs)), kwargs
