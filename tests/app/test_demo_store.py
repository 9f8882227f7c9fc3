"""The store the app and browser tests run on is the samples, all of them, or the session stops."""
from __future__ import annotations

import shutil

import duckdb
import pytest

from tests.app import demo_store


def test_every_sample_is_loaded(poa_store):
    con = duckdb.connect(str(poa_store), read_only=True)
    try:
        loaded = con.execute("SELECT file_name FROM source_files WHERE status = 'loaded' ORDER BY 1").fetchall()
    finally:
        con.close()
    assert [r[0] for r in loaded] == sorted(p.name for p in demo_store.SAMPLES.glob("*.xlsx"))


def test_a_sample_that_fails_to_load_stops_the_tests_with_the_loader_output(tmp_path, monkeypatch):
    samples = tmp_path / "samples"
    shutil.copytree(demo_store.SAMPLES, samples)
    (samples / "tss_poa_2024.xlsx").write_bytes(b"no es un libro")
    monkeypatch.setattr(demo_store, "SAMPLES", samples)
    with pytest.raises(demo_store.SampleLoadFailed, match="tss_poa_2024.xlsx"):
        demo_store.build_test_store(tmp_path / "poa.duckdb")


def test_missing_samples_stop_the_tests(tmp_path, monkeypatch):
    monkeypatch.setattr(demo_store, "SAMPLES", tmp_path)
    with pytest.raises(demo_store.SampleLoadFailed, match="make samples"):
        demo_store.build_test_store(tmp_path / "poa.duckdb")
