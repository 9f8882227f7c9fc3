"""quarterly_targets reader: Caja Mutual POI 2019 shape (OE → AE → AO, Plan Cuscatlán, EN-MAR..OCT-DIC)."""
from __future__ import annotations

import pytest

from etl.readers import quarterly_targets as qt
from etl.workbook import read_sheets
from tests.workbooks import write_workbook

INSTITUTION = "CAJA MUTUAL DE LOS EMPLEADOS DEL MINISTERIO DE EDUCACIÓN"
PLAN = "PLAN OPERATIVO INSTITUCIONAL/ANUAL (POI/POA) 2019"
AE_AO = "ACCIÓN ESTRATÉGICO (AE)\nACCIÓN OPERATIVA (AO)"
TOP = ["CÓDIGO", AE_AO, "UNIDAD ORGANIZATIVA LÍDER", "ÁREA RESPONSABLE",
       "LÍNEA DE ACCIÓN PLAN CUSCATLÁN", "META ANUAL", "METAS PARA PERIODO", None, None, None]
BOTTOM = [None] * 6 + ["EN-MAR", "ABR-JUN", "JUL-SEP", "OCT-DIC"]


def header_merges(row: int) -> list[str]:
    """The real header: six cells merged over two rows, METAS PARA PERIODO over the four quarters."""
    return [f"{c}{row}:{c}{row + 1}" for c in "ABCDEF"] + [f"G{row}:J{row}"]


def sheet_of(tmp_path, rows, merges=(), name="Presidencia"):
    path = write_workbook(tmp_path / "poi.xlsx", {name: rows}, {name: list(merges)})
    return read_sheets(path)[0]


def standard_rows():
    return [
        [INSTITUTION],
        [PLAN],
        ["POI 2019 Presidencia"],
        [],
        ["OE.2. Administrar los activos de manera eficaz."],
        TOP,
        BOTTOM,
        ["AE.2.2.3.1. Proponer un porcentaje de las utilidades.", None, "Presidencia", None,
         "LA.1 Salud LA.4 Deportes"],
        ["AO.2.2.3.1.1.", "Incluir en los Términos de Referencia.", "Presidencia",
         "Planificación y Desarrollo Institucional", None, 2, 1, None, 1, None],
        ["AO.2.2.3.1.2.", "Presentar para autorización.", "Presidencia", None, "LA.16 Economía",
         "1,600", "400", 400, 400, 400],
        [],
        ["Consolidado por: Jorge Canales-Planificación."],
    ]


def test_happy_path_merged_two_row_header_and_title_rows(tmp_path):
    sheet = sheet_of(tmp_path, standard_rows(), ["A1:J1", "A2:J2", "A3:J3", "A5:J5", "A8:B8",
                                                 *header_merges(6)])
    assert qt.detect(sheet) > 0
    data = qt.read(sheet)
    assert data.layout == "quarterly_targets"
    assert data.institution == "Caja Mutual de los Empleados del Ministerio de Educación"
    assert data.year == 2019
    assert [a.code for a in data.activities] == ["AO.2.2.3.1.1.", "AO.2.2.3.1.2."]
    first, second = data.activities
    assert first.activity == "Incluir en los Términos de Referencia."
    assert (first.source_sheet, first.source_row) == ("Presidencia", 9)
    assert first.objective == "OE.2. Administrar los activos de manera eficaz."
    assert first.product == "AE.2.2.3.1. Proponer un porcentaje de las utilidades."
    assert first.axis is None
    assert (first.unit, first.lead_unit) == ("Presidencia", "Presidencia")
    assert first.responsible == "Planificación y Desarrollo Institucional"
    assert (first.annual_target, first.measure_unit) == (2, None)
    assert first.quarters == {1: (1, None), 3: (1, None)}
    assert first.months == set()
    # No lines of its own: the AE's lines apply.
    assert first.observations == "Plan Cuscatlán: LA.1 Salud; LA.4 Deportes"
    assert second.observations == "Plan Cuscatlán: LA.16 Economía"
    assert (second.target_text, second.annual_target) == ("1,600", 1600)
    assert second.quarters == {q: (400, None) for q in range(1, 5)}
    assert second.responsible is None
    assert list(map(str, data.warnings)) == []


