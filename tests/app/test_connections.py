"""How a page run holds the store: one read-only connection per run, let go at its end or after HOLD_S,
and a message, not a traceback, while a load holds it."""
import duckdb
import pytest

from etl import store
from tests.app.demo_store import build_demo_store
from tests.app.test_pages import assert_clean, open_page


def test_a_store_held_by_a_load_gets_a_message_not_a_traceback(tmp_path, monkeypatch):
    from dashboard import connection

    db = build_demo_store(tmp_path / "ocupado.duckdb")  # its own path: nothing of it is cached yet
    monkeypatch.setenv("POA_DB", str(db))

    def busy(path, tries=20):
        raise store.StoreBusy(path)

    monkeypatch.setattr(connection, "_open_read_only", busy)
    at = open_page("pages/explorador.py")
    assert not at.exception, [e.value for e in at.exception]
    assert any("almacén está ocupado" in e.value for e in at.error)


def test_a_run_reads_through_one_connection_and_lets_go_at_its_end(tmp_path, monkeypatch):
    """A page's cache misses share one read-only connection (opening one costs ~25 ms at 1M), and the
    store is free for a writer as soon as the run is over."""
    from dashboard import connection, queries

    db = build_demo_store(tmp_path / "poa.duckdb")
    monkeypatch.setenv("POA_DB", str(db))
    opened, reads = [], []
    real_open, real_read = connection._open_read_only, queries.read

    def counted_open(path, *a, **k):
        opened.append(path)
        return real_open(path, *a, **k)

    def counted_read(sql, params=()):
        reads.append(sql)
        return real_read(sql, params)

    monkeypatch.setattr(connection, "_open_read_only", counted_open)
    monkeypatch.setattr(queries, "read", counted_read)
    monkeypatch.setattr(connection, "HOLD_S", 60.0)  # a slow machine must not let go in the middle of the run
    at = open_page("pages/metas.py", institucion="Tesorería de la Seguridad Social")
    assert_clean(at)
    assert len(reads) >= 10 and 1 <= len(opened) <= 2, (len(reads), len(opened))  # one per run at most
    con = store.connect(db, wait_s=0)  # StoreBusy if a run still held the store
    con.close()


def test_the_held_connection_is_let_go_after_hold_s(tmp_path, monkeypatch):
    from dashboard import connection

    db = build_demo_store(tmp_path / "poa.duckdb")
    monkeypatch.setattr(connection, "get_script_run_ctx", lambda **k: object())  # as inside a script run
    monkeypatch.setattr(connection, "HOLD_S", 0.0)
    try:
        first = connection._run_connection(str(db))
        second = connection._run_connection(str(db))
        assert second is not first
        with pytest.raises(duckdb.ConnectionException):
            first.execute("SELECT 1")  # closed when the second was opened
        monkeypatch.setattr(connection, "HOLD_S", 60.0)
        assert connection._run_connection(str(db)) is connection._run_connection(str(db))
    finally:
        connection.release()
    store.connect(db, wait_s=0).close()
