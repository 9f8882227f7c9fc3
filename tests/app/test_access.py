"""Who sees what: the access rules as plain functions, then the running app through AppTest."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from dashboard import access
from dashboard.access import Roles, decide, read_roles, role_of

APP = Path(__file__).resolve().parents[2] / "app.py"
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "s" * 40,
        "client_id": "tablero", "client_secret": "no-es-secreto-de-verdad",
        "server_metadata_url": "http://127.0.0.1:1/.well-known/openid-configuration"}
ROLES = Roles(viewers=("@consulta.example",), loaders=("ana@plan.example",))


def signed_in(email, **claims):
    return {"is_logged_in": True, "email": email, **claims}


# ---- the rules ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("email, role", [
    ("ana@plan.example", "loader"),
    ("ANA@Plan.Example ", "loader"),
    ("luis@consulta.example", "viewer"),
    ("luis@sub.consulta.example", None),  # a domain is that domain, not its subdomains
    ("luis@evilconsulta.example", None),
    ("otro@plan.example", None),  # one loader by e-mail is not the whole domain
    ("a@b@consulta.example", None),
    ("", None),
])
def test_role_of(email, role):
    assert role_of(email, ROLES) == role


def test_read_roles(tmp_path):
    path = tmp_path / "access.toml"
    path.write_text('viewers = ["@Consulta.example"]\nloaders = ["ana@plan.example"]\n', encoding="utf-8")
    assert read_roles(path) == Roles(("@consulta.example",), ("ana@plan.example",), False)
    assert read_roles(tmp_path / "missing.toml") == Roles()
    path.write_text('viewers = "todos"\n', encoding="utf-8")
    assert "lista de correos" in read_roles(path).problem
    path.write_text('viewers = [\n', encoding="utf-8")
    assert "no se pudo leer" in read_roles(path).problem


def test_the_shipped_roles_file_lets_nobody_in():
    roles = read_roles(access.ACCESS_FILE)
    assert roles.problem == "" and not roles.viewers and not roles.loaders and not roles.allow_anonymous_uploads


@pytest.mark.parametrize("address, opt_in, state, can_load", [
    ("127.0.0.1", False, "local", True),
    ("localhost", False, "local", True),
    ("::1", False, "local", True),
    ("0.0.0.0", False, "read_only", False),
    ("", False, "read_only", False),  # Streamlit's default: every interface
    (None, False, "read_only", False),
    ("192.168.1.10", False, "read_only", False),
    ("tablero.local", False, "read_only", False),
    ("0.0.0.0", True, "open", True),
])
def test_without_sign_in_and_with_the_local_switch(address, opt_in, state, can_load):
    got = decide({}, "", address, {}, Roles(allow_anonymous_uploads=opt_in), local_uploads=True)
    assert (got.state, got.can_view, got.can_load) == (state, True, can_load)
    if address and not access.is_loopback(address) and not opt_in:
        assert "solo abre la carga cuando el tablero escucha en 127.0.0.1" in got.message


@pytest.mark.parametrize("address", ["127.0.0.1", "localhost", "::1", "0.0.0.0", None])
def test_without_sign_in_or_the_switch_nobody_uploads(address):
    """No request header can open uploads: a proxy on this machine forwards the network from 127.0.0.1
    with 'Host: 127.0.0.1', and a plain TCP forward lets anyone send that header."""
    for headers in ({}, {"Host": "127.0.0.1:8501"}, {"Host": "localhost"}):
        got = decide({}, "", address, {}, Roles(), headers)
        assert (got.state, got.can_view, got.can_load) == ("read_only", True, False)
    if access.is_loopback(address):
        assert "make run LOCAL_UPLOADS=1" in got.message


@pytest.mark.parametrize("user, state, can_view, can_load", [
    ({}, "sign_in", False, False),
    ({"email": "ana@plan.example"}, "sign_in", False, False),  # an e-mail without a session is nobody
    ({"is_logged_in": False, "email": "ana@plan.example"}, "sign_in", False, False),
    (signed_in("ana@plan.example"), "loader", True, True),
    (signed_in("luis@consulta.example"), "viewer", True, False),
    (signed_in("eva@otra.example"), "no_access", False, False),
    (signed_in("ana@plan.example", email_verified=False), "no_access", False, False),
    ({"is_logged_in": True}, "no_access", False, False),
])
def test_with_sign_in(user, state, can_view, can_load):
    got = decide(AUTH, "", "0.0.0.0", user, ROLES)
    assert (got.state, got.can_view, got.can_load) == (state, can_view, can_load)


def test_sign_in_ignores_the_opt_in_and_the_address():
    roles = Roles(viewers=("@consulta.example",), allow_anonymous_uploads=True)
    for address in ("127.0.0.1", "0.0.0.0"):
        assert decide(AUTH, "", address, {}, roles).state == "sign_in"
        assert not decide(AUTH, "", address, signed_in("x@consulta.example"), roles).can_load


@pytest.mark.parametrize("section, missing", [
    ({**AUTH, "cookie_secret": "corto"}, "'cookie_secret' debe tener al menos 32"),
    ({k: v for k, v in AUTH.items() if k != "redirect_uri"}, "falta 'redirect_uri'"),
    ({k: v for k, v in AUTH.items() if k != "client_secret"}, "falta 'client_secret'"),
    ({**AUTH, "cookie_secret": "REPLACE-with-48-random-characters-from-the-command-above"},
     "'cookie_secret' todavía tiene el valor de secrets.toml.example"),
    ({"redirect_uri": AUTH["redirect_uri"], "cookie_secret": AUTH["cookie_secret"],
      "entra": {"client_id": "x", "client_secret": "y"}}, "falta 'server_metadata_url' en [auth.entra]"),
])
def test_incomplete_sign_in_stays_closed(section, missing):
    got = decide(section, "", "127.0.0.1", signed_in("ana@plan.example"), ROLES)
    assert got.state == "misconfigured" and not got.can_view and missing in got.message
    assert all(str(v) not in got.message for v in section.values() if isinstance(v, str) and len(v) > 8)


def test_the_example_secrets_file_is_not_a_working_configuration():
    import tomllib

    example = tomllib.loads((APP.parent / ".streamlit" / "secrets.toml.example").read_text(encoding="utf-8"))
    got = decide(example["auth"], "", "127.0.0.1", signed_in("ana@plan.example"), ROLES)
    assert got.state == "misconfigured"
    assert "cookie_secret" in got.message and "client_secret" in got.message


@pytest.mark.parametrize("auth", [{}, "sí"])
def test_an_empty_or_odd_auth_section_closes_the_app(roles_file, auth):
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.secrets["auth"] = auth
    at.run()
    assert not at.exception and not at.dataframe and "no se puede usar" in texts(at)


def test_a_strange_host_header_counts_as_the_network():
    assert decide({}, "", "127.0.0.1", {}, Roles(), {"Host": "[::1"}, local_uploads=True).state == "read_only"


def test_unreadable_secrets_or_roles_stay_closed():
    assert decide({}, "no se pudo leer", "127.0.0.1", {}, Roles()).state == "misconfigured"
    assert decide(AUTH, "", "127.0.0.1", signed_in("ana@plan.example"), Roles(problem="roto")).state == "misconfigured"
    assert decide({}, "", "0.0.0.0", {}, Roles(allow_anonymous_uploads=True, problem="roto")).state == "read_only"


def test_named_provider():
    section = {"redirect_uri": AUTH["redirect_uri"], "cookie_secret": AUTH["cookie_secret"],
               "entra": {k: AUTH[k] for k in ("client_id", "client_secret", "server_metadata_url")}}
    assert access.providers(section) == ["entra"] and access.providers(AUTH) == [None]
    assert decide(section, "", "0.0.0.0", {}, ROLES).state == "sign_in"


# ---- the app ------------------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def _keep_error_details():
    """The gate turns error details off for the whole process when it serves a network: undo it."""
    before = config.get_option("client.showErrorDetails")
    yield
    config.set_option("client.showErrorDetails", before)


@pytest.fixture
def roles_file(tmp_path, monkeypatch):
    path = tmp_path / "access.toml"
    path.write_text('viewers = ["@consulta.example"]\nloaders = ["ana@plan.example"]\n', encoding="utf-8")
    monkeypatch.setenv("POA_ACCESS", str(path))
    return path


@pytest.fixture
def served_on(request):
    """Set server.address as `make run HOST=...` would, and put it back."""
    before = config.get_option("server.address")
    yield lambda address: config.set_option("server.address", address)
    config.set_option("server.address", before)


def app(user=None, auth=True, page=None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    if auth:
        at.secrets["auth"] = dict(AUTH)
    at.user = user if user is not None else {}
    at.run()
    if page and not at.exception:
        at.switch_page(page).run()
    return at


def texts(at) -> str:
    return " ".join(str(e.value) for kind in ("title", "subheader", "markdown", "caption", "info", "error", "text")
                    for e in at.get(kind))


def has_upload_box(at) -> bool:
    return any(u.key == "uploads" for u in at.get("file_uploader"))


def assert_no_other_page(at) -> None:
    """The closed page is the only one registered: there is no page to switch to (the browser test
    asks for /datos by URL)."""
    with pytest.raises(ValueError, match="Known pages: \\['Acceso'\\]"):
        at.switch_page("pages/datos.py")


def test_anonymous_sees_only_the_sign_in_page(roles_file):
    at = app()
    assert not at.exception
    assert [b.label for b in at.button] == ["Iniciar sesión"]
    assert [t.value for t in at.title] == ["Tablero POA"]
    assert not at.dataframe and not at.metric and not has_upload_box(at) and not at.sidebar.button
    assert_no_other_page(at)


def test_signed_in_without_a_role_gets_sin_acceso(roles_file):
    at = app(signed_in("eva@otra.example"))
    assert not at.exception
    assert "Sin acceso" in texts(at) and "eva@otra.example no tiene acceso" in texts(at)
    assert [b.label for b in at.button] == ["Cerrar sesión"]
    assert not at.dataframe and not at.metric and not has_upload_box(at)
    assert_no_other_page(at)


def test_viewer_sees_every_page_but_no_upload_box(roles_file):
    for page, title in [(None, "Resumen de los planes operativos"), ("pages/explorador.py", "Explorador de actividades"),
                        ("pages/datos.py", "Datos cargados")]:
        at = app(signed_in("luis@consulta.example"), page=page)
        assert not at.exception and not at.error, [e.value for e in at.exception]
        assert [t.value for t in at.title] == [title]
        assert "luis@consulta.example" in [t.value for t in at.sidebar.text]
        assert "Cerrar sesión" in [b.label for b in at.sidebar.button]
    assert not has_upload_box(at) and not any(b.key == "load_uploads" for b in at.button)
    assert "Su cuenta es de consulta" in texts(at)
    assert "Cargado por" in at.dataframe[0].value.columns


def test_loader_uploads_and_the_store_records_their_e_mail(roles_file, tmp_path, monkeypatch, template_book):
    from etl import store

    db = tmp_path / "poa.duckdb"
    store.connect(db).close()
    monkeypatch.setenv("POA_DB", str(db))
    at = app(signed_in("Ana@Plan.example"), page="pages/datos.py")
    assert has_upload_box(at)
    book = template_book("POA Entidad Ficticia 2024.xlsx", institution="Entidad Ficticia de Prueba")
    at.file_uploader(key="uploads").set_value([(book.name, book.read_bytes(), "application/octet-stream")]).run()
    at.button(key="load_uploads").click().run()
    assert not at.exception and [s.value for s in at.success][0].startswith("✓")
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT file_name, loaded_by FROM source_files").fetchall() == [
        ("POA Entidad Ficticia 2024.xlsx", "ana@plan.example")]
    con.close()


def test_served_on_the_network_without_sign_in_is_read_only(served_on, tmp_path, monkeypatch):
    monkeypatch.setenv("POA_ACCESS", str(tmp_path / "none.toml"))
    served_on("0.0.0.0")
    at = app(auth=False, page="pages/datos.py")
    assert not at.exception and [t.value for t in at.title] == ["Datos cargados"]
    assert not has_upload_box(at)
    assert "solo lectura" in texts(at) and "docs/security.md" in texts(at)
    assert config.get_option("client.showErrorDetails") == "none"  # no traceback for the network
    served_on("127.0.0.1")
    assert has_upload_box(app(auth=False, page="pages/datos.py"))
    monkeypatch.delenv("POA_LOCAL_UPLOADS")  # `make run` without LOCAL_UPLOADS=1: read-only here too
    at = app(auth=False, page="pages/datos.py")
    assert not has_upload_box(at) and "make run LOCAL_UPLOADS=1" in texts(at)


def test_the_operator_may_opt_in_to_open_uploads(served_on, tmp_path, monkeypatch):
    path = tmp_path / "access.toml"
    path.write_text("allow_anonymous_uploads = true\n", encoding="utf-8")
    monkeypatch.setenv("POA_ACCESS", str(path))
    served_on("0.0.0.0")
    assert has_upload_box(app(auth=False, page="pages/datos.py"))


def test_incomplete_sign_in_closes_the_app_without_showing_secrets(roles_file):
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.secrets["auth"] = {**AUTH, "cookie_secret": "corto-pero-secreto"}
    at.user = signed_in("ana@plan.example")
    at.run()
    assert not at.exception and not at.dataframe and not has_upload_box(at)
    assert "cookie_secret" in texts(at)
    assert "corto-pero-secreto" not in texts(at) and AUTH["client_secret"] not in texts(at)


def test_the_shipped_server_settings():
    """What docs/security.md promises about the server: local only by default, XSRF on, uploads capped."""
    import tomllib

    from etl.safety import MAX_FILE_MB

    server = tomllib.loads((APP.parent / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["server"]
    assert server["address"] == "127.0.0.1"
    assert server.get("enableXsrfProtection", True) is True
    assert server.get("enableCORS", True) is True
    assert server["maxUploadSize"] == MAX_FILE_MB
    assert ".streamlit/secrets.toml" in (APP.parent / ".gitignore").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("headers, state", [
    ({}, "local"),  # AppTest and the command line: no request to judge
    ({"Host": "127.0.0.1:8501"}, "local"),
    ({"Host": "localhost:8501", "User-Agent": "x"}, "local"),
    ({"Host": "[::1]:8501"}, "local"),
    ({"Host": "tablero.institucion.gob.do"}, "read_only"),  # a proxy that keeps the public host name
    ({"Host": "127.0.0.1:8501", "X-Forwarded-For": "10.0.0.7"}, "read_only"),
    ({"host": "127.0.0.1:8501", "forwarded": "for=10.0.0.7"}, "read_only"),
    ({"Host": "127.0.0.1:8501", "X-Real-IP": "10.0.0.7"}, "read_only"),
])
def test_behind_a_reverse_proxy_on_127_0_0_1_is_the_network(headers, state):
    """With the local switch on, forwarding headers still close uploads: a client that fakes them only makes the
    dashboard stricter (the switch itself is what the operator answers for: docs/security.md)."""
    assert decide({}, "", "127.0.0.1", {}, Roles(), headers, local_uploads=True).state == state