def test_single_row_header_without_accents(tmp_path):
    rows = [
        ["CAJA MUTUAL"],
        ["POI 2019"],
        ["CODIGO", "ACCION ESTRATEGICO (AE) ACCION OPERATIVA (AO)", "UNIDAD ORGANIZATIVA LIDER",
         "AREA RESPONSABLE", "LINEA DE ACCION PLAN CUSCATLAN", "META ANUAL",
         "EN-MAR", "ABR-JUN", "JUL-SEP", "OCT-DIC"],
        ["AO.1", "Migracion de Sistema de Seguros", "Tecnologias de Informacion", None, None,
         1, None, 1, None, None],
    ]
    sheet = sheet_of(tmp_path, rows)
    assert qt.detect(sheet) > 0
    [a] = qt.read(sheet).activities
    assert (a.code, a.lead_unit, a.quarters) == ("AO.1", "Tecnologias de Informacion", {2: (1, None)})
    # No 'POI 2019 <unidad>' title: the unit is the lead unit.
    assert a.unit == "Tecnologias de Informacion"


def test_blank_group_footer_and_repeated_header_rows_are_not_activities(tmp_path):
    rows = standard_rows()[:-2] + [
        [],
        ["Consolidado por: Jorge Canales-Planificación."],
        ["POI 2019 Presidencia"],
        ["OE.4. Fortalecer las competencias."],
        TOP,
        BOTTOM,
        ["Acciones Proyectadas en el 1er Seguimiento al PQD 2014-2019", None, "Gerencia"],
        ["AO PQD G1", "Implementar nuevos productos.", "Gerencia", None, "LA.1 Salud LA.9 Medioambiente"],
        ["AO PQD G1.1", "Evaluación de las necesidades.", "Comunicaciones", None, None, 1, None, None, None, 1],
        ["AO PQD G2", "Instruir al personal.", "Gerencia", None, "LA.16 Economía", 1, None, 0.5, 0.5],
        ["CÓDIGO", "ACCIÓN OPERATIVA (AO)"],  # page-break repeat, cut short
        ["AO PQD G3", "Ejecución del Plan.", "Gerencia", None, None, 1, None, 1],
        ["FORMULACIÓN Y APROBACIÓN DEL PLAN ESTRATÉGICO INSTITUCIONAL (PEI) 2019-2024"],
        ["AO.PDI 1", "Estudiar el Plan Cuscatlán.", "Planificación", None, "N/A", 1, None, None, 1],
    ]
    sheet = sheet_of(tmp_path, rows, header_merges(6) + header_merges(15))
    data = qt.read(sheet)
    codes = [a.code for a in data.activities]
    assert codes == ["AO.2.2.3.1.1.", "AO.2.2.3.1.2.", "AO PQD G1.1", "AO PQD G2", "AO PQD G3", "AO.PDI 1"]
    by_code = {a.code: a for a in data.activities}
    g11, g2, g3, pdi = (by_code[c] for c in ("AO PQD G1.1", "AO PQD G2", "AO PQD G3", "AO.PDI 1"))
    assert g11.source_row == 19 and g11.objective == "OE.4. Fortalecer las competencias."
    # An AO without targets groups its sub-actions: their product, and its lines apply to them.
    assert g11.product == "AO PQD G1 Implementar nuevos productos."
    assert g11.observations == "Plan Cuscatlán: LA.1 Salud; LA.9 Medioambiente"
    # The next AO is not its child: back to the heading above.
    assert g2.product == "Acciones Proyectadas en el 1er Seguimiento al PQD 2014-2019"
    assert g2.quarters == {2: (0.5, None), 3: (0.5, None)}
    assert g3.source_row == 22 and g3.product == g2.product
    assert pdi.product.startswith("FORMULACIÓN Y APROBACIÓN")
    assert pdi.observations == "Plan Cuscatlán: N/A"
    assert list(map(str, data.warnings)) == []


