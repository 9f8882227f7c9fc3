"""What the loader derives per file (search texts, masks, reported quarters, rollups): written with the file and
replaced with it."""
import duckdb
import pytest

from etl import store
from etl.store import derived as derived_models
from etl.model import Activity, WorkbookData
from tests.conftest import cli_load
from tests.store.test_store import workbook


def found(con, word: str) -> set[str]:
    return {r[0] for r in con.execute(
        "SELECT a.activity FROM v_activity_index a "
        "WHERE contains(a.search_text, strip_accents(lower(?)))", [word]).fetchall()}


def test_written_with_the_file_and_replaced_with_it(store_con):
    store.write_workbook(store_con, workbook(n=2))
    assert found(store_con, "ACTIVIDAD") == {"Actividad 1", "Actividad 2"}
    assert found(store_con, "ao.6.2.") == {"Actividad 2"}
    store.write_workbook(store_con, workbook(n=1, sha="b" * 64))  # an edited copy replaces the first load
    assert found(store_con, "actividad") == {"Actividad 1"}
    assert store_con.execute("SELECT count(*) FROM activities WHERE search_text IS NOT NULL").fetchone()[0] == 1


def test_text_is_folded_and_keeps_columns_apart(store_con):
    data = workbook(n=1)
    data.activities[0].activity = "Auditoría Interna"
    data.activities[0].indicator = "Índice"
    store.write_workbook(store_con, data)
    text, progress = store_con.execute("SELECT search_text, progress_search_text FROM activities").fetchone()
    assert text.split("\n")[:2] == ["auditoria interna", "ao.6.1."]
    assert "indice" in text and "indice" not in progress  # Metas vs real does not search the indicator


# The texts as the rule first folded them: the columns joined, then folded. Folding each column before joining
# (so that the columns both texts share are folded once) must give the same texts, stores written before included.
JOINED_THEN_FOLDED = """
SELECT strip_accents(lower(concat_ws(chr(10), activity, code, indicator, product, responsible, target_text,
                                     observations, budget_note, unit, objective, axis))),
       strip_accents(lower(concat_ws(chr(10), activity, code, unit, objective)))
FROM t ORDER BY i"""


@pytest.mark.parametrize("values", [
    ("Auditoría Interna", "AO.6.1.", "Índice", None, "Dirección", "90%", "", None, "Unidad de Auditoría",
     "Objetivo Estratégico", "Perspectiva Clientes"),
    ("\u0301Acción con marca suelta al inicio", None, None, None, None, None, "ÑANDÚ Ü", "RD$ 1,430,500.00",
     "한국어", "ΟΔΟΣ", "İstanbul straße"),
    (None, None, None, None, None, None, None, None, None, None, None),
])
def test_columns_folded_one_by_one_give_the_joined_text_folded(store_con, values):
    columns = ("activity", "code", "indicator", "product", "responsible", "target_text", "observations",
               "budget_note", "unit", "objective", "axis")
    store_con.execute(f"CREATE TEMP TABLE t AS SELECT 1 AS i, {', '.join(f'?::VARCHAR AS {c}' for c in columns)}",
                      list(values))
    got = store_con.execute(
        f"SELECT search_text_of({', '.join(columns)}), progress_search_text_of(activity, code, unit, objective) "
        "FROM t").fetchone()
    assert got == store_con.execute(JOINED_THEN_FOLDED).fetchone()


def derived(con) -> tuple:
    return (con.execute("SELECT activity_id, month_mask, quarter_mask, status_mask FROM activities ORDER BY ALL"
                        ).fetchall(),
            con.execute("SELECT DISTINCT a.file_id, q.quarter FROM activity_quarters q JOIN activities a "
                        "USING (activity_id) WHERE q.reported ORDER BY ALL").fetchall())


