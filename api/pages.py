"""The resident chat page (``GET /``) and the widget's static files (``/static``)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

__all__ = ["STATIC_DIR", "router"]

STATIC_DIR = Path(__file__).resolve().parent / "static"

router = APIRouter(include_in_schema=False)


@router.get("/")
async def chat_page() -> FileResponse:
    """The self-contained chat page (also what the embed script opens in its iframe)."""
    return FileResponse(STATIC_DIR / "chat.html", media_type="text/html; charset=utf-8")
