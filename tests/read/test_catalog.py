"""The names catalog is data: editing data/catalog/institutions.csv changes names, legends and colours."""
import os

import pytest

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


# Every perspective spelling in the ARS SEMMA seed ('Eje o perspectiva:' of each unit's page).
SEMMA_SEED_AXES = ["APRENDIZAJE", "Aprendizaje", "CLIENTE", "Cliente", "Clientes", "Control Financiero",
                   "FINANZAS", "Financiero", "Finanzas", "PROCESOS INTERNOS", "Perspectiva Financiera",
                   "Procesos Internos", "Procesos internos", "Financiera", "Perspectiva Clientes"]


def test_bundled_catalog_gives_semma_four_perspectives():
    got = {catalog.canonical("axis", s, "ARS SEMMA") for s in SEMMA_SEED_AXES}
    assert got == {"Financiera", "Clientes", "Procesos Internos", "Aprendizaje y Crecimiento"}
    # Another institution's 'Finanzas' is its own business.
    assert catalog.canonical("axis", "Finanzas", "Tesorería de la Seguridad Social") == "Finanzas"


def _spellings(tmp_path, monkeypatch, text):
    (tmp_path / "spellings.csv").write_text(text, encoding="utf-8")
    monkeypatch.setenv("POA_CATALOG", str(tmp_path))


def test_spellings_match_blind_to_accents_case_spaces_and_punctuation(tmp_path, monkeypatch):
    _write(tmp_path, monkeypatch, ["Instituto Nacional de Pruebas,INP,SV,,instituto nacional de pruebas|inp"])
    _spellings(tmp_path, monkeypatch, "kind,institution,spelling,canonical,comment\n"
               "axis,,Gestión  Financiera,Gestión   Financiera,\n"
               "unit,,Depto. de Compras,Compras,trailing dots and accents\n")
    assert catalog.canonical("axis", "GESTION FINANCIERA") == "Gestión Financiera"
    assert catalog.canonical("unit", " depto de compras. ", "INP") == "Compras"
    # A kind is a kind: a unit spelling does not rename an axis.
    assert catalog.canonical("axis", "Depto. de Compras") == "Depto. de Compras"
    assert catalog.canonical("unit", "Compras y Suministros") == "Compras y Suministros"
    assert catalog.canonical("unit", None) is None


def test_an_institution_row_wins_and_stays_with_its_institution(tmp_path, monkeypatch):
    _write(tmp_path, monkeypatch, ["Instituto Nacional de Pruebas,INP,SV,,instituto nacional de pruebas|inp",
                                   "Fondo de Ensayo,FE,DO,,fondo de ensayo"])
    # The institution may be written by any of its names: 'INP' is the Instituto Nacional de Pruebas.
    _spellings(tmp_path, monkeypatch, "kind,institution,spelling,canonical,comment\n"
               "axis,,Finanzas,Finanzas Públicas,\n"
               "axis,INP,Finanzas,Financiera,\n")
    assert catalog.canonical("axis", "finanzas", "Instituto Nacional de Pruebas") == "Financiera"
    assert catalog.canonical("axis", "finanzas", "Fondo de Ensayo") == "Finanzas Públicas"
    assert catalog.canonical("axis", "finanzas") == "Finanzas Públicas"


def test_unusable_rows_are_skipped_and_a_missing_file_maps_nothing(tmp_path, monkeypatch):
    _write(tmp_path, monkeypatch, [])
    assert catalog.canonical("axis", "Finanzas", "ARS SEMMA") == "Finanzas"  # no spellings.csv here
    _spellings(tmp_path, monkeypatch, "kind,institution,spelling,canonical,comment\n"
               "perspectiva,,Finanzas,Financiera,unknown kind\n"
               "axis,,Finanzas,,no canonical\n"
               ",,Finanzas,Financiera,no kind\n"
               " AXIS ,,Clientes,Usuarios,kind in capitals with spaces\n")
    assert catalog.canonical("axis", "Finanzas") == "Finanzas"
    assert catalog.canonical("axis", "clientes") == "Usuarios"
    # Whoever edited the file is told which rows were skipped (`python -m etl names` prints these).
    problems = catalog.spelling_problems()
    assert [p.split(":")[0] for p in problems] == [f"spellings.csv, fila {n}" for n in (2, 3, 4)]
    assert "kind «perspectiva»" in problems[0]


def test_an_edit_is_seen_without_restarting(tmp_path, monkeypatch):
    _write(tmp_path, monkeypatch, [])
    _spellings(tmp_path, monkeypatch, "kind,institution,spelling,canonical\naxis,,Finanzas,Financiera\n")
    assert catalog.canonical("axis", "Finanzas") == "Financiera"
    _spellings(tmp_path, monkeypatch, "kind,institution,spelling,canonical\naxis,,Finanzas,Finanzas y Costos\n")
    stat = (tmp_path / "spellings.csv").stat()
    os.utime(tmp_path / "spellings.csv", ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert catalog.canonical("axis", "Finanzas") == "Finanzas y Costos"


@pytest.mark.parametrize("name, country, currency, dollar", [
    ("ARS SEMMA", "DO", "DOP", "DOP"),
    ("ISSS", "SV", "USD", "USD"),
    ("Ministerio de Salud de Bolivia", "BO", "BOB", "USD"),
    ("Alcaldía de Medellín", "CO", "COP", "COP"),
    ("Municipalidad de Lima, Perú", "PE", "PEN", "USD"),
    ("Ministerio de Finanzas Públicas de Guatemala", "GT", "GTQ", "USD"),
    ("Secretaría de Salud de Honduras", "HN", "HNL", "USD"),
    ("Instituto Mexicano del Seguro Social (México)", "MX", "MXN", "MXN"),
    ("Caja Costarricense de Seguro Social", "CR", "CRC", "USD"),
    ("Universidad de Panamá", "PA", "USD", "USD"),
    ("Oficina Inventada", None, None, None),
])
def test_country_currency_and_bare_dollar_come_from_countries_csv(name, country, currency, dollar):
    assert (institutions.country_of(name), institutions.currency_of(name), institutions.dollar_of(name)) == (
        country, currency, dollar)


def test_bundled_countries_cover_the_region():
    countries = catalog.countries()
    assert {"DO", "SV", "EC", "BO", "CO", "PE", "GT", "HN", "MX", "PA", "CR", "PY", "AR", "CL", "UY", "NI"} <= set(countries)
    assert countries["EC"].currency == "USD" and countries["NI"].currency == "NIO"
    assert catalog.money_problems() == ()
    # Every institution of the catalog is in a country the countries file knows.
    assert {i.country for i in catalog.institutions()} <= set(countries)


def test_an_edited_countries_file_is_what_currency_of_uses(tmp_path, monkeypatch):
    _write(tmp_path, monkeypatch, ["Instituto de Pruebas,IP,BO,,instituto de pruebas"])
    assert institutions.currency_of("Instituto de Pruebas") == "BOB"  # the bundled countries.csv
    (tmp_path / "countries.csv").write_text(
        "country,name,currency,dollar,words\nBO,Bolivia,USD,,bolivia\nXX,Ninguno,,,\nBO,Bolivia,BOB,,\n",
        encoding="utf-8")
    assert institutions.currency_of("Instituto de Pruebas") == "USD"
    assert institutions.dollar_of("Instituto de Pruebas") == "USD"
    assert [p.split(";")[0] for p in catalog.money_problems()] == [
        "countries.csv, fila 3: se omitió", "countries.csv, fila 4: se omitió"]
    assert institutions.country_of("Gobierno autónomo de Santa Cruz de la Sierra") is None  # words as edited