def test_masks_and_reported_quarters_follow_the_file(store_con):
    store.write_workbook(store_con, workbook(n=2))  # months Jan-Feb; Q1 target and actual, Q2 target only
    ids = [r[0] for r in store_con.execute("SELECT activity_id FROM activities ORDER BY 1").fetchall()]
    file_id = store_con.execute("SELECT file_id FROM activities LIMIT 1").fetchone()[0]
    # Status mask: Q1 reported and behind (bit 4*0 + 1), Q2 not reported by the file, so pending (bit 4*1 + 2).
    status = 1 << 1 | 1 << 6
    assert derived(store_con) == ([(i, 0b11, 0b11, status) for i in ids], [(file_id, 1)])
    second = store.write_workbook(store_con, workbook(n=1, months=(12,), sha="b" * 64))
    new_id = store_con.execute("SELECT activity_id FROM activities").fetchone()[0]
    assert derived(store_con) == ([(new_id, 1 << 11, 0b1011, status)], [(second, 1)])




# v_target_vs_real adds up quarter_rollup (written per file); its figures must be v_quarter_progress' rows
# grouped directly, whichever copies are current. This is the definition it replaced, kept as the reference.
DIRECT = """
WITH grouped AS (
    SELECT institution, year, axis, objective, unit, quarter,
           sum(target) AS target_sum, sum(actual) AS actual_sum, avg(execution_pct) AS execution_pct,
           count(*) AS activities,
           count(*) FILTER (WHERE status = 'met') AS on_track,
           count(*) FILTER (WHERE status = 'behind') AS behind,
           min(coalesce(measure_unit, '(sin unidad de medida)')) AS first_unit,
           count(DISTINCT coalesce(measure_unit, '(sin unidad de medida)')) AS units_of_measure,
           min(execution_pct) AS execution_min, max(execution_pct) AS execution_max
    FROM v_quarter_progress
    GROUP BY institution, year, axis, objective, unit, quarter
)
SELECT institution, year, axis, objective, unit, quarter,
       CASE WHEN units_of_measure = 1 THEN target_sum END AS target,
       CASE WHEN units_of_measure = 1 THEN actual_sum END AS actual,
       execution_pct, activities, on_track, behind,
       CASE WHEN units_of_measure = 1 THEN first_unit END AS measure_unit,
       units_of_measure, units_of_measure > 1 AS mixed_units, execution_min, execution_max
FROM grouped
"""


def rounded(rows):
    # Sums of fractions added in another order differ in the last bits of a double, never more.
    return sorted(tuple(round(v, 12) if isinstance(v, float) else v for v in r) for r in rows)


def written_and_worked_out(check):
    """Run `check` as the views stand after a load's files (a plan it touched is stale: its per-plan rows are
    worked out at query time) and again once the batch has written those rows (store.refresh_stale_plans)."""
    def both(con):
        got = check(con)
        if con.execute("SELECT count(*) FROM stale_plans").fetchone()[0]:
            assert store.refresh_stale_plans(con) > 0
            assert con.execute("SELECT count(*) FROM stale_plans").fetchone()[0] == 0
            assert check(con) == got
        return got
    return both


@written_and_worked_out
def assert_target_vs_real_is_direct(con):
    got = rounded(con.execute("SELECT * FROM v_target_vs_real").fetchall())
    assert got == rounded(con.execute(DIRECT).fetchall())
    assert got  # an empty view would agree with anything
    assert_group_results_add_up_as_quarter_results(con)
    return got


# Metas vs real reads v_group_results instead of v_quarter_results when no search or status narrows it: the two
# must add up alike under every grouping and filter the page can ask of it.
GROUP_SUMS = ("CAST(sum(activities) AS BIGINT), CAST(sum(met) AS BIGINT), CAST(sum(behind) AS BIGINT), "
              "CAST(sum({pending}) AS BIGINT), sum(pct_sum), CAST(sum(pct_n) AS BIGINT)")
PENDING = {"v_group_results": "pending", "v_quarter_results": "CAST(status = 'pending' AS INTEGER)"}


