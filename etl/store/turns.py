"""Readers and writers take turns at the store, so that a page never loses its read to a load.

DuckDB lets one process write a file, or several read it, and refuses the others at once: a dashboard that
retried on a timer missed the moments a load let go (tests/faults/test_concurrent_load.py). Here each side
asks for its turn on two lock files beside the store (flock, released by the kernel if the process dies):
`<store>.turn`, shared by readers and exclusive to a writer, and `<store>.queue`, held only while waiting for
`.turn`. Whoever waits holds the queue, so a reader waiting for a load gets in as soon as the load lets go,
before the load's next turn, and a load waits only for the reads already in progress (docs/reliability.md).
"""
from __future__ import annotations

import fcntl
import os
import threading
import time
from pathlib import Path

POLL_S = 0.005

_count_lock = threading.Lock()
_held = 0  # turns this process holds: a process that holds one must not fork (a child would keep it)


class TurnTimeout(Exception):
    """The turn did not come within the time asked for."""


class Turn:
    """A turn held at the store until release() (or until this object goes, or the process ends)."""

    def __init__(self, fd: int):
        global _held
        self.fd = fd
        with _count_lock:
            _held += 1

    def release(self) -> None:
        global _held
        fd, self.fd = self.fd, None
        if fd is not None:
            os.close(fd)  # closing the file lets go of its lock
            with _count_lock:
                _held -= 1

    def __del__(self):
        self.release()


def held() -> int:
    return _held


def take(db: Path | str, exclusive: bool, wait_s: float) -> Turn | None:
    """Wait up to `wait_s` for a turn to read (shared) or write (exclusive) the store at `db`.

    None when the store's folder cannot hold the lock files (a read-only disk: nobody writes there either).
    Raises TurnTimeout."""
    db = Path(db)
    deadline = time.monotonic() + wait_s
    queue = _open(db.with_name(db.name + ".queue"))
    if queue is None:
        return None
    try:
        _lock(queue, fcntl.LOCK_EX, deadline)
        turn = _open(db.with_name(db.name + ".turn"))
        if turn is None:
            return None
        try:
            _lock(turn, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH, deadline)
        except BaseException:
            os.close(turn)
            raise
        return Turn(turn)
    finally:
        os.close(queue)


def _open(path: Path) -> int | None:
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    except OSError:
        try:  # a file someone else created, on a disk we may only read
            return os.open(path, os.O_RDONLY | os.O_CLOEXEC)
        except OSError:
            return None


def _lock(fd: int, mode: int, deadline: float) -> None:
    while True:
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise TurnTimeout() from None
            time.sleep(POLL_S)
