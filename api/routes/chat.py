"""``POST /api/chat``: validate, rate-limit, prepare the message once, forward to Rasa, merge the replies.

This is where a resident's message enters: :func:`knowledge.text.incoming.prepare_incoming`
redacts it and detects its language here, once; the result travels to Rasa as metadata.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from api.core.auth import client_address
from api.core.rasa_client import BackendUnavailableError
from api.core.reply import merge_replies
from api.deps import StateDep
from api.schemas import ChatRequest, ChatResponse, ErrorOut
from api.state import ApiState
from knowledge.store.database import DatabaseError
from knowledge.store.records import record_event
from knowledge.text.incoming import METADATA_KEY, Incoming, prepare_incoming, stored_session_id

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
    except (DatabaseError, ValueError) as exc:  # analytics must never break the conversation
        log.error("could not record a chat message: %s", exc)


def _language(body: ChatRequest, incoming: Incoming) -> str:
    """The language to answer in before Rasa has: the resident's choice, else the message's."""
    if body.language:
        return body.language
    return incoming.detection.language if incoming.detection is not None else "ja"


async def _answered_nothing(state: ApiState, language: str) -> dict | None:
    """The reply when Rasa answered nothing although every server is up, else ``None`` (a server is down)."""
    health = await state.backend.health()
    if any(status != "ok" for status in health.values()):
        log.warning("chat unavailable: no reply, servers %s", health)
        return None
    log.warning("Rasa answered nothing while all servers are up; asking the resident to rephrase")
    text = state.knowledge.messages.get("ask_rephrase", language)
    return {"language": language, "messages": [{"text": text, "buttons": []}], "answer": None, "suggestions": []}


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
async def chat(body: ChatRequest, request: Request, state: StateDep) -> JSONResponse:
    """One conversation turn. Personal numbers are redacted before the text leaves this process."""
    incoming = prepare_incoming(body.message)
    language = _language(body, incoming)
    verdict = state.chat_limiter.check(client_address(request))
    if not verdict.allowed:
        return _refusal(state, 429, "rate_limited", "rate_limited", language, seconds=verdict.retry_after)
    session = stored_session_id(body.session_id, state.settings.internal_token or state.settings.admin_token)
    metadata = {METADATA_KEY: incoming.metadata(), **({"language": body.language} if body.language else {})}
    try:
        replies = await state.backend.send(session, incoming.text, metadata)
        merged = merge_replies(replies, fallback_language=language) or await _answered_nothing(state, language)
    except BackendUnavailableError as exc:
        log.warning("chat unavailable: %s", exc)
        merged = None
    if merged is None:
        return _refusal(state, 503, "unavailable", "error", language)
    await run_in_threadpool(_record_message, state, session, merged["language"], incoming.text)
    response = ChatResponse(session_id=body.session_id, **{"handoff": None, **merged})
    return JSONResponse(response.dict())
