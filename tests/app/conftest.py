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


@pytest.fixture
def sql(poa_store):
    """Ask the store directly, to check what a page shows against the views themselves."""
    def run(query, params=()):
        con = duckdb.connect(str(poa_store), read_only=True)
        try:
            return con.execute(query, list(params)).fetchall()
        finally:
            con.close()
    return run
