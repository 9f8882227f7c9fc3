"""Files sent to Streamlit's upload endpoint are kept only for sessions that may load.

`/_stcore/upload_file/<session>/<file>` sits outside the app's gate: any open session can send files to it,
and Streamlit keeps them in memory until the session ends, whether or not an upload box was ever drawn.
The app says, on every run, whether its session may load (`allow`); the server's file manager refuses the rest
with 403, and caps what one session that may load holds (docs/security.md).
"""
from __future__ import annotations

import threading

from etl.safety import MAX_FILE_MB

# What one session may hold at once: a few workbooks at the size limit.
SESSION_MAX_BYTES = 4 * MAX_FILE_MB * 1024 * 1024

_allowed: set[str] = set()
_lock = threading.Lock()


def _session_id() -> str | None:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else None


def allow(may_load: bool) -> None:
    """Record whether this run's session may send files, and make sure the server asks."""
    install()
    session = _session_id()
    if session is None:
        return
    with _lock:
        (_allowed.add if may_load else _allowed.discard)(session)


def may_upload(session: str) -> bool:
    with _lock:
        return session in _allowed


def install() -> None:
    """Wrap the running server's file manager once (nothing to wrap under AppTest or a bare script)."""
    from streamlit import runtime

    if not runtime.exists():
        return
    manager = runtime.get_instance().uploaded_file_mgr
    if manager is None or getattr(manager, "_poa_guarded", False):
        return
    add, remove_session = manager.add_file, manager.remove_session_files

    def guarded_add(session_id, file):
        from starlette.exceptions import HTTPException

        if not may_upload(session_id):
            raise HTTPException(status_code=403, detail="Esta sesión no puede cargar libros.")
        held = sum(len(f.data) for k, f in getattr(manager, "file_storage", {}).get(session_id, {}).items()
                   if k != file.file_id)
        if held + len(file.data) > SESSION_MAX_BYTES:
            raise HTTPException(status_code=413, detail="Demasiados archivos en esta sesión.")
        add(session_id, file)

    def forget(session_id):
        with _lock:
            _allowed.discard(session_id)
        remove_session(session_id)

    manager.add_file, manager.remove_session_files = guarded_add, forget
    manager._poa_guarded = True
