"""The slow marker (tests/conftest.py): every test under tests/browser/ and tests/faults/ has it, a new file's
too, and `make test-fast` (-m "not slow") runs none of them but the rest."""
from pathlib import Path

import pytest

from tests import conftest

TESTS = Path(__file__).resolve().parent


class Item:
    """What the hook reads of a collected test: where it is, and the marks it is given."""

    def __init__(self, path: Path):
        self.path, self.marks = path, []

    def add_marker(self, mark):
        self.marks.append(mark.name)


def test_a_new_file_under_browser_or_faults_is_slow_and_one_elsewhere_is_not(pytestconfig):
    items = {name: Item(TESTS / name) for name in (
        "browser/test_new.py", "faults/test_new.py", "faults/more/test_new.py", "read/test_new.py",
        "app/test_faults.py", "test_browser.py")}
    conftest.pytest_collection_modifyitems(pytestconfig, list(items.values()))
    slow = {name for name, item in items.items() if "slow" in item.marks}
    assert slow == {"browser/test_new.py", "faults/test_new.py", "faults/more/test_new.py"}


def test_not_slow_collects_no_browser_or_fault_test(pytester):
    result = pytester.runpytest_inprocess("--collect-only", "-q", "-p", "no:cacheprovider", "-m", "not slow",
                                          str(TESTS / "browser"), str(TESTS / "faults"))
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED, result.outlines[-5:]
    assert result.parseoutcomes()["deselected"] >= 10
