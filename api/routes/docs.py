"""``GET /docs``: Swagger UI served from vendored files (no CDN; the CSP forbids inline script)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse

from api.core.templates import STATIC_DIR

__all__ = ["DOCS_POLICY", "router"]

router = APIRouter(include_in_schema=False)

DOCS_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
"""Swagger UI sets inline styles; scripts stay restricted to our own files."""


@router.get("/docs")
async def swagger_ui() -> FileResponse:
    """Interactive API documentation of ``/openapi.json``."""
    return FileResponse(
        STATIC_DIR / "docs" / "index.html",
        media_type="text/html; charset=utf-8",
        headers={"Content-Security-Policy": DOCS_POLICY},
    )
