"""Export safety, cache invalidation, first start without a store, and the upload box."""
from __future__ import annotations


import duckdb
import pandas as pd
import pytest

from tests.conftest import shown

from dashboard import charts, exports, formats
from etl import store
from tests.app.demo_store import SAMPLES, build_demo_store, pesos_plan as _tss
from tests.app.test_pages import assert_clean, open_page


def test_csv_neutralises_formulas_and_keeps_accents():
    df = pd.DataFrame({"Actividad": ["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "Gestión", None],
                       "Meta": [-5, 1, 2, 3, 4, 5]})
    data = exports.csv_bytes(df)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig").splitlines()
    assert text[1].startswith("\"'=HYPERLINK")
    assert [line.split(",")[0] for line in text[2:5]] == ["'+1", "'-2", "'@SUM(A1)"]
    assert text[5] == "Gestión,4"
    assert text[1].endswith(",-5"), "a negative number is a number, not a formula"


def test_excel_export_writes_formulas_as_text():
    import io

    import openpyxl

    data = exports.excel_bytes(pd.DataFrame({"Actividad": ["=1+1", "Auditoría"]}))
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet["A2"].value == "'=1+1" and sheet["A2"].data_type == "s"
    assert sheet["A3"].value == "Auditoría"


def test_money_and_percent_formats():
    assert formats.fmt_money(1_430_500, "DOP") == "RD$ 1,430,500"
    assert formats.fmt_money(4_996_685, "USD") == "US$ 4,996,685"
    assert formats.fmt_money(None, "USD") == "—"
    assert formats.fmt_pct(0.755) == "76 %"
    assert charts.institution_color("ARS SEMMA") != charts.institution_color("Tesorería de la Seguridad Social")


def test_short_names_of_a_column_are_each_names_short_name():
    """Cronograma labels thousands of rows: looked up once per institution, the same names as one by one."""
    names = ["Caja Mutual de los Empleados del Ministerio de Educación", "Instituto Salvadoreño del Seguro Social",
             "INSTITUTO NACIONAL DE PRUEBAS", "Caja Mutual de los Empleados del Ministerio de Educación"]
    assert charts.short_names(pd.Series(names)) == [charts.short_name(n) for n in names]
    assert charts.short_names(names)[0] != names[0]
    assert charts.institution_colors(names) == {n: charts.institution_color(n) for n in names}


def test_cache_follows_the_store(tmp_path, monkeypatch):
    """A load into the store shows on the next rerun, without restarting the app."""
    db = build_demo_store(tmp_path / "poa.duckdb")
    monkeypatch.setenv("POA_DB", str(db))
    at = open_page("pages/explorador.py")
    before = len(at.dataframe[0].value)
    extra = _tss()
    extra.file_name, extra.sha256 = "otro.xlsx", "d" * 64
    extra.year = 2025  # another plan: the same plan's copy under another name would replace its units
    con = store.connect(db)
    try:
        store.write_workbook(con, extra)
    finally:
        con.close()
    at.run()
    assert len(at.dataframe[0].value) == before + len(extra.activities)


def test_empty_store_says_how_to_load(tmp_path, monkeypatch):
    db = tmp_path / "vacio.duckdb"
    store.connect(db).close()
    monkeypatch.setenv("POA_DB", str(db))
    for page in ("pages/resumen.py", "pages/explorador.py"):
        at = open_page(page)
        assert_clean(at)
        assert any("página **Datos**" in i.value for i in at.info)  # the user's own store: no samples offered


@pytest.mark.skipif(not list(SAMPLES.glob("*.xlsx")), reason="data/samples todavía no tiene libros")
def test_fresh_start_builds_the_store_from_the_samples(tmp_path, monkeypatch):
    """Only the demo store (data/poa.duckdb): any other path starts empty (tests/app/test_store_setup.py)."""
    from etl import store

    db = tmp_path / "nuevo" / "poa.duckdb"
    monkeypatch.setattr(store, "DEFAULT_DB", db)
    monkeypatch.delenv("POA_DB")
    at = open_page("pages/resumen.py")
    assert_clean(at)
    assert db.exists()
    assert any("se creó a partir de data/samples" in i.value for i in at.info)
    assert at.metric, "el resumen debería mostrar los planes recién cargados"


@pytest.mark.skipif(not list(SAMPLES.glob("*.xlsx")), reason="data/samples todavía no tiene libros")
def test_upload_runs_the_etl_and_reports(tmp_path, monkeypatch):
    db = build_demo_store(tmp_path / "poa.duckdb")
    monkeypatch.setenv("POA_DB", str(db))
    sample = sorted(SAMPLES.glob("*.xlsx"))[0]
    broken = tmp_path / "roto.xlsx"
    broken.write_bytes(b"no es un libro")
    at = open_page("pages/datos.py")
    loaded_before = at.metric[0].value
    mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    at.file_uploader(key="uploads").set_value([(sample.name, sample.read_bytes(), mime),
                                               ("roto.xlsx", broken.read_bytes(), mime)]).run()
    import streamlit as st

    st.cache_data.clear()  # so the click's run reads the store first and holds a connection (queries.release)
    at.button(key="load_uploads").click().run()
    assert not at.exception
    assert any(shown(s.value).startswith(f"✓ {sample.name}") for s in at.success)
    assert any("roto.xlsx" in shown(e.value) and "RECHAZADO" in e.value for e in at.error)
    assert int(at.metric[0].value) == int(loaded_before) + 1


# ---- the marts the pages read agree with the detail views they sum up ----------------------------------

def test_coverage_counts_what_the_schedule_lists(sql):
    by_plan = {(i, y): rest for i, y, *rest in sql(
        "SELECT institution, year, sum(activities), sum(scheduled), sum(scheduled_q1), sum(scheduled_q2), "
        "sum(scheduled_q3), sum(scheduled_q4), sum(with_months), sum(with_months_q1), sum(with_months_q2), "
        "sum(with_months_q3), sum(with_months_q4) FROM v_coverage GROUP BY ALL")}
    expected = {(i, y): rest for i, y, *rest in sql(
        "SELECT institution, year, count(*), count(*) FILTER (WHERE scheduled), "
        + ", ".join(f"count(*) FILTER (WHERE list_contains(quarters, {q}))" for q in (1, 2, 3, 4)) + ", "
        "count(*) FILTER (WHERE month_count > 0), "
        + ", ".join(f"count(*) FILTER (WHERE len(list_filter(months, lambda m: (m - 1) // 3 + 1 = {q})) > 0)"
                    for q in (1, 2, 3, 4))
        + " FROM v_activity_schedule GROUP BY ALL")}
    assert by_plan == expected
    assert any(v[1] for v in expected.values()), "el almacén de prueba debería tener actividades programadas"


def test_activity_plan_lists_the_months_of_the_schedule(sql):
    assert sql("SELECT activity_id, months, planned_q1, planned_q2, planned_q3, planned_q4 FROM v_activity_plan "
               "ORDER BY 1") == sql(
        "SELECT activity_id, months, " + ", ".join(f"list_contains(quarters, {q})" for q in (1, 2, 3, 4))
        + " FROM v_activity_schedule ORDER BY 1")


def test_month_grid_counts_the_activity_months(sql):
    grid = sql("SELECT institution, unit, month, quarter, sum(activities) FROM v_month_grid GROUP BY ALL ORDER BY ALL")
    rows = sql("SELECT institution, unit, month, (month - 1) // 3 + 1, count(*) FROM v_activity_months "
               "GROUP BY ALL ORDER BY ALL")
    assert grid == rows and rows


def test_quarter_results_add_up_to_target_vs_real(sql):
    keys = "institution, year, axis, objective, unit, quarter"
    sums = sql(f"SELECT {keys}, sum(activities), sum(met), sum(behind), sum(pct_sum) / sum(pct_n) "
               f"FROM v_quarter_results GROUP BY ALL ORDER BY ALL")
    table = sql(f"SELECT {keys}, activities, on_track, behind, execution_pct FROM v_target_vs_real ORDER BY ALL")
    assert len(sums) == len(table) and sums
    for got, want in zip(sums, table):
        assert got[:-1] == want[:-1]
        assert got[-1] == pytest.approx(want[-1], nan_ok=True) if want[-1] is not None else got[-1] is None


def test_budget_notes_are_the_activities_with_words_and_no_amount(sql):
    notes = sql("SELECT activity_id FROM v_budget_notes ORDER BY 1")
    assert notes == sql("SELECT activity_id FROM v_activity_index "
                        "WHERE budget_note IS NOT NULL AND budget_amount IS NULL ORDER BY 1")
    assert notes, "el almacén de prueba debería tener presupuestos escritos solo como nota"


def test_execution_bins_hold_the_activities_with_an_execution(sql):
    bins = sql("SELECT status, bin, sum(activities) FROM v_quarter_results WHERE bin IS NOT NULL "
               "GROUP BY ALL ORDER BY ALL")
    expected = sql("SELECT status, least(floor(execution_pct * 10), 19) / 10, count(*) FROM v_quarter_progress "
                   "WHERE execution_pct IS NOT NULL GROUP BY ALL ORDER BY ALL")
    assert bins == expected and bins


@pytest.mark.parametrize("kw", [{}, {"quarter": 2}, {"institution": ["Instituto Alfa"]}, {"status": ["behind"]},
                                {"text": "auditoria"}, {"status": ["met"], "quarter": 1}, {"status": ["pending"]},
                                {"status": ["no_target"]}, {"status": ["met", "no_target"], "quarter": 2},
                                {"status": ["behind", "pending"], "year": [2024]},
                                {"status": ["behind", "met", "no_target", "pending"]},
                                {"status": ["behind"], "text": "auditoria"}])
def test_metas_per_unit_figures_are_the_activity_quarters_added_up(sql, kw):
    # With no search they come from v_group_results (pre-summed, split by status), otherwise from v_quarter_results:
    # either way they must be what adding up the filtered activity-quarters gives.
    from dashboard import queries
    from dashboard.filters import Filters, progress_where

    f = Filters(**kw)
    sql_where, params = progress_where(f)
    direct = sql(f"SELECT unit, quarter, count(*), count(*) FILTER (WHERE status = 'met'), "
                 f"count(*) FILTER (WHERE status = 'behind'), round(sum(execution_pct), 9), count(execution_pct) "
                 f"FROM v_quarter_progress{sql_where} GROUP BY ALL ORDER BY unit, quarter", params)
    got = queries.progress_summary(f)
    rows = [(r.unit, r.quarter, r.activities, r.on_track, r.behind,
             None if pd.isna(r.pct_sum) else round(r.pct_sum, 9), r.pct_n) for r in got.itertuples()]
    assert rows == [tuple(None if isinstance(v, float) and pd.isna(v) else v for v in r) for r in direct]
    assert got["unit"].drop_duplicates().tolist() == sorted({r[0] for r in direct})  # the drill-down's choices
    statuses = sql(f"SELECT status, count(*) FROM v_quarter_progress{sql_where} GROUP BY ALL ORDER BY ALL", params)
    assert list(queries.progress_status(f).itertuples(index=False, name=None)) == statuses
    bins = sql(f"SELECT status, bin, count(*) FROM v_quarter_results{sql_where}{' AND' if sql_where else ' WHERE'} "
               "bin IS NOT NULL GROUP BY ALL ORDER BY ALL", params)
    assert list(queries.progress_bins(f).itertuples(index=False, name=None)) == bins
    if not kw:
        assert rows  # an empty store would agree with anything


@pytest.mark.parametrize("kw", [{}, {"institution": "first"}, {"quarter": 2, "text": "auditoria"},
                                {"status": ["behind"]}])
def test_resumen_progress_per_plan_is_the_activity_quarters_added_up(sql, kw):
    # Read from v_group_results (pre-summed, split by status here); it ignores quarter, status and text, as the
    # Resumen page picks each plan's quarter itself.
    from dashboard import queries
    from dashboard.filters import LABELLED, Filters, where

    if kw.get("institution") == "first":  # one with activities behind and met
        kw = {"institution": [sql("SELECT min(institution) FROM v_quarter_progress WHERE status = 'behind'")[0][0]]}
    f = Filters(**kw)
    sql_where, params = where(f, LABELLED)
    direct = sql(f"SELECT institution, year, quarter, status, count(*), count(execution_pct), "
                 f"round(sum(execution_pct), 9) FROM v_quarter_progress{sql_where} GROUP BY ALL ORDER BY ALL", params)
    got = [(r.institution, r.year, r.quarter, r.status, r.activities, r.pct_n,
            None if pd.isna(r.pct_sum) else round(r.pct_sum, 9))
           for r in queries.progress_by_plan(f).itertuples()]
    assert got == [tuple(None if isinstance(v, float) and pd.isna(v) else v for v in r) for r in direct]
    assert got and {r[3] for r in got} >= {"met", "behind"}


def test_metas_drill_down_offers_every_filtered_unit(sql):
    at = open_page("pages/metas.py")
    assert_clean(at)
    units = [r[0] for r in sql("SELECT DISTINCT unit FROM v_quarter_progress ORDER BY unit")]
    assert at.selectbox(key="drill_unit").options == units and units


def test_a_store_held_by_a_load_gets_a_message_not_a_traceback(tmp_path, monkeypatch):
    from dashboard import queries

    db = build_demo_store(tmp_path / "ocupado.duckdb")  # its own path: nothing of it is cached yet
    monkeypatch.setenv("POA_DB", str(db))

    def busy(path, tries=20):
        raise store.StoreBusy(path)

    monkeypatch.setattr(queries, "_open_read_only", busy)
    at = open_page("pages/explorador.py")
    assert not at.exception, [e.value for e in at.exception]
    assert any("almacén está ocupado" in e.value for e in at.error)


def test_a_run_reads_through_one_connection_and_lets_go_at_its_end(tmp_path, monkeypatch):
    """A page's cache misses share one read-only connection (opening one costs ~25 ms at 1M), and the
    store is free for a writer as soon as the run is over."""
    from dashboard import queries

    db = build_demo_store(tmp_path / "poa.duckdb")
    monkeypatch.setenv("POA_DB", str(db))
    opened, reads = [], []
    real_open, real_read = queries._open_read_only, queries.read

    def counted_open(path, *a, **k):
        opened.append(path)
        return real_open(path, *a, **k)

    def counted_read(sql, params=()):
        reads.append(sql)
        return real_read(sql, params)

    monkeypatch.setattr(queries, "_open_read_only", counted_open)
    monkeypatch.setattr(queries, "read", counted_read)
    monkeypatch.setattr(queries, "HOLD_S", 60.0)  # a slow machine must not let go in the middle of the run
    at = open_page("pages/metas.py", institucion="Tesorería de la Seguridad Social")
    assert_clean(at)
    assert len(reads) >= 10 and 1 <= len(opened) <= 2, (len(reads), len(opened))  # one per run at most
    con = store.connect(db, wait_s=0)  # StoreBusy if a run still held the store
    con.close()


def test_the_held_connection_is_let_go_after_hold_s(tmp_path, monkeypatch):
    from dashboard import queries

    db = build_demo_store(tmp_path / "poa.duckdb")
    monkeypatch.setattr(queries, "get_script_run_ctx", lambda **k: object())  # as inside a script run
    monkeypatch.setattr(queries, "HOLD_S", 0.0)
    try:
        first = queries._run_connection(str(db))
        second = queries._run_connection(str(db))
        assert second is not first
        with pytest.raises(duckdb.ConnectionException):
            first.execute("SELECT 1")  # closed when the second was opened
        monkeypatch.setattr(queries, "HOLD_S", 60.0)
        assert queries._run_connection(str(db)) is queries._run_connection(str(db))
    finally:
        queries.release()
    store.connect(db, wait_s=0).close()


@pytest.mark.parametrize("kw", [{}, {"quarter": 2}, {"institution": ["Tesorería de la Seguridad Social"]},
                                {"status": ["behind"]}, {"text": "auditoria"}, {"year": [2024], "quarter": 1},
                                {"status": ["met", "pending"]}, {"status": ["no_target"], "quarter": 3},
                                {"status": ["met"], "text": "auditoria"}])
@pytest.mark.parametrize("limit", [1, 7, 40, 1000])
def test_metas_listings_are_the_first_rows_of_their_views(sql, kw, limit):
    """behind_rows and unit_rows find the plans or units that hold their first rows from the rollup before
    reading the view, target_vs_real reads rows written per plan: what they list must be the view's first rows,
    and the total its count."""
    from dashboard import queries
    from dashboard.filters import LABELLED, Filters, add, progress_where, where

    def rows(df):
        return [tuple(None if isinstance(v, float) and pd.isna(v) else v for v in r)
                for r in df.itertuples(index=False, name=None)]

    def direct(query, params):
        return [tuple(None if isinstance(v, float) and pd.isna(v) else v for v in r) for r in sql(query, params)]

    f = Filters(**kw)
    sql_where, params = add(*where(f, LABELLED), ("quarter = ?", [f.quarter]) if f.quarter else ("", []))
    got = queries.target_vs_real(f, limit)
    expected = direct(f"SELECT *, count(*) OVER () FROM v_target_vs_real{sql_where} "
                      f"ORDER BY institution, year, unit, objective, quarter, axis LIMIT {limit}", params)
    assert rows(got) == expected
    progress, progress_params = progress_where(f)
    order = f"ORDER BY {queries.ROW_ORDER} LIMIT {limit}"
    shown = "* EXCLUDE (search_text)"  # every column but the folded text the search tests
    behind = add(progress, progress_params, ("status = ?", ["behind"]))
    assert rows(queries.behind_rows(f, limit)) == direct(f"SELECT {shown} FROM v_quarter_progress{behind[0]} {order}",
                                                         behind[1])
    units = [r[0] for r in sql(f"SELECT DISTINCT unit FROM v_quarter_progress{progress} ORDER BY 1", progress_params)]
    for unit in units[:3] + units[-2:]:
        one = add(progress, progress_params, ("unit = ?", [unit]))
        assert rows(queries.unit_rows(f, unit, limit)) == direct(f"SELECT {shown} FROM v_quarter_progress{one[0]} {order}",
                                                                 one[1])
    if not kw and limit == 7:  # rows in more than one plan and unit, so that the first ones leave some out
        assert len(expected) == limit and len(units) > 2
        assert len(sql("SELECT DISTINCT institution, year FROM v_target_vs_real")) > 1
        assert len(sql("SELECT DISTINCT institution, year, unit FROM v_quarter_progress WHERE status = 'behind'")) > 1


@pytest.mark.parametrize("kw", [{}, {"institution": ["Tesorería de la Seguridad Social"]}, {"year": [2019]},
                                {"unit": ["(sin unidad)"]}])
@pytest.mark.parametrize("limit", [1, 3, 1000])
def test_budget_listings_are_the_first_rows_of_their_views_and_their_count(sql, kw, limit):
    """budget_notes and budget_lines read their page and count it apart: the view's first rows in order, and
    how many rows the filters keep."""
    from dashboard import queries
    from dashboard.filters import BUDGET_LINE_COLUMNS, LABELLED, Filters, where

    f = Filters(**kw)
    sql_where, params = where(f, LABELLED)
    notes, total = queries.budget_notes(f, limit)
    expected = sql(f"SELECT institution, year, unit, code, activity, budget_note, source_sheet, source_row "
                   f"FROM v_budget_notes{sql_where} ORDER BY institution, year, unit, code, activity_id", params)
    assert [tuple(r) for r in notes.itertuples(index=False, name=None)] == expected[:limit]
    assert total == len(expected)
    sql_where, params = where(f, BUDGET_LINE_COLUMNS)
    lines = queries.budget_lines(f, limit)
    expected = sql(f"SELECT * FROM v_budget_lines{sql_where} ORDER BY institution, year, unit, item", params)
    assert [tuple(r) for r in lines.drop(columns="total").itertuples(index=False, name=None)] == expected[:limit]
    assert set(lines["total"]) == ({len(expected)} if expected[:limit] else set())
    if not kw:
        assert len(sql("SELECT * FROM v_budget_notes")) > 3 and len(sql("SELECT * FROM v_budget_lines")) > 3


@pytest.mark.parametrize("kw", [{}, {"quarter": 2}, {"institution": ["Tesorería de la Seguridad Social"]},
                                {"status": ["behind"]}, {"text": "auditoria"}, {"unit": ["(sin unidad)"]}])
@pytest.mark.parametrize("limit", [1, 7, 1000])
def test_the_explorer_page_is_the_first_rows_of_v_activities(sql, kw, limit):
    """queries.activities reads the page's ids and then their columns and months: the rows, columns and order of
    v_activities' first rows under the same filters."""
    from dashboard import queries
    from dashboard.filters import Filters, activity_where

    f = Filters(**kw)
    sql_where, params = activity_where(f)
    got = queries.activities(f, limit)
    expected = sql(f"SELECT * FROM v_activities WHERE activity_id IN (SELECT activity_id FROM v_activity_index"
                   f"{sql_where}) ORDER BY {queries.ORDER} LIMIT {limit}", params)
    columns = [r[0] for r in sql("DESCRIBE v_activities")]
    assert list(got.columns) == columns
    assert [tuple(None if isinstance(v, float) and pd.isna(v) else v for v in r)
            for r in got.itertuples(index=False, name=None)] == [tuple(r) for r in expected]
    assert expected and any(r[columns.index("months")] for r in expected) or kw


def test_explorer_months_are_the_activity_months(sql):
    """v_activities writes each activity's months from its month mask: the same months, in order, as its rows in
    stg_activity_months (None and 0 when it has none)."""
    got = sql("SELECT activity_id, months, month_count FROM v_activities ORDER BY 1")
    expected = sql("SELECT a.activity_id, string_agg(CAST(m.month AS VARCHAR), ',' ORDER BY m.month), count(m.month) "
                   "FROM stg_activities a LEFT JOIN stg_activity_months m USING (activity_id) GROUP BY 1 ORDER BY 1")
    assert got == expected
    assert any(r[2] == 0 for r in got) and any(r[2] >= 10 for r in got), "the samples have both"


@pytest.mark.parametrize("kw", [{}, {"quarter": 4}, {"institution": ["Tesorería de la Seguridad Social"]}])
@pytest.mark.parametrize("limit", [1, 5, 60])
def test_timeline_is_the_first_activities_with_months(sql, kw, limit):
    from dashboard import queries
    from dashboard.filters import LABELLED, Filters, add, where

    f = Filters(**kw)
    sql_where, params = add(*where(f, LABELLED), (queries._scheduled(f)["with_months"], []))
    expected = sql("SELECT activity_id, institution, year, unit, code, activity, months FROM v_activity_plan"
                   f"{sql_where} ORDER BY institution, year, unit, code, activity_id LIMIT {limit}", params)
    got = queries.timeline(f, limit)
    assert [(*r[:6], list(r[6])) for r in got.itertuples(index=False, name=None)] == [
        (*r[:6], list(r[6])) for r in expected]
    assert len(expected) == limit or kw, "the samples have more activities with months than any limit tried"


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
