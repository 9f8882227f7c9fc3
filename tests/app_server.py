"""The dashboard as a real Streamlit server on a free loopback port, for browser and fault tests."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served(str):
    """The base URL, which also knows the server's process id."""

    def __new__(cls, url: str, pid: int):
        served = super().__new__(cls, url)
        served.pid = pid
        return served


@contextlib.contextmanager
def running_app(db: Path, log_path: Path, start_timeout: float = 60, local_uploads: bool = True):
    """Serve app.py over the store `db`; yields the base URL; the server's output goes to `log_path`.

    `local_uploads`: as `make run LOCAL_UPLOADS=1` (uploads without sign-in on 127.0.0.1), or as plain `make run`."""
    port = free_port()
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=ROOT, env={**os.environ, "POA_DB": str(db), "POA_LOCAL_UPLOADS": "1" if local_uploads else ""},
            stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.time() + start_timeout
            while True:
                try:
                    urllib.request.urlopen(url + "/_stcore/health", timeout=2)
                    break
                except OSError:
                    if proc.poll() is not None or time.time() > deadline:
                        raise RuntimeError("streamlit no arrancó:\n" + Path(log_path).read_text())
                    time.sleep(0.3)
            yield Served(url, proc.pid)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
