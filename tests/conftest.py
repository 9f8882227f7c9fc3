import pytest

from etl import store


@pytest.fixture
def store_con(tmp_path):
    """A fresh store with schema and views, in its own temp file."""
    con = store.connect(tmp_path / "poa.duckdb")
    yield con
    con.close()
