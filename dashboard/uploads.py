"""Workbooks uploaded on the Datos page, loaded into the store with a report per file."""
from __future__ import annotations

import re
import tempfile
from pathlib import Path

from dashboard import connection
from dashboard.store_setup import db_path
from etl import store
from etl.load import service
from etl.load.report import FileReport
from etl.workbook import EXTENSIONS


def upload_suffix(name: str) -> str:
    """The extension a workbook is written under: the user's, when it is one the reader takes."""
    suffix = Path(name).suffix.lower()
    return suffix if suffix in EXTENSIONS else ".xlsx"


def report_entries(reports: list[FileReport]) -> list[tuple[str, list[str], list[str]]]:
    """What the Datos page keeps of each report between runs: heading, detail lines (what the reader understood
    among them), warnings."""
    return [(r.heading, r.details + [f"leído: {u}" for u in r.understood], [str(x) for x in r.warnings])
            for r in reports]


def load_uploads(files: list[tuple[str, bytes]], loaded_by: str | None = None,
                 profile: str | None = None) -> list[FileReport]:
    """Load uploaded workbooks; the store is held only while each one is written.

    The user's file name is only text for the report and source_files: each upload is written
    under a name chosen here, in a temporary folder removed whatever happens. `profile` names the saved
    profile to read them by (the mapping step, dashboard/mapping.py).
    """
    reports = []
    connection.release()  # this run's read-only connection would keep the writer below waiting for itself
    with tempfile.TemporaryDirectory(prefix="poa_upload_") as tmp:
        for n, (user_name, content) in enumerate(files, 1):
            name = re.split(r"[\\/]", user_name)[-1][:200] or f"libro {n}"
            path = Path(tmp) / f"upload_{n}{upload_suffix(name)}"
            path.write_bytes(content)
            try:
                reports.append(service.load_file_at(db_path(), path, name=name, loaded_by=loaded_by,
                                                         profile=profile))
            except store.StoreError as exc:
                reports.append(FileReport(path, "rejected", message=str(exc), name=name))
    return reports
