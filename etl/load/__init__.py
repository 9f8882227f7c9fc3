"""Loading workbooks into the store, with a report per file: what the CLI and the Datos page upload share.

files.py finds the workbooks, reading.py reads them in reader processes (sandbox.py), writing.py writes one,
hold.py decides when the writer lets go of the store, report.py words the report, and service.py ties them.

The names below are imported when first asked for, not with the package: a reader process imports
etl.load.sandbox, and must not bring the writer (etl.store, DuckDB) in with it.
"""
import importlib

_HOMES = {
    "expand": "files",
    "FileReport": "report", "layout_label": "report", "plural": "report",
    "read_all": "reading", "await_reader": "reading",
    "StoreHold": "hold",
    "load_file": "service", "load_file_at": "service", "load_files": "service", "StoreUnavailable": "service",
}
__all__ = list(_HOMES)


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module 'etl.load' has no attribute {name!r}")
    return getattr(importlib.import_module(f"etl.load.{_HOMES[name]}"), name)
