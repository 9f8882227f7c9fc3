"""The app runs on the five samples, loaded through the CLI; a failed load fails the session."""
from __future__ import annotations

import duckdb
import pytest

from tests.app.demo_store import build_test_store


@pytest.fixture(scope="session")
def poa_store(tmp_path_factory):
    return build_test_store(tmp_path_factory.mktemp("store") / "poa.duckdb")


@pytest.fixture(autouse=True)
def _use_store(poa_store, monkeypatch):
    monkeypatch.setenv("POA_DB", str(poa_store))


@pytest.fixture(scope="session")
def _poa_store_read_only(poa_store):
    """One read-only connection to the session's store, for `sql`: nothing writes to that store, so it is never
    in a writer's way, and each query does not open the file again."""
    con = duckdb.connect(str(poa_store), read_only=True)
    yield con
    con.close()


@pytest.fixture
def sql(_poa_store_read_only):
    """Ask the store directly, to check what a page shows against the views themselves."""
    def run(query, params=()):
        cur = _poa_store_read_only.cursor()
        try:
            return cur.execute(query, list(params)).fetchall()
        finally:
            cur.close()
    return run
