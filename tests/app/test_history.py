"""Plans over time on screen: Evolución shows each follow-up's execution and the restated actuals as the views
hold them, says so when a plan has one follow-up, compares one institution's years; Metas vs real never adds
targets measured in different units.

The follow-ups are of a made-up institution (tests/store/followup_books.py), loaded through the CLI."""
from __future__ import annotations

import json

import duckdb
import pandas as pd
import pytest

from dashboard import formats

from dashboard.formats import fmt_money
from tests.app.test_pages import assert_clean, open_page
from tests.conftest import cli_load, shown
from tests.store.followup_books import INSTITUTION, followup_book
from tests.store.test_followups import FIRST, SECOND

CAJA = "Caja Mutual de los Empleados del Ministerio de Educación"


@pytest.fixture(scope="module")
def followups(tmp_path_factory):
    """A store holding the 1st and then the 2nd follow-up of one plan."""
    folder = tmp_path_factory.mktemp("followups")
    db = folder / "poa.duckdb"
    for book in (followup_book(folder / "POA 2023 1er seguimiento.xlsx", 1, FIRST),
                 followup_book(folder / "POA 2023 2do seguimiento.xlsx", 2, SECOND, reported=2)):
        run = cli_load(db, book)
        assert run.returncode == 0, run.stdout + run.stderr
    return db


@pytest.fixture
def on_followups(followups, monkeypatch):
    monkeypatch.setenv("POA_DB", str(followups))
    return followups


def ask(db, query, params=()):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(query, list(params)).fetchall()
    finally:
        con.close()


def table_with(at, name):
    return next(d.value for d in at.dataframe if name in d.value.columns)


def chart_titles(at):
    return [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]


def fractions(column) -> list:
    """'% ejecución' as the page shows it (75.4 for 75.4 %, or the text '75.4 %' where the column has gaps)
    read back as fractions, rounded as the SQL below rounds them."""
    def one(v):
        if isinstance(v, str):
            v = v.strip(formats.PAD + " ").removesuffix("%").strip().replace(",", "")
            return None if v in ("", formats.MISSING) else round(float(v) / 100, 6)
        return None if pd.isna(v) else round(float(v) / 100, 6)
    return [one(v) for v in column]


def test_execution_per_followup_is_the_views(on_followups):
    at = open_page("pages/evolucion.py")
    assert_clean(at)
    shown = table_with(at, "Seguimiento")
    got = sorted(zip(shown["Unidad"], shown["Seguimiento"], shown["Trimestre"], fractions(shown["% ejecución"])))
    # By default each follow-up's last reported quarter: the 1st reports Q1, the 2nd Q2.
    expected = ask(on_followups, """
        SELECT unit, CASE followup WHEN 1 THEN '1er seguimiento' ELSE '2do seguimiento' END, quarter,
               round(execution_pct, 6)
        FROM v_execution_history h
        WHERE execution_pct IS NOT NULL AND quarter = (
            SELECT max(quarter) FROM v_execution_history x WHERE x.unit = h.unit AND x.followup = h.followup
            AND x.execution_pct IS NOT NULL)
        ORDER BY ALL""")
    assert got == expected == [("Comercialización", "1er seguimiento", 1, 0.9),   # (4/5 + 1/1) / 2
                               ("Comercialización", "2do seguimiento", 2, 0.5),   # (5/5 + 0/1) / 2
                               ("Operaciones", "1er seguimiento", 1, 0.8),
                               ("Operaciones", "2do seguimiento", 2, 1.2)]
    assert any("cada seguimiento" in spec for spec in chart_titles(at))


def test_one_quarter_across_followups_shows_the_restated_figure(on_followups):
    at = open_page("pages/evolucion.py")
    at.selectbox(key="history_quarter").select("T1 (ene–mar)").run()
    assert_clean(at)
    shown = table_with(at, "Seguimiento")
    commercial = shown[shown["Unidad"] == "Comercialización"]
    # The 2nd follow-up corrected Q1 of AO.1.1. from 4 to 6: (6/5 + 1/1) / 2.
    assert list(zip(commercial["Seguimiento"], fractions(commercial["% ejecución"]))) == [
        ("1er seguimiento", 0.9), ("2do seguimiento", 1.1)]


