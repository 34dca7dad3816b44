"""Call-centre and staff console pages (server-rendered; token via Bearer header or login cookie).

``/console/login`` sets the admin token in an HttpOnly, SameSite=Strict cookie;
every other page needs it (:func:`api.auth.require_admin`) and otherwise answers
401 with the login form as its body. State-changing forms also check ``Origin``.
Templates live in ``api/templates/console/`` (autoescaped), styles in
``api/static/console.css``; the CSP allows neither inline scripts nor styles.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Coroutine
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import jinja2
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from starlette.exceptions import HTTPException as StarletteHTTPException

from api import charts
from api.auth import ADMIN_COOKIE, require_admin
from api.state import state_of
from knowledge.store.analytics import compute_analytics
from knowledge.store.records import REFERENCE_ALPHABET, close_ticket, get_ticket, list_tickets

__all__ = ["LANGUAGE_NAMES", "TEMPLATES_DIR", "normalise_reference", "router"]

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
LANGUAGE_NAMES = {
    "ja": "日本語", "en": "英語", "zh": "中国語", "ko": "韓国語", "es": "スペイン語", "pt": "ポルトガル語",
    "vi": "ベトナム語", "tl": "タガログ語", "th": "タイ語", "id": "インドネシア語", "ne": "ネパール語",
}  # fmt: skip
PERIODS = (1, 7, 30, 90)
COOKIE_SECONDS = 12 * 3600
"""The login lasts one long shift."""
RATES = (
    ("answer_rate", "回答率", "Answer rate", "そのまま回答できた質問の割合 / questions answered directly"),
    ("did_you_mean_rate", "候補提示率", "Did-you-mean rate", "候補を示した質問の割合 / questions given suggestions"),
    ("handoff_rate", "引き継ぎ率", "Hand-off rate", "電話窓口へ案内した会話 / conversations handed to staff"),
    (
        "deflection_rate",
        "自己解決率",
        "Deflection rate",
        "引き継ぎも低評価もなく終わった会話 / conversations ending without a hand-off or a 'not helpful' vote",
    ),
)
"""Headline rates: key in the analytics, Japanese and English names, what it counts."""
_PAGE_HEADERS = {
    # Our forms then send a real Origin (with "no-referrer" browsers send "Origin: null", which we refuse).
    "Referrer-Policy": "same-origin",
    # Transcripts are personal data: keep them out of shared call-centre browsers' caches.
    "Cache-Control": "no-store",
}
_SECTIONS = {"handoffs.html": "handoffs", "handoff.html": "handoffs", "analytics.html": "analytics"}
_CROCKFORD = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SAFE_NEXT = re.compile(r"^/console/[A-Za-z0-9/_\-?=&%.]*$")
_MESSAGES = {
    401: "ログインしてください。 / Please log in with the admin token.",
    403: "この操作はこのサイトのフォームからのみ行えます。 / This action must come from this site's own form.",
    404: "見つかりません。 / Not found.",
    422: "入力が正しくありません。 / Invalid input.",
    429: "失敗が続いたため一時的に制限しています。しばらく待ってから再度お試しください。 / Too many failed attempts; "
    "please wait and try again.",
}


def _local_time(request: Request) -> Callable[[datetime | None], str]:
    zone = ZoneInfo(state_of(request).knowledge.timezone)

    def show(moment: datetime | None) -> str:
        if moment is None:
            return "—"
        aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)  # the store keeps UTC
        return aware.astimezone(zone).strftime("%Y-%m-%d %H:%M")

    return show


def _templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR), autoescape=True, undefined=jinja2.StrictUndefined
    )
    env.globals["language_names"] = LANGUAGE_NAMES
    env.filters["number"] = charts.format_number
    env.filters["percent"] = lambda rate: f"{rate * 100:.1f}%"
    return Jinja2Templates(env=env)


templates = _templates()


def _page(
    request: Request, name: str, *, http_status: int = 200, headers: dict[str, str] | None = None, **context: Any
) -> Response:
    context.setdefault("signed_in", False)
    context["section"] = _SECTIONS.get(name, "")
    context["local_time"] = _local_time(request)
    context["machine_time"] = _machine_time
    headers = {**_PAGE_HEADERS, **(headers or {})}
    return templates.TemplateResponse(request, f"console/{name}", context, status_code=http_status, headers=headers)


def _machine_time(moment: datetime) -> str:
    """ISO 8601 with the zone, for ``<time datetime>`` (the store gives naive UTC on SQLite)."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).isoformat()


