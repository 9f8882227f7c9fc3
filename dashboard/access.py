"""Who may see the dashboard and who may load workbooks (docs/security.md).

With sign-in configured ([auth] in .streamlit/secrets.toml), Streamlit's st.login signs people in with
the institution's OpenID Connect provider and data/access.toml says who views and who loads. Without it,
the dashboard is read-only unless the operator opts in: uploads on this machine only (POA_LOCAL_UPLOADS=1, a server
on 127.0.0.1 with no proxy in front), or open uploads on a trusted network (allow_anonymous_uploads).
The rules are plain functions (`decide`); `gate` and `current` apply them to the running session.
"""
from __future__ import annotations

import getpass
import importlib.util
import ipaddress
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import streamlit as st

from dashboard import upload_guard
from etl import store

ACCESS_FILE = store.ROOT / "data" / "access.toml"
MIN_COOKIE_SECRET = 32  # characters; anyone who guesses it can forge a signed-in cookie
SLUG = re.compile(r"[a-z0-9_-]{1,40}")
EXAMPLE_MARK = "REPLACE"  # how .streamlit/secrets.toml.example marks what must be filled in
LOCAL_SWITCH = "POA_LOCAL_UPLOADS"
ROLE_LABELS = {"loader": "Planificación (consulta y carga)", "viewer": "Consulta"}


@dataclass(frozen=True)
class Roles:
    viewers: tuple[str, ...] = ()
    loaders: tuple[str, ...] = ()
    allow_anonymous_uploads: bool = False
    problem: str = ""  # why the file could not be used; nobody gets a role from a broken file


@dataclass(frozen=True)
class Access:
    state: str  # local | open | read_only | sign_in | no_access | misconfigured | viewer | loader
    can_view: bool = False
    can_load: bool = False
    email: str = ""
    message: str = ""  # what the user is told when something is closed to them


def access_file() -> Path:
    return Path(os.environ.get("POA_ACCESS") or ACCESS_FILE)


