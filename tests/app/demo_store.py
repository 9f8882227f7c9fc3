"""A small hand-made store (two institutions, pesos and dollars) for when data/samples is not built yet,
and the one place that decides which store the app and browser tests run on."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from etl import store
from etl.model import Activity, BudgetLine, WorkbookData

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples"

TSS = "Tesorería de la Seguridad Social"
CAJA = "Caja Mutual de los Empleados del Ministerio de Educación"


def _tss() -> WorkbookData:
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
    return WorkbookData("tss_2024.xlsx", "a" * 64, TSS, 2024, ["period_matrix"], ["POA"], acts, [])


def _caja() -> WorkbookData:
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
    return WorkbookData("caja_2023.xlsx", "b" * 64, CAJA, 2023, ["quarterly_followup"], ["Seguimiento"],
                        acts, lines)


def build_demo_store(path: Path) -> Path:
    con = store.connect(path)
    try:
        store.write_workbook(con, _tss())
        store.write_workbook(con, _caja())
        store.record_rejection(con, "roto.xlsx", "c" * 64, "no se encontró ninguna tabla POA reconocible")
    finally:
        con.close()
    return path


def samples_ready() -> bool:
    return len(list(SAMPLES.glob("*.xlsx"))) >= 5


def build_test_store(path: Path) -> tuple[Path, str]:
    """The samples loaded through the CLI when all five exist, the hand-made store otherwise."""
    if samples_ready():
        subprocess.run([sys.executable, "-m", "etl", "load", "--db", str(path), str(SAMPLES)],
                       cwd=ROOT, capture_output=True, text=True, timeout=300)
        con = store.connect(path, read_only=True)
        try:
            n = con.execute("SELECT count(*) FROM v_activities").fetchone()[0]
        finally:
            con.close()
        if n:
            return path, "samples"
        path.unlink()
    return build_demo_store(path), "demo"
