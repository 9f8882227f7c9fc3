"""Sign-in for real: the dashboard behind st.login, a mock OpenID Connect provider on 127.0.0.1
(oidc-provider-mock), and headless Chromium going through the provider's login form."""
from __future__ import annotations

import contextlib
import json
import os
import threading
from pathlib import Path

import duckdb
import pytest

from etl import store
from tests.app_server import running_app
from tests.browser.conftest import CHROMIUM, screenshot, wait_rendered
from tests.conftest import TEMPLATE_HEADER, template_row

# .ci/run sets POA_CI: there, a missing provider or browser is a failure, not a skip.
IN_CI = bool(os.environ.get("POA_CI"))
try:
    import oidc_provider_mock
    import werkzeug.serving as werkzeug_serving
except ImportError:
    if IN_CI:
        raise
    pytest.skip("falta oidc-provider-mock: pip install -r requirements-dev.txt", allow_module_level=True)

VIEWER, LOADER, STRANGER = "luis@consulta.example", "ana@plan.example", "eva@otra.example"
CLIENT_SECRET = "secreto-del-cliente-de-prueba-9f3a"
COOKIE_SECRET = "secreto-de-la-cookie-de-prueba-" + "7" * 20


@pytest.fixture(scope="session", autouse=True)
def _no_skipping_in_ci():
    if IN_CI and not Path(CHROMIUM).exists():
        pytest.fail(f"chromium no está instalado ({CHROMIUM}): las pruebas de inicio de sesión no pueden omitirse en CI")


@pytest.fixture(scope="module")
def provider():
    """The identity provider: any client id is accepted, and its form lets the test type the e-mail."""
    server = werkzeug_serving.make_server("127.0.0.1", 0, oidc_provider_mock.app(), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)


@pytest.fixture(scope="module")
def signed_app(provider, tmp_path_factory):
    """The dashboard with [auth] and roles given through STREAMLIT_SECRETS_FILES and POA_ACCESS:
    the repository's own .streamlit and data/access.toml stay untouched."""
    tmp = tmp_path_factory.mktemp("sign_in")
    (tmp / "access.toml").write_text(f'viewers = ["@consulta.example"]\nloaders = ["{LOADER}"]\n', encoding="utf-8")
    db = tmp / "poa.duckdb"
    store.connect(db).close()
    secrets = tmp / "secrets.toml"
    # The redirect URI names the port, which running_app picks: {port} is filled in by Streamlit.
    secrets.write_text(
        "[auth]\n"
        'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{COOKIE_SECRET}"\n'
        'client_id = "tablero-poa"\n'
        f'client_secret = "{CLIENT_SECRET}"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n', encoding="utf-8")
    with contextlib.ExitStack() as stack:
        mp = pytest.MonkeyPatch()
        mp.setenv("POA_ACCESS", str(tmp / "access.toml"))
        mp.setenv("STREAMLIT_SECRETS_FILES", str(secrets))
        try:
            url = stack.enter_context(running_app(db, tmp / "streamlit.log"))
        finally:
            mp.undo()  # only this server: one started later (the plain `server` fixture) must not inherit them
        yield {"url": url, "db": db, "log": tmp / "streamlit.log", "tmp": tmp}


