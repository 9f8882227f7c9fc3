"""source_files.loaded_by: every load says who asked for it, and an older store gains the column intact."""
from __future__ import annotations

import getpass

import duckdb

from etl import store
from etl.load import load_file_at
from tests.conftest import cli_load
from tests.store.test_store import workbook


def test_old_store_upgrades_and_keeps_its_rows(tmp_path):
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    for path in store.sql_files():  # the store as it was before the audit column
        if path.parent.name == "base" and path.name != "08_loaded_by.sql":
            con.execute(path.read_text(encoding="utf-8"))
    con.execute("INSERT INTO source_files (file_name, sha256, status, activities) VALUES ('viejo.xlsx', 'x', 'loaded', 3)")
    con.close()

    con = store.connect(db)
    try:
        rows = con.execute("SELECT file_name, activities, loaded_by FROM v_load_history").fetchall()
        assert rows == [("viejo.xlsx", 3, None)]
        new_id = store.write_workbook(con, workbook(), loaded_by="ana@planificacion.example")
        assert con.execute("SELECT loaded_by FROM source_files WHERE file_id = ?", [new_id]).fetchone() == (
            "ana@planificacion.example",)
    finally:
        con.close()
    store.connect(db).close()  # upgrading twice is harmless


def test_rejection_records_who(store_con):
    file_id = store.record_rejection(store_con, "malo.xlsx", "y", "no es un libro", loaded_by="luis@example.org")
    assert store_con.execute("SELECT status, loaded_by FROM v_load_history WHERE file_id = ?",
                             [file_id]).fetchone() == ("rejected", "luis@example.org")


def test_dashboard_load_records_the_given_user(tmp_path, template_book):
    db = tmp_path / "poa.duckdb"
    report = load_file_at(db, template_book(), loaded_by="eva@planificacion.example")
    assert report.status == "loaded"
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT loaded_by FROM source_files").fetchall() == [("eva@planificacion.example",)]
    con.close()


def test_command_line_records_the_os_user(tmp_path, template_book):
    db = tmp_path / "poa.duckdb"
    book = template_book()
    (tmp_path / "roto.xlsx").write_bytes(b"not a workbook")
    cli_load(db, book, tmp_path / "roto.xlsx")
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("SELECT status, loaded_by FROM source_files ORDER BY file_id").fetchall()
    con.close()
    assert rows == [("loaded", f"cli:{getpass.getuser()}"), ("rejected", f"cli:{getpass.getuser()}")]