def assert_group_results_add_up_as_quarter_results(con):
    for by in ("unit, quarter", "unit", "institution, year, axis, objective, unit, quarter"):
        for where in ("", " WHERE quarter = 2", " WHERE axis = (SELECT min(axis) FROM v_quarter_results)"):
            got, want = (rounded(con.execute(f"SELECT {by}, {GROUP_SUMS.format(pending=PENDING[view])} "
                                             f"FROM {view}{where} GROUP BY {by}").fetchall())
                         for view in ("v_group_results", "v_quarter_results"))
            assert got == want, (by, where)
    assert con.execute("SELECT count(*) FROM v_group_results").fetchone()[0] > 0
    # The histogram too: v_group_bins' counts per status and bin are v_quarter_results' binned activity-quarters.
    for where in ("", " AND quarter = 2", " AND axis = (SELECT min(axis) FROM v_quarter_results)",
                  " AND institution = (SELECT min(institution) FROM v_quarter_results)"):
        got, want = (con.execute(f"SELECT status, bin, CAST(sum(activities) AS BIGINT) FROM {view} "
                                 f"WHERE bin IS NOT NULL{where} GROUP BY ALL ORDER BY ALL").fetchall()
                     for view in ("v_group_bins", "v_quarter_results"))
        assert got == want, where


def samples_store(tmp_path):
    """The bundled samples loaded through the CLI, opened read-only."""
    from tests.sql.test_contract import SAMPLES
    db = tmp_path / "poa.duckdb"
    run = cli_load(db, *SAMPLES)
    assert run.returncode == 0, run.stdout + run.stderr
    return store.connect(db, read_only=True)


def test_target_vs_real_is_v_quarter_progress_added_up_on_the_samples(tmp_path):
    con = samples_store(tmp_path)
    try:
        assert_target_vs_real_is_direct(con)
        assert con.execute("SELECT count(*) FROM v_target_vs_real WHERE mixed_units").fetchone()[0] > 0
    finally:
        con.close()


STATUS_MASKS = """
SELECT activity_id, coalesce(bit_or(1::INTEGER << ((quarter - 1) * 4 + CASE status WHEN 'met' THEN 0
       WHEN 'behind' THEN 1 WHEN 'pending' THEN 2 ELSE 3 END)), 0)
FROM v_activity_index LEFT JOIN v_quarter_progress USING (activity_id) GROUP BY ALL ORDER BY ALL"""


def test_status_masks_are_the_statuses_of_v_quarter_progress_on_the_samples(tmp_path):
    """What the status filter reads (v_activity_index.status_mask) must say what v_quarter_progress says."""
    con = samples_store(tmp_path)
    try:
        masks = con.execute("SELECT activity_id, status_mask FROM v_activity_index ORDER BY ALL").fetchall()
        assert masks == con.execute(STATUS_MASKS).fetchall()
        statuses = {m for _, m in masks}
        assert any(m & 0x1111 for m in statuses) and any(m & 0x2222 for m in statuses)  # met and behind somewhere
        assert any(m & 0x4444 for m in statuses) and 0 in statuses
    finally:
        con.close()




def followup(name, number, units, sha):
    """A quarterly follow-up: units -> [(code, text, measure unit, target, actual)]."""
    acts = [Activity(activity=text, source_sheet="S", source_row=10 + i, unit=unit, code=code, axis="Eje 1",
                     objective=None, measure_unit=measure, quarters={1: (target, actual), 2: (target, None)})
            for unit, rows in units.items() for i, (code, text, measure, target, actual) in enumerate(rows)]
    return WorkbookData(name, sha.ljust(64, "0"), "ARS SEMMA", 2023, ["quarterly_followup"], ["S"], acts, [],
                        followup=number)


