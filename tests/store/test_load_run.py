"""One load run: one store connection for many workbooks, let go of regularly; rows written in slices;
earlier loads replaced set-wise; merged cells read once per row for header scans."""
import duckdb
import pytest

from etl import store
from etl.store import writer
from etl.load import reading
from etl.load.hold import StoreHold
from etl.load.service import load_file, load_files
from etl.workbook import Sheet
from tests.conftest import template_row

INSTITUTION = "Instituto de Prueba del Tablero"  # made up: generated figures never carry a real name


def counting_connect(monkeypatch):
    real, opened = store.connect, []

    def connect(*args, **kwargs):
        opened.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(store, "connect", connect)
    return opened


@pytest.fixture
def books(tmp_path, template_book):
    store.connect(tmp_path / "poa.duckdb").close()
    return [template_book(f"plan_{n}.xlsx", institution=f"{INSTITUTION} {n}",
                          rows=[template_row(f"Actividad {n}", months=(n + 1,))]) for n in range(4)]


def test_a_run_writes_many_workbooks_through_one_connection(tmp_path, books, monkeypatch):
    opened = counting_connect(monkeypatch)
    reports = load_files(books, tmp_path / "poa.duckdb", workers=1)
    assert [r.status for r in reports] == ["loaded"] * 4
    assert len(opened) == 1


def test_a_run_lets_go_of_the_store_once_it_held_it_long_enough(tmp_path, books, monkeypatch):
    """The dashboard's reads get in between workbooks: held past HOLD_S, the connection is closed."""
    monkeypatch.setattr("etl.load.hold.HOLD_S", 0.0)
    opened = counting_connect(monkeypatch)
    reports = load_files(books, tmp_path / "poa.duckdb", workers=1)
    assert [r.status for r in reports] == ["loaded"] * 4
    # One connection per workbook, and one more after the last to write the plans' per-plan rows
    # (etl/store/derived.py, refresh_plans): none was due yet, REFRESH_S apart.
    assert len(opened) == 5
    con = duckdb.connect(str(tmp_path / "poa.duckdb"))  # and nothing holds it after the run
    try:
        assert con.execute("SELECT count(*) FROM activities").fetchone() == (4,)
        assert con.execute("SELECT count(*) FROM stale_plans").fetchone() == (0,)
    finally:
        con.close()


def test_rows_are_written_in_slices_all_of_them(store_con, template_book, monkeypatch):
    monkeypatch.setattr(writer, "APPEND_ROWS", 3)
    path = template_book("largo.xlsx", institution=INSTITUTION,
                         rows=[template_row(f"Actividad {n}", months=(1, 2), target=n + 1) for n in range(10)])
    assert load_file(store_con, path).status == "loaded"
    count = lambda table: store_con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: E731
    assert (count("activities"), count("activity_months")) == (10, 20)
    assert sorted(r[0] for r in store_con.execute("SELECT activity FROM activities").fetchall()) == sorted(
        f"Actividad {n}" for n in range(10))


def test_a_load_replacing_two_earlier_ones_removes_both(store_con, template_book, tmp_path):
    """One earlier load by its name, another by its bytes: both give way in the one transaction."""
    load_file(store_con, template_book("plan.xlsx", institution=INSTITUTION, rows=[template_row("Uno")]))
    other = template_book("otro.xlsx", institution=INSTITUTION,
                          rows=[template_row("Dos", unit="Compras"), template_row("Tres", unit="Compras")])
    load_file(store_con, other)
    again = tmp_path / "nuevo" / "plan.xlsx"  # plan.xlsx by name, otro.xlsx by its bytes
    again.parent.mkdir()
    again.write_bytes(other.read_bytes())
    assert load_file(store_con, again).status == "loaded"
    status = store_con.execute("SELECT file_name, status FROM source_files ORDER BY file_id").fetchall()
    assert status == [("plan.xlsx", "replaced"), ("otro.xlsx", "replaced"), ("plan.xlsx", "loaded")]
    assert store_con.execute("SELECT count(*) FROM activities").fetchone() == (2,)
    assert store_con.execute("SELECT DISTINCT file_id FROM plan_versions").fetchall() == store_con.execute(
        "SELECT file_id FROM source_files WHERE status = 'loaded'").fetchall()


def test_shown_values_are_what_merged_value_shows():
    rows = [["Título", None, None, None],
            ["Producto", "Meta", None, "stale"],
            [None, 5, None, None, "Fin"],
            [None, None]]
    # A title across the row, a product merged down two rows, a header merged right past the row's end,
    # and a cell merged down into a row that ends before it.
    sheet = Sheet("POA", rows, merged=[(1, 1, 1, 4), (2, 1, 3, 1), (2, 4, 2, 5), (3, 2, 4, 2), (3, 5, 4, 5)])
    for r in range(1, 5):
        shown = sheet.shown_values(r)
        for c in range(1, 6):
            assert (shown[c - 1] if c <= len(shown) else None) == sheet.merged_value(r, c), (r, c)
    assert sheet.rows[1] == ["Producto", "Meta", None, "stale"]  # the sheet itself is not changed


def test_waiting_for_a_reader_lets_go_of_the_store_only_once_held_a_while(tmp_path, monkeypatch):
    """Each release checkpoints and the next write reopens: not after every workbook, but after WAIT_HOLD_S."""
    store.connect(tmp_path / "poa.duckdb").close()
    hold = StoreHold(tmp_path / "poa.duckdb")
    try:
        hold.get()
        hold.release_while_waiting()
        assert hold.con is not None
        monkeypatch.setattr("etl.load.hold.WAIT_HOLD_S", 0.0)
        hold.release_while_waiting()
        assert hold.con is None
    finally:
        hold.release()


def test_readers_are_forked_only_from_a_process_with_no_other_thread(tmp_path, monkeypatch, template_book):
    """DuckDB's own threads run while a connection is open; a fork then could copy a lock held by one. Such a
    process reads through a reader interpreter (etl/load/sandbox.py) instead of a forked pool."""
    from etl.load import sandbox

    pools = []
    monkeypatch.setattr(sandbox, "pool", lambda workers, real=sandbox.pool: pools.append(workers) or real(workers))
    files = [template_book(f"libro_{n}.xlsx") for n in range(3)]
    con = duckdb.connect(str(tmp_path / "abierto.duckdb"))
    try:
        assert reading._threads() > 1
        assert all(data is not None for _, (data, _) in reading.read_all(files, None, None, workers=2))
        assert pools == []
    finally:
        con.close()
    monkeypatch.setattr(reading, "_threads", lambda: 1)
    assert all(data is not None for _, (data, _) in reading.read_all(files, None, None, workers=2))
    assert pools == [2]


def test_a_slow_reader_does_not_keep_the_store_held(tmp_path, monkeypatch):
    """While the writer waits for a workbook that takes long to read, it keeps offering to let go of the store,
    so a wait that starts just after a write cannot hold it for the whole read."""
    import threading
    from concurrent.futures import Future

    monkeypatch.setattr(reading, "WAIT_S", 0.02)
    monkeypatch.setattr("etl.load.hold.WAIT_HOLD_S", 0.1)
    store.connect(tmp_path / "poa.duckdb").close()
    hold = StoreHold(tmp_path / "poa.duckdb")
    future = Future()
    threading.Timer(0.4, future.set_result, args=("leído",)).start()
    try:
        hold.get()  # a workbook has just been written
        assert reading.await_reader(future, hold.release_while_waiting) == "leído"
        assert hold.con is None
    finally:
        hold.release()
