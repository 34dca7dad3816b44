"""``GET /api/languages``: the languages the assistant serves, each with its own name (the widget's menu)."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import MessagesDep
from api.i18n import language_list
from api.schemas import LanguagesOut

__all__ = ["router"]

router = APIRouter(tags=["widget"])


@router.get("/api/languages", response_model=LanguagesOut, summary="The languages the assistant serves")
async def languages(messages: MessagesDep) -> LanguagesOut:
    """The one list of language codes (``knowledge.languages.LANGUAGES``), with names from ``messages.yml``."""
    return language_list(messages)
