"""The admin bearer token: startup check, constant-time comparison, and brute-force throttling.

The FastAPI dependency that guards admin routes and console pages is :func:`api.deps.require_admin`.
"""

from __future__ import annotations

import hmac

from fastapi import HTTPException, Request, status

from api.core.rate_limit import RateLimiter

__all__ = [
    "ADMIN_COOKIE",
    "DEFAULT_TOKENS",
    "MIN_TOKEN_LENGTH",
    "AdminGuard",
    "InsecureTokenError",
    "check_admin_token",
    "client_address",
]

ADMIN_COOKIE = "nenkin_admin"
"""The consoles keep the token in this HttpOnly cookie after the login form."""
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


def _presented_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value:
        return value.strip()
    return request.cookies.get(ADMIN_COOKIE)


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

    def verify(self, request: Request) -> None:
        """Raise 401 (or 429 after repeated failures) unless the request carries the token."""
        if self.accepts(_presented_token(request)):
            return
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
