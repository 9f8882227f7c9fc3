"""The bench times every page the same way: after its process's first run, with nothing cached (bench/pages.py)."""
from __future__ import annotations

import contextlib
import io
import json
import subprocess
import types

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


class _Killed(Exception):
    """The page's process killed at its time limit, in the middle of a step."""


FIRST_RUN_S = 100.0  # added to each process's first run: far slower than any page step, so it shows if counted


@pytest.fixture(scope="module")
def bench_run(poa_store):
    """bench.pages.run_all over four pages, each page's process run here: the real measure() printing its JSON
    lines and run_all reading them back. Resumen and Metas run to the end; Cronograma's process is killed at the
    limit after its first run, Presupuesto's before it printed anything."""
    timed = pages._timed
    first_runs = {}

    def run(args, cwd, env, capture_output, text, timeout):
        page, limit, institution = args[-3], float(args[-2]), args[-1]
        assert args[:3] == [pages.sys.executable, "-m", "bench.pages"] and cwd == pages.ROOT
        calls = []

        def process_timed(step):
            calls.append(step)
            if page == "pages/presupuesto.py" or (page == "pages/cronograma.py" and len(calls) > 1):
                raise _Killed
            value = timed(watched if len(calls) == 1 else step)
            return value + FIRST_RUN_S if len(calls) == 1 and isinstance(value, float) else value

        def watched():  # the first run: the app's script is run, and the page drawn
            at = first_runs[page] = calls[0]()
            return at

        out = io.StringIO()
        with pytest.MonkeyPatch.context() as mp, contextlib.redirect_stdout(out):
            mp.setenv("POA_DB", env["POA_DB"])
            mp.setattr(pages, "_timed", process_timed)
            try:
                pages.measure(page, limit, institution)
            except _Killed:
                raise subprocess.TimeoutExpired(args, timeout, output=out.getvalue().encode()) from None
        return subprocess.CompletedProcess(args, 0, out.getvalue(), "")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pages, "subprocess", types.SimpleNamespace(run=run, TimeoutExpired=subprocess.TimeoutExpired))
        mp.setattr(pages, "PAGES", ["pages/resumen.py", "pages/metas.py", "pages/cronograma.py",
                                    "pages/presupuesto.py"])
        results = pages.run_all(poa_store, timeout=40.0)
    return results, {page: _drawn(at) for page, at in first_runs.items()}


def _drawn(at) -> bool:
    try:
        return len(at.main.children) > 0
    except KeyError:  # an AppTest never run has no page
        return False


def test_the_first_run_of_a_process_is_reported_but_is_no_page_step(bench_run):
    results, first_run_drew = bench_run
    assert first_run_drew == {"pages/resumen.py": True, "pages/metas.py": True, "pages/cronograma.py": True}
    finished = results[:2]
    assert [r["page"] for r in finished] == ["pages/resumen.py", "pages/metas.py"]
    for r in finished:
        assert set(r) == {"page", "cold_start", *pages.STEPS}, r
        assert all(isinstance(r[k], float) for k in ("cold_start", *pages.STEPS)), r
        assert r["cold_start"] >= FIRST_RUN_S, r
    steps = [r[k] for r in finished for k in pages.STEPS]
    assert max(steps) < FIRST_RUN_S
    assert pages.slowest(finished) == max(steps)
    assert pages.at_least(finished) == max(steps)
    assert pages.cold_start(finished) == max(r["cold_start"] for r in finished)


def test_a_page_whose_process_was_stopped_leaves_the_slowest_page_unknown(bench_run):
    results, _ = bench_run
    stopped, never_started = results[2:]
    assert set(stopped) == {"page", "cold_start", "filtered"} and stopped["cold_start"] >= FIRST_RUN_S
    assert stopped["filtered"] == "más de 40 s (detenida)"
    assert never_started == {"page": "pages/presupuesto.py", "cold_start": "más de 40 s (detenida)"}
    assert pages.slowest(results) is None
    assert pages.at_least(results) == 40.0  # the stopped step counts as the limit, a lower bound
    assert pages.cold_start(results) == max(r["cold_start"] for r in results[:3])