def read_roles(path: Path) -> Roles:
    """The roles file; a missing one grants nothing, a broken one grants nothing and says why."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Roles()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return Roles(problem=f"no se pudo leer {path.name}: {exc}")
    lists = {}
    for key in ("viewers", "loaders"):
        entries = raw.get(key, [])
        if not isinstance(entries, list) or not all(isinstance(e, str) and "@" in e for e in entries):
            return Roles(problem=f"{path.name}: '{key}' debe ser una lista de correos o dominios ('@institucion.gob.do')")
        lists[key] = tuple(e.strip().lower() for e in entries if e.strip())
    opt_in = raw.get("allow_anonymous_uploads", False)
    if not isinstance(opt_in, bool):
        return Roles(problem=f"{path.name}: 'allow_anonymous_uploads' debe ser true o false")
    return Roles(lists["viewers"], lists["loaders"], opt_in)


def matches(email: str, entries: tuple[str, ...]) -> bool:
    """An exact e-mail, or '@domain' for everyone at that domain (not its subdomains)."""
    email = email.strip().lower()
    if email.count("@") != 1:
        return False
    domain = email[email.index("@"):]
    return any(e == email or (e.startswith("@") and e == domain) for e in entries)


def role_of(email: str, roles: Roles) -> str | None:
    if not email:
        return None
    if matches(email, roles.loaders):
        return "loader"
    if matches(email, roles.viewers):
        return "viewer"
    return None


def is_loopback(address: str | None) -> bool:
    """Only this machine can reach the server. No address means every interface."""
    if not address:
        return False
    if address == "localhost":
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:  # a host name or a unix socket: it may be reachable from elsewhere
        return False


FORWARDED = ("forwarded", "x-forwarded-for", "x-forwarded-host", "x-real-ip")


def came_through_a_proxy(headers: Mapping) -> bool:
    """A server on 127.0.0.1 behind a reverse proxy serves the whole network. The proxy gives itself away by
    forwarding headers or the public host name; a client faking them only makes the dashboard stricter."""
    names = {str(k).lower(): v for k, v in headers.items()}
    if any(names.get(h) for h in FORWARDED):
        return True
    host = str(names.get("host") or "")
    try:
        hostname = urlparse(f"//{host}").hostname if host else None
    except ValueError:  # not a host name at all: assume the worst
        return True
    return bool(hostname) and not is_loopback(hostname)


def providers(section: Mapping) -> list[str | None]:
    """What to pass st.login: None for one provider set in [auth] itself, else each [auth.NAME]."""
    named = [k for k, v in section.items() if isinstance(v, Mapping) and "client_id" in v]
    return named or [None]


def config_problems(section: Mapping) -> list[str]:
    """What keeps sign-in from working, named by key only: values are secrets and never shown."""
    problems = [f"falta '{k}' en [auth]" for k in ("redirect_uri", "cookie_secret") if not section.get(k)]
    if len(str(section.get("cookie_secret") or "x" * MIN_COOKIE_SECRET)) < MIN_COOKIE_SECRET:
        problems.append(f"'cookie_secret' debe tener al menos {MIN_COOKIE_SECRET} caracteres")
    for name in providers(section):
        provider = section[name] if name else section
        for key in ("client_id", "client_secret", "server_metadata_url"):
            if not provider.get(key) and not section.get(key):
                problems.append(f"falta '{key}' en [auth{'.' + name if name else ''}]")
    for name in ("cookie_secret", "client_secret"):
        if any(str(p.get(name, "")).startswith(EXAMPLE_MARK) for p in [section, *section.values()]
               if isinstance(p, Mapping)):
            problems.append(f"'{name}' todavía tiene el valor de secrets.toml.example")
    if importlib.util.find_spec("authlib") is None:
        problems.append("falta el paquete Authlib (pip install -r requirements.txt)")
    return problems


def signed_in_email(user: Mapping) -> str:
    """The e-mail of a signed-in user, unless the provider says it is not verified."""
    if user.get("is_logged_in") is not True or user.get("email_verified") is False:
        return ""
    email = user.get("email")
    return email.strip().lower() if isinstance(email, str) else ""


def decide(section: Mapping, secrets_problem: str, address: str | None, user: Mapping, roles: Roles,
           headers: Mapping | None = None, local_uploads: bool = False) -> Access:
    """The whole access policy. Anything unclear about sign-in closes the dashboard rather than opening it."""
    if section or secrets_problem:
        problems = [secrets_problem] if secrets_problem else config_problems(section)
        problems += [roles.problem] if roles.problem else []
        if problems:
            return Access("misconfigured", message="; ".join(problems))
        if user.get("is_logged_in") is not True:
            return Access("sign_in")
        email = signed_in_email(user)
        role = role_of(email, roles)
        if role is None:
            why = (f"La cuenta {email} no tiene acceso a este tablero." if email else
                   "Su proveedor de identidad no envió un correo electrónico verificado.")
            return Access("no_access", email=email,
                          message=why + " Pida acceso a la oficina de planificación o al equipo de TI.")
        return Access(role, can_view=True, can_load=role == "loader", email=email,
                      message="" if role == "loader" else
                      "Su cuenta es de consulta: solo el personal de planificación carga libros.")
    # Nothing in a request says where it came from: a reverse proxy on this machine forwards the whole network
    # from 127.0.0.1, with whatever Host header it likes. Uploads without sign-in are the operator's explicit
    # choice, for a server that listens on 127.0.0.1 and has nothing in front of it (docs/security.md).
    if local_uploads and is_loopback(address) and not came_through_a_proxy(headers or {}):
        return Access("local", can_view=True, can_load=True)
    if roles.allow_anonymous_uploads and not roles.problem:
        return Access("open", can_view=True, can_load=True)
    if local_uploads and not is_loopback(address):
        why = (f"{LOCAL_SWITCH}=1 solo abre la carga cuando el tablero escucha en 127.0.0.1, y este se sirve en "
               "la red: es de solo lectura. ")
    elif is_loopback(address):
        why = ("Este tablero no tiene inicio de sesión, así que es de solo lectura. Para cargar libros desde este "
               "equipo, inícielo con `make run LOCAL_UPLOADS=1` (solo en 127.0.0.1 y nunca detrás de un proxy). ")
    else:
        why = ("El tablero se sirve en la red sin inicio de sesión, así que es de solo lectura: nadie puede cargar "
               "libros desde aquí. ")
    return Access("read_only", can_view=True, message=why + (
        "También puede configurar el inicio de sesión (docs/security.md) o usar "
        "`.venv/bin/python -m etl load` en el servidor."))


# ---- the running session ------------------------------------------------------------------------------

def auth_section() -> tuple[dict, str]:
    """[auth] from the secrets, and a problem when the secrets exist but cannot be read."""
    try:
        if not st.secrets.load_if_toml_exists():
            return {}, ""
        section = st.secrets.get("auth")
    except Exception:  # the parser's message may quote a secret: name the file only
        return {}, "no se pudo leer .streamlit/secrets.toml (revise su sintaxis TOML)"
    if section is None:
        return {}, ""
    if not isinstance(section, Mapping) or not section:  # present but unusable: closed, not open
        return {}, "[auth] en .streamlit/secrets.toml está vacía o no es una sección"
    return dict(section), ""


def local_uploads() -> bool:
    """The operator's switch for uploads without sign-in on this machine (`make run LOCAL_UPLOADS=1`)."""
    return os.environ.get(LOCAL_SWITCH, "").strip() == "1"


