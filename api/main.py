"""The FastAPI application: ``create_app()`` assembles routes, middleware, exception handlers and lifespan.

Tests pass a fake backend and engine. ``python -m api.serve`` runs everything, ``python -m
api.serve api`` the API alone: uvicorn builds it with the factory ``api.main:app``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from sqlalchemy.engine import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.core.auth import check_admin_token
from api.core.errors import too_large_refusal, unparsable_body_is_422
from api.core.lifespan import lifespan
from api.core.middleware import BodySizeLimit, NoStore, SecurityHeaders
from api.core.rasa_client import ChatBackend
from api.core.templates import STATIC_DIR
from api.routes import ROUTERS
from api.settings import ApiSettings, get_api_settings
from api.state import ApiState

__all__ = ["PRIVATE_PREFIXES", "app", "create_app"]

PRIVATE_PREFIXES = ("/api/admin", "/console")
"""Paths whose responses are ``Cache-Control: no-store`` (:class:`api.core.middleware.NoStore`)."""


def create_app(
    settings: ApiSettings | None = None,
    *,
    backend: ChatBackend | None = None,
    engine: Engine | None = None,
    clock: Callable[[], datetime] | None = None,
    housekeeping: bool = True,
) -> FastAPI:
    """Build the application.

    Args:
        settings: Defaults to the ``NENKIN_*`` environment.
        backend: The conversation engine (default: Rasa at ``settings.rasa_base_url``).
        engine: The store (default: ``settings.database_url``).
        clock: Current time (tests).
        housekeeping: Run the retention purge at start and every 6 hours.

    Raises:
        InsecureTokenError: If the admin token is unsafe outside development mode.
        KnowledgeError: If the knowledge files have errors.
    """
    settings = settings or get_api_settings()
    check_admin_token(settings.admin_token, settings.mode)
    state = ApiState.from_settings(settings, backend=backend, engine=engine, clock=clock)
    application = FastAPI(
        title="nenkin-assistant",
        description="Chat API of the Japan Pension Service assistant, with call-centre and staff endpoints.",
        version="1.0",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan(state, housekeeping=housekeeping),
    )
    application.state.nenkin = state
    for router in ROUTERS:
        application.include_router(router)
    application.add_exception_handler(StarletteHTTPException, unparsable_body_is_422)
    application.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    application.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST"],
        allow_headers=["Content-Type"],
        max_age=600,
    )
    application.add_middleware(SecurityHeaders, frame_ancestors=settings.cors_origins)
    application.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes, refusal=too_large_refusal(state))
    application.add_middleware(NoStore, prefixes=PRIVATE_PREFIXES)  # outermost: also on 413s and CORS answers
    return application


def app() -> FastAPI:
    """Factory for ``uvicorn api.main:app --factory``."""
    return create_app()
