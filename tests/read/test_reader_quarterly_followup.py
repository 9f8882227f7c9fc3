"""The quarterly follow-up reader (Caja Mutual 'Seguimiento al POI/POA') on small workbooks."""
from __future__ import annotations

from etl.readers import quarterly_followup as reader
from etl.workbook import read_sheets
from tests.workbooks import write_workbook

TITLE = [
    ["CAJA MUTUAL DE\nLOS EMPLEADOS\nDEL MINISTERIO\nDE EDUCACIÓN"],
    ["1er SEGUIMIENTO AL PLAN OPERATIVO INSTITUCIONAL/ANUAL (POI/POA) 2023"],
    [],
]
H1 = ["CÓDIGO", "ACCIÓN OPERATIVA (AO)", "UNIDAD ORGANIZATIVA LÍDER", "UNIDAD-ÁREA RESPONSABLE",
      "META ANUAL", "METAS PARA AÑO 2023", None, None, None, "REAL", "% EJECUCIÓN",
      "OBSERVACIONES - COMENTARIOS 1er Trimestre"]
H2 = [None, None, None, None, None, "EN-MAR", "ABR-JUN", "JUL-SEP", "OCT-DIC", "EN-MAR", "EN-MAR", None]
MISSION_A = "MISIÓN: Dirigir, supervisar y controlar las actividades de suscripción del Seguro de Vida Básico."
MISSION_B = "MISIÓN: Realizar auditorías especiales de aspectos operacionales o de gestión."
OE1 = "O.E.1. Mejorar continuamente los servicios, prestaciones y beneficios para la población asegurada."


def header_merges(top: int) -> list[str]:
    """CÓDIGO … META ANUAL and OBSERVACIONES span both rows; METAS PARA AÑO spans four quarters."""
    bottom = top + 1
    return [f"{c}{top}:{c}{bottom}" for c in "ABCDEL"] + [f"F{top}:I{top}"]


def sheet_of(tmp_path, rows, merges=(), name="Comercialización"):
    path = write_workbook(tmp_path / "libro.xlsx", {name: rows}, {name: list(merges)})
    return read_sheets(path)[0]


def happy_rows():
    return TITLE + [
        [MISSION_A],
        [],
        H1,
        H2,
        [OE1],
        ["AO.1.1.", "Diseñar e implementar estrategias de ventas.", "Subgerente Comercial",
         "Comercialización", 2, None, 1, None, 1, None, 0, "Proyectado para el siguiente trimestre"],
        ["AO.1.3.", "Desarrollar jornadas de suscripción.", "Subgerente Comercial", "Comercialización",
         12, 3, 3, 3, 3, 3, 1, None],
        [],
        ["6 OTRAS ACTIVIDADES OPERATIVAS"],
        ["AO.6.1.", "Realizar la venta del Seguro de Vida Opcional.", "Subgerente Comercial",
         "Comercialización", 2000, 559, 480, 501, 460, 296, 0.53, None],
    ]


def test_happy_path_with_title_rows_and_merged_two_row_header(tmp_path):
    sheet = sheet_of(tmp_path, happy_rows(), header_merges(6) + ["A4:L4", "A8:L8", "A12:L12"])
    assert reader.detect(sheet) > 0
    data = reader.read(sheet)
    assert data.layout == "quarterly_followup"
    assert data.institution == "Caja Mutual de los Empleados del Ministerio de Educación"
    assert data.year == 2023
    assert list(map(str, data.warnings)) == []
    assert [a.code for a in data.activities] == ["AO.1.1.", "AO.1.3.", "AO.6.1."]
    first, second, third = data.activities
    assert first.source_row == 9 and second.source_row == 10 and third.source_row == 13
    assert first.source_sheet == "Comercialización"
    assert first.activity == "Diseñar e implementar estrategias de ventas."
    assert first.lead_unit == "Subgerente Comercial"
    assert first.responsible == "Comercialización"
    assert first.objective == OE1
    assert first.axis is None
    assert first.annual_target == 2 and first.target_text == "2"
    assert first.quarters == {2: (1, None), 4: (1, None)}
    assert first.observations == "Proyectado para el siguiente trimestre"
    assert second.quarters == {1: (3, 3), 2: (3, None), 3: (3, None), 4: (3, None)}
    assert third.objective == "6 Otras actividades operativas"
    assert third.quarters[1] == (559, 296)
    # The lead is a manager's post, so the unit is the area that carries the actions out.
    assert {a.unit for a in data.activities} == {"Comercialización"}


