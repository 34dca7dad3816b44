"""Call-centre and staff console pages (server-rendered; token via Bearer header or login cookie).

``/console/login`` sets the admin token in an HttpOnly, SameSite=Strict cookie;
every other page needs it (:func:`api.deps.require_admin`) and otherwise answers
401 with the login form as its body. State-changing forms also check ``Origin``
(:func:`api.deps.same_origin`). Rendering and refusals-as-pages: :mod:`api.console.pages`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from api.console.dashboard import PERIODS, RATES, dashboard_charts
from api.console.pages import ConsoleRoute, console_text, error_page, read_form, render, safe_next
from api.core.auth import ADMIN_COOKIE
from api.deps import StateDep, require_admin, same_origin
from api.state import ApiState
from knowledge.store.analytics import compute_analytics
from knowledge.store.records import close_ticket, get_ticket, list_tickets, normalize_reference

__all__ = ["COOKIE_SECONDS", "router"]

COOKIE_SECONDS = 12 * 3600
"""The login lasts one long shift."""
QUEUE_LIMIT = 500

router = APIRouter(prefix="/console", include_in_schema=False, route_class=ConsoleRoute)
Signed = Depends(require_admin)
SameOrigin = Depends(same_origin)


def _topic_names(state: ApiState) -> Callable[[str | None], str]:
    """Topic id → its Japanese label, for the templates."""
    topics = state.knowledge.topics

    def name(topic: str | None) -> str:
        if topic is None:
            return "—"
        return topics[topic].label.get("ja", topic) if topic in topics else topic

    return name


@router.get("")
async def home() -> RedirectResponse:
    """The console starts at the hand-off queue."""
    return RedirectResponse("/console/handoffs", status_code=303)


@router.get("/login")
async def login_form(request: Request) -> Response:
    """The token form (public)."""
    return render(request, "login.html", error=None, next_page=safe_next(request.query_params.get("next", "")))


@router.post("/login", dependencies=[SameOrigin])
async def login(request: Request, state: StateDep) -> Response:
    """Right token → cookie and 303 to the queue (or the page asked for); wrong → 401, repeated → 429."""
    form = await read_form(request)
    token = form.get("token", "").strip()
    if state.admin_guard.accepts(token):
        response = RedirectResponse(safe_next(form.get("next", "")) or "/console/handoffs", status_code=303)
        secure = request.url.scheme == "https"
        response.set_cookie(
            ADMIN_COOKIE, token, max_age=COOKIE_SECONDS, path="/", secure=secure, httponly=True, samesite="strict"
        )
        return response
    try:
        state.admin_guard.verify(request)  # counts the failure against this address: 401, or 429 once throttled
    except HTTPException as exc:
        if exc.status_code == 429:
            return error_page(request, 429, dict(exc.headers or {}))
    error = console_text(request).slash("console_wrong_token")
    return render(request, "login.html", http_status=401, error=error, next_page=safe_next(form.get("next", "")))


@router.post("/logout", dependencies=[SameOrigin])
async def logout() -> Response:
    """Forget the login cookie."""
    response = RedirectResponse("/console/login", status_code=303)
    response.delete_cookie(ADMIN_COOKIE, path="/", httponly=True, samesite="strict")
    return response


@router.get("/handoffs", dependencies=[Signed])
async def handoffs(
    request: Request,
    state: StateDep,
    status: str = Query("open", pattern="^(open|closed|all)$"),
    q: str = Query("", max_length=40),
) -> Response:
    """The hand-off queue; an exact reference in ``q`` jumps to its ticket, a partial one filters."""
    code = normalize_reference(q)
    if code and await run_in_threadpool(get_ticket, state.engine, code):
        return RedirectResponse(f"/console/handoffs/{code}", status_code=303)
    chosen = None if status == "all" else status
    tickets = await run_in_threadpool(list_tickets, state.engine, status=chosen, limit=QUEUE_LIMIT)
    if q.strip():
        part = (normalize_reference(q, partial=True) or "").removeprefix("NK-")
        tickets = [ticket for ticket in tickets if part and part in ticket.reference]
    context = {"tickets": tickets, "status": status, "q": q, "topic_name": _topic_names(state)}
    return render(request, "handoffs.html", signed_in=True, **context)


@router.get("/handoffs/{reference}", dependencies=[Signed])
async def handoff(request: Request, state: StateDep, reference: str) -> Response:
    """One ticket with its redacted transcript and a close button."""
    code = normalize_reference(reference)
    ticket = await run_in_threadpool(get_ticket, state.engine, code) if code else None
    if ticket is None:
        raise HTTPException(404, "no such hand-off")
    line = state.knowledge.contact_lines.get(ticket.line_id)
    line_name = line.name.get("ja", ticket.line_id) if line else ticket.line_id
    context = {"ticket": ticket, "line_name": line_name, "topic_name": _topic_names(state)}
    return render(request, "handoff.html", signed_in=True, **context)


@router.post("/handoffs/{reference}/close", dependencies=[Signed, SameOrigin])
async def close(state: StateDep, reference: str) -> Response:
    """Close a ticket and go back to it (303, so reloading does not post again)."""
    code = normalize_reference(reference)
    ticket = await run_in_threadpool(close_ticket, state.engine, code, now=state.clock()) if code else None
    if ticket is None:
        raise HTTPException(404, "no such hand-off")
    return RedirectResponse(f"/console/handoffs/{ticket.reference}", status_code=303)


@router.get("/analytics", dependencies=[Signed])
async def analytics(request: Request, state: StateDep, days: int = Query(7, ge=1, le=366)) -> Response:
    """The dashboard: headline rates with gauges, daily volume, languages, feedback, unanswered questions."""
    figures = await run_in_threadpool(compute_analytics, state.engine, days=days, now=state.clock())
    return render(
        request,
        "analytics.html",
        figures=figures,
        days=days,
        periods=PERIODS,
        rates=RATES,
        since=datetime.fromisoformat(figures["period"]["from"]),
        until=datetime.fromisoformat(figures["period"]["to"]),
        charts=dashboard_charts(figures, console_text(request)),
        signed_in=True,
    )
