"""A store to run the app on: the five samples through the CLI when they exist, the hand-made one otherwise."""
from __future__ import annotations

import duckdb
import pytest

from tests.app.demo_store import build_test_store


@pytest.fixture(scope="session")
def poa_store(tmp_path_factory):
    path, kind = build_test_store(tmp_path_factory.mktemp("store") / "poa.duckdb")
    return path


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
