"""`python -m tests.faults.held_load load ...`: the loader, held just before each batch commits, its rows written.

The crash tests kill it there. The hold is a hook of the test's own (etl/store/writer.py, before_commit): the
loader people run has none. The file named by POA_TEST_TX_SIGNAL gets the batch's file names; the hold ends
when `<that file>.release` exists (or after 30 s).
"""
import os
import sys
import time

from etl.cli import main
from etl.store import writer


def hold(names: list[str]) -> None:
    if not names:
        return
    signal = os.environ["POA_TEST_TX_SIGNAL"]
    with open(signal, "a") as f:
        f.write("".join(name + "\n" for name in names))
    release, until = signal + ".release", time.monotonic() + 30
    while not os.path.exists(release) and time.monotonic() < until:
        time.sleep(0.05)


if __name__ == "__main__":
    writer.before_commit.append(hold)
    sys.exit(main(sys.argv[1:]))
