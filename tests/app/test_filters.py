"""The filter bar's SQL, run against a small in-memory store: which activities each choice keeps.

The store has the real tables and views (etl.store.apply_schema) and a handful of made-up activities.
"""
from __future__ import annotations

import duckdb
import pytest

from dashboard.filters import (ACTIVITY_COLUMNS, LABELLED, Filters, activity_where, add, and_, progress_where,
                               text_clause, where)
from etl import store
from etl.store import derived, writer

# id, institution, year, axis, objective, unit, code, activity, months, {quarter: (target, actual)}
ROWS = [
    (1, "Instituto Alfa", 2023, "Eje 1", "Obj A", "Auditoría", "1.1", "Auditoría interna de procesos", [1, 2], {}),
    (2, "Instituto Alfa", 2023, "Eje 1", "Obj B", "Finanzas", "1.2", "Meta del 100% en recaudación", [5], {}),
    (3, "Instituto Alfa", 2024, "Eje 2", "Obj C", "Finanzas", "2.1", "Plan a_b de GESTIÓN", [], {}),
    (4, "Instituto Beta", 2023, None, None, None, "A-1", "Capacitación axb", [11, 12], {}),
    (5, "Instituto Beta", 2023, "Eje 1", "Obj A", "Riesgos", "A-2", "Manual de auditoria",
     [], {1: (10, 4), 2: (10, 12)}),
    (6, "Instituto Beta", 2023, "Eje 1", "Obj A", "Riesgos", "A-3", "Encuesta 5000 afiliados",
     [], {1: (5, 5), 3: (8, None)}),
]


@pytest.fixture(scope="module")
def con():
    c = duckdb.connect()
    store.apply_schema(c)
    for file_id, (inst, year) in enumerate([("Instituto Alfa", 2023), ("Instituto Alfa", 2024),
                                            ("Instituto Beta", 2023)], 1):
        c.execute("INSERT INTO source_files (file_id, file_name, sha256, institution, year, status) "
                  "VALUES (?, ?, 'x', ?, ?, 'loaded')", [file_id, f"f{file_id}.xlsx", inst, year])
    files = {("Instituto Alfa", 2023): 1, ("Instituto Alfa", 2024): 2, ("Instituto Beta", 2023): 3}
    names = ("activity_id", "file_id", "institution", "year", "axis", "objective", "unit", "code", "activity",
             "source_sheet", "source_row")
    rows = [(aid, files[(inst, year)], inst, year, axis, obj, unit, code, act, "Hoja", aid)
            for aid, inst, year, axis, obj, unit, code, act, *_ in ROWS]
    writer._append(c, "activities", dict(zip(names, map(list, zip(*rows)))))  # as the loader writes them
    for aid, inst, year, axis, obj, unit, code, act, months, quarters in ROWS:
        for m in months:
            c.execute("INSERT INTO activity_months VALUES (?, ?)", [aid, m])
        for q, (target, actual) in quarters.items():
            c.execute("INSERT INTO activity_quarters (activity_id, quarter, target, actual) VALUES (?, ?, ?, ?)",
                      [aid, q, target, actual])
    derived.derive(c, *derived.EVERY)  # the masks and rollups, as write_workbook derives them
    c.execute("INSERT INTO stale_plans SELECT DISTINCT institution, year FROM source_files")  # and the per-plan
    store.refresh_stale_plans(c)  # rows, as the loader writes them after a batch
    yield c
    c.close()


def ids(con, f: Filters) -> set[int]:
    sql_where, params = activity_where(f)
    return {r[0] for r in con.execute(f"SELECT activity_id FROM v_activity_index{sql_where}", params).fetchall()}


def progress(con, f: Filters) -> set[tuple[int, int]]:
    sql_where, params = progress_where(f)
    return set(con.execute(f"SELECT activity_id, quarter FROM v_quarter_progress{sql_where}", params).fetchall())