def _safe_next(target: str) -> str:
    """``target`` if it is a console page to return to after logging in, else ``""`` (no open redirects)."""
    return target if _SAFE_NEXT.match(target) and not target.startswith("/console/log") else ""


def _login_page(request: Request, status: int, error: str | None, headers: dict[str, str] | None = None) -> Response:
    """The form, remembering the page that was asked for (GET only: a refused POST cannot be replayed)."""
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    next_page = _safe_next(target) if request.method == "GET" else ""
    return _page(request, "login.html", http_status=status, headers=headers, error=error, next_page=next_page)


def _error_page(request: Request, status: int, headers: dict[str, str] | None = None) -> Response:
    if status in (401, 429):
        return _login_page(request, status, _MESSAGES[status], headers)
    message = _MESSAGES.get(status, "エラーが発生しました。 / Something went wrong.")
    return _page(
        request, "error.html", http_status=status, headers=headers, status=status, message=message, signed_in=True
    )


class _ConsoleRoute(APIRoute):
    """Renders refusals (401, 403, 404, 422, 429) as pages instead of JSON."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """Wrap FastAPI's handler so token checks and lookups failing still give people a page."""
        handler = super().get_route_handler()

        async def rendered(request: Request) -> Response:
            try:
                return await handler(request)
            except StarletteHTTPException as exc:
                return _error_page(request, exc.status_code, dict(exc.headers or {}))
            except RequestValidationError:
                return _error_page(request, 422)

        return rendered


router = APIRouter(prefix="/console", include_in_schema=False, route_class=_ConsoleRoute)
Signed = Depends(require_admin)


def same_origin(request: Request) -> None:
    """CSRF defence on top of SameSite: a present ``Origin`` must name this host (``null`` never does)."""
    origin = request.headers.get("origin")
    if origin is not None and urlsplit(origin).netloc.lower() != request.headers.get("host", "").lower():
        raise HTTPException(403, "cross-origin form")


async def _form(request: Request) -> dict[str, str]:
    """A URL-encoded form body (the body size is already bounded by the middleware)."""
    fields = parse_qs((await request.body()).decode("utf-8", "replace"), keep_blank_values=True)
    return {name: values[0] for name, values in fields.items()}


def normalise_reference(query: str) -> str:
    """What staff type → the stored form: ``nk 7f3kq9``, ``７Ｆ３ＫＱ９`` and ``NK-7F3KQ9`` all give ``NK-7F3KQ9``.

    Full-width characters, case, spaces and hyphens are ignored, and O, I and L read as
    0, 1 and 1 (the reference alphabet has none of them). ``""`` for an empty query.
    """
    code = re.sub(r"[\s\-_‐−ー]", "", unicodedata.normalize("NFKC", query)).upper()
    code = code.removeprefix("NK").translate(_CROCKFORD)
    return f"NK-{code}" if code else ""


def _complete(code: str) -> bool:
    """Whether ``code`` has the shape of a whole reference (``NK-`` and six code letters)."""
    return len(code) == 9 and all(ch in REFERENCE_ALPHABET for ch in code[3:])


@router.get("")
async def home() -> RedirectResponse:
    """The console starts at the hand-off queue."""
    return RedirectResponse("/console/handoffs", status_code=303)


@router.get("/login")
async def login_form(request: Request) -> Response:
    """The token form (public)."""
    return _page(request, "login.html", error=None, next_page=_safe_next(request.query_params.get("next", "")))


@router.post("/login", dependencies=[Depends(same_origin)])
async def login(request: Request) -> Response:
    """Right token → cookie and 303 to the queue (or the page asked for); wrong → 401, repeated → 429."""
    form = await _form(request)
    guard = request.app.state.admin_guard
    if guard.accepts(form.get("token", "").strip()):
        response = RedirectResponse(_safe_next(form.get("next", "")) or "/console/handoffs", status_code=303)
        response.set_cookie(
            ADMIN_COOKIE,
            form["token"].strip(),
            max_age=COOKIE_SECONDS,
            path="/",
            secure=request.url.scheme == "https",
            httponly=True,
            samesite="strict",
        )
        return response
    try:
        guard.verify(request)  # counts the failure against this address: 401, or 429 once throttled
    except HTTPException as exc:
        if exc.status_code == 429:
            return _error_page(request, 429, dict(exc.headers or {}))
    error = "トークンが正しくありません。 / Wrong token."
    return _page(request, "login.html", http_status=401, error=error, next_page=_safe_next(form.get("next", "")))


