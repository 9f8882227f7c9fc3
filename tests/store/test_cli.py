import subprocess
import sys
from pathlib import Path

import pytest

from etl.cli import main
from tests.conftest import query, template_row
from tests.workbooks import write_workbook

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args, db, encoding="utf-8"):
    """`python -m etl load` in a child process, as a user runs it."""
    proc = subprocess.run(
        [sys.executable, "-m", "etl", *args], cwd=ROOT, capture_output=True, timeout=120,
        env={"PATH": "/usr/bin:/bin", "POA_DB": str(db), "PYTHONIOENCODING": encoding},
        encoding=encoding, errors="replace",
    )
    return proc.returncode, proc.stdout, proc.stderr


@pytest.fixture
def bad_files(tmp_path, template_book):
    """One of each kind of file the loader must refuse, with a word its reason must contain."""
    folder = tmp_path / "malos"
    folder.mkdir()
    (folder / "texto.xlsx").write_text("Eje;Actividad\n1;Informe\n", encoding="utf-8")
    good = template_book("para_cortar.xlsx").read_bytes()
    (folder / "cortado.xlsx").write_bytes(good[: len(good) // 2])
    (folder / "vacio.xlsx").write_bytes(b"")
    (folder / "viejo.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    write_workbook(folder / "sin_tabla.xlsx", {"Hoja1": [["Lista de compras"], ["papel", 3]]})
    return folder, {
        "texto.xlsx": "texto",
        "cortado.xlsx": "dañado",
        "vacio.xlsx": "vacío",
        "viejo.xls": ".xls",
        "sin_tabla.xlsx": "ninguna tabla POA",
    }


def test_all_load_exit_0(tmp_path, template_book):
    db = tmp_path / "poa.duckdb"
    path = template_book(rows=[
        template_row("Elaborar informe", target="90%", budget="RD$250,000.00", months=(1, 2, 3),
                     quarters=[10, 10, None, None], actuals=[12, None, None, None]),
        template_row("Afiliar", target="611,000", months=(4,)),
    ])
    code, out, err = run_cli("load", "--db", str(db), str(path), db=db)
    assert code == 0, err
    assert "✓ plan.xlsx: cargado — Tesorería de la Seguridad Social 2024" in out
    assert "actividades: 2 · meses programados: 4 · metas trimestrales: 2" in out
    assert "Resumen: 1 cargado, 0 rechazados, de 1 libro." in out
    assert "Traceback" not in out + err
    assert query(db, "SELECT activity, annual_target, source_sheet, source_row FROM activities ORDER BY source_row") == [
        ("Elaborar informe", 90.0, "POA", 6), ("Afiliar", 611000.0, "POA", 7)]
    assert query(db, "SELECT budget_amount, currency FROM activities WHERE budget_amount IS NOT NULL") == [
        (250000.0, "DOP")]


def test_reload_through_the_cli_does_not_duplicate(tmp_path, template_book):
    db = tmp_path / "poa.duckdb"
    path = template_book()
    assert main(["load", "--db", str(db), str(path)]) == 0
    assert main(["load", "--db", str(db), str(path)]) == 0
    assert query(db, "SELECT count(*) FROM activities") == [(1,)]
    assert query(db, "SELECT status FROM source_files ORDER BY file_id") == [("replaced",), ("loaded",)]


def test_rejections_exit_1_and_the_rest_still_load(tmp_path, template_book, bad_files):
    folder, reasons = bad_files
    template_book("bueno.xlsx")
    (folder / "bueno.xlsx").write_bytes((tmp_path / "bueno.xlsx").read_bytes())
    (folder / "leeme.txt").write_text("no es un libro")  # not a workbook suffix: a folder skips it
    db = tmp_path / "poa.duckdb"
    code, out, err = run_cli("load", "--db", str(db), str(folder), db=db)
    assert code == 1, out + err
    assert "Traceback" not in out + err
    assert "✓ bueno.xlsx: cargado" in out
    for name, reason in reasons.items():
        line = next((l for l in out.splitlines() if l.startswith(f"✗ {name}: RECHAZADO — ")), None)
        assert line is not None, f"{name} missing from report:\n{out}"
        assert reason in line, line
    assert "leeme.txt" not in out
    assert f"Resumen: 1 cargado, {len(reasons)} rechazados, de {len(reasons) + 1} libros." in out
    assert query(db, "SELECT file_name FROM source_files WHERE status = 'loaded'") == [("bueno.xlsx",)]
    rejected = dict(query(db, "SELECT file_name, message FROM source_files WHERE status = 'rejected'"))
    assert set(rejected) == set(reasons)
    assert all(rejected[n] for n in rejected)
    assert query(db, "SELECT count(*) FROM activities") == [(1,)]


def test_rejected_file_leaves_loaded_data_alone(tmp_path, template_book):
    db = tmp_path / "poa.duckdb"
    path = template_book()
    assert main(["load", "--db", str(db), str(path)]) == 0
    before = query(db, "SELECT * FROM activities")
    path.write_bytes(b"")  # same name, now broken
    assert main(["load", "--db", str(db), str(path)]) == 1
    assert query(db, "SELECT * FROM activities") == before
    assert query(db, "SELECT status FROM source_files ORDER BY file_id") == [("loaded",), ("rejected",)]


@pytest.mark.parametrize("name", ["texto.xlsx", "cortado.xlsx", "vacio.xlsx", "viejo.xls", "sin_tabla.xlsx"])
def test_each_bad_file_alone_via_main(tmp_path, bad_files, capsys, name):
    folder, reasons = bad_files
    code = main(["load", "--db", str(tmp_path / "poa.duckdb"), str(folder / name)])
    out, err = capsys.readouterr()
    assert code == 1
    assert f"✗ {name}: RECHAZADO — " in out and reasons[name] in out
    assert "Traceback" not in out + err


def test_institution_and_year_options(tmp_path, template_book, capsys):
    db = tmp_path / "poa.duckdb"
    path = template_book("anonimo.xlsx", institution=None, year=None)
    assert main(["load", "--db", str(db), str(path)]) == 1
    out = capsys.readouterr().out
    assert "--institution" in out
    assert main(["load", "--db", str(db), "--institution", "caja mutual", "--year", "2023", str(path)]) == 0
    assert "Caja Mutual de los Empleados del Ministerio de Educación 2023" in capsys.readouterr().out
    assert query(db, "SELECT DISTINCT institution, year FROM activities") == [
        ("Caja Mutual de los Empleados del Ministerio de Educación", 2023)]


@pytest.mark.parametrize("args", [
    [],
    ["load"],
    ["cargar", "x.xlsx"],
    ["load", "--year", "dos mil", "x.xlsx"],
])
def test_bad_usage_exit_2(tmp_path, args, capsys):
    assert main(args) == 2
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err


def test_no_files_exit_2(tmp_path, capsys):
    empty = tmp_path / "vacia"
    empty.mkdir()
    (empty / "notas.txt").write_text("nada")
    db = tmp_path / "poa.duckdb"
    assert main(["load", "--db", str(db), str(empty)]) == 2
    assert "No se encontró ningún libro" in capsys.readouterr().err
    assert main(["load", "--db", str(db), str(tmp_path / "no_existe.xlsx")]) == 2
    assert "no existe" in capsys.readouterr().err
    assert not db.exists()


def test_missing_path_beside_a_good_one_exits_1(tmp_path, template_book, capsys):
    code = main(["load", "--db", str(tmp_path / "poa.duckdb"), str(template_book()), str(tmp_path / "falta.xlsx")])
    out, err = capsys.readouterr()
    assert code == 1
    assert "✓ plan.xlsx: cargado" in out and "falta.xlsx: no existe" in err


def test_bad_usage_via_subprocess(tmp_path):
    db = tmp_path / "poa.duckdb"
    code, out, err = run_cli("load", db=db)
    assert code == 2
    assert "Traceback" not in out + err
    code, out, err = run_cli("load", "--db", str(db), str(tmp_path / "nada"), db=db)
    assert code == 2
    assert "Traceback" not in out + err


@pytest.mark.parametrize("books", [1, 4])
def test_unusable_store_exit_2(tmp_path, template_book, capsys, books):
    """One workbook is read here; several by reader processes, which start before the store is opened."""
    db = tmp_path / "carpeta"
    db.mkdir()
    paths = [str(template_book(f"plan_{n}.xlsx")) for n in range(books)]
    assert main(["load", "--db", str(db), *paths]) == 2
    out, err = capsys.readouterr()
    assert "No se pudo abrir el almacén" in err and "Traceback" not in out + err
    assert "cargado" not in out


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
def test_console_without_utf8_gets_a_report_not_a_traceback(tmp_path, template_book, encoding):
    bad = tmp_path / "roto.xlsx"
    bad.write_bytes(b"")
    db = tmp_path / "poa.duckdb"
    code, out, err = run_cli("load", "--db", str(db), str(template_book()), str(bad), db=db, encoding=encoding)
    assert code == 1
    assert "Traceback" not in out + err
    assert "plan.xlsx: cargado" in out and "roto.xlsx: RECHAZADO" in out


def test_two_digit_year_is_bad_usage(tmp_path, template_book, capsys):
    db = tmp_path / "poa.duckdb"
    assert main(["load", "--db", str(db), "--year", "24", str(template_book())]) == 2
    assert "cuatro cifras" in capsys.readouterr().err
    assert not db.exists()


def test_store_from_poa_db_when_no_db_option(tmp_path, template_book):
    db = tmp_path / "desde_entorno.duckdb"
    code, out, err = run_cli("load", str(template_book()), db=db)
    assert code == 0, out + err
    assert query(db, "SELECT count(*) FROM activities") == [(1,)]


def test_many_files_are_read_in_parallel_and_reported_in_order(tmp_path):
    from etl.load import read_all
    from tests.faults.hostile import template_workbook

    files = [template_workbook(tmp_path / f"plan_{n}.xlsx", activities=n + 1) for n in range(5)]
    (tmp_path / "roto.xlsx").write_text("no es un libro")
    files.insert(2, tmp_path / "roto.xlsx")
    results = list(read_all(files, None, None, workers=2))
    assert [p for p, _ in results] == files
    assert [len(d.activities) if d else None for _, (d, _) in results] == [1, 2, None, 3, 4, 5]
    assert "archivo de texto" in results[2][1][1]


ENGLISH = ("usage:", "the following arguments", "invalid", "show this help", "options:", "positional",
           "argument --", "argument ORDEN", "unrecognized", "expected one argument")


@pytest.mark.parametrize("args, said", [
    ([], "faltan estos argumentos: ORDEN"),
    (["load"], "faltan estos argumentos: RUTA"),
    (["cargar", "x.xlsx"], "'cargar' no es una opción válida (elija entre 'load', 'names', 'perfiles')"),
    (["load", "--year", "abc", "x.xlsx"], "argumento --year: 'abc' no es un número entero válido"),
    (["load", "x.xlsx", "--db"], "argumento --db: falta su valor"),
    (["load", "x.xlsx", "--otra"], "argumentos no reconocidos: --otra"),
])
def test_usage_errors_are_in_spanish_and_exit_2(args, said, capsys):
    assert main(args) == 2
    out, err = capsys.readouterr()
    assert said in err and err.startswith("uso: python -m etl")
    assert not any(word in out + err for word in ENGLISH), err


def test_help_is_in_spanish_and_exits_0(capsys):
    assert main(["load", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("uso: python -m etl load")
    for said in ("argumentos:", "opciones:", "muestra esta ayuda y termina", "--year AAAA", "RUTA [RUTA ...]"):
        assert said in out
    assert not any(word in out for word in ENGLISH), out


def test_other_argparse_users_keep_their_language(capsys):
    import argparse

    main(["load"])
    parser = argparse.ArgumentParser(prog="otro")
    assert "usage: otro" in parser.format_usage()
    assert "show this help message and exit" in parser.format_help()


def test_counts_agree_with_their_nouns(tmp_path, template_book, capsys):
    db = tmp_path / "poa.duckdb"
    assert main(["load", "--db", str(db), str(template_book())]) == 0
    out = capsys.readouterr().out
    assert "Resumen: 1 cargado, 0 rechazados, de 1 libro." in out
    assert query(db, "SELECT message FROM source_files") == [("1 actividad de 1 hoja",)]


def test_the_report_names_layouts_in_spanish_and_lists_warnings(tmp_path, template_book, capsys):
    db = tmp_path / "poa.duckdb"
    path = template_book(rows=[template_row("Informe", target=-2), template_row("Afiliar")])
    assert main(["load", "--db", str(db), str(path)]) == 0
    out = capsys.readouterr().out
    assert "    formato: plantilla\n" in out
    assert "    aviso: Hoja «POA», fila 6: meta anual negativa (-2).\n" in out
    assert query(db, "SELECT message FROM source_files") == [("2 actividades de 1 hoja; 1 aviso",)]


def test_no_workbook_found_names_every_suffix(tmp_path, capsys):
    from etl.workbook import EXTENSIONS
    empty = tmp_path / "vacia"
    empty.mkdir()
    (empty / "notas.txt").write_text("no es un plan")
    assert main(["load", "--db", str(tmp_path / "poa.duckdb"), str(empty)]) == 2
    err = capsys.readouterr().err
    assert "No se encontró ningún libro .xlsx, .xlsm, .xls, .ods ni .csv" in err
    assert all(suffix in err for suffix in EXTENSIONS)