def test_restated_actuals_listed(on_followups):
    at = open_page("pages/evolucion.py")
    restated = table_with(at, "Real antes → después")
    assert ask(on_followups, "SELECT unit, code, quarter, previous_actual, actual FROM v_restated_actuals") == [
        ("Comercialización", "AO.1.1.", 1, 4.0, 6.0)]
    assert restated[["Unidad", "Código", "Trimestre", "Real antes → después", "Seguimientos"]].values.tolist() == [
        ["Comercialización", "AO.1.1.", 1, "4 → 6", "1er seguimiento → 2do seguimiento"]]


@pytest.fixture(scope="module")
def three_years(tmp_path_factory):
    """One institution's plans: 2022 with one follow-up, 2023 and 2024 with two (each restates an actual)."""
    folder = tmp_path_factory.mktemp("three_years")
    db = folder / "poa.duckdb"
    books = [followup_book(folder / "POA 2022 1er seguimiento.xlsx", 1, FIRST, year=2022)]
    for year in (2023, 2024):
        books += [followup_book(folder / f"POA {year} 1er seguimiento.xlsx", 1, FIRST, year=year),
                  followup_book(folder / f"POA {year} 2do seguimiento.xlsx", 2, SECOND, reported=2, year=year)]
    run = cli_load(db, *books)
    assert run.returncode == 0, run.stdout + run.stderr
    return db


def test_plans_with_an_evolution_come_first_and_each_lists_its_own_restated_actuals(three_years, monkeypatch):
    from dashboard import queries
    from dashboard.filters import Filters

    monkeypatch.setenv("POA_DB", str(three_years))
    assert queries.history_plans(Filters())[["year", "versions"]].values.tolist() == [[2023, 2], [2024, 2],
                                                                                       [2022, 1]]
    # Asked for one plan, the first rows are that plan's, however many another plan has before it.
    for year in (2023, 2024):
        rows = queries.restated_actuals(Filters(), INSTITUTION, year, limit=1)
        assert rows[["year", "code", "quarter", "previous_actual", "actual", "total"]].values.tolist() == [
            [year, "AO.1.1.", 1, 4.0, 6.0, 1]]
    at = open_page("pages/evolucion.py")
    assert at.selectbox(key="history_plan").value == f"{INSTITUTION} · 2023"
    at.selectbox(key="history_plan").select(f"{INSTITUTION} · 2024").run()
    assert_clean(at)
    assert table_with(at, "Real antes → después")[["Código", "Real antes → después"]].values.tolist() == [
        ["AO.1.1.", "4 → 6"]]


def test_one_followup_says_so_instead_of_a_chart():
    at = open_page("pages/evolucion.py")
    at.selectbox(key="history_plan").select(f"{CAJA} · 2023").run()
    assert_clean(at)
    said = [shown(i.value) for i in at.info]
    assert any(s.startswith("Solo hay un seguimiento cargado de este plan: 1er seguimiento "
                            "(caja_mutual_poa_2023_seguimiento.xlsx)") for s in said), said
    assert not any("cada seguimiento" in spec for spec in chart_titles(at))
    assert not [d for d in at.dataframe if "Seguimiento" in d.value.columns]
    # A workbook that states no follow-up number is named by its file, once.
    at.selectbox(key="history_plan").select(f"{CAJA} · 2019").run()
    assert "Solo hay un seguimiento cargado de este plan: caja_mutual_poi_2019.xlsx. La evolución aparece cuando " \
           "se cargue el siguiente seguimiento en la página Datos." in [shown(i.value) for i in at.info]


