"""Rerun time of every dashboard page with Streamlit's AppTest, one page per process.

A page gets its own process so that one slow or stuck page cannot hold the others up (it is killed
at the time limit) and so that no page finds another's results in Streamlit's cache.
Measured per page: `filtered` (the page opened narrowed to one institution, its queries not cached),
`open` (the filter cleared: the national view, its queries not cached) and `rerun` (the same view
again, reads cached, as after a click that changes nothing the page reads).

Each process first runs the app once, untimed for the target: `cold_start`, reported apart. That run is Python
importing the dashboard's libraries (pandas, plotly) and Streamlit setting itself up, which a server does once for
its first visitor, not at every page. Streamlit's cache is then emptied, so that every page's `filtered` step reads
all it shows from the store, Resumen's as the others'.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The steps the target is about; cold_start (the process's first run) is reported beside them.
STEPS = ("filtered", "open", "rerun")
PAGES = ["pages/resumen.py", "pages/cronograma.py", "pages/metas.py", "pages/presupuesto.py", "pages/evolucion.py",
         "pages/explorador.py", "pages/datos.py"]


def _timed(step) -> float | str:
    start = time.perf_counter()
    try:
        at = step()
    except RuntimeError:  # AppTest's time limit
        return f"más de {time.perf_counter() - start:.0f} s (detenida)"
    seconds = round(time.perf_counter() - start, 2)
    if at.exception:
        return f"error: {at.exception[0].value}"[:200]
    return seconds


def measure(page: str, timeout: float, institution: str | None) -> None:
    """Print one JSON line per step as soon as it is measured: a page killed at the limit keeps the others."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    def report(step, value):
        print(json.dumps({"step": step, "value": value}, ensure_ascii=False), flush=True)
        return isinstance(value, float)

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    # Arrive through a shared link narrowed to one institution, so that reaching the page does not
    # first cost the whole national view of the default page.
    at.query_params["institucion"] = institution
    if not report("cold_start", _timed(at.run)):
        return
    # Every page, Resumen (the app's first) too, is timed after that run and with nothing cached.
    st.cache_data.clear()
    if not report("filtered", _timed(lambda: (at if page == PAGES[0] else at.switch_page(page)).run())):
        return
    # The national view: every institution, queries not cached yet.
    if report("open", _timed(lambda: at.sidebar.multiselect(key="f_institution").set_value([]).run())):
        report("rerun", _timed(at.run))  # the same view again: reads come from Streamlit's cache


def run_all(db: Path, timeout: float = 40.0) -> list[dict]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        institution = con.execute("SELECT institution FROM activities GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
                                  ).fetchone()[0]
    finally:
        con.close()
    results = []
    env = {**os.environ, "POA_DB": str(db)}
    limit = 2 * timeout + 30
    for page in PAGES:
        args = [sys.executable, "-m", "bench.pages", page, str(timeout), institution]
        try:
            proc = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=limit)
            out, err = proc.stdout, proc.stderr
        except subprocess.TimeoutExpired as exc:
            out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
            err = ""
        result = {"page": page}
        for line in out.splitlines():
            if line.startswith("{"):
                step = json.loads(line)
                result[step["step"]] = step["value"]
        for step in ("cold_start", *STEPS):
            if step in result and isinstance(result[step], float):
                continue
            if step not in result:  # the process died or was killed during this step
                failed = "Traceback" in err
                result[step] = (f"error: {err.strip().splitlines()[-1]}"[:200] if failed
                                else f"más de {timeout:.0f} s (detenida)")
            break  # after a step that did not finish, the next ones were never run
        results.append(result)
    return results


def at_least(results: list[dict]) -> float | None:
    """The slowest page run in seconds, counting a run stopped at the limit as that limit: a lower bound."""
    import re

    times = []
    for r in results:
        for k, v in r.items():
            if k not in STEPS:
                continue
            if isinstance(v, (int, float)):
                times.append(v)
            elif m := re.search(r"más de (\d+)", str(v)):
                times.append(float(m.group(1)))
    return max(times, default=None)


def cold_start(results: list[dict]) -> float | None:
    """The slowest first run of a page's process (imports and Streamlit's start-up): not a page's time."""
    times = [r["cold_start"] for r in results if isinstance(r.get("cold_start"), (int, float))]
    return max(times, default=None)


def slowest(results: list[dict]) -> float | None:
    """The slowest page run in seconds; a run that failed or timed out counts as None (unknown)."""
    if any(not isinstance(r[k], (int, float)) for r in results for k in ("cold_start", *STEPS) if k in r):
        return None
    return max((r[k] for r in results for k in STEPS if k in r), default=None)


if __name__ == "__main__":
    measure(sys.argv[1], float(sys.argv[2]), sys.argv[3])
    sys.stdout.flush()
    os._exit(0)  # a timed-out script thread must not keep the process alive
