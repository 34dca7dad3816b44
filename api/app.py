"""The FastAPI application: chat API, health, admin API, chat page and consoles.

``create_app()`` builds it from settings; tests pass a fake backend and engine.
Run it with ``python -m api.serve`` (everything) or ``uvicorn api.app:app --factory --ws none``
(Rasa pins an older ``websockets`` that uvicorn's WebSocket support cannot import).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.engine import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException

from api import admin, chat, console, docs, health, pages
from api.auth import AdminGuard, check_admin_token
from api.middleware import BodySizeLimit, SecurityHeaders
from api.pages import STATIC_DIR
from api.rasa_client import ChatBackend, RasaBackend
from api.rate_limit import RateLimiter
from api.retention import purge_periodically
from api.settings import ApiSettings, get_api_settings
from api.state import ApiState
from knowledge.content.loader import load_knowledge_base
from knowledge.store.database import connect

__all__ = ["app", "create_app"]

log = logging.getLogger(__name__)


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
    state = ApiState(
        settings=settings,
        knowledge=load_knowledge_base(settings.knowledge_dir),
        engine=engine or connect(settings.database_url),
        backend=backend
        or RasaBackend(settings.rasa_base_url, settings.actions_base_url, timeout=settings.rasa_timeout),
        chat_limiter=RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst),
        admin_guard=AdminGuard(settings.admin_token, settings.admin_failures_per_minute),
    )
    if clock is not None:
        state.clock = clock

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        task = asyncio.create_task(purge_periodically(state)) if housekeeping else None
        yield
        if task is not None:
            task.cancel()
        await state.backend.close()

    application = FastAPI(
        title="nenkin-assistant",
        description="Chat API of the Japan Pension Service assistant, with call-centre and staff endpoints.",
        version="1.0",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    application.state.nenkin = state
    application.state.admin_guard = state.admin_guard
    for router in (chat.router, health.router, admin.router, pages.router, docs.router, console.router):
        application.include_router(router)
    application.add_exception_handler(StarletteHTTPException, _unparsable_body_is_422)
    application.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    application.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST"],
        allow_headers=["Content-Type"],
        max_age=600,
    )
    application.add_middleware(SecurityHeaders, frame_ancestors=settings.cors_origins)
    application.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes, refusal=lambda: _too_large(state))
    return application


def _too_large(state: ApiState) -> dict[str, Any]:
    """The 413 body: the body was never read, so its language is unknown; Japanese, the site's default."""
    return state.refusal("too_large", "too_large", "ja", limit=state.settings.max_body_bytes)


async def _unparsable_body_is_422(request: Request, exc: StarletteHTTPException) -> Response:
    """FastAPI answers 400 for bodies it cannot decode (e.g. invalid UTF-8); report them like other bad bodies."""
    if exc.status_code == 400 and exc.detail == "There was an error parsing the body":
        detail = [{"loc": ["body"], "msg": "body is not valid UTF-8 JSON", "type": "value_error.jsondecode"}]
        return JSONResponse({"detail": detail}, status_code=422)
    return await http_exception_handler(request, exc)


def app() -> FastAPI:
    """Factory for ``uvicorn api.app:app --factory``."""
    return create_app()
