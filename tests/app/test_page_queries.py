"""What the pages' queries list and add up (dashboard/queries.py) is what the views give under the same filters
and limits: the Metas, Resumen, Presupuesto, Explorador and Cronograma readings on the test store."""
from __future__ import annotations

import pandas as pd
import pytest

from tests.app.test_pages import assert_clean, open_page


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
    # The mean execution is SQL's (mean_execution), not the page's arithmetic.
    means = sql(f"SELECT round(avg(execution_pct), 9) FROM v_quarter_progress{sql_where} GROUP BY unit, quarter "
                "ORDER BY unit, quarter", params)
    assert [None if pd.isna(v) else round(v, 9) for v in got["execution_pct"]] == [m for (m,) in means]
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
    # Each plan-quarter's mean execution, over its statuses, as Resumen's card shows it.
    means = sql(f"SELECT institution, year, quarter, round(avg(execution_pct), 9) FROM v_quarter_progress{sql_where} "
                "GROUP BY ALL ORDER BY ALL", params)
    shown = queries.progress_by_plan(f).drop_duplicates(["institution", "year", "quarter"])
    assert [(r.institution, r.year, r.quarter, None if pd.isna(r.quarter_execution_pct)
             else round(r.quarter_execution_pct, 9)) for r in shown.itertuples()] == means


def test_metas_drill_down_offers_every_filtered_unit(sql):
    at = open_page("pages/metas.py")
    assert_clean(at)
    units = [r[0] for r in sql("SELECT DISTINCT unit FROM v_quarter_progress ORDER BY unit")]
    assert at.selectbox(key="drill_unit").options == units and units


@pytest.mark.parametrize("kw", [{}, {"quarter": 2}, {"institution": ["Tesorería de la Seguridad Social"]},
                                {"status": ["behind"]}, {"text": "auditoria"}, {"year": [2024], "quarter": 1},
                                {"status": ["met", "pending"]}, {"status": ["no_target"], "quarter": 3},
                                {"status": ["met"], "text": "auditoria"}])
# ~1 s a case: the fast loop keeps limit 7, the one with the extra checks; make test runs all 36.
@pytest.mark.parametrize("limit", [pytest.param(1, marks=pytest.mark.slow), 7, pytest.param(40, marks=pytest.mark.slow),
                                   pytest.param(1000, marks=pytest.mark.slow)])
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