@router.post("/logout", dependencies=[Depends(same_origin)])
async def logout() -> Response:
    """Forget the login cookie."""
    response = RedirectResponse("/console/login", status_code=303)
    response.delete_cookie(ADMIN_COOKIE, path="/", httponly=True, samesite="strict")
    return response


@router.get("/handoffs", dependencies=[Signed])
async def handoffs(
    request: Request,
    status: str = Query("open", pattern="^(open|closed|all)$"),
    q: str = Query("", max_length=40),
) -> Response:
    """The hand-off queue; an exact reference in ``q`` jumps to its ticket, a partial one filters."""
    state = state_of(request)
    code = normalise_reference(q)
    if _complete(code) and await run_in_threadpool(get_ticket, state.engine, code):
        return RedirectResponse(f"/console/handoffs/{code}", status_code=303)
    chosen = None if status == "all" else status
    tickets = await run_in_threadpool(list_tickets, state.engine, status=chosen, limit=500)
    if code:
        tickets = [ticket for ticket in tickets if code[3:] in ticket.reference]
    context = {"tickets": tickets, "status": status, "q": q, "topic_name": _topic_name(request), "signed_in": True}
    return _page(request, "handoffs.html", **context)


def _topic_name(request: Request) -> Callable[[str | None], str]:
    topics = state_of(request).knowledge.topics

    def name(topic: str | None) -> str:
        if topic is None:
            return "—"
        return topics[topic].label.get("ja", topic) if topic in topics else topic

    return name


@router.get("/handoffs/{reference}", dependencies=[Signed])
async def handoff(request: Request, reference: str) -> Response:
    """One ticket with its redacted transcript and a close button."""
    state = state_of(request)
    ticket = await run_in_threadpool(get_ticket, state.engine, normalise_reference(reference) or reference)
    if ticket is None:
        raise HTTPException(404, "no such hand-off")
    line = state.knowledge.contact_lines.get(ticket.line_id)
    line_name = line.name.get("ja", ticket.line_id) if line else ticket.line_id
    context = {"ticket": ticket, "line_name": line_name, "topic_name": _topic_name(request), "signed_in": True}
    return _page(request, "handoff.html", **context)


@router.post("/handoffs/{reference}/close", dependencies=[Signed, Depends(same_origin)])
async def close(request: Request, reference: str) -> Response:
    """Close a ticket and go back to it (303, so reloading does not post again)."""
    state = state_of(request)
    ticket = await run_in_threadpool(close_ticket, state.engine, normalise_reference(reference), now=state.clock())
    if ticket is None:
        raise HTTPException(404, "no such hand-off")
    return RedirectResponse(f"/console/handoffs/{ticket.reference}", status_code=303)


@router.get("/analytics", dependencies=[Signed])
async def analytics(request: Request, days: int = Query(7, ge=1, le=366)) -> Response:
    """The dashboard: headline rates with gauges, daily volume, languages, feedback, unanswered questions."""
    state = state_of(request)
    figures = await run_in_threadpool(compute_analytics, state.engine, days=days, now=state.clock())
    return _page(
        request,
        "analytics.html",
        figures=figures,
        days=days,
        periods=PERIODS,
        rates=RATES,
        since=datetime.fromisoformat(figures["period"]["from"]),
        until=datetime.fromisoformat(figures["period"]["to"]),
        charts=_charts(figures),
        signed_in=True,
    )


def _charts(figures: dict[str, Any]) -> dict[str, Markup]:
    daily = figures["daily"]
    svg = {key: charts.rate_gauge(figures[key], title=f"{ja} / {en}", show_value=False) for key, ja, en, _ in RATES}
    svg["daily"] = charts.daily_chart(
        [day["date"] for day in daily],
        {
            "メッセージ / messages": [day["messages"] for day in daily],
            "会話 / conversations": [day["conversations"] for day in daily],
            "引き継ぎ / hand-offs": [day["handoffs"] for day in daily],
        },
        title="日別の利用 / Daily volume",
    )
    volume = [(f"{LANGUAGE_NAMES.get(code, code)} ({code})", n) for code, n in figures["volume_per_language"].items()]
    svg["languages"] = charts.bar_chart(volume, title="言語別メッセージ数 / Messages per language")
    svg["feedback"] = charts.stacked_bar_chart(
        [(row["faq_id"], (row["helpful"], row["not_helpful"])) for row in figures["feedback_per_faq"][:15]],
        title="FAQ別の評価 / Feedback per FAQ",
        series=("役に立った / helpful", "役に立たなかった / not helpful"),
    )
    return {name: Markup(markup) for name, markup in svg.items()}  # noqa: S704 - charts escape every label
