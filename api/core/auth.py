"""The admin bearer token (startup check, constant-time comparison, brute-force throttling) and the console's cookie.

The admin API takes the token only as ``Authorization: Bearer``. The console's login form trades
it for a session (:mod:`knowledge.store.sessions`) whose random id is the cookie
:data:`SESSION_COOKIE`; the cookie never opens ``/api/admin/*``. The FastAPI dependencies that
guard routes and pages are :func:`api.deps.require_admin` and :func:`api.deps.require_console`.
"""

from __future__ import annotations

import hmac
from typing import NoReturn

from fastapi import HTTPException, Request, Response, status

from api.core.rate_limit import RateLimiter

__all__ = [
    "DEFAULT_TOKENS",
    "LEGACY_COOKIE",
    "MIN_TOKEN_LENGTH",
    "SESSION_COOKIE",
    "AdminGuard",
    "InsecureTokenError",
    "check_admin_token",
    "clear_session_cookie",
    "client_address",
    "set_session_cookie",
]

SESSION_COOKIE = "nenkin_console"
"""The console's session id (HttpOnly, SameSite=Strict, Secure over https); the token itself is never a cookie."""
LEGACY_COOKIE = "nenkin_admin"
"""Where earlier versions kept the raw admin token: no longer read, and deleted from browsers that still have it."""
DEFAULT_TOKENS = frozenset({"", "changeme", "change-me", "admin", "secret", "password", "token"})
MIN_TOKEN_LENGTH = 16


class InsecureTokenError(RuntimeError):
    """The admin token is empty or a well-known default outside development mode."""


def check_admin_token(token: str, mode: str) -> None:
    """Refuse to run in production with a guessable admin token.

    Raises:
        InsecureTokenError: Naming ``NENKIN_ADMIN_TOKEN`` and how to fix it.
    """
    if mode == "development":
        return
    if token.strip().lower() in DEFAULT_TOKENS or len(token) < MIN_TOKEN_LENGTH:
        raise InsecureTokenError(
            f"NENKIN_ADMIN_TOKEN is empty, a default, or shorter than {MIN_TOKEN_LENGTH} characters; "
            "set a long random value (e.g. `python -c 'import secrets; print(secrets.token_urlsafe(32))'`), "
            "or NENKIN_MODE=development on a private machine."
        )


def client_address(request: Request) -> str:
    """The peer address used for rate limits."""
    return request.client.host if request.client else "unknown"


def set_session_cookie(response: Response, session_id: str, *, max_age: int, secure: bool) -> None:
    """Put a console session id in the cookie: HttpOnly, SameSite=Strict, whole site, ``Secure`` over https."""
    response.set_cookie(
        SESSION_COOKIE, session_id, max_age=max_age, path="/", secure=secure, httponly=True, samesite="strict"
    )


def clear_session_cookie(response: Response, *, secure: bool) -> None:
    """Make the browser forget the session cookie."""
    response.delete_cookie(SESSION_COOKIE, path="/", secure=secure, httponly=True, samesite="strict")


class AdminGuard:
    """Checks presented tokens; too many failures from one address get 429.

    Args:
        token: The configured token (an empty one, allowed only in development mode,
            accepts nothing).
        failures_per_minute: Wrong tokens tolerated per minute per address.
    """

    def __init__(self, token: str, failures_per_minute: int) -> None:
        self._token = token.encode()
        self._failures = RateLimiter(failures_per_minute, failures_per_minute)

    def accepts(self, presented: str | None) -> bool:
        """Constant-time comparison; an unset token accepts nothing."""
        if not presented or not self._token:
            return False
        return hmac.compare_digest(presented.encode(), self._token)

    def check(self, request: Request, presented: str | None) -> None:
        """Return if ``presented`` is the token, else :meth:`refuse` (the right token passes even when throttled)."""
        if not self.accepts(presented):
            self.refuse(request)

    def refuse(self, request: Request) -> NoReturn:
        """Count a failed attempt from the request's address: 401, or 429 with ``Retry-After`` once throttled."""
        verdict = self._failures.penalize(client_address(request))
        if not verdict.allowed:
            raise HTTPException(
                status.HTTP_429_TOO_MANY_REQUESTS,
                "too many failed attempts",
                headers={"Retry-After": str(verdict.retry_after)},
            )
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "admin token required", headers={"WWW-Authenticate": "Bearer"}
        )
