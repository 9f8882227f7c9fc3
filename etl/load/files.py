"""Which files a load takes: the ones named, and the workbooks inside the folders named."""
from __future__ import annotations

from pathlib import Path

from etl.workbook import EXTENSIONS

WORKBOOK_SUFFIXES = set(EXTENSIONS)


def expand(paths: list[str]) -> tuple[list[Path], list[str]]:
    """Files named, and the workbooks inside folders named; plus what does not exist."""
    files, missing = [], []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*")
                                if f.is_file() and f.suffix.lower() in WORKBOOK_SUFFIXES
                                and not f.name.startswith(("~$", "."))))
        elif p.is_file():
            files.append(p)
        else:
            missing.append(str(p))
    return files, missing
