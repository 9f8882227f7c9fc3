from etl.institutions import canonical_name, currency_of, find_institution, find_year


def test_known_institution_split_over_title_rows():
    text = "CAJA MUTUAL DE \n LOS EMPLEADOS \n DEL MINISTERIO \n DE EDUCACIÓN \n POI/POA 2023"
    assert find_institution(text) == "Caja Mutual de los Empleados del Ministerio de Educación"


def test_unknown_institution_named_in_a_title_row():
    text = "PLAN OPERATIVO ANUAL 2025 \n INSTITUTO NACIONAL DE FORMACIÓN TÉCNICO PROFESIONAL"
    assert find_institution(text) == "Instituto Nacional de Formación Técnico Profesional"


def test_no_institution_in_plain_titles():
    assert find_institution("Plan Operativo Anual 2024 \n Dirección de Planificación") is None


def test_year_from_titles_and_periods():
    assert find_year("TESORERÍA \n Plan Operativo Anual 2024") == 2024
    assert find_year("1er SEGUIMIENTO AL PLAN OPERATIVO INSTITUCIONAL/ANUAL (POI/POA) 2023") == 2023
    assert find_year("Fecha: Enero 2023 - Diciembre 2023") == 2023
    assert find_year("Acta del 28 de agosto") is None


def test_bare_dollar_is_the_country_currency():
    assert currency_of("ARS SEMMA") == "DOP"
    assert currency_of("Instituto Salvadoreño del Seguro Social") == "USD"
    assert currency_of("Ministerio de Hacienda") is None
    assert canonical_name("TESORERIA DE LA SEGURIDAD SOCIAL") == "Tesorería de la Seguridad Social"


def test_plan_title_year_wins_over_other_dates_on_the_cover():
    text = "ANEXO #1 DEL ACTA U.P. 355 \n DE FECHA 28/AGOSTO/2020 \n PLAN ANUAL DE TRABAJO 2021"
    assert find_year(text) == 2021
