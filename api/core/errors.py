"""How the API answers requests it cannot serve: undecodable bodies, and bodies over the size limit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.i18n import DEFAULT_LANGUAGE
from api.state import ApiState

__all__ = ["too_large_refusal", "unparsable_body_is_422"]


async def unparsable_body_is_422(request: Request, exc: StarletteHTTPException) -> Response:
    """FastAPI answers 400 for bodies it cannot decode (e.g. invalid UTF-8); report them like other bad bodies."""
    if exc.status_code == 400 and exc.detail == "There was an error parsing the body":
        detail = [{"loc": ["body"], "msg": "body is not valid UTF-8 JSON", "type": "value_error.jsondecode"}]
        return JSONResponse({"detail": detail}, status_code=422)
    return await http_exception_handler(request, exc)


def too_large_refusal(state: ApiState) -> Callable[[], dict[str, Any]]:
    """The 413 body for :class:`api.core.middleware.BodySizeLimit`.

    The body was never read, so its language is unknown: the site's default language, with the
    general line's phone number.
    """

    def refusal() -> dict[str, Any]:
        limit = state.settings.max_body_bytes
        return state.refusal("too_large", "too_large", DEFAULT_LANGUAGE, limit=limit)

    return refusal