def test_target_vs_real_follows_supersession_and_replacement(store_con):
    first = followup("q1.xlsx", 1, {
        "Compras": [("1", "Comprar", "%", 10, 5), ("2", "Licitar", None, 4, 4)],
        "Ventas": [("1", "Vender", "US$", 1000, 1500), ("2", "Cobrar", "US$", 0, 3)],
    }, "a")
    store.write_workbook(store_con, first)
    assert_target_vs_real_is_direct(store_con)
    # The second follow-up supersedes Compras only; Ventas stays current in the first file.
    store.write_workbook(store_con, followup("q2.xlsx", 2, {
        "Compras": [("1", "Comprar", "%", 10, 9), ("2", "Licitar", "%", 4, 1)]}, "b"))
    assert_target_vs_real_is_direct(store_con)
    rows = store_con.execute("SELECT unit, quarter, target, actual, activities, units_of_measure FROM v_target_vs_real "
                             "ORDER BY unit, quarter").fetchall()
    assert rows == [("Compras", 1, 14, 10, 2, 1), ("Compras", 2, 14, None, 2, 1),
                    ("Ventas", 1, 1000, 1503, 2, 1),
                    ("Ventas", 2, 1000, None, 2, 1)]
    # An edited copy of the second follow-up replaces it outright: its rollup rows go with it.
    store.write_workbook(store_con, followup("q2.xlsx", 2, {
        "Compras": [("1", "Comprar", "%", 10, 9), ("2", "Licitar", None, 4, 1)]}, "c"))
    assert_target_vs_real_is_direct(store_con)
    assert store_con.execute("SELECT units_of_measure, target FROM v_target_vs_real "
                             "WHERE unit = 'Compras' AND quarter = 1").fetchone() == (2, None)
    loaded = "SELECT file_id FROM source_files WHERE status = 'loaded'"
    for table in ("quarter_rollup", "quarter_bins"):
        assert store_con.execute(f"SELECT count(*) FROM {table} WHERE file_id NOT IN ({loaded})").fetchone()[0] == 0






# How v_quarter_progress told a reported quarter before activity_quarters.reported: its file's reported quarters.
PROGRESS_DIRECT = """
SELECT q.activity_id, q.quarter, quarter_status(q.target, q.actual, r.file_id IS NOT NULL),
       quarter_execution(q.target, q.actual, r.file_id IS NOT NULL)
FROM stg_activity_quarters q JOIN stg_activities a USING (activity_id)
LEFT JOIN (SELECT DISTINCT a.file_id, q.quarter FROM activity_quarters q JOIN activities a USING (activity_id) WHERE q.actual IS NOT NULL) r ON r.file_id = a.file_id AND r.quarter = q.quarter"""


def assert_progress_is_direct(con):
    got = con.execute("SELECT activity_id, quarter, status, execution_pct FROM v_quarter_progress ORDER BY ALL"
                      ).fetchall()
    assert got == con.execute(f"{PROGRESS_DIRECT} ORDER BY ALL").fetchall()
    assert {r[2] for r in got} == {"met", "behind", "pending", "no_target"}  # every status, or it proves little


def rebuilt(con, table, *columns):
    """The columns emptied, then every derived model rebuilt from the facts, as a change of sql/ makes."""
    con.execute(f"UPDATE {table} SET " + ", ".join(f"{c} = NULL" for c in columns))
    con.execute("BEGIN TRANSACTION")
    derived_models.rebuild(con)
    con.execute("COMMIT")
    return con


def test_each_quarter_row_says_whether_its_file_reported_it_as_files_come_and_go(tmp_path):
    con = store.connect(tmp_path / "poa.duckdb")
    try:
        # Compras' files report Q1 (not Q2); Ventas' file reports nothing yet. The 2nd follow-up replaces Compras.
        store.write_workbook(con, followup("q1.xlsx", 1, {"Compras": [("1", "Comprar", "%", 10, 5),
                                                                      ("2", "Pagar", None, 0, None),
                                                                      ("3", "Cobrar", None, 2, 2)]}, "a"))
        store.write_workbook(con, followup("ventas.xlsx", None, {"Ventas": [("1", "Vender", None, 3, None)]}, "b"))
        assert_progress_is_direct(con)
        store.write_workbook(con, followup("q2.xlsx", 2, {"Compras": [("1", "Comprar", "%", 10, 12),
                                                                      ("2", "Pagar", None, 0, None),
                                                                      ("4", "Licitar", None, 4, 1)]}, "c"))
        assert_progress_is_direct(con)
        con = rebuilt(con, "activity_quarters", "reported")
        assert con.execute("SELECT count(*) FROM activity_quarters WHERE reported IS NULL").fetchone()[0] == 0
        assert_progress_is_direct(con)
    finally:
        con.close()