@pytest.fixture
def visitor(browser):
    """A fresh browser with no cookies, one per scenario."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    yield pg
    context.close()


def main_text(pg) -> str:
    return pg.locator('[data-testid="stMain"]').inner_text()


def assert_sign_in_page(pg) -> None:
    wait_rendered(pg)
    assert pg.get_by_role("button", name="Iniciar sesión").count() == 1
    assert pg.locator('[data-testid="stSidebarNav"]').count() == 0
    assert pg.locator('[data-testid="stFileUploader"]').count() == 0
    assert "Datos cargados" not in main_text(pg)
    assert pg.get_by_text("Page not found").count() == 0  # a bookmarked page gets the sign-in page too


def sign_in(pg, app, email: str) -> None:
    pg.goto(app["url"])
    wait_rendered(pg)
    pg.get_by_role("button", name="Iniciar sesión").click()
    pg.wait_for_selector('input[name="sub"]', timeout=30_000)  # the provider's own login form
    pg.fill('input[name="sub"]', email)
    pg.get_by_role("button", name="Authorize").click()
    pg.wait_for_url(app["url"] + "/**", timeout=30_000)
    wait_rendered(pg)


def test_anonymous_gets_only_the_sign_in_page(signed_app, visitor):
    for path in ("", "/datos", "/explorador"):
        visitor.goto(signed_app["url"] + path)
        assert_sign_in_page(visitor)
    screenshot(visitor, "acceso_inicio_de_sesion")


def test_viewer_browses_without_an_upload_box(signed_app, visitor):
    sign_in(visitor, signed_app, VIEWER)
    sidebar = visitor.locator('[data-testid="stSidebar"]')
    assert sidebar.get_by_text(VIEWER).count() == 1
    assert sidebar.get_by_role("button", name="Cerrar sesión").count() == 1
    for path, title in (("/explorador", "Explorador de actividades"), ("/datos", "Datos cargados")):
        visitor.goto(signed_app["url"] + path)
        wait_rendered(visitor)
        assert visitor.locator("h1", has_text=title).count() == 1
        assert visitor.locator('[data-testid="stException"]').count() == 0
    assert visitor.locator('[data-testid="stFileUploader"]').count() == 0
    assert "Su cuenta es de consulta" in main_text(visitor)
    screenshot(visitor, "acceso_consulta_datos")


def test_a_stranger_is_told_sin_acceso(signed_app, visitor):
    sign_in(visitor, signed_app, STRANGER)
    assert "Sin acceso" in main_text(visitor) and f"{STRANGER} no tiene acceso" in main_text(visitor)
    visitor.goto(signed_app["url"] + "/datos")
    wait_rendered(visitor)
    assert "Datos cargados" not in main_text(visitor)


def test_loader_uploads_then_signs_out(signed_app, visitor):
    from tests.workbooks import write_workbook

    book = write_workbook(signed_app["tmp"] / "POA Entidad Ficticia 2025.xlsx", {"POA": [
        ["PLAN OPERATIVO ANUAL"], ["Institución:", "Entidad Ficticia de Prueba"], ["Año:", 2025], [],
        TEMPLATE_HEADER, template_row("Elaborar informe de prueba", code="1.1", months=(1, 2))]})
    sign_in(visitor, signed_app, LOADER)
    visitor.goto(signed_app["url"] + "/datos")
    wait_rendered(visitor)
    visitor.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(book))
    visitor.get_by_role("button", name="Cargar en el almacén").click()
    visitor.get_by_text("POA Entidad Ficticia 2025.xlsx: cargado").wait_for(timeout=60_000)
    con = duckdb.connect(str(signed_app["db"]), read_only=True)
    try:
        assert con.execute("SELECT file_name, status, loaded_by FROM source_files").fetchall() == [
            ("POA Entidad Ficticia 2025.xlsx", "loaded", LOADER)]
    finally:
        con.close()
    screenshot(visitor, "acceso_planificacion_carga")

    visitor.get_by_role("button", name="Cerrar sesión").click()
    visitor.wait_for_load_state()
    end = visitor.get_by_role("button", name="End session")  # the provider asks to confirm its own sign-out
    try:
        end.wait_for(timeout=5_000)
        end.click()
    except Exception:
        pass
    visitor.wait_for_url(signed_app["url"] + "/**", timeout=30_000)
    visitor.goto(signed_app["url"] + "/datos")
    assert_sign_in_page(visitor)
    assert not [c for c in visitor.context.cookies() if c["name"].startswith("_streamlit_user")]


def forged_cookies(url: str) -> list[list[dict]]:
    """A hand-written user, one signed with another secret, and one in the right format but unsigned."""
    from streamlit.web.server.starlette.starlette_app_utils import create_signed_value

    user = json.dumps({"email": LOADER, "email_verified": True, "is_logged_in": True, "origin": url})
    wrong = create_signed_value("otro-secreto-que-no-es-el-del-servidor-000", "_streamlit_user", user).decode()
    return [[{"name": "_streamlit_user", "value": value, "url": url}]
            for value in (user.replace('"', "'"), wrong, "2|1:0|10:1700000000|15:_streamlit_user|4:e30=|" + "0" * 64)]


def test_a_forged_cookie_gets_nothing(signed_app, browser):
    for cookies in forged_cookies(signed_app["url"]):
        context = browser.new_context()
        try:
            context.add_cookies(cookies)
            pg = context.new_page()
            for path in ("", "/datos"):
                pg.goto(signed_app["url"] + path)
                assert_sign_in_page(pg)
        finally:
            context.close()


def test_the_same_cookie_signed_with_the_server_secret_gets_in(signed_app, browser):
    """The control for the test above: what keeps a forged cookie out is the signature, so the
    cookie_secret is the key to the dashboard (docs/security.md)."""
    from streamlit.web.server.starlette.starlette_app_utils import create_signed_value

    user = json.dumps({"email": LOADER, "is_logged_in": True, "origin": signed_app["url"]})
    value = create_signed_value(COOKIE_SECRET, "_streamlit_user", user).decode()
    context = browser.new_context()
    try:
        context.add_cookies([{"name": "_streamlit_user", "value": value, "url": signed_app["url"]}])
        pg = context.new_page()
        pg.goto(signed_app["url"] + "/datos")
        wait_rendered(pg)
        assert pg.locator("h1", has_text="Datos cargados").count() == 1
        # The upload box is drawn last, below the load history: wait for it rather than count at once.
        pg.locator('[data-testid="stFileUploader"]').wait_for(timeout=30_000)
        assert pg.locator('[data-testid="stFileUploader"]').count() == 1
    finally:
        context.close()


def test_a_tampered_real_cookie_gets_nothing(signed_app, browser):
    """Sign in as a viewer, then edit the cookie's e-mail to the loader's: the signature no longer holds."""
    context = browser.new_context()
    try:
        pg = context.new_page()
        sign_in(pg, signed_app, VIEWER)
        real = [c for c in context.cookies() if c["name"] == "_streamlit_user"]
        assert real and real[0]["httpOnly"], "the session cookie must be HttpOnly"
        value = real[0]["value"]
        tampered = value.replace(_b64(VIEWER), _b64(LOADER)) if _b64(VIEWER) in value else value[:-6] + "AAAAAA"
        context.clear_cookies()
        context.add_cookies([{"name": "_streamlit_user", "value": tampered, "url": signed_app["url"]}])
        pg.goto(signed_app["url"] + "/datos")
        assert_sign_in_page(pg)
    finally:
        context.close()


def _b64(text: str) -> str:
    import base64

    return base64.b64encode(text.encode()).decode().rstrip("=")[:12]


def test_no_secret_reaches_the_log(signed_app):
    """Run last in this file: by now the log holds every sign-in, upload and refusal above."""
    log = Path(signed_app["log"]).read_text(errors="replace")
    assert CLIENT_SECRET not in log and COOKIE_SECRET not in log
    assert "Traceback" not in log, log[-3000:]


def test_an_upload_without_the_xsrf_token_is_refused(signed_app):
    """Another site cannot make a signed-in browser post a workbook: the upload endpoint wants the token
    that only the dashboard's own page can read."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(f"{signed_app['url']}/_stcore/upload_file/some-session/some-file",
                                     data=b"--x--\r\n", method="PUT",
                                     headers={"Content-Type": "multipart/form-data; boundary=x"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403