def current() -> Access:
    section, problem = auth_section()
    return decide(section, problem, st.get_option("server.address"), st.user.to_dict(), read_roles(access_file()),
                  dict(st.context.headers or {}), local_uploads())


def loaded_by(access: Access) -> str:
    """What source_files.loaded_by records for a load from the dashboard."""
    if access.email:
        return access.email
    try:
        return f"app:{getpass.getuser()}"
    except (OSError, KeyError):
        return "app:desconocido"


def gate() -> Access:
    """Run before st.navigation: someone who may not view gets one page and nothing else."""
    access = current()
    upload_guard.allow(access.can_load)  # Streamlit's upload endpoint asks this, not the page
    if access.state != "local" and st.get_option("client.showErrorDetails") != "none":
        # Beyond this machine an unexpected error shows a generic message; the details go to the server log.
        st.set_option("client.showErrorDetails", "none")
    if not access.can_view:
        def acceso():
            closed_page(access)
        # Answer a bookmarked /datos with this page at that address, not Streamlit's "Page not found".
        asked = urlparse(st.context.url or "").path.rstrip("/").rsplit("/", 1)[-1]
        pages = [st.Page(acceso, title="Acceso", default=True)]
        if SLUG.fullmatch(asked) and asked != "acceso":
            pages.append(st.Page(acceso, title="Acceso", url_path=asked))
        st.navigation(pages, position="hidden").run()
        st.stop()
    with st.sidebar:
        if access.email:
            st.caption(f"Sesión iniciada · {ROLE_LABELS[access.state]}")
            st.text(access.email)
            if st.button("Cerrar sesión", key="logout", icon=":material/logout:"):
                st.logout()
        elif access.state == "read_only":
            st.caption("Solo lectura: sin inicio de sesión." if is_loopback(st.get_option("server.address"))
                       else "Solo lectura: servido en la red sin inicio de sesión.")
    return access


def closed_page(access: Access) -> None:
    st.title("Tablero POA")
    if access.state == "sign_in":
        st.write("Este tablero muestra los planes operativos de la institución. "
                 "Inicie sesión con su cuenta institucional para continuar.")
        names = providers(auth_section()[0])
        for name in names:
            label = "Iniciar sesión" + (f" con {name}" if len(names) > 1 else "")
            if st.button(label, type="primary", key=f"login_{name or 'default'}", icon=":material/login:"):
                if name:
                    st.login(name)
                else:
                    st.login()
    elif access.state == "no_access":
        st.subheader("Sin acceso")
        st.error(access.message)
        if st.button("Cerrar sesión", key="logout", icon=":material/logout:"):
            st.logout()
    else:
        st.error("El inicio de sesión está configurado pero no se puede usar, así que el tablero permanece "
                 f"cerrado. Avise al equipo de TI: {access.message}.")
