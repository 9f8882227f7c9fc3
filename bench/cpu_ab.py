"""CPU-time A/B of every page query on two stores: python -m bench.cpu_ab OLD.duckdb NEW.duckdb [runs] [out.json].

On a shared machine wall-clock figures measure the other jobs; the CPU time of the process (user + system,
DuckDB's threads included), minimum of `runs`, compares two stores' views fairly. Each run is what the
dashboard does on a cache miss: open read-only, execute, fetch into pandas, close. The SQL is this checkout's
(dashboard/queries.py, the bench's filter sets); each store answers it with the views it holds.
"""
from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

import duckdb

from bench import query_bench


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def timed(db: Path, sql: str, params: tuple, runs: int) -> tuple[float, float]:
    """(CPU ms, wall ms), the minimum of `runs`."""
    best = (float("inf"), float("inf"))
    for _ in range(runs):
        cpu, wall = _cpu(), time.perf_counter()
        con = duckdb.connect(str(db), read_only=True)
        try:
            con.execute(sql, list(params)).df()
        finally:
            con.close()
        best = min(best, ((_cpu() - cpu) * 1000, (time.perf_counter() - wall) * 1000))
    return best


def main(argv: list[str]) -> int:
    old, new = Path(argv[0]), Path(argv[1])
    runs = int(argv[2]) if len(argv) > 2 else 3
    out, seen = [], set()
    for label, filters in query_bench.filter_sets(new).items():
        for name, sql, params in query_bench.page_queries(new, filters):
            if (sql, repr(params)) in seen:
                continue
            seen.add((sql, repr(params)))
            a, b = timed(old, sql, params, runs), timed(new, sql, params, runs)
            out.append({"query": name, "filters": label, "old_cpu_ms": round(a[0]), "new_cpu_ms": round(b[0]),
                        "old_wall_ms": round(a[1]), "new_wall_ms": round(b[1])})
            print(json.dumps(out[-1], ensure_ascii=False), flush=True)
    print(f"total CPU: {sum(r['old_cpu_ms'] for r in out) / 1000:.1f} s -> "
          f"{sum(r['new_cpu_ms'] for r in out) / 1000:.1f} s", flush=True)
    if len(argv) > 3:
        Path(argv[3]).write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