def assert_rows_carry_their_masks(con):
    on_rows = con.execute("SELECT activity_id, month_mask, quarter_mask, status_mask FROM activities ORDER BY ALL")
    assert on_rows.fetchall() == con.execute("SELECT * FROM activity_masks_of(0, 4611686018427387904) ORDER BY ALL").fetchall()
    # What the schedule views and filters read from the rows, against the masks joined in as they were before.
    assert con.execute("SELECT * FROM v_activity_calendar ORDER BY ALL").fetchall() == con.execute(
        "SELECT a.activity_id, a.institution, a.year, a.axis_label, a.objective_label, a.unit_label, a.code, "
        "a.activity, m.month_mask, m.quarter_mask, m.quarter_mask <> 0 FROM stg_activities a "
        "JOIN activity_masks_of(0, 4611686018427387904) m USING (activity_id) ORDER BY ALL").fetchall()


def test_each_activity_carries_its_masks_as_files_come_and_go(tmp_path):
    con = store.connect(tmp_path / "poa.duckdb")
    try:
        store.write_workbook(con, workbook(n=2))  # months Jan-Feb; Q1 target and actual, Q2 target only
        store.write_workbook(con, followup("q1.xlsx", 1, {"Compras": [("1", "Comprar", "%", 10, 5),
                                                                      ("2", "Pagar", None, 0, None)]}, "a"))
        store.write_workbook(con, followup("q2.xlsx", 2, {"Compras": [("1", "Comprar", "%", 10, 12),
                                                                      ("4", "Licitar", None, 4, 1)]}, "c"))
        assert_rows_carry_their_masks(con)
        assert con.execute("SELECT count(DISTINCT (month_mask, quarter_mask, status_mask)) FROM activities"
                           ).fetchone()[0] >= 4
        con = rebuilt(con, "activities", "month_mask", "quarter_mask", "status_mask")
        assert con.execute("SELECT count(*) FROM activities WHERE status_mask IS NULL").fetchone()[0] == 0
        assert_rows_carry_their_masks(con)
    finally:
        con.close()


# v_plan_comparison's quarter figures add up the rollup too; this is how they read v_quarter_progress before.
LATEST_DIRECT = """
WITH reported AS (
    SELECT institution, year, count(DISTINCT quarter) AS quarters_reported, max(quarter) AS latest_quarter
    FROM v_quarter_progress WHERE actual IS NOT NULL GROUP BY institution, year
)
SELECT p.institution, p.year, r.quarters_reported, r.latest_quarter, avg(p.execution_pct),
       count(p.execution_pct), count(*) FILTER (WHERE p.status = 'met'), count(*) FILTER (WHERE p.status = 'behind')
FROM v_quarter_progress p
JOIN reported r ON r.institution = p.institution AND r.year = p.year AND r.latest_quarter = p.quarter
GROUP BY ALL
"""
LATEST = """SELECT institution, year, quarters_reported, latest_quarter, execution_pct, measured_activities, on_track,
                  behind FROM v_plan_comparison WHERE latest_quarter IS NOT NULL"""


def test_plan_comparison_quarters_follow_the_copies_in_use(store_con):
    store.write_workbook(store_con, followup("q1.xlsx", 1, {
        "Compras": [("1", "Comprar", "%", 10, 5), ("2", "Licitar", None, 4, 4)],
        "Ventas": [("1", "Vender", "US$", 1000, None)]}, "a"))
    store.write_workbook(store_con, followup("q2.xlsx", 2, {
        "Compras": [("1", "Comprar", "%", 10, 9), ("2", "Licitar", "%", 4, 1)]}, "b"))
    got = rounded(store_con.execute(LATEST).fetchall())
    assert got == rounded(store_con.execute(LATEST_DIRECT).fetchall())
    # Ventas reported nothing in a quarter its file reports: 0 done, behind.
    assert got == [("ARS SEMMA", 2023, 1, 1, round((0.9 + 0.25 + 0) / 3, 12), 3, 0, 3)]