def test_cells_merged_down_over_several_actions(tmp_path):
    rows = standard_rows()[:7] + [
        ["AO.1", "Primera.", "UFI", "Tesorería", "LA.16 Economía", 1, 1],
        ["AO.2", "Segunda.", None, None, None, 1, None, 1],
        ["AO.3", "Tercera.", "Presidencia", None, None, 1, None, None, 1],
    ]
    data = qt.read(sheet_of(tmp_path, rows, header_merges(6) + ["C8:C9", "D8:D9", "E8:E9"]))
    first, second, third = data.activities
    assert (second.lead_unit, second.responsible) == ("UFI", "Tesorería")
    assert second.observations == "Plan Cuscatlán: LA.16 Economía"
    assert (third.lead_unit, third.responsible, third.observations) == ("Presidencia", None, None)
    assert second.quarters == {2: (1, None)}


def test_rows_without_code_take_the_code_printed_in_their_text(tmp_path):
    rows = [
        [PLAN],
        ["OE.4. Fortalecer."],
        ["CÓDIGO", "ACCIÓN OPERATIVA (AO)", "UNIDAD ORGANIZATIVA LÍDER", "ÁREA RESPONSABLE",
         "LÍNEA DE ACCIÓN PLAN CUSCATLÁN", "META ANUAL", "METAS PARA PERIODO"],
        BOTTOM,
        ["AO AI 2", "AI 2.1 Examinar el pago.", "Auditoría Interna", None, None, 2, 1, None, None, 1],
        [None, "AI 2.2 Examen especial a administración.", "Auditoría Interna", None, None, 1, None, 1],
        [None, "Examen sin código.", "Auditoría Interna", None, None, 1, None, None, 1],
    ]
    data = qt.read(sheet_of(tmp_path, rows, header_merges(3)))
    a21, a22, plain = data.activities
    assert (a21.code, a21.activity) == ("AO AI 2", "AI 2.1 Examinar el pago.")
    assert (a22.code, a22.activity) == ("AI 2.2", "AI 2.2 Examen especial a administración.")
    assert a22.observations == "Pertenece a: AO AI 2"
    assert (plain.code, plain.observations) == (None, "Pertenece a: AO AI 2")


def test_reordered_and_extra_columns(tmp_path):
    rows = [
        [PLAN],
        ["META ANUAL", "OCT-DIC", "JUL-SEP", "ABR-JUN", "EN-MAR", "LÍNEA DE ACCIÓN PLAN CUSCATLÁN",
         "ÁREA RESPONSABLE", "Presupuesto estimado", "ACCIÓN OPERATIVA (AO)", "CÓDIGO",
         "UNIDAD ORGANIZATIVA LÍDER"],
        [4, 1, 1, 1, 1, "LA.10 Transparencia y Anticorrupción", "OIR", "$ 500.00",
         "Recabar información oficiosa.", "AO OIR 1", "Comunicaciones"],
    ]
    [a] = qt.read(sheet_of(tmp_path, rows)).activities
    assert (a.code, a.activity, a.lead_unit, a.responsible) == (
        "AO OIR 1", "Recabar información oficiosa.", "Comunicaciones", "OIR")
    assert a.annual_target == 4 and a.quarters == {q: (1, None) for q in range(1, 5)}
    assert a.observations == (
        "Plan Cuscatlán: LA.10 Transparencia y Anticorrupción | Presupuesto estimado: $ 500.00")


