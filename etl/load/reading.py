"""Reading workbooks in reader processes (sandbox.py) while the caller writes: reading needs no store."""
from __future__ import annotations

import os
from collections import deque
from concurrent.futures import wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Callable

from etl.store import turns
from etl.load import sandbox
from etl.model import RejectedFile, WorkbookData
from etl.pipeline import read_workbook

# A reader this slow to hand over its workbook makes the writer let go of the store meanwhile.
WAIT_S = 0.05


def read_one(path: Path, institution: str | None, year: int | None,
             name: str | None = None, profile: str | None = None) -> tuple[WorkbookData | None, str]:
    """(data, '') or (None, the reason in Spanish): never raises, so one file cannot stop the others.
    `profile` names a saved profile (data/profiles/) to read the workbook by (--perfil)."""
    try:
        return read_workbook(path, institution=institution, year=year, name=name, profile=profile), ""
    except RejectedFile as exc:
        return None, str(exc)
    except MemoryError:
        return None, sandbox.STOPPED
    except Exception as exc:  # a reader bug must not take the other files down with it
        return None, (f"error inesperado al leer el libro ({type(exc).__name__}: {exc}); "
                      "avise al equipo del tablero")


def read_alone(path: Path, institution: str | None, year: int | None,
               name: str | None = None, profile: str | None = None) -> tuple[WorkbookData | None, str]:
    """read_one in a reader process of its own (sandbox.py): a file that kills its reader is rejected."""
    result = sandbox.run_alone(read_one, path, institution, year, name, profile, fork=forkable())
    return result if result is not None else (None, sandbox.STOPPED)


def forkable() -> bool:
    """Whether readers may be forked from this process: a single thread (DuckDB runs its own while a connection
    is open), and no turn held at the store (a forked reader would keep it: etl/store/turns.py)."""
    return _threads() == 1 and turns.held() == 0


def _threads() -> int:
    """Threads of this process, DuckDB's native ones included (Linux); 0 when it cannot tell."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return 0


def read_all(files: list[Path], institution: str | None, year: int | None, workers: int | None = None,
             on_wait: Callable[[], None] | None = None, on_start: Callable[[], None] | None = None,
             profile: str | None = None):
    """(path, (data, message)) for each file, in order, read in reader processes while the caller writes.

    Reading is the slow part and needs no store; writing stays in this process, one workbook at a time.
    At most two files per worker are read ahead, so memory stays flat however many files there are.
    A reader that dies (a hostile file, sandbox.py) takes the files it had in hand with it: each of them
    is read again alone, so that only the one that killed it is rejected, and the rest go to a new pool.
    `on_wait` is called before waiting more than a moment for a reader (the writer lets go of the store);
    `on_start` once the readers are at work, before the first result is handed out. `profile` is read_one's.
    """
    workers = max(1, min(workers or min(os.cpu_count() or 1, 4), len(files)))
    todo = deque(files)
    started = False
    while todo:
        if not forkable():
            # Not the CLI before its first write (the dashboard, a test run, a pool that broke while the store is
            # held): one reader interpreter, files in turn (sandbox.py).
            with sandbox.Interpreter() as reader:
                if on_start and not started:
                    started = True
                    on_start()
                while todo:
                    path = todo.popleft()
                    result = reader.run(read_one, path, institution, year, None, profile)
                    yield path, result if result is not None else (None, sandbox.STOPPED)
            return
        pending: deque = deque()
        try:
            with sandbox.pool(workers) as pool:
                while todo and len(pending) < 2 * workers:
                    pending.append((todo[0], None))
                    pending[-1] = (todo[0], pool.submit(read_one, todo.popleft(), institution, year, None, profile))
                if on_start and not started:  # after the fork: readers are forked from one thread
                    started = True
                    on_start()
                while pending:
                    path, future = pending[0]
                    result = await_reader(future, on_wait)
                    pending.popleft()
                    yield path, result
                    if todo:
                        pending.append((todo[0], None))  # if the pool is broken, it is read again below
                        pending[-1] = (todo[0], pool.submit(read_one, todo.popleft(), institution, year, None, profile))
        except BrokenProcessPool:
            for path, _ in pending:
                yield path, read_alone(path, institution, year, None, profile)


def await_reader(future, on_wait: Callable[[], None] | None):
    """A reader's result, calling `on_wait` every WAIT_S while it is not there: the writer lets go of the
    store once it has held it WAIT_HOLD_S (hold.py), however long the reader takes (a big workbook takes seconds)."""
    if future is None:
        raise BrokenProcessPool("the pool broke before the file was handed to it")
    if on_wait:
        while not wait([future], timeout=WAIT_S).done:
            on_wait()
    return future.result()
