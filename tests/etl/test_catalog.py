"""The names catalog is data: editing data/catalog/institutions.csv changes names, legends and colours."""
from etl import catalog, institutions


def _write(tmp_path, monkeypatch, rows):
    (tmp_path / "institutions.csv").write_text(
        "name,short_name,country,color,aliases\n" + "\n".join(rows) + "\n", encoding="utf-8")
    monkeypatch.setenv("POA_CATALOG", str(tmp_path))


def test_bundled_catalog_names_the_seed_institutions():
    names = {i.name for i in catalog.institutions()}
    assert "Caja Mutual de los Empleados del Ministerio de Educación" in names
    assert catalog.short_name("Caja Mutual de los Empleados del Ministerio de Educación") == "Caja Mutual (MINED)"
    assert catalog.short_name("Instituto Salvadoreño del Seguro Social") == "ISSS"


def test_an_edited_catalog_is_what_the_etl_and_legends_use(tmp_path, monkeypatch):
    _write(tmp_path, monkeypatch, ["Instituto Nacional de Pruebas,INP,SV,#123456,instituto nacional de pruebas|inp"])
    assert institutions.find_institution("PLAN OPERATIVO 2025 INP") == "Instituto Nacional de Pruebas"
    assert institutions.currency_of("INP") == "USD"
    assert catalog.short_name("Instituto Nacional de Pruebas") == "INP"
    assert catalog.color("Instituto Nacional de Pruebas") == "#123456"
    assert catalog.lookup("ARS SEMMA") is None  # not in this catalog


def test_any_number_of_institutions_get_a_colour(tmp_path, monkeypatch):
    # Colours once came from a position in a list in code: an eighth institution divided by zero.
    _write(tmp_path, monkeypatch, [f"Institución {n},I{n},DO,,institucion {n}" for n in range(12)])
    colours = [catalog.color(f"Institución {n}") for n in range(12)] + [catalog.color("Desconocida")]
    assert all(c.startswith("#") and len(c) == 7 for c in colours)
    assert "#9e9e9e" not in colours  # the grey that means "Sin meta"
    assert catalog.color("Desconocida") == catalog.color("Desconocida")