def test_numbers_and_money_typed_as_text(tmp_path):
    rows = standard_rows()[:7] + [
        ["AO.2.1.2.3.1.", "Promocionar el Programa de Prestamos.", "Préstamos", None, "LA.16 Economía",
         "$ 16,506,135", "$ 4,126,534", "$ 4,126,534", "$ 4,126,534", "$ 4,126,534"],
        ["AO.9", "Cobertura.", "Préstamos", None, None, "90%", "2.000", "1,5", None, "sin dato"],
    ]
    data = qt.read(sheet_of(tmp_path, rows, header_merges(6)))
    money, pct = data.activities
    assert (money.target_text, money.annual_target, money.measure_unit) == ("$ 16,506,135", 16506135, "$")
    assert money.quarters == {q: (4126534, None) for q in range(1, 5)}
    assert (pct.annual_target, pct.measure_unit) == (90, "%")
    assert pct.quarters == {1: (2000, None), 2: (1.5, None)}
    assert list(map(str, data.warnings)) == ["fila 9: la meta del trimestre 4 («sin dato») no es un número; se omitió."]


def test_row_with_targets_but_no_text_is_reported(tmp_path):
    rows = standard_rows()[:7] + [["AO.1.", None, "Presidencia", None, None, 1, 1]]
    data = qt.read(sheet_of(tmp_path, rows, header_merges(6)))
    assert data.activities == []
    assert list(map(str, data.warnings)) == ["fila 8: tiene metas pero no el texto de la acción; se omitió."]


def test_code_and_text_typed_in_one_cell(tmp_path):
    rows = standard_rows()[:7] + [["AO.1.1. Elaborar el informe.", None, "Presidencia", None, None, 1, 1]]
    [a] = qt.read(sheet_of(tmp_path, rows, header_merges(6) + ["A8:B8"])).activities
    assert (a.code, a.activity) == ("AO.1.1.", "Elaborar el informe.")


@pytest.mark.parametrize("rows", [
    # The 2023 follow-up: same family, but with REAL and % EJECUCIÓN and no Plan Cuscatlán.
    [["CÓDIGO", "ACCIÓN OPERATIVA", "UNIDAD LÍDER", "UNIDAD-ÁREA RESPONSABLE", "META ANUAL",
      "EN-MAR", "ABR-JUN", "JUL-SEP", "OCT-DIC", "REAL EN-MAR", "% EJECUCIÓN", "OBSERVACIONES"]],
    # Even with a Plan Cuscatlán column, a REAL column makes it a follow-up.
    [["CÓDIGO", AE_AO, "LÍNEA DE ACCIÓN PLAN CUSCATLÁN", "META ANUAL",
      "EN-MAR", "ABR-JUN", "JUL-SEP", "OCT-DIC", "REAL"]],
    # Quarterly targets with neither Plan Cuscatlán nor AE: not this layout's signature.
    [["CÓDIGO", "ACCIÓN OPERATIVA", "UNIDAD LÍDER", "META ANUAL", "EN-MAR", "ABR-JUN", "JUL-SEP", "OCT-DIC"]],
    # Monthly schedule (ARS SEMMA).
    [["Entregables", "Indicadores", "Actividades", "Ene", "Feb", "Mar", "Abr", "May", "Jun",
      "Jul", "Ago", "Sep", "Oct", "Nov", "Dic", "Responsables"]],
    # Period matrix (TSS).
    [["Productos", "Resultado esperado", "Actividades", "Meta", "Indicadores", "Responsable(s)",
      "Período de Ejecución", "Presupuesto (RD$)", "Riesgo", "Mitigación"], [None] * 6 + ["Inicio", "Fin"]],
    # ISSS annual products.
    [["Propósito/Producto", "Unidad de medida", "TOTALES"]],
])
def test_detect_is_zero_for_other_layouts(tmp_path, rows):
    sheet = sheet_of(tmp_path, [["Plan Operativo 2023"], *rows, ["AO.1", "Algo", "X", None, 1, 1]])
    assert qt.detect(sheet) == 0


def test_read_skips_follow_up_headers(tmp_path):
    rows = [["CÓDIGO", "ACCIÓN OPERATIVA", "LÍNEA DE ACCIÓN PLAN CUSCATLÁN", "META ANUAL",
             "EN-MAR", "ABR-JUN", "JUL-SEP", "OCT-DIC", "% EJECUCIÓN"],
            ["AO.1", "Algo", None, 1, 1]]
    assert qt.read(sheet_of(tmp_path, rows)).activities == []
