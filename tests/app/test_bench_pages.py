"""The bench times every page the same way: after its process's first run, with nothing cached (bench/pages.py)."""
from __future__ import annotations

import json

import pytest

from bench import pages
from dashboard import connection


@pytest.mark.parametrize("page", ["pages/resumen.py", "pages/metas.py"])
def test_each_timed_step_after_the_first_run_reads_what_it_shows_from_the_store(page, sql, monkeypatch, capsys):
    reads_per_step = []
    reads = []
    run_connection, timed = connection._run_connection, pages._timed
    monkeypatch.setattr(connection, "_run_connection", lambda db: reads.append(db) or run_connection(db))

    def counted(step):
        before = len(reads)
        try:
            return timed(step)
        finally:
            reads_per_step.append(len(reads) - before)

    monkeypatch.setattr(pages, "_timed", counted)
    institution = sql("SELECT institution FROM activities GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")[0][0]
    pages.measure(page, 60.0, institution)

    steps = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    assert [s["step"] for s in steps] == ["cold_start", "filtered", "open", "rerun"]
    assert all(isinstance(s["value"], float) for s in steps), steps
    reads_of = dict(zip((s["step"] for s in steps), reads_per_step))
    # Resumen's filtered view is the one the first run drew: it is read again only because the cache was emptied.
    assert reads_of["filtered"] > 0
    assert reads_of["open"] > 0
    assert reads_of["rerun"] == 0


def test_the_first_run_of_a_process_is_reported_but_is_no_page_step():
    results = [{"page": "pages/resumen.py", "cold_start": 1.5, "filtered": 0.43, "open": 0.56, "rerun": 0.31},
               {"page": "pages/metas.py", "cold_start": 1.25, "filtered": 0.69, "open": 0.78, "rerun": 0.31}]
    assert pages.slowest(results) == 0.78
    assert pages.at_least(results) == 0.78
    assert pages.cold_start(results) == 1.5


def test_a_page_whose_process_never_started_leaves_the_slowest_page_unknown():
    results = [{"page": "pages/resumen.py", "cold_start": 1.5, "filtered": 0.43, "open": 0.56, "rerun": 0.31},
               {"page": "pages/metas.py", "cold_start": "más de 40 s (detenida)"}]
    assert pages.slowest(results) is None
    assert pages.cold_start(results) == 1.5