# v_execution_history adds up the rollup rows of every copy (stg_rollup_copies); this is how it grouped every
# activity-quarter row of the copies before, kept as the reference.
HISTORY_DIRECT = """
WITH versions AS (
    SELECT v.file_id, v.unit, v.unit_key, v.followup, v.cutoff, v.is_current, v.file_name, v.institution, v.year
    FROM stg_plan_versions v
    LEFT JOIN stg_plan_versions n ON n.file_id = v.superseded_by AND n.unit_key = v.unit_key
    WHERE NOT (v.superseded_by IS NOT NULL AND n.followup IS NOT DISTINCT FROM v.followup)
),
figures AS (
    SELECT ver.*, q.quarter, q.target, q.actual,
           CASE WHEN coalesce(q.target, 0) = 0 OR NOT q.reported THEN NULL
                ELSE coalesce(q.actual, 0) / q.target END AS execution_pct
    FROM versions ver
    JOIN stg_activity_copies a ON a.file_id = ver.file_id AND a.unit IS NOT DISTINCT FROM ver.unit
    JOIN stg_activity_quarters q USING (activity_id)
)
SELECT institution, year,
       unit_label(arg_max(unit, file_id) OVER (PARTITION BY institution, year, unit_key)) AS unit,
       followup, quarter, activities, target, actual, execution_pct, cutoff, file_name, is_current
FROM (
    SELECT institution, year, unit_key, followup, quarter,
           any_value(unit) AS unit, max(file_id) AS file_id,
           count(*) AS activities, sum(target) AS target, sum(actual) AS actual,
           avg(execution_pct) AS execution_pct,
           max(cutoff) AS cutoff, string_agg(DISTINCT file_name, ', ') AS file_name, bool_or(is_current) AS is_current
    FROM figures
    GROUP BY institution, year, unit_key, followup, quarter
)
"""


@written_and_worked_out
def assert_history_is_direct(con):
    # string_agg(DISTINCT file_name) lists a group's workbooks in no set order, in either definition.
    names = "SELECT * REPLACE (list_sort(string_split(file_name, ', ')) AS file_name) FROM ({})"
    got = rounded(con.execute(names.format("SELECT * FROM v_execution_history")).fetchall())
    assert got == rounded(con.execute(names.format(HISTORY_DIRECT)).fetchall())
    assert got  # an empty view would agree with anything
    return got


def test_execution_history_is_every_copy_added_up_on_the_samples(tmp_path):
    con = samples_store(tmp_path)
    try:
        assert_history_is_direct(con)
    finally:
        con.close()


def test_execution_history_keeps_superseded_copies(store_con):
    store.write_workbook(store_con, followup("q1.xlsx", 1, {
        "Compras": [("1", "Comprar", "%", 10, 5), ("2", "Licitar", None, 4, 4)],
        "Ventas": [("1", "Vender", "US$", 1000, 1500), ("2", "Cobrar", "US$", 0, 3)]}, "a"))
    assert_history_is_direct(store_con)
    # The second follow-up supersedes Compras only and restates its first actual (5 -> 9): both copies stay.
    store.write_workbook(store_con, followup("q2.xlsx", 2, {
        "Compras": [("1", "Comprar", "%", 10, 9), ("2", "Licitar", "%", 4, 1)]}, "b"))
    got = assert_history_is_direct(store_con)
    assert [r[:9] for r in got if r[4] == 1] == [
        ("ARS SEMMA", 2023, "Compras", 1, 1, 2, 14, 9, round((0.5 + 1) / 2, 12)),
        ("ARS SEMMA", 2023, "Compras", 2, 1, 2, 14, 10, round((0.9 + 0.25) / 2, 12)),
        ("ARS SEMMA", 2023, "Ventas", 1, 1, 2, 1000, 1503, 1.5)]
    assert [(r[2], r[3], r[-1]) for r in got if r[4] == 1] == [("Compras", 1, False), ("Compras", 2, True),
                                                                ("Ventas", 1, True)]
    # A corrected copy of the second follow-up replaces it outright; a third follow-up of Ventas supersedes it.
    store.write_workbook(store_con, followup("q2.xlsx", 2, {
        "Compras": [("1", "Comprar", "%", 10, 7), ("2", "Licitar", None, 4, 1)]}, "c"))
    store.write_workbook(store_con, followup("q3.xlsx", 3, {
        "Ventas": [("1", "Vender", "US$", 1000, 1200)]}, "d"))
    got = assert_history_is_direct(store_con)
    assert [(r[2], r[3], r[6], r[7], r[-1]) for r in got if r[4] == 1] == [
        ("Compras", 1, 14, 9, False), ("Compras", 2, 14, 8, True),
        ("Ventas", 1, 1000, 1503, False), ("Ventas", 3, 1000, 1200, True)]
    # Another workbook of the same follow-up supersedes that copy of Ventas: the follow-up appears once.
    store.write_workbook(store_con, followup("q3 corregido.xlsx", 3, {
        "Ventas": [("1", "Vender", "US$", 1000, 1100), ("3", "Facturar", "US$", 50, 50)]}, "e"))
    got = assert_history_is_direct(store_con)
    assert [(r[2], r[3], r[5], r[7], r[10], r[-1]) for r in got if r[4] == 1 and r[2] == "Ventas"] == [
        ("Ventas", 1, 2, 1503, ["q1.xlsx"], False), ("Ventas", 3, 2, 1150, ["q3 corregido.xlsx"], True)]