def test_blank_and_group_rows_are_not_activities(tmp_path):
    rows = happy_rows()
    rows.insert(10, [None, None, None, None, None, None, None])  # a blank row inside the table
    sheet = sheet_of(tmp_path, rows, header_merges(6))
    data = reader.read(sheet)
    assert len(data.activities) == 3
    assert all(a.code.startswith("AO.") for a in data.activities)
    assert data.activities[-1].source_row == 14


def test_several_blocks_page_breaks_and_units(tmp_path):
    rows = TITLE + [
        [MISSION_A], H1, H2, [OE1],
        ["AO.1.1.", "Ventas voluntarias.", "Subgerente Comercial", "Comercialización", 2, 1, 1],
        [],
        # Page break: the same MISIÓN and header again, the objective carries on.
        [MISSION_A], H1, H2,
        ["AO.1.2.", "Ventas en colegios.", "Subgerente Comercial", "Comercialización", 2, 1, None, 1, None, 1],
        [],
        # A header repeated with no MISIÓN at all: still the same unit.
        H1, H2,
        ["AO.1.3.", "Jornadas.", "Subgerente Comercial", "Comercialización", 4, 1, 1, 1, 1, 1],
        [],
        [MISSION_B], H1, H2,
        ["AO.3.1.", "Auditoría de Proceso de Gestión Financiera.", "Auditoría Interna", "Auditoría Interna",
         1, None, None, None, 1],
    ]
    merges = header_merges(5) + header_merges(11) + header_merges(15) + header_merges(20)
    data = reader.read(sheet_of(tmp_path, rows, merges))
    by_code = {(a.unit, a.code): a for a in data.activities}
    assert len(data.activities) == 4
    assert by_code[("Comercialización", "AO.1.2.")].objective == OE1
    assert by_code[("Comercialización", "AO.1.3.")].objective == OE1
    assert by_code[("Comercialización", "AO.1.3.")].source_row == 17
    audit = by_code[("Auditoría Interna", "AO.3.1.")]
    assert audit.objective is None  # a new unit starts without the previous unit's objective
    assert audit.quarters == {4: (1, None)}


def test_accents_dropped_and_typo_in_percent_header(tmp_path):
    h1 = ["CODIGO", "ACCION OPERATIVA (AO)", "UNIDAD ORGANIZATIVA LIDER", "UNIDAD-AREA RESPONSABLE",
          "META ANUAL", "METAS PARA ANO 2023", None, None, None, "REAL", None, "OBSERVACIONES"]
    h2 = [None, None, None, None, None, "EN-MAR", "ABR-JUN", "JUL-SEP", "OCT-DIC", "EN-MAR",
          "% EJECCION EN-MAR", None]
    rows = [["CAJA MUTUAL DE LOS EMPLEADOS DEL MINISTERIO DE EDUCACION"], ["MISION: Dirigir."], h1, h2,
            ["AO.5.4.", "Crear un Plan de Carrera.", "Subgerente Operativa", "Desarrollo Humano",
             1, 1, None, None, None, 0.5, 0.5, "Se presentara informe."]]
    data = reader.read(sheet_of(tmp_path, rows, ["F3:I3"]))
    assert data.year == 2023  # from the header, the title does not say it here
    (a,) = data.activities
    assert a.quarters == {1: (1, 0.5)}
    assert a.unit == "Desarrollo Humano" and a.lead_unit == "Subgerente Operativa"
    assert list(map(str, data.warnings)) == []


def test_reordered_and_extra_columns_one_row_header_real_of_second_quarter(tmp_path):
    header = ["ACCIÓN OPERATIVA", "MEDIO DE VERIFICACIÓN", "CÓDIGO", "META ANUAL", "OCT-DIC", "JUL-SEP",
              "ABR-JUN", "EN-MAR", "REAL ABR-JUN", "REAL EN-MAR", "UNIDAD-ÁREA RESPONSABLE", "OBSERVACIONES"]
    rows = [["Seguimiento al POI 2023"], header,
            ["Supervisión de Agencias.", "Informe", "AO.6.9.", 24, 6, 6, 6, 6, 5, 7, "Comercialización", "Bien"]]
    data = reader.read(sheet_of(tmp_path, rows))
    (a,) = data.activities
    assert a.code == "AO.6.9." and a.annual_target == 24
    # The REAL headers say which quarter they are: 7 is January-March, 5 is April-June.
    assert a.quarters == {1: (6, 7), 2: (6, 5), 3: (6, None), 4: (6, None)}
    assert a.responsible == "Comercialización"
    assert a.observations == "Bien\nMEDIO DE VERIFICACIÓN: Informe"
    assert a.unit == "Comercialización"


