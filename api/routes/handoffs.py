"""``/api/admin/handoffs``: the hand-off queue, one ticket, closing it (admin token required)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.concurrency import run_in_threadpool

from api.deps import ADMIN_REFUSALS, StateDep, require_admin
from api.schemas import DetailOut, HandoffsOut, TicketOut
from knowledge.store.records import Ticket, close_ticket, get_ticket, list_tickets, normalize_reference

__all__ = ["router"]

_NOT_FOUND = {404: {"model": DetailOut, "description": "No hand-off with this reference"}}

router = APIRouter(
    prefix="/api/admin/handoffs", tags=["admin"], dependencies=[Depends(require_admin)], responses=ADMIN_REFUSALS
)


def _found(ticket: Ticket | None, reference: str) -> TicketOut:
    if ticket is None:
        raise HTTPException(404, f"no hand-off with reference {reference!r}")
    return TicketOut.from_orm(ticket)


@router.get("", response_model=HandoffsOut, summary="Hand-off tickets, newest first")
async def handoffs(
    state: StateDep,
    status: str | None = Query(None, pattern="^(open|closed)$", description="Only open or closed tickets"),
    limit: int = Query(100, ge=1, le=1000),
) -> HandoffsOut:
    """The hand-off queue."""
    tickets = await run_in_threadpool(list_tickets, state.engine, status=status, limit=limit)
    return HandoffsOut(handoffs=[TicketOut.from_orm(ticket) for ticket in tickets])


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
