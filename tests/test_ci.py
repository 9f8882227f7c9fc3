"""A skipped browser test fails the run in CI and only skips elsewhere (tests/ci.py)."""
import pytest

SKIPPING = '''
import pytest

@pytest.fixture
def browser():
    pytest.skip("chromium no está instalado")

@pytest.mark.browser
def test_in_a_browser(browser):
    pass

@pytest.mark.browser
def test_that_skips_itself():
    pytest.skip("falta el paquete playwright")

def test_plain():
    pytest.skip("no aplica aquí")
'''


@pytest.fixture
def run(pytester, monkeypatch):
    pytester.makeconftest("from tests.ci import *  # noqa: F401,F403\n")
    pytester.makepyfile(test_skipping=SKIPPING)

    def go(ci: str | None):
        if ci is None:
            monkeypatch.delenv("CI", raising=False)
        else:
            monkeypatch.setenv("CI", ci)
        return pytester.runpytest_inprocess("-p", "no:cacheprovider", "-rA")
    return go


def test_in_ci_a_skipped_browser_test_fails_and_says_why(run):
    result = run("true")
    # Skipped while setting up (a fixture) shows as an error, skipped inside the test as a failure.
    result.assert_outcomes(errors=1, failed=1, skipped=1)
    result.stdout.fnmatch_lines(["*CI=true: una prueba de navegador no puede omitirse*chromium no está instalado*",
                                 "*CI=true: una prueba de navegador no puede omitirse*falta el paquete playwright*"])
    assert result.ret == pytest.ExitCode.TESTS_FAILED


@pytest.mark.parametrize("ci", [None, "false", ""])
def test_outside_ci_it_skips(run, ci):
    result = run(ci)
    result.assert_outcomes(skipped=3)
    assert result.ret == pytest.ExitCode.OK