def test_numbers_stored_as_text(tmp_path):
    rows = happy_rows()[:8] + [
        ["AO.6.4.", "Validar suscripciones.", "Subgerente Comercial", "Operaciones",
         "18,000", "4,500", "4.500", "4500", "4,500", "4,401", "98%", None],
        ["AO.2.1.", "Cobertura de asegurados.", "Subgerente Comercial", "Operaciones",
         "90%", "90%", "90%", "90%", "90%", "85%", "94%", None],
        ["AO.3.3.", "Presentar los indicadores financieros.", "UFI", "UFI", "1", None, None, "1", None, "-", "0%",
         "Es meta de próximos periodos."],
        ["AO.3.4.", "Informe de ingresos.", "UFI", "UFI", 12, 3, 3, 3, 3, "pendiente", None, None],
    ]
    data = reader.read(sheet_of(tmp_path, rows, header_merges(6)))
    big, pct, dash, bad = data.activities
    assert big.annual_target == 18000 and big.target_text == "18,000" and big.measure_unit is None
    assert big.quarters == {1: (4500, 4401), 2: (4500, None), 3: (4500, None), 4: (4500, None)}
    assert pct.annual_target == 90 and pct.measure_unit == "%"
    assert pct.quarters[1] == (90, 85)
    assert dash.quarters == {3: (1, None)}  # '-' is no actual, and says so without a warning
    assert bad.quarters[1] == (3, None)
    assert len(data.warnings) == 1
    assert "fila 12" in str(data.warnings[0]) and "pendiente" in str(data.warnings[0])


def test_printed_percent_far_from_real_over_target_is_warned(tmp_path):
    rows = happy_rows()[:8] + [
        ["AO.6.2.", "Venta del Seguro de Vida Dotal.", "Subgerente Comercial", "Comercialización",
         2116, 593, 507, 529, 487, 1204, 0.5, None],
        ["AO.6.3.", "Venta del Seguro por Sepelio.", "Subgerente Comercial", "Comercialización",
         2284, 640, 548, 571, 525, 681, 1.06, None],
    ]
    data = reader.read(sheet_of(tmp_path, rows, header_merges(6)))
    assert len(data.activities) == 2
    assert len(data.warnings) == 1 and "fila 9" in str(data.warnings[0]) and "203%" in str(data.warnings[0])


def test_real_without_quarter_takes_it_from_the_follow_up_number(tmp_path):
    header = ["CÓDIGO", "ACCIÓN OPERATIVA", "META ANUAL", "EN-MAR", "ABR-JUN", "JUL-SEP", "OCT-DIC", "REAL"]
    row = ["AO.1.1.", "Auditoría de Préstamos.", 2, 1, 1, None, None, 1]
    with_title = reader.read(sheet_of(tmp_path, [["2do SEGUIMIENTO AL POI 2023"], header, row]))
    assert with_title.activities[0].quarters == {1: (1, None), 2: (1, 1)}
    untitled = reader.read(sheet_of(tmp_path, [header, row]))
    assert untitled.activities[0].quarters == {1: (1, None), 2: (1, None)}
    assert any("REAL" in w for w in map(str, untitled.warnings))


def test_unit_label_row_and_mission_right_above_header(tmp_path):
    rows = [["UNIDAD: Préstamos"], [MISSION_A], H1, H2,
            ["AO.6.1.", "Seguimiento a indicadores.", "Subgerente Comercial", "Comercialización",
             12, 3, 3, 3, 3, 3, 1, None]]
    data = reader.read(sheet_of(tmp_path, rows, header_merges(3) + ["A2:L2"]))
    (a,) = data.activities
    assert a.unit == "Préstamos"
    assert a.source_row == 5 and a.quarters[1] == (3, 3)


