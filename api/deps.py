"""FastAPI dependencies of the routes: the shared state, the messages, admin checks, the reload step.

Routes take what they need as typed parameters (``state: StateDep``); tests replace a
dependency with ``app.dependency_overrides`` instead of patching modules.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, HTTPException, Request

from api.reload import ReloadReport, rebuild
from api.schemas import DetailOut
from api.state import ApiState
from knowledge.content.schema import Messages
from knowledge.settings import KnowledgeSettings

__all__ = [
    "ADMIN_REFUSALS",
    "MessagesDep",
    "Rebuild",
    "RebuildDep",
    "StateDep",
    "get_messages",
    "get_rebuild",
    "get_state",
    "require_admin",
    "same_origin",
]

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


def require_admin(request: Request, state: StateDep) -> None:
    """Admin routes and console pages: 401 without the token (Bearer header or login cookie), 429 after guessing."""
    state.admin_guard.verify(request)


ADMIN_REFUSALS = {
    401: {"model": DetailOut, "description": "No or wrong admin token"},
    429: {"model": DetailOut, "description": "Too many wrong tokens from this address; see Retry-After"},
}
"""What a route guarded by :func:`require_admin` may answer instead (its ``responses``)."""


def same_origin(request: Request) -> None:
    """CSRF defence of the console's forms on top of SameSite: a present ``Origin`` must name this host.

    ``Origin: null`` (sent by privacy modes and sandboxed frames) never does.
    """
    origin = request.headers.get("origin")
    if origin is not None and urlsplit(origin).netloc.lower() != request.headers.get("host", "").lower():
        raise HTTPException(403, "cross-origin form")


def get_rebuild() -> Rebuild:
    """The step a knowledge reload runs (tests override it to skip the real build)."""
    return rebuild


RebuildDep = Annotated[Rebuild, Depends(get_rebuild)]
