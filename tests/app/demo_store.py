"""The stores the app, browser and fault tests run on.

`build_test_store`: the five workbooks of data/samples loaded through the CLI, as a user loads them. A load
that fails, or leaves a sample out, fails the test session with the loader's own output: no quiet substitute.

`build_demo_store`: a tiny store written straight through etl/store/ (pesos and dollars, a rejected file),
for tests that change the store under the app. Its figures are invented, so its institutions are made up.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from etl import store
from etl.model import Activity, BudgetLine, WorkbookData

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples"

PESOS = "Instituto Modelo de Previsión Social"
DOLLARS = "Caja Ficticia de Ahorro Docente"


def pesos_plan() -> WorkbookData:
    acts = [
        Activity("Actualizar el manual de cobros", "POA", 8, axis="Primer Eje", objective="OE 1.1 Recaudo",
                 unit="Dirección de Cobros", code="1.1.1", target_text="1", annual_target=1,
                 budget_amount=1_430_500, currency="DOP", months={3, 4, 5, 6}),
        Activity("=Capacitar al personal de cobros", "POA", 9, axis="Primer Eje", objective="OE 1.1 Recaudo",
                 unit="Dirección de Cobros", code="1.1.2", target_text="90%", annual_target=90,
                 measure_unit="%", budget_amount=250_000, currency="DOP", months={9, 10}),
        Activity("Migrar el sistema de recaudo", "POA", 11, axis="Segundo Eje", objective="OE 2.1 Tecnología",
                 unit="Dirección de Tecnología", code="2.1.1", target_text="1,600", annual_target=1600,
                 budget_note="Contemplado Gestión Operativa", months={1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}),
        Activity("Revisar la política de riesgos", "POA", 12, axis="Segundo Eje", objective="OE 2.2 Riesgo",
                 unit="Dirección de Tecnología", code="2.2.1"),
    ]
    return WorkbookData("previsión_2024.xlsx", "a" * 64, PESOS, 2024, ["period_matrix"], ["POA"], acts, [])


def dollars_plan() -> WorkbookData:
    acts = [
        Activity("Atender afiliados en ventanilla", "Seguimiento", 10, axis="Misión", objective="O.E.1 Servicio",
                 unit="Unidad de Afiliación", code="AO.1.1.", target_text="611,000", annual_target=611000,
                 quarters={1: (150000, 160000), 2: (150000, None)}),
        Activity("Emitir carnés", "Seguimiento", 11, axis="Misión", objective="O.E.1 Servicio",
                 unit="Unidad de Afiliación", code="AO.1.2.", annual_target=4000,
                 quarters={1: (1000, 400), 2: (1000, None)}),
        Activity("Auditar préstamos", "Seguimiento", 14, axis="Misión", objective="O.E.2 Control",
                 unit="Auditoría Interna", code="AO.2.1.", annual_target=12, budget_amount=4_996_685,
                 currency="USD", quarters={1: (3, 1), 2: (3, None)}),
    ]
    lines = [BudgetLine("Rubro 51 Remuneraciones", 120_000, "Presupuesto", 4, unit="Auditoría Interna",
                        currency="USD")]
    return WorkbookData("caja_ahorro_2023.xlsx", "b" * 64, DOLLARS, 2023, ["quarterly_followup"],
                        ["Seguimiento"], acts, lines)


def build_demo_store(path: Path) -> Path:
    con = store.connect(path)
    try:
        store.write_workbook(con, pesos_plan())
        store.write_workbook(con, dollars_plan())
        store.record_rejection(con, "roto.xlsx", "c" * 64, "no se encontró ninguna tabla POA reconocible")
    finally:
        con.close()
    return path


class SampleLoadFailed(RuntimeError):
    pass


def build_test_store(path: Path) -> Path:
    """data/samples loaded through `python -m etl load`; every sample must end up loaded."""
    samples = sorted(SAMPLES.glob("*.xlsx"))
    if len(samples) < 5:
        raise SampleLoadFailed(f"data/samples holds {len(samples)} workbooks, not 5: run `make samples`")
    run = subprocess.run([sys.executable, "-m", "etl", "load", "--db", str(path), str(SAMPLES)],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    if run.returncode != 0:
        raise SampleLoadFailed(f"loading data/samples exited {run.returncode}:\n{run.stdout}\n{run.stderr}")
    con = store.connect(path, read_only=True)
    try:
        loaded = {r[0] for r in con.execute("SELECT file_name FROM source_files WHERE status = 'loaded'").fetchall()}
    finally:
        con.close()
    missing = sorted(p.name for p in samples if p.name not in loaded)
    if missing:
        raise SampleLoadFailed(f"these samples did not load: {missing}\n{run.stdout}\n{run.stderr}")
    return path