def test_years_side_by_side(sql):
    at = open_page("pages/evolucion.py")
    assert_clean(at)
    assert CAJA in [shown(h.value) for h in at.subheader]
    table = table_with(at, "Último trimestre reportado")
    expected = sql("SELECT year, activities, scheduled_activities, behind FROM v_plan_comparison "
                   "WHERE institution = ? ORDER BY year", [CAJA])
    assert expected == [(2019, 106, 106, 0), (2023, 168, 168, 17)]
    assert [tuple(r) for r in table[["Año", "Actividades", "Programadas", "Atrasadas"]].values.tolist()] == expected
    pct = sql("SELECT execution_pct FROM v_plan_comparison WHERE institution = ? AND year = 2023", [CAJA])[0][0]
    assert fractions(table["% ejecución"])[1] == pytest.approx(pct, abs=0.0005)  # shown with one decimal
    assert table["Último trimestre reportado"].tolist() == ["—", "T1"]
    # Neither plan has a budget amount in the samples: no figure is made up.
    assert sql("SELECT count(*) FROM v_plan_budget WHERE institution = ?", [CAJA]) == [(0,)]
    assert table["Presupuesto"].tolist() == ["sin montos", "sin montos"]
    assert any("un plan por año" in spec for spec in chart_titles(at))


def test_years_of_one_institution_only():
    """An institution with a single plan loaded has nothing to compare."""
    at = open_page("pages/evolucion.py", institucion="ARS SEMMA")
    assert_clean(at)
    assert "Ninguna institución filtrada tiene planes de más de un año cargados." in [i.value for i in at.info]


def test_metas_never_adds_targets_in_different_units(sql):
    """Caja Mutual 2019, Préstamos, OE.2, Q1: a target in US$ beside two counts."""
    group = sql("SELECT measure_unit, target FROM v_quarter_progress WHERE institution = ? AND year = 2019 "
                "AND unit = 'Préstamos' AND objective LIKE 'OE.2.%' AND quarter = 1 ORDER BY target", [CAJA])
    assert group == [(None, 3.0), (None, 400.0), ("USD", 4126534.0)]
    at = open_page("pages/metas.py", institucion=CAJA, anio="2019", unidad="Préstamos")
    assert_clean(at)
    table = table_with(at, "Unidad de medida")
    row = table[(table["Objetivo"].str.startswith("OE.2.")) & (table["Trimestre"] == 1)]
    assert len(row) == 1
    assert row["Unidad de medida"].iloc[0] == "unidades distintas (2)"
    # A number column with gaps is shown as text with "—" in the gaps (dashboard/labels.py).
    assert all(pd.isna(v) or v.strip(formats.PAD + " ") == formats.MISSING for v in row[["Meta", "Real"]].values.ravel())
    naive = sum(t for _, t in group)
    assert naive not in table.select_dtypes("number").values
    assert not table.astype(str).apply(lambda c: c.str.contains(f"{naive:,.0f}", regex=False)).any(axis=None)
    # Where the activities share one unit the sum stays, labelled with it.
    same = sql("SELECT measure_unit, target FROM v_target_vs_real WHERE institution = ? AND year = 2019 "
               "AND unit = 'Préstamos' AND NOT mixed_units ORDER BY objective, quarter LIMIT 1", [CAJA])
    if same:
        single = table[~table["Unidad de medida"].str.startswith("unidades distintas")]
        assert single["Unidad de medida"].iloc[0] == same[0][0]
        assert float(str(single["Meta"].iloc[0]).strip(formats.PAD + " ").replace(",", "")) == same[0][1]


def test_datos_says_what_each_file_did_in_its_plan(on_followups):
    at = open_page("pages/datos.py")
    assert_clean(at)
    loaded = table_with(at, "En el plan")
    said = dict(zip(loaded["Archivo"], loaded["En el plan"]))
    message = ask(on_followups, "SELECT message FROM source_files WHERE file_name = 'POA 2023 2do seguimiento.xlsx'")
    assert said == {
        "POA 2023 2do seguimiento.xlsx": message[0][0].split(" — ")[0],
        "POA 2023 1er seguimiento.xlsx": ""}
    assert said["POA 2023 2do seguimiento.xlsx"] == ("reemplaza el 1er seguimiento para Comercialización y "
                                                     "Operaciones (de «POA 2023 1er seguimiento.xlsx»)")
    assert dict(zip(loaded["Archivo"], loaded["Mensaje"]))["POA 2023 2do seguimiento.xlsx"] == "3 actividades de 1 hoja"
    # The earlier follow-up says which load replaced it (v_plan_changes).
    assert ask(on_followups, "SELECT file_name, current_units, replaced_by FROM v_plan_changes ORDER BY file_id") == [
        ("POA 2023 1er seguimiento.xlsx", 0, "POA 2023 2do seguimiento.xlsx"),
        ("POA 2023 2do seguimiento.xlsx", 2, None)]
    assert dict(zip(loaded["Archivo"], loaded["Vigencia"])) == {
        "POA 2023 2do seguimiento.xlsx": "",
        "POA 2023 1er seguimiento.xlsx": "reemplazado por POA 2023 2do seguimiento.xlsx"}


