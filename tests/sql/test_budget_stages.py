"""An activity's own budget lines and details, from a workbook to the store and v_budget_stages."""
import duckdb

from tests.conftest import cli_load
from tests.workbooks import write_workbook

INST = "Universidad de Prueba"


def load(tmp_path, rows, merges=()):
    path = write_workbook(tmp_path / "poa_2025.xlsx", {"POA": rows}, {"POA": list(merges)})
    db = tmp_path / "poa.duckdb"
    run = cli_load(db, path, "--institution", INST, "--year", "2025")
    assert run.returncode == 0, run.stdout + run.stderr
    return duckdb.connect(str(db), read_only=True), run.stdout


def test_budget_lines_by_stage(tmp_path):
    rows = [["PROGRAMA", "ACTIVIDADES", "ÍTEM PRESUPUESTARIO", "CANTIDAD", "COSTO UNITARIO", "PRESUPUESTO",
             "REFORMA", "CERTIFICACIONES", "SALDO"],
            ["Docencia", "Talleres de tutoría", "530204 Impresión", 100, "2.50", "US$ 250.00", "50", "200", "100"],
            [None, None, "530807 Materiales", 10, 30, "300", None, "300", "0"],
            ["Docencia", "Congreso anual", "530201 Pasajes", None, None, "US$ 1,200.00", None, None, "1,200.00"]]
    con, out = load(tmp_path, rows, merges=["A2:A3", "B2:B3"])
    assert con.execute("SELECT count(*), sum(budget_amount) FROM activities").fetchone() == (2, 1750.0)
    lines = con.execute("SELECT a.activity, l.line, l.item, l.stage, l.amount, l.currency, l.source_row "
                        "FROM stg_activity_budget_lines l JOIN activities a USING (activity_id) "
                        "WHERE stage = 'budget' ORDER BY a.source_row, l.line").fetchall()
    assert lines == [("Talleres de tutoría", 1, "530204 Impresión", "budget", 250.0, "USD", 2),
                     ("Talleres de tutoría", 2, "530807 Materiales", "budget", 300.0, "USD", 3),
                     ("Congreso anual", 1, "530201 Pasajes", "budget", 1200.0, "USD", 4)]
    stages = dict(con.execute("SELECT stage, amount FROM v_budget_stages WHERE currency = 'USD'").fetchall())
    assert stages == {"budget": 1750.0, "budget_modified": 50.0, "budget_certified": 500.0,
                      "budget_balance": 1300.0}
    assert con.execute("SELECT count(*) FROM activity_budget_lines WHERE stage = 'budget_certified'").fetchone() == (2,)
    # The activities' budget is the sum of their lines, counted once in the budget totals.
    assert con.execute("SELECT sum(amount) FROM v_budget_totals").fetchone()[0] == 1750.0
    assert "actividad = ACTIVIDADES" in out and "líneas de presupuesto: 3" in out


def test_activity_details(tmp_path):
    rows = [["PROGRAMA", "PROYECTO", "ACTIVIDAD", "LÍNEA BASE", "MEDIO DE VERIFICACIÓN"],
            ["Investigación", "Laboratorios", "Equipar el laboratorio", "0", "Actas de entrega"]]
    con, _ = load(tmp_path, rows)
    got = dict(con.execute("SELECT detail, value FROM activity_details").fetchall())
    assert got == {"programme": "Investigación", "project": "Laboratorios", "baseline": "0",
                   "evidence": "Actas de entrega"}
