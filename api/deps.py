"""FastAPI dependencies of the routes: the shared state, the messages, admin and console checks, the reload step.

Routes take what they need as typed parameters (``state: StateDep``); tests replace a
dependency with ``app.dependency_overrides`` instead of patching modules.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, HTTPException, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.core.auth import SESSION_COOKIE
from api.reload import ReloadReport, rebuild
from api.schemas import DetailOut
from api.state import ApiState
from knowledge.content.schema import Messages
from knowledge.settings import KnowledgeSettings
from knowledge.store.sessions import session_is_open

__all__ = [
    "ADMIN_REFUSALS",
    "BearerDep",
    "MessagesDep",
    "Rebuild",
    "RebuildDep",
    "StateDep",
    "get_messages",
    "get_rebuild",
    "get_state",
    "require_admin",
    "require_console",
    "same_origin",
]

log = logging.getLogger(__name__)

Rebuild = Callable[[KnowledgeSettings], ReloadReport]
"""Validate the knowledge files and build the index (:func:`api.reload.rebuild`)."""


def get_state(request: Request) -> ApiState:
    """The shared state of the app serving ``request``."""
    return request.app.state.nenkin


StateDep = Annotated[ApiState, Depends(get_state)]


def get_messages(state: StateDep) -> Messages:
    """The messages of the knowledge being served (they change with a knowledge reload)."""
    return state.knowledge.messages


MessagesDep = Annotated[Messages, Depends(get_messages)]


_BEARER = HTTPBearer(
    auto_error=False,
    scheme_name="adminToken",
    description="The admin token (`NENKIN_ADMIN_TOKEN`; `make run` keeps a generated one in `var/admin-token`).",
)
BearerDep = Annotated[HTTPAuthorizationCredentials | None, Security(_BEARER)]
"""The ``Authorization: Bearer`` credentials, if any (and the security scheme in ``/openapi.json``)."""


def _bearer(credentials: HTTPAuthorizationCredentials | None) -> str | None:
    return credentials.credentials.strip() if credentials is not None else None


def require_admin(request: Request, state: StateDep, credentials: BearerDep) -> None:
    """``/api/admin/*``: the bearer token and nothing else (never the console's cookie); 401, 429 after guessing."""
    state.admin_guard.check(request, _bearer(credentials))


ADMIN_REFUSALS = {
    401: {"model": DetailOut, "description": "No or wrong admin token"},
    429: {"model": DetailOut, "description": "Too many wrong tokens from this address; see Retry-After"},
}
"""What a route guarded by :func:`require_admin` may answer instead (its ``responses``)."""


def require_console(request: Request, state: StateDep, credentials: BearerDep) -> None:
    """Console pages: an open console session (the login cookie), or the bearer token as on the admin API.

    A wrong bearer token counts towards the lockout; a missing, expired or logged-out session does
    not (it is a staff member whose shift ended, not a guess): 401, which the console shows as the
    login form.
    """
    if credentials is not None:
        state.admin_guard.check(request, _bearer(credentials))
        return
    key = state.settings.admin_token
    if not session_is_open(state.engine, request.cookies.get(SESSION_COOKIE), key=key, now=state.clock()):
        raise HTTPException(401, "console login required")


_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an http(s) URL or origin, else ``None`` (``null``, garbage, other schemes)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    return parts.scheme, parts.hostname.lower(), port or _DEFAULT_PORTS[parts.scheme]


def same_origin(request: Request) -> None:
    """CSRF defence of the console on top of SameSite=Strict: every POST must show it comes from this origin.

    ``Origin`` must name this server's own origin (scheme, host and port, as the request reached
    it); without ``Origin``, ``Referer`` must. Neither → 403, and ``Origin: null`` (privacy modes,
    sandboxed frames) never matches. Safe methods (GET, HEAD, OPTIONS) pass. Console pages send
    ``Referrer-Policy: same-origin`` so that browsers send both on our own forms.
    """
    if request.method in _SAFE_METHODS:
        return
    claimed = request.headers.get("origin") or request.headers.get("referer")
    presented, own = _origin(claimed or ""), _origin(str(request.url))
    if presented is not None and presented == own:
        return
    if presented is not None and own is not None and presented[0] != own[0] and presented[1] == own[1]:
        log.warning(
            "console POST refused: its form came from %s:// but this server sees %s:// requests "
            "(behind a TLS proxy? list it in NENKIN_TRUSTED_PROXIES)",
            presented[0],
            own[0],
        )
    raise HTTPException(403, "cross-origin form" if claimed else "form without Origin or Referer")


def get_rebuild() -> Rebuild:
    """The step a knowledge reload runs (tests override it to skip the real build)."""
    return rebuild


RebuildDep = Annotated[Rebuild, Depends(get_rebuild)]
