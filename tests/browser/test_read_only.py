"""`make run` without sign-in is read-only however a request reaches it, and Streamlit's upload endpoint keeps
nothing a session that may not load sends it (docs/security.md)."""
from __future__ import annotations

import contextlib
import socket
import threading

import pytest

from tests.app_server import running_app
from tests.browser.conftest import wait_rendered

MB = 1024 * 1024


@contextlib.contextmanager
def tcp_forward(port: int):
    """A plain TCP forward on 127.0.0.1, as a reverse proxy or an SSH tunnel would be: what reaches the
    dashboard through it comes from 127.0.0.1, with whatever Host header the far browser sent."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    stop = threading.Event()

    def pipe(src, dst):
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def serve():
        while not stop.is_set():
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", port))
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=pipe, args=(a, b), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        listener.close()


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:")) / 1024


def open_datos(browser, url: str):
    """Datos in a new browser, and the id Streamlit gave its session (read from the first websocket message)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    sessions: list[str] = []

    def on_socket(ws):
        def on_frame(payload):
            if isinstance(payload, (bytes, bytearray)):
                msg = ForwardMsg.FromString(bytes(payload))
                if msg.WhichOneof("type") == "new_session":
                    sessions.append(msg.new_session.initialize.session_id)
        ws.on("framereceived", on_frame)

    pg.on("websocket", on_socket)
    pg.goto(url + "/datos")
    pg.locator("h1", has_text="Datos cargados").wait_for(timeout=60_000)
    wait_rendered(pg)
    assert sessions, "no new_session message seen"
    return context, pg, sessions[0]


def put_file(pg, url: str, session: str, n: int, size: int) -> int:
    """What a script in that browser gets for sending a file straight to the upload endpoint (XSRF token and all)."""
    xsrf = next(c["value"] for c in pg.context.cookies() if c["name"] == "_streamlit_xsrf")
    response = pg.request.put(f"{url}/_stcore/upload_file/{session}/archivo-{n}", headers={"X-Xsrftoken": xsrf},
                              multipart={"file": {"name": f"x{n}.xlsx", "mimeType": "application/octet-stream",
                                                  "buffer": b"\0" * size}})
    return response.status


@pytest.fixture(scope="module")
def plain_server(store, tmp_path_factory):
    """`make run` as shipped: 127.0.0.1, no sign-in, no LOCAL_UPLOADS."""
    with running_app(store, tmp_path_factory.mktemp("plain") / "streamlit.log", local_uploads=False) as url:
        yield url


def test_behind_a_proxy_on_this_machine_nobody_uploads(plain_server, browser):
    """A far browser through a TCP forward on 127.0.0.1 (Host: 127.0.0.1, no X-Forwarded-*) gets no upload box,
    and neither does a browser on this machine: «local» is not worked out from a request."""
    with tcp_forward(int(plain_server.rsplit(":", 1)[1])) as proxied:
        for url in (proxied, plain_server):
            context, pg, _ = open_datos(browser, url)
            try:
                main = pg.locator('[data-testid="stMain"]').inner_text()
                assert pg.locator('[data-testid="stFileUploader"]').count() == 0
                assert "solo lectura" in main and "LOCAL_UPLOADS=1" in main
            finally:
                context.close()


def test_the_upload_endpoint_keeps_nothing_from_a_read_only_session(plain_server, browser):
    context, pg, session = open_datos(browser, plain_server)
    try:
        before = rss_mb(plain_server.pid)
        statuses = [put_file(pg, plain_server, session, n, 20 * MB) for n in range(6)]
        assert statuses == [403] * 6
        grown = rss_mb(plain_server.pid) - before
        assert grown < 60, f"the server kept {grown:.0f} MB of refused uploads"
    finally:
        context.close()


def test_a_session_that_may_load_can_send_files_up_to_its_cap(server, browser):
    """The same requests from a session with the upload box (LOCAL_UPLOADS=1) are taken: the refusal above is the
    session's, not the request's; past a few workbooks' worth the session is refused too."""
    from dashboard.upload_guard import SESSION_MAX_BYTES

    context, pg, session = open_datos(browser, server["url"])
    try:
        pg.locator('[data-testid="stFileUploader"]').wait_for(timeout=30_000)
        per_file = 20 * MB
        fits = SESSION_MAX_BYTES // per_file
        statuses = [put_file(pg, server["url"], session, n, per_file) for n in range(fits + 1)]
        assert statuses == [204] * fits + [413]
    finally:
        context.close()
