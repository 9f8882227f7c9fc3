"""Every derived model holds what its rule gives from the facts alone, whatever happened to the store: loads, a
later follow-up superseding a copy, the same workbook again, a file moved to another plan, `etl names` renaming.

Generic over sql/contract.toml: each derived model is compared with a rebuild from the facts (etl/store/derived.py),
so a new model is checked without a new test, and a code path that forgets to refresh one turns this red."""
import duckdb

from etl import contract, store
from etl.store import derived
from tests.store.test_names import SEMMA, old_catalog, run  # noqa: F401 (old_catalog is a fixture)
from tests.sql.test_derived import followup


def contents(con) -> dict[str, list]:
    """Each derived model's rows, its group keys written as the groups they stand for (a rebuild numbers them
    anew), doubles rounded (sums in another order differ in the last bits)."""
    groups = dict((k, tuple(g)) for k, *g in con.execute("SELECT * FROM group_keys").fetchall())
    out = {}
    for name, _ in derived.models():
        if name == "group_keys":
            continue  # keys only ever get added; that they cover every group is checked below
        columns = contract.column_names(name)
        rows = con.execute(f"SELECT * FROM {contract.relation(name)}").fetchall()
        out[name] = sorted((tuple(groups[v] if c == "key_id" else round(v, 9) if isinstance(v, float) else v
                                  for c, v in zip(columns, row)) for row in rows), key=repr)
    return out


def assert_fresh(con) -> None:
    derived.refresh_plans(con)  # as the loader does after each batch of files
    kept = contents(con)
    assert any(kept.values())
    missing = con.execute("SELECT count(*) FROM activities a WHERE NOT EXISTS (SELECT 1 FROM group_keys k "
                          "WHERE k.institution = a.institution AND k.year = a.year AND k.axis = axis_label(a.axis) "
                          "AND k.objective = objective_label(a.objective) AND k.unit = unit_label(a.unit))")
    assert missing.fetchone()[0] == 0
    con.execute("BEGIN TRANSACTION")
    try:
        derived.rebuild(con)
        rebuilt = contents(con)
    finally:
        con.execute("ROLLBACK")
    assert {n: rows for n, rows in kept.items() if rows != rebuilt[n]} == {}


def test_every_derived_model_follows_supersession_replacement_and_a_move(store_con):
    store.write_workbook(store_con, followup("q1.xlsx", 1, {"Compras": [("1", "Comprar", "%", 10, 5)],
                                                            "Ventas": [("1", "Vender", "US$", 1000, 900)]}, "a"))
    assert_fresh(store_con)
    # The 2nd follow-up supersedes Compras' copy; Ventas' stays current.
    store.write_workbook(store_con, followup("q2.xlsx", 2, {"Compras": [("1", "Comprar", "%", 10, 12),
                                                            ("2", "Licitar", None, 4, 1)]}, "b"))
    assert_fresh(store_con)
    # The same follow-up again, edited: it replaces the load outright.
    store.write_workbook(store_con, followup("q2.xlsx", 2, {"Compras": [("1", "Comprar", "%", 10, 11)]}, "c"))
    assert_fresh(store_con)
    # The first follow-up's file again, as a plan of another year: it leaves 2023 and joins 2024.
    moved = followup("q1.xlsx", 1, {"Compras": [("1", "Comprar", "%", 10, 5)]}, "a")
    moved.year = 2024
    store.write_workbook(store_con, moved)
    assert_fresh(store_con)


def test_every_derived_model_follows_etl_names(tmp_path, old_catalog):
    db = tmp_path / "poa.duckdb"
    assert run("load", "--db", db, SEMMA, catalog_dir=old_catalog).returncode == 0
    proc = run("names", "--db", db)
    assert proc.returncode == 0, proc.stderr
    assert "→" in proc.stdout  # it renamed something, or this proves little
    con = duckdb.connect(str(db))
    try:
        assert_fresh(con)
    finally:
        con.close()

