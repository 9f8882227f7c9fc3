from etl.model import Activity
from etl.validate import check


def act(row, **kw):
    return Activity(activity=f"a{row}", source_sheet="POA", source_row=row, **kw)


def test_each_finding_is_named_with_sheet_and_row():
    acts = [
        act(5, annual_target=-3),
        act(6, quarters={1: (None, 2.0)}),
        act(7, quarters={2: (1.0, 3.5)}),
        act(8, quarters={3: (-1.0, None)}),
        act(9, months={0, 3, 13}),
        act(10, unit="RRHH", code="1.1"),
        act(11, unit="RRHH", code="1.1"),
        act(12, unit="Finanzas", code="1.1"),
    ]
    warnings = [str(w) for w in check(acts)]
    assert any("fila 5: meta anual negativa (-3)" in w for w in warnings)
    assert any("fila 6: hay un real (2) en el trimestre 1 sin meta" in w for w in warnings)
    assert any("fila 7: ejecución de 350 % en el trimestre 2" in w for w in warnings)
    assert any("fila 8: meta negativa en el trimestre 3" in w for w in warnings)
    assert any("fila 9: mes fuera de 1–12 (0, 13)" in w for w in warnings)
    assert acts[4].months == {3}
    assert [w for w in warnings if "repetido" in w] == ["Código «1.1» repetido 2 veces en la unidad «RRHH»."]


def test_a_clean_plan_has_no_warnings():
    acts = [act(5, annual_target=4, quarters={1: (1.0, 3.0), 2: (1.0, None)}, months={1, 12}, code="1.1", unit="A"),
            act(6, quarters={1: (None, 0.0)}, code="1.1", unit="A", objective="otro")]
    assert check(acts) == []
