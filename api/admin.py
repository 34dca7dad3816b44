"""``/api/admin/*``: hand-off queue, knowledge reload and analytics (bearer token required)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from api.auth import require_admin
from api.reload import ReloadFailedError, ReloadRejectedError, rebuild
from api.state import ApiState, state_of
from knowledge.content.loader import load_knowledge_base
from knowledge.settings import PROJECT_ROOT
from knowledge.store.analytics import compute_analytics
from knowledge.store.records import Ticket, close_ticket, get_ticket, list_tickets

__all__ = ["router", "ticket_json"]

router = APIRouter(prefix="/api/admin", tags=["admin"], dependencies=[Depends(require_admin)])


def ticket_json(ticket: Ticket) -> dict[str, Any]:
    """A hand-off ticket as the admin API shows it."""
    return {
        "reference": ticket.reference,
        "created_at": ticket.created_at.isoformat(),
        "language": ticket.language,
        "topic": ticket.topic,
        "status": ticket.status,
        "line_id": ticket.line_id,
        "closed_at": ticket.closed_at.isoformat() if ticket.closed_at else None,
        "transcript": [{"role": line.role, "text": line.text} for line in ticket.transcript],
    }


def _found(ticket: Ticket | None, reference: str) -> Ticket:
    if ticket is None:
        raise HTTPException(404, f"no hand-off with reference {reference!r}")
    return ticket


@router.get("/handoffs", summary="Hand-off tickets, newest first")
async def handoffs(
    request: Request,
    status: str | None = Query(None, pattern="^(open|closed)$", description="Only open or closed tickets"),
    limit: int = Query(100, ge=1, le=1000),
) -> dict[str, Any]:
    """The hand-off queue."""
    tickets = await run_in_threadpool(list_tickets, state_of(request).engine, status=status, limit=limit)
    return {"handoffs": [ticket_json(t) for t in tickets]}


@router.get("/handoffs/{reference}", summary="One hand-off ticket with its redacted transcript")
async def handoff(request: Request, reference: str) -> dict[str, Any]:
    """Look a ticket up by the code the resident reads out on the phone."""
    code = reference.strip().upper()
    return ticket_json(_found(await run_in_threadpool(get_ticket, state_of(request).engine, code), reference))


@router.post("/handoffs/{reference}/close", summary="Mark a hand-off as dealt with")
async def close(request: Request, reference: str) -> dict[str, Any]:
    """Close a ticket (idempotent)."""
    state = state_of(request)
    code = reference.strip().upper()
    ticket = await run_in_threadpool(close_ticket, state.engine, code, now=state.clock())
    return ticket_json(_found(ticket, reference))


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def _issue_json(issue: Any) -> dict[str, Any]:
    return {**issue.to_dict(), "file": _relative(issue.path)}


def _reload(state: ApiState) -> JSONResponse:
    if not state.reload_lock.acquire(blocking=False):
        return JSONResponse({"status": "busy", "detail": "a reload is already running"}, status_code=409)
    try:
        report = rebuild(state.settings)
        state.knowledge = load_knowledge_base(state.settings.knowledge_dir)
    except ReloadRejectedError as exc:
        issues = [_issue_json(issue) for issue in exc.issues]
        return JSONResponse({"status": "rejected", "errors": issues}, status_code=422)
    except ReloadFailedError as exc:
        return JSONResponse({"status": "failed", "detail": str(exc)}, status_code=500)
    finally:
        state.reload_lock.release()
    build = report.build
    return JSONResponse(
        {
            "status": "reloaded",
            "build": build.build,
            "entries": build.entries,
            "variants": build.variants,
            "embedded": build.embedded,
            "reused": build.reused,
            "seconds": round(build.seconds, 2),
            "warnings": [_issue_json(issue) for issue in report.warnings],
        }
    )


@router.post("/knowledge/reload", summary="Validate the knowledge files and swap in a rebuilt index")
async def reload_knowledge(request: Request) -> JSONResponse:
    """Broken files → 422 with the validator's errors, and the old index keeps serving."""
    return await run_in_threadpool(_reload, state_of(request))


@router.get("/analytics", summary="Usage, answer, hand-off and deflection rates over the last N days")
async def analytics(request: Request, days: int = Query(7, ge=1, le=366)) -> dict[str, Any]:
    """See :func:`knowledge.store.analytics.compute_analytics`."""
    state = state_of(request)
    return await run_in_threadpool(compute_analytics, state.engine, days=days, now=state.clock())
