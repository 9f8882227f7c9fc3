"""python -m tools.build_template: writes where it is told, leaves the tracked copy alone, and its example agrees."""
import openpyxl

from etl.pipeline import read_workbook
from tools import build_template
from tools.build_template import DOCS_COPY, main


def cells(path):
    return [list(r) for r in openpyxl.load_workbook(path).active.iter_rows(values_only=True)]


def test_writes_the_path_given_and_never_the_tracked_copy_by_default(tmp_path, monkeypatch, capsys):
    written = []
    monkeypatch.setattr(build_template, "build", lambda out: written.append(out) or out)
    assert main([]) == 2
    assert "SALIDA" in capsys.readouterr().err
    assert main([str(tmp_path / "mia.xlsx"), "--docs"]) == 2
    assert written == []
    assert main([str(tmp_path / "mia.xlsx")]) == 0
    assert main(["--docs"]) == 0
    assert written == [tmp_path / "mia.xlsx", DOCS_COPY]


def test_an_unwritable_path_is_a_spanish_message(tmp_path, capsys):
    assert main([str(tmp_path / "no" / "existe.xlsx")]) == 1
    assert "la carpeta no existe" in capsys.readouterr().err


def test_the_example_marks_the_months_of_its_quarterly_targets(tmp_path):
    path = build_template.build(tmp_path / "plantilla.xlsx")
    data = read_workbook(path, institution="Instituto de Prueba del Tablero")
    [a] = data.activities
    target_quarters = {q for q, (t, _) in a.quarters.items() if t}
    assert {(m - 1) // 3 + 1 for m in a.months} == target_quarters
    assert sum(t for t, _ in a.quarters.values() if t) == a.annual_target
    assert data.warnings == []


def test_the_tracked_copy_is_what_the_tool_builds(tmp_path):
    assert cells(DOCS_COPY) == cells(build_template.build(tmp_path / "nueva.xlsx"))