def test_detect_is_zero_for_other_layouts(tmp_path):
    other = {
        # Caja Mutual 2019: the same kind of header, but targets only, no REAL column.
        "poi_2019": [
            ["OE.2. Administrar los activos de manera eficaz."],
            ["CÓDIGO", "ACCIÓN ESTRATÉGICO (AE) ACCIÓN OPERATIVA (AO)", "UNIDAD ORGANIZATIVA LÍDER",
             "ÁREA RESPONSABLE", "LÍNEA DE ACCIÓN PLAN CUSCATLÁN", "META ANUAL", "METAS PARA PERIODO"],
            [None, None, None, None, None, None, "EN-MAR", "ABR-JUN", "JUL-SEP", "OCT-DIC"],
            ["AO.2.2.3.1.1.", "Incluir en los Términos de Referencia.", "Presidencia", "Planificación",
             None, 1, 1],
        ],
        # ARS SEMMA monthly schedule.
        "semma": [
            ["Eje o perspectiva:", "Financiera"],
            ["Entregables", "Indicadores", "Actividades", "Enero", "Febrero", "Marzo", "Abril", "Mayo",
             "Junio", "Julio", "Agosto", "Septiembre", "Octubre", "Noviembre", "Diciembre", "Responsables"],
            ["Informe", "1 informe", "Elaborar informe", "X", None, "x"],
        ],
        # TSS period matrix.
        "tss": [
            ["Productos", "Resultado esperado", "Actividades", "Meta", "Indicadores", "Responsable(s)",
             "Período de Ejecución", None, "Presupuesto (RD$)"],
            [None, None, None, None, None, None, "Inicio", "Fin"],
            ["Portal", "Mejor servicio", "Diseñar portal", "90%", "% avance", "TIC", "Marzo", "Noviembre",
             "RD$250,000.00"],
        ],
        # Our own template, with Meta T1 … and Real T1 ….
        "template": [
            ["Unidad", "Código", "Actividad", "Meta anual", "Meta T1", "Meta T2", "Meta T3", "Meta T4",
             "Real T1", "Ene", "Feb", "Mar", "Abr", "May", "Jun", "Jul", "Ago", "Sep", "Oct", "Nov", "Dic"],
            ["UFI", "1.1", "Informe", 4, 1, 1, 1, 1, 1, "X"],
        ],
    }
    for name, rows in other.items():
        merges = ["G2:J2"] if name == "poi_2019" else []
        sheet = sheet_of(tmp_path, rows, merges, name=name)
        assert reader.detect(sheet) == 0, name


def test_rows_that_are_not_actions_are_skipped_with_a_warning(tmp_path):
    rows = happy_rows()[:8] + [
        ["AO.1.9.", None, "Subgerente Comercial", "Comercialización", 2, 1, 1],
        [],
        ["Consolidado por: Planificación."],
    ]
    data = reader.read(sheet_of(tmp_path, rows, header_merges(6)))
    assert data.activities == []
    assert len(data.warnings) == 2
    assert "fila 9" in str(data.warnings[0]) and "AO.1.9." in str(data.warnings[0])
    assert "fila 11" in str(data.warnings[1]) and "Consolidado por" in str(data.warnings[1])


def test_repeated_headers_share_their_columns_and_a_different_one_does_not(tmp_path):
    """Headers repeated at page breaks are worked out once; a later header that differs in one cell (its REAL
    column reports the second quarter) gets its own columns."""
    row = ["AO.1.1.", "Diseñar estrategias de ventas.", "Subgerente Comercial", "Comercialización",
           12, 3, 3, 3, 3, 2, 0.66, None]
    h2_q2 = H2[:9] + ["ABR-JUN", "ABR-JUN", None]
    rows = TITLE + [[MISSION_A], H1, H2, row, H1, H2, row, [MISSION_B], H1, h2_q2, row]
    merges = header_merges(5) + header_merges(8) + header_merges(12)
    sheet = sheet_of(tmp_path, rows, merges)
    data = reader.read(sheet)
    assert [a.source_row for a in data.activities] == [7, 10, 14]
    assert [a.quarters[1] for a in data.activities[:2]] == [(3, 2), (3, 2)]
    assert data.activities[2].quarters[1] == (3, None) and data.activities[2].quarters[2] == (3, 2)
    assert len(sheet.memo["followup_layouts"]) == 2
