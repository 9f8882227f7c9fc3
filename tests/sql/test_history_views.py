"""v_execution_history and v_restated_actuals on a hand-made plan whose answers are worked out here, by hand.
The institution is made up."""
import pytest

from etl import contract, store
from etl.model import Activity, WorkbookData

INST = "Instituto de Previsión del Magisterio Rural"


def book(name, followup, unit, actions):
    acts = [Activity(activity=text, source_sheet="S", source_row=10 + i, unit=unit, code=code, quarters=q)
            for i, (code, text, q) in enumerate(actions)]
    return WorkbookData(name, name.ljust(64, "0"), INST, 2023, ["quarterly_followup"], ["S"], acts, [],
                        followup=followup)


@pytest.fixture
def con(store_con):
    # 1st follow-up, the unit in capitals; the second action has no code.
    store.write_workbook(store_con, book("s1.xlsx", 1, "COMPRAS", [
        ("1", "Comprar papel", {1: (10, 8)}),
        (None, "Pagar facturas", {1: (4, 4)}),
    ]))
    # 2nd follow-up: Q1 of 'Comprar papel' restated 8 -> 9, the Q1 actual of the other dropped.
    store.write_workbook(store_con, book("s2.xlsx", 2, "Compras", [
        ("1", "Comprar papel", {1: (10, 9), 2: (10, 10)}),
        (None, "pagar facturas", {1: (4, None), 2: (4, 2)}),
    ]))
    # A corrected copy of the 2nd follow-up: it replaces s2.xlsx in the history too.
    store.write_workbook(store_con, book("s2 corregido.xlsx", 2, "Compras", [
        ("1", "Comprar papel", {1: (10, 9), 2: (10, 12)}),
        (None, "Pagar facturas", {1: (4, 4), 2: (4, 2)}),
    ]))
    return store_con


def rows(con, sql):
    return con.execute(sql).fetchall()


def test_execution_history(con):
    got = rows(con, "SELECT unit, followup, quarter, activities, target, actual, execution_pct, file_name, "
                    "is_current FROM v_execution_history ORDER BY followup, quarter")
    assert got == [
        ("Compras", 1, 1, 2, 14, 12, pytest.approx((8 / 10 + 4 / 4) / 2), "s1.xlsx", False),
        ("Compras", 2, 1, 2, 14, 13, pytest.approx((9 / 10 + 4 / 4) / 2), "s2 corregido.xlsx", True),
        ("Compras", 2, 2, 2, 14, 14, pytest.approx((12 / 10 + 2 / 4) / 2), "s2 corregido.xlsx", True),
    ]


def test_restated_actuals(con):
    got = rows(con, "SELECT unit, code, activity, quarter, previous_actual, actual, previous_followup, followup "
                    "FROM v_restated_actuals ORDER BY followup, previous_followup, quarter, activity")
    assert got == [
        ("Compras", "1", "Comprar papel", 1, 8, 9, 1, 2),
        # Paired by text (no code), case aside; the later copy dropped the figure.
        ("Compras", None, "pagar facturas", 1, 4, None, 1, 2),
        # The corrected copy of the same follow-up restates Q2; Q1 of 'Pagar facturas' was only missing, not restated.
        ("Compras", "1", "Comprar papel", 2, 10, 12, 2, 2),
    ]


# v_restated_actuals as first written, kept as a reference: the view must keep answering it as plans change.
RESTATED_DIRECT = """
WITH pairs AS (
    SELECT o.file_id AS old_file, o.unit AS old_unit, o.followup AS previous_followup,
           n.file_id AS new_file, n.unit AS new_unit, n.followup
    FROM stg_plan_versions o
    JOIN stg_plan_versions n ON n.file_id = o.superseded_by AND n.unit_key = o.unit_key
)
SELECT na.institution, na.year, na.unit_label AS unit, na.code, na.activity,
       pq.quarter, pq.actual AS previous_actual, q.actual, p.previous_followup, p.followup
FROM pairs p
JOIN stg_activity_copies oa ON oa.file_id = p.old_file AND oa.unit IS NOT DISTINCT FROM p.old_unit
JOIN stg_activity_copies na ON na.file_id = p.new_file AND na.unit IS NOT DISTINCT FROM p.new_unit
     AND CASE WHEN oa.code IS NOT NULL AND na.code IS NOT NULL THEN oa.code = na.code
              ELSE lower(strip_accents(trim(oa.activity))) = lower(strip_accents(trim(na.activity))) END
JOIN stg_activity_quarters pq ON pq.activity_id = oa.activity_id
LEFT JOIN stg_activity_quarters q ON q.activity_id = na.activity_id AND q.quarter = pq.quarter
WHERE pq.actual IS NOT NULL AND q.actual IS DISTINCT FROM pq.actual
"""


def test_restated_actuals_are_their_direct_definition_as_plans_change(con):
    def same():
        got = con.execute("SELECT * FROM v_restated_actuals ORDER BY ALL").fetchall()
        assert got == con.execute(RESTATED_DIRECT + " ORDER BY ALL").fetchall()
        return got
    assert len(same()) == 3
    # A third follow-up restates Q1 again; another plan's file changes nothing of this one's.
    store.write_workbook(con, book("s3.xlsx", 3, "Compras", [("1", "Comprar papel", {1: (10, 7)}),
                                                            (None, "Pagar facturas", {1: (4, 4)})]))
    store.write_workbook(con, book("otro.xlsx", None, "Legal", [("1", "Revisar contratos", {1: (2, 1)})]))
    assert len(same()) > 3


def test_current_views_see_one_copy(con):
    assert rows(con, "SELECT code, activity, quarter, actual FROM v_quarter_progress ORDER BY quarter, activity") == [
        ("1", "Comprar papel", 1, 9), (None, "Pagar facturas", 1, 4),
        ("1", "Comprar papel", 2, 12), (None, "Pagar facturas", 2, 2)]


def test_a_plan_without_followups_shows_once(con):
    store.write_workbook(con, book("otro.xlsx", None, "Legal", [("1", "Revisar contratos", {1: (2, 1)})]))
    assert rows(con, "SELECT unit, followup, quarter, execution_pct, is_current FROM v_execution_history "
                     "WHERE unit = 'Legal'") == [("Legal", None, 1, 0.5, True)]


# The samples hold one follow-up per plan: the contract of the history models is checked here, where they are full.
HISTORY_MODELS = ["plan_versions", "stg_plan_versions", "stg_activity_copies", "v_execution_history",
                  "v_restated_actuals"]


@pytest.mark.parametrize("model", HISTORY_MODELS)
def test_contract_holds_on_a_plan_with_followups(con, model):
    store.refresh_stale_plans(con)  # as the loader does after its files: the per-plan rows written
    assert con.execute(f"SELECT count(*) FROM {model}").fetchone()[0] > 0
    assert [(r[0], r[1]) for r in con.execute(f"DESCRIBE {model}").fetchall()] == \
        [(c["name"], c["type"]) for c in contract.columns(model)]
    broken = {label: n for label, sql, params in contract.checks(model)
              if (n := con.execute(sql, params).fetchone()[0])}
    assert broken == {}