def test_no_filter_keeps_everything(con):
    assert where(Filters(), ACTIVITY_COLUMNS) == ("", [])
    assert ids(con, Filters()) == {1, 2, 3, 4, 5, 6}


@pytest.mark.parametrize("field, values, expected", [
    ("institution", ["Instituto Beta"], {4, 5, 6}),
    ("year", [2024], {3}),
    ("axis", ["Eje 2", "(sin eje)"], {3, 4}),
    ("objective", ["Obj A"], {1, 5, 6}),
    ("unit", ["Finanzas"], {2, 3}),
    ("unit", ["(sin unidad)"], {4}),
])
def test_each_list_narrows(con, field, values, expected):
    assert ids(con, Filters(**{field: values})) == expected


def test_lists_combine_with_and(con):
    assert ids(con, Filters(institution=["Instituto Alfa"], year=[2023], objective=["Obj B"])) == {2}
    assert ids(con, Filters(institution=["Instituto Alfa"], unit=["Riesgos"])) == set()


def test_labelled_views_take_the_same_choices(con):
    sql_where, params = where(Filters(axis=["(sin eje)"], year=[2023]), LABELLED)
    rows = con.execute(f"SELECT DISTINCT institution, unit FROM v_activity_plan{sql_where}", params).fetchall()
    assert rows == [("Instituto Beta", "(sin unidad)")]


@pytest.mark.parametrize("text, expected", [
    ("AUDITORIA", {1, 5}),             # accents and case ignored, either way round
    ("auditoría", {1, 5}),
    ("gestion", {3}),
    ("auditoria interna", {1}),        # every word must appear
    ("100%", {2}),                     # '%' is looked for, not a wildcard
    ("50%", set()),
    ("a_b", {3}),                      # '_' is looked for, not any one character
    ("finanzas", {2, 3}),              # the unit is searched too
    ("A-2", {5}),                      # and the code
    ("x') OR 1=1 --", set()),          # a value is a value
])
def test_search(con, text, expected):
    assert ids(con, Filters(text=text)) == expected


def test_search_of_blanks_is_no_search():
    assert text_clause("   ") == ("", [])


def test_quarter_keeps_activities_planned_in_it(con):
    # By a month (1: Jan-Feb, 2: May, 4: Nov-Dec) or by a quarter target (5: Q1 Q2, 6: Q1 Q3).
    assert ids(con, Filters(quarter=1)) == {1, 5, 6}
    assert ids(con, Filters(quarter=2)) == {2, 5}
    assert ids(con, Filters(quarter=3)) == {6}
    assert ids(con, Filters(quarter=4)) == {4}


def test_status_in_any_quarter_or_the_chosen_one(con):
    assert ids(con, Filters(status=["behind"])) == {5}          # behind in Q1 only
    assert ids(con, Filters(status=["met"])) == {5, 6}
    assert ids(con, Filters(status=["met"], quarter=1)) == {6}
    assert ids(con, Filters(status=["behind"], quarter=2)) == set()
    assert ids(con, Filters(status=["pending"])) == {6}          # Q3 not reported by the file yet
    assert ids(con, Filters(status=["pending"], quarter=1)) == set()
    assert ids(con, Filters(status=["behind", "pending"])) == {5, 6}
    assert ids(con, Filters(status=["no_target"])) == set()      # every quarter figure has a target


def test_quarter_and_status_filters_read_the_masks_as_v_quarter_progress_says(con):
    for quarter in (None, 1, 2, 3, 4):
        for status in (["met"], ["behind"], ["pending"], ["no_target"], ["met", "behind"]):
            direct = {r[0] for r in con.execute(
                "SELECT activity_id FROM v_quarter_progress WHERE list_contains(?, status)"
                + (" AND quarter = ?" if quarter else ""), [status] + ([quarter] if quarter else [])).fetchall()}
            assert ids(con, Filters(status=status, quarter=quarter)) == direct & ids(con, Filters(quarter=quarter))


