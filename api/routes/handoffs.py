"""``/api/admin/handoffs``: the hand-off queue (paged, filtered), one ticket, closing it (admin token required)."""

from __future__ import annotations

from typing import Annotated, Literal, Optional

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.concurrency import run_in_threadpool

from api.deps import ADMIN_REFUSALS, StateDep, require_admin
from api.schemas import CalendarDay, DetailOut, HandoffsOut, Language, TicketOut
from knowledge.store.queue import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, search_tickets
from knowledge.store.records import Ticket, close_ticket, get_ticket
from knowledge.store.references import normalize_reference

__all__ = ["MAX_OFFSET", "router"]

MAX_OFFSET = 1_000_000
"""Deepest page start accepted (far beyond any real queue; keeps the number inside every database's integers)."""
TOPIC_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
_DAY = "Japan calendar day (Asia/Tokyo), as an ISO date `YYYY-MM-DD`"
# pydantic v1 needs Optional on Python 3.10: hence `noqa: UP045` below.

_NOT_FOUND = {404: {"model": DetailOut, "description": "No hand-off with this reference"}}

router = APIRouter(
    prefix="/api/admin/handoffs", tags=["admin"], dependencies=[Depends(require_admin)], responses=ADMIN_REFUSALS
)


def _found(ticket: Ticket | None, reference: str) -> TicketOut:
    if ticket is None:
        raise HTTPException(404, f"no hand-off with reference {reference!r}")
    return TicketOut.from_orm(ticket)


@router.get("", response_model=HandoffsOut, summary="Hand-off tickets, newest first, a page at a time")
async def handoffs(
    state: StateDep,
    status: Annotated[Optional[Literal["open", "closed"]], Query(description="Only open or closed tickets.")] = None,  # noqa: UP045
    language: Annotated[Optional[Language], Query(description="Only tickets in this language.")] = None,  # noqa: UP045
    topic: Annotated[
        Optional[str],  # noqa: UP045
        Query(pattern=TOPIC_PATTERN, max_length=64, description="Only tickets of this topic id (`exemption` …)."),
    ] = None,
    reference: Annotated[
        Optional[str],  # noqa: UP045
        Query(
            max_length=40,
            description="Part of a reference code, as typed or read out (`7F3`, `nk-7f3kq9`, full-width forms): "
            "tickets whose code contains it. Text that cannot be part of a code matches nothing.",
        ),
    ] = None,
    created_from: Annotated[Optional[CalendarDay], Query(description=f"Created on or after this {_DAY}.")] = None,  # noqa: UP045
    created_to: Annotated[
        Optional[CalendarDay],  # noqa: UP045
        Query(description=f"Created on or before this {_DAY}; before `created_from`, nothing matches."),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Page size.")] = DEFAULT_PAGE_SIZE,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Matching tickets to skip (page start).")] = 0,
) -> HandoffsOut:
    """The hand-off queue: one page and the number of matching tickets in all (`total`).

    Newest first, ties by reference, so paging with `offset` += `limit` visits every ticket once.
    Filters combine; counting, filtering and paging are done in the database. A malformed value
    is a 422 naming the parameter; well-formed filters that nothing can match (a reversed date
    range, a search that cannot be part of a code) give an empty page with `total` 0.
    """
    page = await run_in_threadpool(
        search_tickets,
        state.engine,
        status=status,
        language=language,
        topic=topic,
        reference=reference,
        created_from=created_from,
        created_to=created_to,
        limit=limit,
        offset=offset,
    )
    items = [TicketOut.from_orm(ticket) for ticket in page.items]
    return HandoffsOut(handoffs=items, total=page.total, limit=page.limit, offset=page.offset)


@router.get(
    "/{reference}",
    response_model=TicketOut,
    responses=_NOT_FOUND,
    summary="One hand-off ticket with its redacted transcript",
)
async def handoff(state: StateDep, reference: str) -> TicketOut:
    """Look a ticket up by the code the resident reads out (``nk-7f3kq9`` and full-width forms work too)."""
    code = normalize_reference(reference)
    ticket = await run_in_threadpool(get_ticket, state.engine, code) if code else None
    return _found(ticket, reference)


@router.post(
    "/{reference}/close", response_model=TicketOut, responses=_NOT_FOUND, summary="Mark a hand-off as dealt with"
)
async def close(state: StateDep, reference: str) -> TicketOut:
    """Close a ticket (idempotent)."""
    code = normalize_reference(reference)
    ticket = await run_in_threadpool(close_ticket, state.engine, code, now=state.clock()) if code else None
    return _found(ticket, reference)
