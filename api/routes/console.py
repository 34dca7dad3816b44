"""Call-centre and staff console pages (server-rendered; a login session, or the token as a Bearer header).

``/console/login`` trades the admin token for a console session: a random id in an HttpOnly,
SameSite=Strict cookie (``Secure`` over https) that lasts ``NENKIN_CONSOLE_SESSION_MINUTES`` from
the login and ends at logout (:mod:`knowledge.store.sessions`). Every other page needs it
(:func:`api.deps.require_console`) and otherwise answers 401 with the login form as its body.
Every POST must come from this origin (:func:`api.deps.same_origin`, on the whole router).
Rendering and refusals-as-pages: :mod:`api.console.pages`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from api.console.dashboard import PERIODS, RATES, dashboard_charts
from api.console.pages import ConsoleRoute, console_text, error_page, read_form, render, safe_next
from api.console.queue import QueueFilters, queue_filters, queue_page
from api.core.auth import SESSION_COOKIE, clear_session_cookie, set_session_cookie
from api.deps import StateDep, require_console, same_origin
from api.state import ApiState
from knowledge.languages import LANGUAGES
from knowledge.store.analytics import compute_analytics
from knowledge.store.records import close_ticket, get_ticket
from knowledge.store.references import normalize_reference
from knowledge.store.sessions import close_session, open_session

__all__ = ["router"]

router = APIRouter(
    prefix="/console", include_in_schema=False, route_class=ConsoleRoute, dependencies=[Depends(same_origin)]
)
Signed = Depends(require_console)
QueueFiltersDep = Annotated[QueueFilters, Depends(queue_filters)]


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


def _start_session(state: ApiState, previous: str | None) -> str:
    """A new session for a correct login (ending the one the browser had, if any)."""
    key = state.settings.admin_token
    close_session(state.engine, previous, key=key)
    lifetime = timedelta(minutes=state.settings.console_session_minutes)
    return open_session(state.engine, key=key, lifetime=lifetime, now=state.clock())


@router.post("/login")
async def login(request: Request, state: StateDep) -> Response:
    """Right token → new session cookie and 303 to the queue (or the page asked for); wrong → 401, repeated → 429."""
    form = await read_form(request)
    if state.admin_guard.accepts(form.get("token", "").strip()):
        session_id = await run_in_threadpool(_start_session, state, request.cookies.get(SESSION_COOKIE))
        response = RedirectResponse(safe_next(form.get("next", "")) or "/console/handoffs", status_code=303)
        max_age = state.settings.console_session_minutes * 60
        set_session_cookie(response, session_id, max_age=max_age, secure=request.url.scheme == "https")
        return response
    try:
        state.admin_guard.refuse(request)  # counts the failure against this address: 401, or 429 once throttled
    except HTTPException as exc:
        if exc.status_code == 429:
            return error_page(request, 429, dict(exc.headers or {}))
    error = console_text(request).slash("console_wrong_token")
    return render(request, "login.html", http_status=401, error=error, next_page=safe_next(form.get("next", "")))


@router.post("/logout")
async def logout(request: Request, state: StateDep) -> Response:
    """End the session on the server (the cookie's id opens nothing any more) and forget the cookie."""
    key = state.settings.admin_token
    await run_in_threadpool(close_session, state.engine, request.cookies.get(SESSION_COOKIE), key=key)
    response = RedirectResponse("/console/login", status_code=303)
    clear_session_cookie(response, secure=request.url.scheme == "https")
    return response


@router.get("/handoffs", dependencies=[Signed])
async def handoffs(request: Request, state: StateDep, filters: QueueFiltersDep) -> Response:
    """The hand-off queue, a page at a time; an exact reference in ``q`` jumps to its ticket, a partial one filters."""
    code = normalize_reference(filters.q)
    if code and await run_in_threadpool(get_ticket, state.engine, code):
        return RedirectResponse(f"/console/handoffs/{code}", status_code=303)
    view = await run_in_threadpool(queue_page, state.engine, filters)
    topics = {topic_id: topic.label.get("ja", topic_id) for topic_id, topic in state.knowledge.topics.items()}
    context = {"view": view, "filters": filters, "topics": topics, "languages": LANGUAGES}
    return render(request, "handoffs.html", signed_in=True, topic_name=_topic_names(state), **context)


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


@router.post("/handoffs/{reference}/close", dependencies=[Signed])
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
