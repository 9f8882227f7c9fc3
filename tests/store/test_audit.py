"""source_files.loaded_by: every load says who asked for it; a store without the column is refused, untouched."""
from __future__ import annotations

import getpass

import duckdb
import pytest

from etl import store
from etl.load import load_file_at
from tests.conftest import cli_load
from tests.store.test_store import workbook


def test_a_store_whose_facts_have_another_shape_is_refused_untouched(tmp_path):
    """No release has shipped, so no store is carried forward: one written before the audit column (its
    source_files without loaded_by) is refused with a Spanish reason, and nothing in it changes."""
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE source_files (file_id INTEGER, file_name VARCHAR, sha256 VARCHAR, layout VARCHAR, "
                "institution VARCHAR, year INTEGER, loaded_at TIMESTAMP, activities INTEGER, status VARCHAR, "
                "message VARCHAR)")
    con.execute("INSERT INTO source_files VALUES (1, 'viejo.xlsx', 'x', NULL, 'I', 2023, now(), 3, 'loaded', NULL)")
    before = con.execute("SELECT * FROM source_files").fetchall()
    con.close()
    with pytest.raises(store.StoreUnreadable, match="versión anterior del tablero.*source_files.*vuelva a cargar"):
        store.connect(db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT * FROM source_files").fetchall() == before
        assert con.execute("SELECT count(*) FROM duckdb_tables()").fetchone() == (1,)  # nothing created beside it
    finally:
        con.close()


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
