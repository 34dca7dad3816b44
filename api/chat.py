"""``POST /api/chat``: validate, rate-limit, redact, forward to Rasa, merge the replies."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from api.auth import client_address
from api.rasa_client import BackendUnavailableError
from api.reply import merge_replies
from api.schemas import ChatRequest, ChatResponse, ErrorOut
from api.state import ApiState, state_of
from knowledge.store.database import DatabaseError
from knowledge.store.records import record_event
from knowledge.text.langid import detect_language
from knowledge.text.redaction import redact

__all__ = ["router"]

log = logging.getLogger(__name__)
router = APIRouter(tags=["chat"])


def _refusal(state: ApiState, status: int, error: str, key: str, language: str, **values: object) -> JSONResponse:
    body = ErrorOut(**state.refusal(error, key, language, **values))
    headers = {"Retry-After": str(values["seconds"])} if "seconds" in values else None
    return JSONResponse(body.dict(), status_code=status, headers=headers)


def _record_message(state: ApiState, session_id: str, language: str, text: str) -> None:
    try:
        record_event(state.engine, session_id=session_id, kind="message", language=language, text=text)
    except DatabaseError as exc:  # analytics must never break the conversation
        log.error("could not record a chat message: %s", exc)


@router.post(
    "/api/chat",
    response_model=ChatResponse,
    responses={
        413: {"model": ErrorOut, "description": "Body too large"},
        429: {"model": ErrorOut, "description": "Too many messages; see Retry-After"},
        503: {"model": ErrorOut, "description": "Assistant unavailable; the message gives the phone number"},
    },
    summary="Send a resident's message and get the assistant's reply",
)
async def chat(body: ChatRequest, request: Request) -> JSONResponse:
    """One conversation turn. Personal numbers are redacted before the text leaves this process."""
    state = state_of(request)
    text = redact(body.message).text
    language = body.language or detect_language(text).language
    verdict = state.chat_limiter.check(client_address(request))
    if not verdict.allowed:
        return _refusal(state, 429, "rate_limited", "rate_limited", language, seconds=verdict.retry_after)
    metadata = {"language": body.language} if body.language else {}
    try:
        replies = await state.backend.send(body.session_id, text, metadata)
        merged = merge_replies(replies, fallback_language=language)
        if merged is None:
            raise BackendUnavailableError("no reply from our actions (is the action server up?)")
    except BackendUnavailableError as exc:
        log.warning("chat unavailable: %s", exc)
        return _refusal(state, 503, "unavailable", "error", language)
    await run_in_threadpool(_record_message, state, body.session_id, merged["language"], text)
    response = ChatResponse(session_id=body.session_id, **merged)
    return JSONResponse(response.dict())