def test_a_load_that_moves_a_file_to_another_plan_rewrites_both(store_con):
    # The same bytes read again as another year (say, after a reader fix) replace the first load: the old plan's
    # Metas vs real rows must go with it, not only the new plan's be written.
    store.write_workbook(store_con, followup("q1.xlsx", 1, {"Compras": [("1", "Comprar", "%", 10, 5)]}, "a"))
    moved = followup("q1.xlsx", 1, {"Compras": [("1", "Comprar", "%", 10, 5)]}, "a")
    moved.year = 2024
    store.write_workbook(store_con, moved)
    assert_target_vs_real_is_direct(store_con)
    assert store_con.execute("SELECT DISTINCT year FROM v_target_vs_real").fetchall() == [(2024,)]




def test_a_copy_without_quarter_figures_rewrites_the_plans_metas_rows(store_con):
    # The writer skips the Metas vs real rules for a new plan with no quarter figure; in a plan with other files
    # they still run: an edited copy of one unit's file without figures drops that unit and keeps the others.
    store.write_workbook(store_con, followup("compras.xlsx", 1, {"Compras": [("1", "Comprar", "%", 10, 5)]}, "a"))
    store.write_workbook(store_con, followup("ventas.xlsx", 1, {"Ventas": [("1", "Vender", "%", 4, 4)]}, "b"))
    store.write_workbook(store_con, followup("ventas.xlsx", 1, {"Ventas": [("1", "Vender", "%", None, None)]}, "c"))
    assert_target_vs_real_is_direct(store_con)
    assert_history_is_direct(store_con)
    assert store_con.execute("SELECT DISTINCT unit FROM v_target_vs_real").fetchall() == [("Compras",)]
    assert store_con.execute("SELECT activities, measured_activities FROM v_plan_comparison").fetchone() == (2, 1)


def test_a_load_leaves_no_plan_stale_and_a_file_marks_its_plan(tmp_path):
    con = samples_store(tmp_path)  # through the CLI: its last batch wrote every plan's rows
    try:
        assert con.execute("SELECT count(*) FROM stale_plans").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM target_vs_real_rows").fetchone()[0] == \
            con.execute("SELECT count(*) FROM v_target_vs_real").fetchone()[0] > 0
    finally:
        con.close()


def test_a_stale_plan_is_worked_out_until_written_and_written_when_opened(tmp_path):
    con = store.connect(tmp_path / "poa.duckdb")
    store.write_workbook(con, followup("q1.xlsx", 1, {"Compras": [("1", "Comprar", "%", 10, 5)]}, "a"))
    assert con.execute("SELECT * FROM stale_plans").fetchall() == [("ARS SEMMA", 2023)]
    assert con.execute("SELECT count(*) FROM target_vs_real_rows").fetchone()[0] == 0  # not written yet...
    assert con.execute("SELECT count(*) FROM v_target_vs_real").fetchone()[0] == 2  # ...the view has them
    con.close()
    con = store.connect(tmp_path / "poa.duckdb")  # as after a load stopped before its last batch
    try:
        assert con.execute("SELECT count(*) FROM stale_plans").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM target_vs_real_rows").fetchone()[0] == 2
        assert_target_vs_real_is_direct(con)
    finally:
        con.close()