def test_progress_rows_filter_by_quarter_status_and_text(con):
    assert progress(con, Filters()) == {(5, 1), (5, 2), (6, 1), (6, 3)}
    assert progress(con, Filters(quarter=1)) == {(5, 1), (6, 1)}
    assert progress(con, Filters(status=["met", "pending"])) == {(5, 2), (6, 1), (6, 3)}
    assert progress(con, Filters(text="encuesta", quarter=3)) == {(6, 3)}
    sql_where, params = progress_where(Filters(status=["behind"]), with_status=False)
    assert "status" not in sql_where and params == []


def test_unknown_quarter_or_status_is_refused():
    with pytest.raises(ValueError):
        Filters(quarter=5)
    with pytest.raises(ValueError):
        Filters(status=["behind'; DROP TABLE activities; --"])


def test_clauses_join_with_and():
    assert and_("", "") == ""
    assert and_("", "a = ?") == " WHERE a = ?"
    assert and_(" WHERE b = ?", "a = ?") == " WHERE b = ? AND a = ?"
    assert add(" WHERE b = ?", [1], ("a = ?", [2])) == (" WHERE b = ? AND a = ?", [1, 2])


@pytest.mark.parametrize("f", [
    Filters(),
    Filters(institution=["Instituto Beta"]),
    Filters(institution=["Instituto Alfa"], year=[2024]),
    Filters(institution=["Instituto Beta"], axis=["(sin eje)"]),
    Filters(year=[2023], objective=["Obj A"]),
    Filters(institution=["Instituto Alfa", "Instituto Beta"], year=[2023], axis=["Eje 1"], objective=["Obj A"],
            unit=["Riesgos"]),
    Filters(year=[2022]),
], ids=repr)
def test_filter_bar_lists_are_the_values_under_the_choices_above(con, monkeypatch, f):
    """Each list is what a DISTINCT under the choices above it gives, in its order (options reads them from
    one scan of the combinations)."""
    from dashboard import queries

    monkeypatch.setattr(queries, "read", lambda sql, params=(): con.execute(sql, list(params)).df())
    order = list(ACTIVITY_COLUMNS)
    for field in order:
        sql_where, params = where(Filters(**{k: getattr(f, k) for k in order[:order.index(field)]}), ACTIVITY_COLUMNS)
        expected = [r[0] for r in con.execute(f"SELECT DISTINCT {ACTIVITY_COLUMNS[field]} FROM v_activity_index"
                                              f"{sql_where} ORDER BY 1", params).fetchall()]
        assert queries.options(field, f) == expected, field
        assert expected or f.year == [2022], "only a year with no plan leaves a list empty"


@pytest.mark.parametrize("f", [
    Filters(),
    Filters(institution=["Instituto Beta"]),
    Filters(institution=["Instituto Alfa"], year=[2024]),
    Filters(year=[2023], axis=["Eje 1"]),
    Filters(unit=["Finanzas", "Riesgos"]),
    Filters(year=[2022]),
], ids=repr)
def test_spread_counts_the_institutions_axes_and_units_the_filters_keep(con, monkeypatch, f):
    """What a chart groups by depends on it (charts.schedule_level): a unit or axis of two plans counts once."""
    from dashboard import queries

    monkeypatch.setattr(queries, "read", lambda sql, params=(): con.execute(sql, list(params)).df())
    sql_where, params = where(f, ACTIVITY_COLUMNS)
    expected = con.execute(f"SELECT count(DISTINCT institution), count(DISTINCT {ACTIVITY_COLUMNS['axis']}), "
                           f"count(DISTINCT {ACTIVITY_COLUMNS['unit']}) FROM v_activity_index{sql_where}",
                           params).fetchone()
    assert tuple(queries.spread(f).values()) == expected
    assert expected[0] or f.year == [2022]
