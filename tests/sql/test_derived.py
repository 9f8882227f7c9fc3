"""What the loader derives per file (activity_search, activity_masks, reported_quarters): written with the file,
replaced with it, and back-filled when an older store is opened."""
from etl import store
from tests.etl.test_store import workbook


def found(con, word: str) -> set[str]:
    return {r[0] for r in con.execute(
        "SELECT a.activity FROM v_activity_index a JOIN v_activity_search s USING (activity_id) "
        "WHERE contains(s.text, strip_accents(lower(?)))", [word]).fetchall()}


def test_written_with_the_file_and_replaced_with_it(store_con):
    store.write_workbook(store_con, workbook(n=2))
    assert found(store_con, "ACTIVIDAD") == {"Actividad 1", "Actividad 2"}
    assert found(store_con, "ao.6.2.") == {"Actividad 2"}
    store.write_workbook(store_con, workbook(n=1, sha="b" * 64))  # an edited copy replaces the first load
    assert found(store_con, "actividad") == {"Actividad 1"}
    assert store_con.execute("SELECT count(*) FROM activity_search").fetchone()[0] == 1


def test_text_is_folded_and_keeps_columns_apart(store_con):
    data = workbook(n=1)
    data.activities[0].activity = "Auditoría Interna"
    data.activities[0].indicator = "Índice"
    store.write_workbook(store_con, data)
    text, progress = store_con.execute("SELECT text, progress_text FROM activity_search").fetchone()
    assert text.split("\n")[:2] == ["auditoria interna", "ao.6.1."]
    assert "indice" in text and "indice" not in progress  # Metas vs real does not search the indicator


def derived(con) -> tuple:
    return (con.execute("SELECT * FROM activity_masks ORDER BY ALL").fetchall(),
            con.execute("SELECT * FROM reported_quarters ORDER BY ALL").fetchall())


def test_masks_and_reported_quarters_follow_the_file(store_con):
    store.write_workbook(store_con, workbook(n=2))  # months Jan-Feb; Q1 target and actual, Q2 target only
    ids = [r[0] for r in store_con.execute("SELECT activity_id FROM activities ORDER BY 1").fetchall()]
    file_id = store_con.execute("SELECT file_id FROM activities LIMIT 1").fetchone()[0]
    assert derived(store_con) == ([(i, 0b11, 0b11) for i in ids], [(file_id, 1)])
    second = store.write_workbook(store_con, workbook(n=1, months=(12,), sha="b" * 64))
    new_id = store_con.execute("SELECT activity_id FROM activities").fetchone()[0]
    assert derived(store_con) == ([(new_id, 1 << 11, 0b1011)], [(second, 1)])


def test_an_older_store_is_filled_when_opened(tmp_path):
    con = store.connect(tmp_path / "poa.duckdb")
    store.write_workbook(con, workbook(n=3))
    store.write_workbook(con, workbook(n=1, name="otro.xlsx", sha="c" * 64, institution="Instituto Gamma"))
    before = derived(con)
    for table in ("activity_search", "activity_masks", "reported_quarters"):
        con.execute(f"DELETE FROM {table}")  # as a store written before these tables existed
    con.close()
    con = store.connect(tmp_path / "poa.duckdb")
    try:
        assert found(con, "actividad") == {"Actividad 1", "Actividad 2", "Actividad 3"}
        assert derived(con) == before
    finally:
        con.close()
