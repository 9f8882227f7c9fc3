"""Readers and loads take turns at the store (etl/store/turns.py): a read waits for one hold of a load, never loses."""
from __future__ import annotations

import subprocess
import sys
import threading
import time

import duckdb

from etl import store
from etl.store import turns
from tests.faults import hostile
from tests.faults.test_hostile_files import ROOT


def test_a_waiting_reader_goes_before_the_writers_next_turn(tmp_path):
    db = tmp_path / "poa.duckdb"
    order: list[str] = []
    writer = turns.take(db, exclusive=True, wait_s=1)

    def read():
        turn = turns.take(db, exclusive=False, wait_s=5)
        order.append("lector")
        time.sleep(0.2)
        turn.release()

    reader = threading.Thread(target=read)
    reader.start()
    time.sleep(0.2)  # the reader is waiting for the writer's turn
    writer.release()
    again = turns.take(db, exclusive=True, wait_s=5)  # at once, as a load's next hold does
    order.append("carga")
    again.release()
    reader.join()
    assert order == ["lector", "carga"]


def test_readers_share_a_turn_and_a_writer_waits_for_them(tmp_path):
    db = tmp_path / "poa.duckdb"
    a, b = turns.take(db, False, 1), turns.take(db, False, 1)
    try:
        started = time.monotonic()
        try:
            turns.take(db, True, 0.2)
            raise AssertionError("a writer got in while two readers read")
        except turns.TurnTimeout:
            assert time.monotonic() - started >= 0.2
    finally:
        a.release()
        b.release()
    turns.take(db, True, 1).release()


def test_a_turn_ends_with_its_connection(tmp_path):
    db = tmp_path / "poa.duckdb"
    con = store.connect(db)
    assert turns.held() == 1
    con.close()
    assert turns.held() == 0
    turns.take(db, True, 0.1).release()


def test_no_read_is_lost_while_loads_run(tmp_path):
    """A script imitating a page's run (open, ten reads, close) in a loop while `python -m etl load` writes
    60 workbooks: every run gets its reads; the longest wait is one hold of the load."""
    db = tmp_path / "poa.duckdb"
    store.connect(db).close()
    books = [hostile.template_workbook(tmp_path / f"plan_{n}.xlsx", activities=300, year=1991 + n) for n in range(60)]
    loader = subprocess.Popen([sys.executable, "-m", "etl", "load", "--db", str(db), *map(str, books)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    runs, lost, waits = 0, [], []
    while loader.poll() is None:
        started = time.monotonic()
        try:
            con = store.connect(db, read_only=True, wait_s=15)
            waits.append(time.monotonic() - started)
            try:
                for _ in range(10):
                    con.execute("SELECT count(*) FROM v_activities").fetchall()
            finally:
                con.close()
            runs += 1
        except (store.StoreError, duckdb.Error) as exc:
            lost.append(str(exc))
        time.sleep(0.05)
    out = loader.communicate()[0]
    assert loader.returncode == 0, out
    assert not lost, lost
    assert runs >= 3, f"only {runs} reads in the whole load"
    assert max(waits) < 5, waits  # a hold of the load (about a second) and its commit, not a lost race
