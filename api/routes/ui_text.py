"""``GET /api/ui-text``: what the chat widget says, in every language (from ``messages.yml``)."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import MessagesDep
from api.i18n import widget_texts
from api.schemas import UiTextOut

__all__ = ["router"]

router = APIRouter(tags=["widget"])


@router.get("/api/ui-text", response_model=UiTextOut, summary="The chat widget's texts in every language")
async def ui_text(messages: MessagesDep) -> UiTextOut:
    """Language code → text key (``inputLabel``, ``charactersLeft`` …) → text with its ``{placeholders}``."""
    return widget_texts(messages)
