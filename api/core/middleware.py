"""ASGI middleware: request size limit (413), security headers on every response, no caching of private pages."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["BodySizeLimit", "NoStore", "SecurityHeaders", "content_security_policy"]


class _TooLargeError(Exception):
    pass


class BodySizeLimit:
    """Answers 413 when the declared or streamed body exceeds ``max_bytes``.

    Args:
        app: The wrapped application.
        max_bytes: Largest accepted body.
        refusal: Builds the 413 body (the app passes one in the default language, with the phone number).
    """

    def __init__(self, app: ASGIApp, max_bytes: int, refusal: Callable[[], dict[str, Any]] | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.refusal = refusal or (
            lambda: {"error": "too_large", "message": f"request body larger than {max_bytes} bytes"}
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check ``Content-Length`` first, then count what is actually received."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._reject(send)
            return
        received = 0
        too_large = False

        async def limited_receive() -> Message:
            nonlocal received, too_large
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    too_large = True
                    raise _TooLargeError
            return message

        async def guarded_send(message: Message) -> None:
            if not too_large:  # once the body overflowed, whatever the app answers is replaced by 413
                await send(message)

        with contextlib.suppress(_TooLargeError):  # raised by our own receive; answered below
            await self.app(scope, limited_receive, guarded_send)
        if too_large:
            await self._reject(send)

    async def _reject(self, send: Send) -> None:
        body = json.dumps(self.refusal(), ensure_ascii=False).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})


def content_security_policy(frame_ancestors: Iterable[str]) -> str:
    """A CSP with no inline script or style; pages may be framed by ``frame_ancestors``."""
    ancestors = " ".join(["'self'", *frame_ancestors])
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        f"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors {ancestors}"
    )


class SecurityHeaders:
    """Adds CSP, nosniff, referrer and permissions policies to every HTTP response.

    Args:
        app: The wrapped application.
        frame_ancestors: Origins allowed to embed our pages (the widget's iframe).
    """

    def __init__(self, app: ASGIApp, frame_ancestors: Iterable[str] = ()) -> None:
        self.app = app
        self.headers = [
            (b"content-security-policy", content_security_policy(frame_ancestors).encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Append the headers to ``http.response.start``."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(name, value) for name, value in self.headers if name not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)


class NoStore:
    """``Cache-Control: no-store`` on every response under ``prefixes``, whatever the route set.

    Admin answers and console pages carry transcripts and figures: no browser (shared call-centre
    PCs) or proxy may keep them. Covers refusals and redirects too.

    Args:
        app: The wrapped application.
        prefixes: Path prefixes, e.g. ``("/api/admin", "/console")``: the path itself and everything below it.
    """

    def __init__(self, app: ASGIApp, prefixes: Iterable[str]) -> None:
        self.app = app
        self.prefixes = tuple(prefix.rstrip("/") for prefix in prefixes)

    def _private(self, path: str) -> bool:
        return any(path == prefix or path.startswith(f"{prefix}/") for prefix in self.prefixes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Replace any ``Cache-Control`` of a private path's ``http.response.start``."""
        if scope["type"] != "http" or not self._private(scope.get("path", "")):
            await self.app(scope, receive, send)
            return

        async def uncached(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (name, value) for name, value in message.get("headers", []) if name.lower() != b"cache-control"
                ]
                message = {**message, "headers": [*headers, (b"cache-control", b"no-store")]}
            await send(message)

        await self.app(scope, receive, uncached)