@pytest.fixture
def two_currencies(tmp_path, monkeypatch):
    """A made-up institution's plans of 2022 (pesos and dollars) and 2023 (pesos), written through the store."""
    from etl import store
    from etl.model import Activity, WorkbookData

    def plan(year, budgets):
        acts = [Activity(f"Actividad {n}", "POA", 5 + n, unit="Dirección General", code=f"1.{n}",
                         budget_amount=amount, currency=currency, months={3})
                for n, (amount, currency) in enumerate(budgets, 1)]
        return WorkbookData(f"plan_{year}.xlsx", str(year) * 16, "Fondo Modelo de Pensiones", year,
                            ["period_matrix"], ["POA"], acts, [])

    db = tmp_path / "poa.duckdb"
    con = store.connect(db)
    try:
        store.write_workbook(con, plan(2022, [(1_430_500, "DOP"), (250_000, "USD")]))
        store.write_workbook(con, plan(2023, [(2_000_000, "DOP")]))
    finally:
        con.close()
    monkeypatch.setenv("POA_DB", str(db))
    return db


def test_years_keep_each_currency_apart(two_currencies):
    at = open_page("pages/evolucion.py")
    assert_clean(at)
    table = table_with(at, "Presupuesto")
    budget = dict(zip(table["Año"], table["Presupuesto"]))
    assert ask(two_currencies, "SELECT year, currency, amount FROM v_plan_budget ORDER BY ALL") == [
        (2022, "DOP", 1_430_500), (2022, "USD", 250_000), (2023, "DOP", 2_000_000)]
    # Each currency as formats writes it, side by side; 1,680,500 (pesos plus dollars) nowhere.
    assert budget == {2022: f"{fmt_money(1_430_500, 'DOP')} · {fmt_money(250_000, 'USD')}",
                      2023: fmt_money(2_000_000, "DOP")}
    assert not any("680" in text for text in budget.values())


def test_years_of_many_institutions_draw_six_and_list_every_plan(tmp_path, monkeypatch):
    """National, hundreds of institutions: a chart for the first six, one table of every plan (the page drew
    a chart and a table per institution, a minute of work at 1M activities)."""
    from etl import store
    from etl.model import Activity, WorkbookData

    db = tmp_path / "poa.duckdb"
    con = store.connect(db)
    names = [f"Instituto de Prueba {n:02d}" for n in range(1, 16)]  # generated names: no real institution
    try:
        for n, name in enumerate(names):
            for year in (2023, 2024):
                acts = [Activity("Actividad 1", "POA", 5, unit="Dirección", code="1", months={3})]
                store.write_workbook(con, WorkbookData(f"{n}_{year}.xlsx", f"{n:02d}{year}".ljust(64, "0"), name,
                                                       year, ["period_matrix"], ["POA"], acts, []))
    finally:
        con.close()
    monkeypatch.setenv("POA_DB", str(db))
    at = open_page("pages/evolucion.py")
    assert_clean(at)
    titles = [t for t in chart_titles(at) if "un plan por año" in t]
    assert len(titles) == 6
    everything = table_with(at, "Institución")
    assert len(everything) == 30 and sorted(set(everything["Institución"])) == names
    assert any("Se muestran 6 de 15 instituciones" in c.value for c in at.caption)
    narrowed = open_page("pages/evolucion.py", institucion=names[-1])
    assert_clean(narrowed)
    assert [t for t in chart_titles(narrowed) if "un plan por año" in t] and not any(
        "Se muestran" in c.value for c in narrowed.caption)
