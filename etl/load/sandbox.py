"""Workbooks are read in processes of their own, under a memory cap.

A parser handed a hostile file may ask for more memory than the machine has; calamine (Rust) then aborts the
whole process, with no exception to catch. Read in a child process, such a file costs that child only: the
loader, or the dashboard serving everyone, reports the workbook as rejected and goes on (docs/reliability.md).
"""
from __future__ import annotations

import ctypes
import importlib
import multiprocessing
import os
import pickle
import resource
import signal
import subprocess
import sys
from pathlib import Path
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

# Address space a reader may take beyond what it starts with. The 60,000-activity workbook of the bench needs
# well under half of it; a hostile sheet asking for gigabytes gets a failed allocation instead.
READER_MEMORY_MB = 512
_PR_SET_PDEATHSIG = 1
ROOT = Path(__file__).resolve().parents[2]

STOPPED = ("la lectura del libro se detuvo sin terminar: el lector pidió más memoria de la permitida "
           f"({READER_MEMORY_MB:,} MB) o encontró un contenido que no puede procesar; el libro no se cargó. "
           "Ábralo en Excel, guárdelo de nuevo como .xlsx y vuelva a cargarlo; si se repite, avise al equipo "
           "del tablero")


def start_reader(parent: int | None = None) -> None:
    """Run first in every reader process: cap its memory, and have it end with the process that started it
    (a loader killed with `kill -9` must not leave its readers behind, holding its output open)."""
    _die_with_parent(parent)
    _cap_memory(READER_MEMORY_MB)
    _quiet()


def _quiet() -> None:
    """A parser that aborts prints its own backtrace (Rust's) on stderr: the report says what happened instead."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass


def _die_with_parent(parent: int | None) -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the reader ends when its pipe closes, as before
        return
    if parent is not None and os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _cap_memory(megabytes: int) -> None:
    try:
        with open("/proc/self/status") as f:
            size_kb = next(int(line.split()[1]) for line in f if line.startswith("VmSize:"))
    except (OSError, StopIteration, ValueError):
        return
    limit = size_kb * 1024 + megabytes * 1024 * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft == resource.RLIM_INFINITY or soft > limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def pool(workers: int) -> ProcessPoolExecutor:
    """Reader processes forked from this one, which must have a single thread: a fork shares what this process
    has imported, but forking a process with other threads alive (DuckDB's while a connection is open,
    Streamlit's) could copy a lock one of them holds. Those processes use Interpreter instead."""
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    return ProcessPoolExecutor(workers, mp_context=ctx, initializer=start_reader, initargs=(os.getpid(),))


def run_alone(fn, *args, fork: bool):
    """fn(*args) in a reader process of its own (forked when `fork`); None when it died before answering."""
    if not fork:
        with Interpreter() as reader:
            return reader.run(fn, *args)
    try:
        with pool(1) as executor:
            return executor.submit(fn, *args).result()
    except BrokenProcessPool:
        return None


class Interpreter:
    """A reader that is a new interpreter (`python -m etl.load.sandbox`), for a process with other threads (the
    dashboard): multiprocessing would start its readers by importing that process's main script again (app.py,
    under Streamlit's tests). Jobs go one at a time over its stdin and stdout; one that kills it gets None, and
    the next job starts a new interpreter."""

    def __init__(self):
        self.proc: subprocess.Popen | None = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        if self.proc is not None:
            proc, self.proc = self.proc, None
            try:
                proc.stdin.close()
                proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                proc.kill()
                proc.wait()
            finally:
                proc.stdout.close()

    def run(self, fn, *args):
        if self.proc is None:
            self.proc = subprocess.Popen([sys.executable, "-m", "etl.load.sandbox"], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT)
        try:
            _send(self.proc.stdin, (fn.__module__, fn.__qualname__, args))
            return _receive(self.proc.stdout)
        except (OSError, EOFError, pickle.UnpicklingError):  # the reader died with the job
            self.proc.kill()
            self.close()
            return None


def _send(stream, obj) -> None:
    data = pickle.dumps(obj)
    stream.write(len(data).to_bytes(8, "big") + data)
    stream.flush()


def _receive(stream):
    size = stream.read(8)
    if len(size) < 8:
        raise EOFError
    data = stream.read(int.from_bytes(size, "big"))
    if len(data) < int.from_bytes(size, "big"):
        raise EOFError
    return pickle.loads(data)


def _serve() -> int:
    """`python -m etl.load.sandbox`: jobs (module, function, arguments) from stdin, their results to stdout."""
    start_reader(os.getppid())
    jobs, answers = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # whatever a reader prints must not mix with the answers
    while True:
        try:
            module, name, args = _receive(jobs)
        except EOFError:
            return 0
        fn = importlib.import_module(module)
        for part in name.split("."):
            fn = getattr(fn, part)
        _send(answers, fn(*args))


if __name__ == "__main__":
    sys.exit(_serve())
