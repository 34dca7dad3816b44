"""Rendering console pages: the frame they share, and refusals (401, 403, 404, 422, 429) shown as pages.

Templates are autoescaped and get ``t`` (:class:`api.i18n.ConsoleText`, the console's words),
``local_time`` and ``machine_time``. The CSP allows neither inline scripts nor styles.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Coroutine
from datetime import datetime, timezone
from typing import Any
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.core.auth import LEGACY_COOKIE
from api.core.templates import templates
from api.deps import get_state
from api.i18n import ConsoleText

__all__ = ["ConsoleRoute", "console_text", "error_page", "login_page", "read_form", "render", "safe_next"]

PAGE_HEADERS = {
    # Our forms then send a real Origin (with "no-referrer" browsers send "Origin: null", which we refuse).
    # (Every /console response is also Cache-Control: no-store: api.core.middleware.NoStore.)
    "Referrer-Policy": "same-origin",
}
_SECTIONS = {"handoffs.html": "handoffs", "handoff.html": "handoffs", "analytics.html": "analytics"}
_SAFE_NEXT = re.compile(r"^/console/[A-Za-z0-9/_\-?=&%.]*$")
_REFUSALS = {
    401: "console_please_log_in",
    403: "console_cross_origin_form",
    404: "console_not_found",
    422: "console_invalid_input",
    429: "console_too_many_attempts",
}
"""Status → what the page says."""


def console_text(request: Request) -> ConsoleText:
    """The console's words from the knowledge being served."""
    return ConsoleText(get_state(request).knowledge.messages)


def _local_time(request: Request) -> Callable[[datetime | None], str]:
    zone = ZoneInfo(get_state(request).knowledge.timezone)

    def show(moment: datetime | None) -> str:
        if moment is None:
            return "—"
        aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)  # the store keeps UTC
        return aware.astimezone(zone).strftime("%Y-%m-%d %H:%M")

    return show


def _machine_time(moment: datetime) -> str:
    """ISO 8601 with the zone, for ``<time datetime>`` (the store gives naive UTC on SQLite)."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).isoformat()


def render(
    request: Request, name: str, *, http_status: int = 200, headers: dict[str, str] | None = None, **context: Any
) -> Response:
    """Template ``console/<name>`` with the console's words, times and navigation.

    Args:
        request: The request being answered.
        name: The template file in ``api/templates/console/``.
        http_status: The response status.
        headers: Extra response headers.
        **context: The page's own values (``signed_in=True`` shows the navigation).
    """
    context.setdefault("signed_in", False)
    context.update(
        section=_SECTIONS.get(name, ""),
        t=console_text(request),
        local_time=_local_time(request),
        machine_time=_machine_time,
    )
    headers = {**PAGE_HEADERS, **(headers or {})}
    return templates.TemplateResponse(request, f"console/{name}", context, status_code=http_status, headers=headers)


def safe_next(target: str) -> str:
    """``target`` if it is a console page to return to after logging in, else ``""`` (no open redirects)."""
    return target if _SAFE_NEXT.match(target) and not target.startswith("/console/log") else ""


def login_page(request: Request, status: int, error: str | None, headers: dict[str, str] | None = None) -> Response:
    """The token form, remembering the page that was asked for (GET only: a refused POST cannot be replayed)."""
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    next_page = safe_next(target) if request.method == "GET" else ""
    return render(request, "login.html", http_status=status, headers=headers, error=error, next_page=next_page)


def error_page(request: Request, status: int, headers: dict[str, str] | None = None) -> Response:
    """A refusal as a page: the login form for 401 and 429, else the error page."""
    text = console_text(request)
    message = text.slash(_REFUSALS.get(status, "console_something_went_wrong"))
    if status in (401, 429):
        return login_page(request, status, message, headers)
    context = {"status": status, "message": message, "signed_in": True}
    return render(request, "error.html", http_status=status, headers=headers, **context)


class ConsoleRoute(APIRoute):
    """Renders refusals (401, 403, 404, 422, 429) as pages instead of JSON; deletes old raw-token cookies."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """Wrap FastAPI's handler so token checks and lookups failing still give people a page."""
        handler = super().get_route_handler()

        async def rendered(request: Request) -> Response:
            try:
                response = await handler(request)
            except StarletteHTTPException as exc:
                response = error_page(request, exc.status_code, dict(exc.headers or {}))
            except RequestValidationError:
                response = error_page(request, 422)
            if LEGACY_COOKIE in request.cookies:  # earlier versions kept the admin token itself there
                secure = request.url.scheme == "https"
                response.delete_cookie(LEGACY_COOKIE, path="/", secure=secure, httponly=True, samesite="strict")
            return response

        return rendered


async def read_form(request: Request) -> dict[str, str]:
    """A URL-encoded form body (the body size is already bounded by the middleware)."""
    fields = parse_qs((await request.body()).decode("utf-8", "replace"), keep_blank_values=True)
    return {name: values[0] for name, values in fields.items()}
